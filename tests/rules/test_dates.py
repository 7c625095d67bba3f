"""What "today" and "the future" are (issue 10, defect 1): one function, the newsroom's own
time zone, the clock passed in (no sleeping)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from botbeat_cli import new_article
from botbeat_cli.validate import ValidateOptions, validate
from tests.conftest import Newsroom

NOON = datetime(2026, 12, 2, 12, 0, tzinfo=UTC)


def future_rules(newsroom: Newsroom, now: datetime) -> list[str]:
    report = validate(newsroom.root, ValidateOptions(now=now))
    return [f"{d.path}:{d.rule}" for d in report.sorted() if d.rule == "date-future"]


@pytest.mark.parametrize(
    ("value", "future"),
    [
        ("2026-12-02", False),  # today
        ("2026-12-01", False),  # yesterday
        ("2026-12-03", True),  # tomorrow
        ("2026-12-02T12:01:00+00:00", True),  # a minute ahead
        ("2026-12-02T13:00:00+02:00", False),  # 11:00 UTC: an hour ago
        ("2026-12-02T11:59:00-00:02", True),  # 12:01 UTC: a minute ahead
    ],
)
def test_published_date_against_now(newsroom: Newsroom, value: str, future: bool) -> None:
    newsroom.article("dated-story", date=value)
    expected = ["articles/2026/dated-story.md:date-future"] if future else []
    assert future_rules(newsroom, NOON) == expected


def test_updated_today_is_not_the_future(newsroom: Newsroom) -> None:
    text = newsroom.article("updated-story", date="2026-12-01").read_text()
    newsroom.write(
        "articles/2026/updated-story.md", text.replace("status:", "updated: 2026-12-02\nstatus:")
    )
    report = validate(newsroom.root, ValidateOptions(now=NOON))
    assert report.diagnostics == []


def test_updated_later_the_same_day_is_not_before_the_date(newsroom: Newsroom) -> None:
    """A datetime `updated` on the day of a date-only `date` is not "earlier" (it was
    compared with 23:59:59 of that day)."""
    text = newsroom.article("same-day", date="2026-12-01").read_text()
    newsroom.write(
        "articles/2026/same-day.md",
        text.replace("status:", "updated: 2026-12-01T09:00:00+00:00\nstatus:"),
    )
    assert validate(newsroom.root, ValidateOptions(now=NOON)).diagnostics == []


def set_timezone(newsroom: Newsroom, name: str) -> None:
    config = newsroom.root / "botbeat.yaml"
    config.write_text(config.read_text() + f"timezone: {name}\n")


@pytest.mark.parametrize(
    ("zone", "now", "future"),
    [
        # 23:30 UTC on the 1st is already the 2nd in Berlin: a story dated the 2nd is today.
        ("Europe/Berlin", datetime(2026, 12, 1, 23, 30, tzinfo=UTC), False),
        ("UTC", datetime(2026, 12, 1, 23, 30, tzinfo=UTC), True),
        # 04:30 UTC on the 2nd is still the 1st in New York: the 2nd is tomorrow there.
        ("America/New_York", datetime(2026, 12, 2, 4, 30, tzinfo=UTC), True),
        ("America/New_York", datetime(2026, 12, 2, 5, 30, tzinfo=UTC), False),
        # just before and just after midnight in the newsroom's zone
        ("Asia/Tokyo", datetime(2026, 12, 1, 14, 59, 59, tzinfo=UTC), True),
        ("Asia/Tokyo", datetime(2026, 12, 1, 15, 0, 0, tzinfo=UTC), False),
    ],
)
def test_today_is_the_newsroom_date(
    newsroom: Newsroom, zone: str, now: datetime, future: bool
) -> None:
    set_timezone(newsroom, zone)
    newsroom.article("midnight-story", date="2026-12-02")
    expected = ["articles/2026/midnight-story.md:date-future"] if future else []
    assert future_rules(newsroom, now) == expected


def test_new_and_validate_agree_on_today(newsroom: Newsroom) -> None:
    """`new` dates a published story today in the newsroom's zone; `validate` accepts it at
    the same instant, on both sides of midnight."""
    from botbeat_cli.config import load_config

    set_timezone(newsroom, "Asia/Tokyo")
    config = load_config(newsroom.root)
    for now in (
        datetime(2026, 12, 1, 14, 59, 59, tzinfo=UTC),
        datetime(2026, 12, 1, 15, tzinfo=UTC),
    ):
        draft = new_article.Draft(
            title=f"A Story Published At {now:%H%M%S} Today", entity="anthropic", kind="update",
            topics=["product-launch"], takeaways=["One takeaway here.", "Another one here."],
            source_url=f"https://example.org/{now:%H%M%S}", status="published",
        )  # fmt: skip
        planned = new_article.plan(newsroom.root, config, draft, config.today(now))
        new_article.write(planned)
        report = validate(newsroom.root, ValidateOptions(paths=[planned.path], now=now))
        assert [d.rule for d in report.diagnostics if d.rule == "date-future"] == []
        assert f"date: {config.today(now).isoformat()}" in planned.path.read_text()


def test_unknown_timezone_is_a_config_error(newsroom: Newsroom) -> None:
    set_timezone(newsroom, "Europe/Berln")
    report = validate(newsroom.root)
    assert [d.plain() for d in report.diagnostics] == [
        "botbeat.yaml:36:11: error[unknown-timezone] 'Europe/Berln' is not an IANA time zone "
        "(did you mean 'Europe/Berlin'?); write e.g. Europe/Berlin, America/New_York or UTC"
    ]


def test_today_function() -> None:
    from botbeat_cli.model.newsroom import NewsroomConfig

    config = NewsroomConfig(kinds={}, entities={}, topics={}, timezone="Pacific/Kiritimati")
    assert config.today(datetime(2026, 12, 1, 10, 0, tzinfo=UTC)) == date(2026, 12, 2)
    offset = timezone(timedelta(hours=-10))
    assert config.today(datetime(2026, 12, 1, 0, 0, tzinfo=offset)) == date(2026, 12, 2)


def test_published_today_through_the_cli(
    newsroom: Newsroom, capsys: pytest.CaptureFixture[str]
) -> None:
    """The morning that turned hooks off: `new --status published` dated today, then
    `validate` on it: only the placeholders `new` leaves are left to write."""
    from botbeat_cli.cli import main

    root = ["--root", str(newsroom.root)]
    assert main(["new", "A Story Published This Very Morning", "--entity", "anthropic",
                 "--kind", "update", "--topic", "product-launch", "--takeaway", "One.",
                 "--takeaway", "Two.", "--source-url", "https://example.org/today",
                 "--status", "published", *root]) == 0  # fmt: skip
    (path,) = (newsroom.root / "articles").rglob("*.md")
    capsys.readouterr()
    assert main(["validate", str(path), *root]) == 1
    rules = {line.split("[")[1].split("]")[0] for line in capsys.readouterr().out.splitlines()
             if "[" in line}  # fmt: skip
    assert rules == {"placeholder"}
