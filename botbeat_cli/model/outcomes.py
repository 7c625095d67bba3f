"""The closed set of outcomes a checked source URL can have (`botbeat sources`): the
formatters switch on it, and `source_checks.fail_on` in botbeat.yaml names its members."""

from __future__ import annotations

import enum


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
    SUSPECT = "suspect"  # status 200, but a soft 404 (the page says it is not found)
    SKIPPED = "skipped"  # excluded by configuration
    REFUSED = "refused"  # not allowed by the safety rules (scheme, credentials, address)


# What `source_checks.fail_on` in botbeat.yaml may name: every outcome, and
# `unreachable-twice` (unreachable in this run and the one before).
FAILURES = (*(outcome.value for outcome in Outcome), "unreachable-twice")


# What each outcome that is reported means, for SARIF's rule descriptions (`source-<outcome>`).
MEANINGS = {
    Outcome.REDIRECTED: "the source URL redirects to another page",
    Outcome.BROKEN: "the source URL is gone (404, 410) or its redirects never end",
    Outcome.SERVER_ERROR: "the source's server answers with an error (5xx) after retries",
    Outcome.TIMEOUT: "the source's server did not answer in time",
    Outcome.UNREACHABLE: "the source's host cannot be reached (DNS, refused, reset, TLS)",
    Outcome.RATE_LIMITED: "the source's server asks botbeat to slow down (429)",
    Outcome.BLOCKED: "the source's host blocks robots, so the page cannot be checked",
    Outcome.UNVERIFIABLE: "a host plain HTTP cannot check (X/Twitter)",
    Outcome.SUSPECT: "the page answers 200 but says it is not found (a soft 404)",
    Outcome.REFUSED: "the URL is not checked by the safety rules (scheme, credentials, address)",
}
