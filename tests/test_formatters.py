"""formatters: the JSON every `--format json` writes."""

from __future__ import annotations

import json

from botbeat_cli.formatters import dumps

TYPICAL = [
    {
        "path": "articles/2026/café-launch.md",
        "topics": [],
        "suggestions": [{"topic": "ai-safety", "score": 0.3812, "chosen": True, "reasons": []}],
        "line": 12,
        "empty": {},
        "none": None,
        "quote": 'say "hi"\\n\tthen\x01',
    }
]


def test_json_is_what_the_json_module_writes_indented() -> None:
    assert dumps(TYPICAL) == json.dumps(TYPICAL, indent=2, ensure_ascii=False) + "\n"


def test_what_orjson_refuses_is_still_written() -> None:
    assert json.loads(dumps({"big": 2**70})) == {"big": 2**70}
    assert json.loads(dumps({1: "one"})) == {"1": "one"}


def test_characters_a_terminal_acts_on_are_escaped() -> None:
    text = dumps({"title": "a\u202eb\x9bc\u2028d"})
    assert "\u202e" not in text and "\x9b" not in text and "\u2028" not in text
    assert json.loads(text) == {"title": "a\u202eb\x9bc\u2028d"}
