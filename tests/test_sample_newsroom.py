"""The project root is itself a newsroom: valid, and as varied as the issue asks."""

from __future__ import annotations

from botbeat_cli.store.frontmatter import parse
from botbeat_cli.store.newsroom import article_paths
from tests.conftest import PROJECT, Run


def test_sample_newsroom_is_valid_and_varied(run: Run) -> None:
    result = run("validate", "--strict", cwd=PROJECT)
    assert result.returncode == 0, result.stdout
    paths = article_paths(PROJECT)
    assert len(paths) >= 12
    data = [parse(p.read_text(encoding="utf-8")).data for p in paths]
    assert len({d["entity"] for d in data}) >= 4
    assert {d["kind"] for d in data} == {"update", "research", "policy-regulation",
                                         "industry-report"}  # fmt: skip
