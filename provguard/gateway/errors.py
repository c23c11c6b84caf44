"""The gateway's own outcomes as core errors: blocked, held for review, upstream failures.

Front ends map them to HTTP like every other ``ProvguardError``; ``UpstreamFailure`` keeps the
upstream's status and OpenAI error body so clients see what they would see from OpenAI.
"""

from __future__ import annotations

from typing import Any

from provguard.errors import InputError, ProvguardError, UpstreamError
from provguard.models import Decision


class InvalidParameter(InputError):
    """A request field outside the values OpenAI documents (HTTP 400, ``param`` names the field)."""

    code = "invalid_value"

    def __init__(self, param: str, message: str) -> None:
        super().__init__(message)
        self.param = param


class ContentBlocked(ProvguardError):
    """The screening decision blocks this request (HTTP 400, OpenAI content-policy shape)."""

    code = "content_policy_violation"
    exit_code = 1
    http_status = 400

    def __init__(self, decision: Decision, audit_seq: int | None) -> None:
        super().__init__(f"Request blocked by provguard policy '{decision.policy}': {decision.explanation}")
        self.decision = decision
        self.audit_seq = audit_seq


class ReviewRequired(ProvguardError):
    """The decision is ``review``: the request is held until a reviewer approves it."""

    code = "review_required"
    exit_code = 1
    http_status = 403

    def __init__(self, decision: Decision, audit_seq: int | None, review_id: str) -> None:
        super().__init__(
            f"Request held for review ({review_id}): {decision.explanation}",
            hint="a reviewer approves it with POST /v1/reviews/{id}/approve; then resend the same request "
                 "with the header X-Provguard-Review: <review id>",
        )
        self.decision = decision
        self.audit_seq = audit_seq
        self.review_id = review_id


class UpstreamFailure(UpstreamError):
    """An upstream error with the OpenAI error body to pass through (status kept)."""

    def __init__(self, message: str, *, status: int, code: str, error_type: str = "api_error",
                 body: dict[str, Any] | None = None, retry_after: str | None = None,
                 should_retry: bool | None = None) -> None:
        super().__init__(message, status=status)
        self.code = code
        self.http_status = status
        self.error_type = error_type
        self.body = body
        self.retry_after = retry_after
        self.should_retry = should_retry  # sent as ``x-should-retry`` (the openai client obeys it)


def upstream_invalid(message: str) -> UpstreamFailure:
    """The upstream answered, but not with images provguard can pass on (audited as such)."""
    return UpstreamFailure(message, status=502, code="upstream_invalid")


def upstream_not_configured() -> UpstreamFailure:
    """No upstream is set: say so at once, and tell the client not to retry."""
    return UpstreamFailure(
        "no image generator upstream is configured: set PROVGUARD_UPSTREAM_BASE_URL (and "
        "PROVGUARD_UPSTREAM_API_KEY) to the OpenAI-compatible API provguard forwards to",
        status=503, code="upstream_not_configured", should_retry=False)


def upstream_error(exc: Exception) -> UpstreamFailure:
    """Map openai client exceptions to the statuses and codes OpenAI clients already handle."""
    import openai

    if isinstance(exc, UpstreamFailure):
        return exc
    if isinstance(exc, openai.APITimeoutError):
        return UpstreamFailure("the image generator did not answer in time", status=504,
                               code="upstream_timeout")
    if isinstance(exc, openai.APIConnectionError):
        return UpstreamFailure("the image generator could not be reached", status=502,
                               code="upstream_unavailable")
    if isinstance(exc, openai.APIStatusError):
        status = exc.status_code
        body = exc.body if isinstance(exc.body, dict) else None
        err = body.get("error", body) if body else None
        err = err if isinstance(err, dict) else {}
        code = str(err.get("code") or ("rate_limit_exceeded" if status == 429 else "upstream_error"))
        etype = str(err.get("type") or ("rate_limit_error" if status == 429 else
                                        "invalid_request_error" if status < 500 else "api_error"))
        message = str(err.get("message") or f"the image generator answered HTTP {status}")
        return UpstreamFailure(message, status=status if 400 <= status < 600 else 502, code=code,
                               error_type=etype, body=body,
                               retry_after=exc.response.headers.get("retry-after"))
    if isinstance(exc, UpstreamError):
        return UpstreamFailure(exc.message, status=exc.status or 502, code=exc.code)
    return UpstreamFailure(f"upstream call failed: {type(exc).__name__}", status=502, code="upstream_error")
