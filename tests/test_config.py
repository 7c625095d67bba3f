"""botbeat.yaml's closed values (issue 10, defect 3): every unknown rule id, severity,
outcome and time zone is reported, with its line and a did-you-mean, in one run."""

from __future__ import annotations

import pytest

from botbeat_cli.cli import main
from botbeat_cli.config import load_config
from botbeat_cli.errors import NewsroomError
from tests.conftest import Newsroom

SEVERITY = "  severity: {similar-titel: off, placeholder: warnin, date-future: error}\n"
TYPOS = """source_checks:
  fail_on: [brokn, unreachable-twice, timout]
timezone: Europe/Berln
"""


def with_typos(newsroom: Newsroom) -> int:
    """The template's botbeat.yaml, its last line (`rules:`' commented severity) replaced by
    SEVERITY, then TYPOS; returns the line number before SEVERITY."""
    config = newsroom.root / "botbeat.yaml"
    lines = config.read_text().splitlines(keepends=True)
    assert lines[-1].startswith("  # severity:") and "source_checks" not in "".join(lines)
    config.write_text("".join(lines[:-1]) + SEVERITY + TYPOS)
    return len(lines) - 1


def test_every_unknown_value_at_once(newsroom: Newsroom) -> None:
    base = with_typos(newsroom)
    with pytest.raises(NewsroomError) as raised:
        load_config(newsroom.root)
    assert [d.plain() for d in raised.value.diagnostics] == [
        f"botbeat.yaml:{base + 1}:14: error[unknown-rule] rules.severity names no rule "
        "'similar-titel' (did you mean 'similar-title'?); rule ids are listed in docs/format.md",
        f"botbeat.yaml:{base + 1}:47: error[unknown-severity] 'warnin' is not a severity (did "
        "you mean 'warning'?); use error, warning, off",
        f"botbeat.yaml:{base + 3}:13: error[unknown-outcome] source_checks.fail_on names no "
        "outcome 'brokn' (did you mean 'broken'?); outcomes: ok, redirected, broken, "
        "server-error, timeout, unreachable, rate-limited, blocked, unverifiable, suspect, "
        "skipped, refused, unreachable-twice",
        f"botbeat.yaml:{base + 3}:39: error[unknown-outcome] source_checks.fail_on names no "
        "outcome 'timout' (did you mean 'timeout'?); outcomes: ok, redirected, broken, "
        "server-error, timeout, unreachable, rate-limited, blocked, unverifiable, suspect, "
        "skipped, refused, unreachable-twice",
        f"botbeat.yaml:{base + 4}:11: error[unknown-timezone] 'Europe/Berln' is not an IANA "
        "time zone (did you mean 'Europe/Berlin'?); write e.g. Europe/Berlin, "
        "America/New_York or UTC",
    ]


@pytest.mark.parametrize("command", [["validate"], ["list"], ["sources"], ["related", "--check"]])
def test_every_command_refuses_the_typos(
    newsroom: Newsroom, command: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    with_typos(newsroom)
    newsroom.article("some-story")
    assert main([*command, "--root", str(newsroom.root)]) == 1
    captured = capsys.readouterr()
    assert "error[unknown-outcome] source_checks.fail_on names no outcome 'brokn'" in (
        captured.out + captured.err
    )


def test_debug_shows_the_traceback_of_a_broken_config(newsroom: Newsroom) -> None:
    with_typos(newsroom)
    with pytest.raises(NewsroomError):
        main(["list", "--debug", "--root", str(newsroom.root)])


def test_the_config_is_read_once_until_it_changes(newsroom: Newsroom) -> None:
    first = load_config(newsroom.root)
    assert load_config(newsroom.root) is first  # preview and validate share one read
    config = newsroom.root / "botbeat.yaml"
    text = config.read_text().replace("topics:\n", "topics:\n  brand-new: {label: New}\n")
    config.write_text(text)
    assert "brand-new" in load_config(newsroom.root).topics  # an edit is seen at once
    config.write_text("kinds: [")
    with pytest.raises(NewsroomError):
        load_config(newsroom.root)
