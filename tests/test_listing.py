"""`botbeat list`: filters, sorting, formats, on real newsrooms."""

from __future__ import annotations

import csv
import io
import json
import os
import re

import pytest

from tests.conftest import PROJECT, Newsroom, Run, pty_run

P = "articles/2026/"


@pytest.fixture
def room(newsroom: Newsroom) -> Newsroom:
    newsroom.article("alpha-story", date="2026-01-05", title="Alpha Launch Of A Model")
    newsroom.article("beta-story", date="2026-03-01", entity="openai", kind="research",
                     topics="[ethics-bias]", title="Beta Research On Bias")  # fmt: skip
    newsroom.article("gamma-story", date="2026-02-10", entity="google", status="draft",
                     title="Gamma Draft About Chips")  # fmt: skip
    newsroom.article("delta-story", year="2025", date="2025-12-31", title="Delta Year End Note")
    return newsroom


def _slugs(run: Run, room: Newsroom, *args: str) -> list[str]:
    result = run("list", "--format", "json", *args, cwd=room.root)
    assert result.returncode == 0, result.stderr
    return [item["slug"] for item in json.loads(result.stdout)]


def test_newest_first_by_default(room: Newsroom, run: Run) -> None:
    assert _slugs(run, room) == ["beta-story", "gamma-story", "alpha-story", "delta-story"]


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--entity", "OpenAI"], ["beta-story"]),
        (["--entity", "Google DeepMind"], ["gamma-story"]),
        (["--topic", "ethics & bias"], ["beta-story"]),
        (["--topic", "LLMs"], ["gamma-story", "alpha-story", "delta-story"]),
        (["--kind", "RESEARCH"], ["beta-story"]),
        (["--status", "draft"], ["gamma-story"]),
        (["--since", "2026-02-10"], ["beta-story", "gamma-story"]),
        (["--until", "2026-01-05"], ["alpha-story", "delta-story"]),
        (["--search", "CHIPS"], ["gamma-story"]),
        (["--search", "second takeaway about beta"], ["beta-story"]),
        (["--sort", "title"], ["alpha-story", "beta-story", "delta-story", "gamma-story"]),
        (["--sort", "entity", "--limit", "2"], ["alpha-story", "delta-story"]),
    ],
)
def test_filters_and_sorts(room: Newsroom, run: Run, args: list[str], expected: list[str]) -> None:
    assert _slugs(run, room, *args) == expected


def test_unknown_filter_value_is_a_usage_error(room: Newsroom, run: Run) -> None:
    result = run("list", "--entity", "opnai", cwd=room.root)
    assert result.returncode == 2
    assert result.stderr.startswith(
        "botbeat: --entity: unknown entity 'opnai' (did you mean 'openai'?); known: "
    )


def test_an_unknown_filter_value_with_nothing_close_says_where_the_choices_are(
    room: Newsroom, run: Run
) -> None:
    """Nothing close to suggest: the message still says what would do."""
    entities = run("list", "--entity", "zzzz", cwd=room.root)
    assert entities.returncode == 2
    known = entities.stderr.split("; known: ", 1)[1].strip().split(", ")
    assert "openai" in known and "zzzz" not in entities.stderr.split(";")[1]
    kinds = run("list", "--kind", "zzzz", cwd=room.root)
    assert kinds.returncode == 2 and "; known: update, " in kinds.stderr
    topics = run("list", "--topic", "zzzz", cwd=room.root)
    assert topics.returncode == 2
    assert topics.stderr.endswith("; `botbeat tag list` shows the vocabulary\n")


def test_json_fields(room: Newsroom, run: Run) -> None:
    items = json.loads(run("list", "--format", "json", "--limit", "1", cwd=room.root).stdout)
    assert items == [
        {
            "slug": "beta-story",
            "path": P + "beta-story.md",
            "title": "Beta Research On Bias",
            "date": "2026-03-01",
            "kind": "research",
            "entity": "openai",
            "status": "published",
            "topics": ["ethics-bias"],
            "takeaways": ["First takeaway about beta-story.", "Second takeaway about beta-story."],
            "entity_name": "OpenAI",
            "kind_label": "RESEARCH",
        }
    ]


def test_csv(room: Newsroom, run: Run) -> None:
    rows = list(csv.reader(io.StringIO(run("list", "--format", "csv", cwd=room.root).stdout)))
    assert rows[0] == ["date", "entity", "kind", "status", "title", "slug", "path"]
    assert rows[1] == ["2026-03-01", "OpenAI", "RESEARCH", "published", "Beta Research On Bias",
                       "beta-story", P + "beta-story.md"]  # fmt: skip
    assert len(rows) == 5


def test_table_shows_names_labels_and_count(room: Newsroom, run: Run) -> None:
    out = run("list", cwd=room.root).stdout.splitlines()
    assert out[0].split() == ["date", "entity", "kind", "status", "title", "slug"]
    assert out[1].split()[:4] == ["2026-03-01", "OpenAI", "RESEARCH", "published"]
    assert out[1].rstrip().endswith("beta-story")
    assert out[-1] == "4 articles"


def test_unreadable_files_are_noted_not_fatal(room: Newsroom, run: Run) -> None:
    room.write(P + "broken.md", "no front matter\n")
    result = run("list", "--format", "csv", cwd=room.root)
    assert result.returncode == 0
    assert len(result.stdout.splitlines()) == 5
    assert result.stderr == (
        "1 file(s) could not be read and are not listed (first: articles/2026/broken.md); "
        "run botbeat validate\n"
    )


def test_hostile_title_in_table(room: Newsroom, run: Run) -> None:
    room.article("evil-story", title='"[red]x[/] \\e[2J gone"')
    out = run("list", cwd=room.root).stdout
    assert "\x1b" not in out and "[red]x[/] \\x1b[2J gone" in out


def test_sample_newsroom(run: Run) -> None:
    result = run("list", "--entity", "anthropic", "--format", "csv", cwd=PROJECT)
    assert len(result.stdout.splitlines()) == 1 + 4


def test_table_rows_are_one_line_each_aligned_in_cells_off_a_terminal(
    room: Newsroom, run: Run
) -> None:
    """A pipe gets every row on one line, columns aligned by terminal cells (a CJK
    character is two) and no trailing spaces."""
    room.article("cjk-story", date="2026-03-02", title="模型发布 Model Launch Today")
    out = run("list", cwd=room.root).stdout.splitlines()
    assert len(out) == 1 + 5 + 1 and out[-1] == "5 articles"
    assert all(line == line.rstrip() for line in out)
    starts = {
        _cells(line[: line.index(slug)])
        for line, slug in zip(out[1:3], ["cjk", "beta"], strict=True)
    }
    assert len(starts) == 1  # the slug column starts at the same cell after a CJK title


def _cells(text: str) -> int:
    from rich.cells import cell_len

    return cell_len(text)


def test_table_on_a_terminal_fits_its_width(room: Newsroom) -> None:
    """On a real pseudo-terminal the table fits COLUMNS: a wide one gets one line a row
    with a bold header; narrower ones wrap (titles at spaces: every word still shown),
    down to one too narrow for the other columns, where rich's table folds them all."""
    title = "Frontier Model Evaluation Results Across Many Benchmarks Disagree Widely"
    room.article("long-story", date="2025-01-01", title=title)
    env = {**os.environ, "NO_COLOR": ""}
    wide = pty_run(["list"], room.root, {**env, "COLUMNS": "200"}).splitlines()
    assert wide[0].startswith("\x1b[1mdate") and len(wide) == 7
    for columns in (100, 80, 40):
        out = pty_run(["list"], room.root, {**env, "COLUMNS": str(columns)})
        lines = re.sub("\x1b\\[[0-9;]*m", "", out).splitlines()
        assert len(lines) > 7 and all(_cells(line) <= columns for line in lines), out
        assert lines[-1] == "5 articles"
        if columns > 40:
            assert all(word in " ".join(lines).split() for word in title.split())
