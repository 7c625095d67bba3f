"""Did-you-mean: the closest known name for a mistyped key or value."""

from __future__ import annotations

from collections.abc import Iterable


def closest(word: str, choices: Iterable[str]) -> str | None:
    import difflib  # only when something is misspelt: keeps it off the start-up path

    matches = difflib.get_close_matches(word.lower(), list(choices), n=1, cutoff=0.6)
    return matches[0] if matches else None


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """ " (did you mean 'x'?)" or "" - ready to append to a message."""
    match = closest(word, choices)
    return f" (did you mean '{match}'?)" if match else ""


def unknown(what: str, word: str, choices: Iterable[str]) -> str:
    """ "unknown topic 'x' (did you mean 'y'?)": the start of every unknown-name message."""
    return f"unknown {what} '{word}'{did_you_mean(word, choices)}"
