"""Did-you-mean: the closest known name for a mistyped key or value."""

from __future__ import annotations

from collections.abc import Iterable, Mapping


def closest(word: str, choices: Iterable[str]) -> str | None:
    """The closest choice, any case (difflib's ratio, at least 0.6), as it is written."""
    import difflib  # only when something is misspelt: keeps it off the start-up path

    by_lower: dict[str, str] = {}
    for choice in choices:
        by_lower.setdefault(choice.lower(), choice)
    matches = difflib.get_close_matches(word.lower(), list(by_lower), n=1, cutoff=0.6)
    return by_lower[matches[0]] if matches else None


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """ " (did you mean 'x'?)" or "" - ready to append to a message."""
    match = closest(word, choices)
    return f" (did you mean '{match}'?)" if match else ""


def did_you_mean_name(word: str, names: Mapping[str, str]) -> str:
    """The same over names (keys, labels, aliases) -> keys: a close label or alias names the
    key to use, " (did you mean 'Claude'? use the key 'anthropic')" (issue 10)."""
    match = closest(word, names)
    if match is None:
        return ""
    if names[match] == match:
        return f" (did you mean '{match}'?)"
    return f" (did you mean '{match}'? use the key '{names[match]}')"


def unknown(what: str, word: str, choices: Iterable[str] | Mapping[str, str]) -> str:
    """ "unknown topic 'x' (did you mean 'y'?)": the start of every unknown-name message;
    `choices` names -> keys (`NewsroomConfig.names`), or plain values."""
    hint = (
        did_you_mean_name(word, choices)
        if isinstance(choices, Mapping)
        else did_you_mean(word, choices)
    )
    return f"unknown {what} '{word}'{hint}"
