from __future__ import annotations

import re

import pytest

import botbeat_cli.urls as urls

CASES = {
    "https://www.Example.org/story/?utm_source=feed&utm_medium=x#top": "https://example.org/story",
    "http://example.org/story": "https://example.org/story",
    "https://twitter.com/AnthropicAI/status/1?s=20&t=abc": "https://x.com/AnthropicAI/status/1",
    "https://mobile.twitter.com/a/status/2": "https://x.com/a/status/2",
    "https://m.example.org/a?b=2&a=1&fbclid=z": "https://example.org/a?a=1&b=2",
    "https://example.org:8443/a/": "https://example.org:8443/a",
    "https://example.org:443/a": "https://example.org/a",
    "https://www.co/": "https://www.co",
    "https://sub.www.example.org/a": "https://sub.www.example.org/a",
    "not a url": "not a url",
    "ftp://example.org/a": "ftp://example.org/a",
}


@pytest.mark.parametrize(("url", "expected"), CASES.items())
def test_normalise(url: str, expected: str, monkeypatch: pytest.MonkeyPatch) -> None:
    assert urls.normalise(url) == expected
    monkeypatch.setattr(urls, "_SIMPLE", re.compile(r"(?!)"))  # the general path agrees
    assert urls.normalise(url) == expected
