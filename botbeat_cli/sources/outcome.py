"""The closed set of outcomes a checked URL can have; formatters switch on it."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field


class Outcome(enum.StrEnum):
    OK = "ok"
    REDIRECTED = "redirected"  # permanent (301/308) or temporary (302/303/307) to a good page
    BROKEN = "broken"  # 404, 410 (and redirect loops or chains that never end)
    SERVER_ERROR = "server-error"  # 5xx after the retries
    TIMEOUT = "timeout"
    UNREACHABLE = "unreachable"  # DNS, refused, reset, TLS
    RATE_LIMITED = "rate-limited"  # 429 after honouring Retry-After within a bounded wait
    BLOCKED = "blocked"  # a bot wall: 401/403/999 from hosts known to block robots
    UNVERIFIABLE = "unverifiable"  # hosts plain HTTP cannot check (X/Twitter)
    SUSPECT = "suspect"  # status 200, but the host answers 200 for pages that cannot exist
    SKIPPED = "skipped"  # excluded by configuration
    REFUSED = "refused"  # not allowed by the safety rules (scheme, credentials, address)


# What `source_checks.fail_on` in botbeat.yaml may name: every outcome, and
# `unreachable-twice` (unreachable in this run and the one before).
FAILURES = (*(outcome.value for outcome in Outcome), "unreachable-twice")


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
