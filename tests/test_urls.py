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


# Pairs that name the same story (RFC 3986 equivalence, then the editorial rules), and pairs
# that do not (issue 10, defect 7).
SAME = [
    ("https://example.org/%7Euser/story", "https://example.org/~user/story"),
    ("https://example.org/caf%C3%A9", "https://example.org/café"),
    ("https://example.org/caf%c3%a9", "https://example.org/caf%C3%A9"),
    ("https://bücher.example/story", "https://xn--bcher-kva.example/story"),
    ("https://BÜCHER.example/story", "https://xn--bcher-kva.example/story"),
    ("https://example.org/a/./b/../story", "https://example.org/a/story"),
    ("https://example.org/./story", "https://example.org/story"),
    ("https://example.org/a/b/../../story", "https://example.org/story"),
    ("HTTPS://Example.ORG/Story", "https://example.org/Story"),
    ("https://example.org:443/story", "https://example.org/story"),
    ("http://example.org:80/story", "https://example.org/story"),
    ("http://example.org/story", "https://example.org/story"),
    ("https://example.org/story/", "https://example.org/story"),
    ("https://example.org/story#comments", "https://example.org/story"),
    ("https://example.org./story", "https://example.org/story"),
    ("https://www.example.org/story", "https://example.org/story"),
    ("https://m.example.org/story", "https://example.org/story"),
    ("https://mobile.example.org/story", "https://example.org/story"),
    ("https://twitter.com/a/status/1", "https://x.com/a/status/1"),
    ("https://mobile.twitter.com/a/status/1", "https://x.com/a/status/1"),
    ("https://x.com/a/status/1?s=20&t=abc", "https://x.com/a/status/1"),
    ("https://example.org/story?utm_source=feed&utm_medium=rss", "https://example.org/story"),
    ("https://example.org/story?fbclid=abc", "https://example.org/story"),
    ("https://example.org/story?gclid=1&id=7", "https://example.org/story?id=7"),
    ("https://example.org/story?b=2&a=1", "https://example.org/story?a=1&b=2"),
    ("https://example.org/story?q=a%20b", "https://example.org/story?q=a+b"),
    ("https://example.org/path%20with%20space", "https://example.org/path with space"),
    ("  https://example.org/story  ", "https://example.org/story"),
    ("https://example.org/a%2Db", "https://example.org/a-b"),
    ("https://EXAMPLE.org:443/a/./b/?utm_campaign=x#top", "http://example.org/a/b"),
]
DIFFERENT = [
    ("https://example.org/Story", "https://example.org/story"),  # paths are case-sensitive
    ("https://example.org/a%2Fb", "https://example.org/a/b"),  # an encoded slash is data
    ("https://example.org:8443/story", "https://example.org/story"),
    ("https://example.org/story?id=1", "https://example.org/story?id=2"),
    ("https://example.org/story?id=1", "https://example.org/story"),
    ("https://sub.example.org/story", "https://example.org/story"),
    ("https://example.com/story", "https://example.org/story"),
    ("https://x.com/a/status/1?id=2", "https://x.com/a/status/1"),
    ("ftp://example.org/story", "https://example.org/story"),
]


@pytest.mark.parametrize(("a", "b"), SAME)
def test_same_story(a: str, b: str) -> None:
    assert urls.normalise(a) == urls.normalise(b)


@pytest.mark.parametrize(("a", "b"), DIFFERENT)
def test_different_stories(a: str, b: str) -> None:
    assert urls.normalise(a) != urls.normalise(b)


@pytest.mark.parametrize("url", [u for pair in SAME + DIFFERENT for u in pair])
def test_the_fast_path_agrees_with_yarl(url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    fast = urls.normalise(url)
    monkeypatch.setattr(urls, "_SIMPLE", re.compile(r"(?!)"))
    assert urls.normalise(url) == fast
