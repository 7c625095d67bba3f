"""Did-you-mean compares keys, labels or names, and aliases, any case, and names the key
to use (issue 10, defect 9)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from botbeat_cli.cli import main
from botbeat_cli.didyoumean import Closest, closest, did_you_mean_name, unknown
from botbeat_cli.validate import validate
from tests.conftest import Newsroom
from tests.depth import examples


def test_closest_any_case() -> None:
    assert closest("CLAUD", ["Claude", "OpenAI"]) == "Claude"
    assert closest("zzz", ["Claude"]) is None


SLUG = st.text("abcdefghijklmnopqrstuvwxyz0123456789-", min_size=0, max_size=40)


@settings(max_examples=examples(300), deadline=None)
@given(
    choices=st.lists(SLUG | st.text(max_size=12), min_size=1, max_size=60),
    words=st.lists(SLUG | st.text(max_size=12), min_size=1, max_size=10),
)
def test_closest_over_many_choices_picks_what_closest_picks(
    choices: list[str], words: list[str]
) -> None:
    """The vectorised bound only leaves out choices difflib would leave out: same pick,
    ties included; words are also typos of choices (one character changed)."""
    index = Closest(choices, small=0)  # always the vectorised path
    words += [c[:3] + "x" + c[4:] for c in choices[:10]] + [c.upper() for c in choices[10:15]]
    for word in words:
        assert index(word) == closest(word, choices), word


def test_a_close_alias_names_its_key() -> None:
    names = {"anthropic": "anthropic", "Anthropic": "anthropic", "Claude": "anthropic"}
    assert did_you_mean_name("Claud", names) == " (did you mean 'Claude'? use the key 'anthropic')"
    assert did_you_mean_name("anthropc", names) == " (did you mean 'anthropic'?)"
    assert unknown("status", "publishd", ("draft", "published")) == (
        "unknown status 'publishd' (did you mean 'published'?)"
    )


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["tag", "add", "first-story", "lunch"],
         "unknown topic 'lunch' (did you mean 'launch'? use the key 'product-launch')"),
        (["list", "--entity", "alphabt"],
         "--entity: unknown entity 'alphabt' (did you mean 'Alphabet'? use the key 'google')"),
        (["new", "A Story About The Claude Models", "--entity", "Claud", "--kind", "update",
          "--topic", "LLMs", "--takeaway", "One.", "--takeaway", "Two.",
          "--source-url", "https://example.org/a"],
         "unknown entity 'Claud' (did you mean 'Claude'? use the key 'anthropic')"),
    ],
)  # fmt: skip
def test_commands_suggest_the_key(
    newsroom: Newsroom, capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    config = newsroom.root / "botbeat.yaml"
    config.write_text(
        config.read_text()
        .replace("anthropic: {name: Anthropic}", "anthropic: {name: Anthropic, aliases: [Claude]}")
        .replace("product-launch: {label: Product Launch}",
                 "product-launch: {label: Product Launch, aliases: [launch]}")
    )  # fmt: skip
    newsroom.article("first-story")
    assert "aliases: [Claude]" in config.read_text()
    assert main([*argv, "--root", str(newsroom.root)]) == 2
    assert message in capsys.readouterr().err


def test_validate_suggests_the_key_of_a_close_name(newsroom: Newsroom) -> None:
    newsroom.article("misnamed-story", entity="Alphabt")
    newsroom.article("mistyped-story", entity="anthropc")
    found = sorted(d.message for d in validate(newsroom.root).diagnostics)
    assert [m.split(";")[0] for m in found] == [
        "unknown entity 'Alphabt' (did you mean 'Alphabet'? use the key 'google')",
        "unknown entity 'anthropc' (did you mean 'anthropic'?)",
    ]


def test_each_word_is_answered_once() -> None:
    """A slug deleted from 5,000 related lists is one word asked 5,000 times: the answer
    is the same each time, and it is worked out once."""
    asked: list[str] = []

    class Counting(Closest):
        def _closest(self, word: str) -> str | None:
            asked.append(word)
            return super()._closest(word)

    choices = [f"story-number-{i}" for i in range(600)]
    index = Counting(choices)
    assert {index("story-numbr-7") for _ in range(1_000)} == {closest("story-numbr-7", choices)}
    assert index("gone") is None and index("gone") is None
    assert asked == ["story-numbr-7", "gone"]
