"""The closed set of outcomes a checked URL can have; formatters switch on it."""

from __future__ import annotations

from dataclasses import dataclass, field

from botbeat_cli.model.outcomes import FAILURES, Outcome

__all__ = ["FAILURES", "Hop", "Outcome", "Result"]


@dataclass(frozen=True, slots=True)
class Hop:
    status: int
    url: str


@dataclass(frozen=True, slots=True)
class Result:
    url: str
    outcome: Outcome
    status: int | None = None
    final_url: str | None = None
    chain: tuple[Hop, ...] = ()
    detail: str = ""
    permanent: bool = False  # every hop of the redirect chain was permanent
    attempts: int = 1
    extra: dict[str, str] = field(default_factory=dict)
