"""One small exception hierarchy for the whole core.

Front ends never inspect messages: they map ``exit_code`` (CLI) and ``http_status``
(service) and show ``diagnostics()``. ``code`` is a stable machine-readable string used
in JSON error bodies and in the audit log.
"""

from __future__ import annotations


class ProvguardError(Exception):
    """Root of every error the core raises on purpose."""

    code: str = "provguard_error"
    exit_code: int = 1
    http_status: int = 500

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def diagnostics(self) -> str:
        """A message for a person: what went wrong and, where known, what to do next."""
        return f"{self.message}\n  hint: {self.hint}" if self.hint else self.message

    def as_dict(self) -> dict[str, str]:
        return {"code": self.code, "message": self.message}


class UsageError(ProvguardError):
    """The caller asked for something that cannot work (bad option, bad config)."""

    code = "usage_error"
    exit_code = 2
    http_status = 400


class ConfigError(UsageError):
    code = "config_error"


class InputError(ProvguardError):
    """An input (file, prompt, upload, JSONL line) could not be read or is hostile."""

    code = "input_error"
    exit_code = 3
    http_status = 400


class PayloadTooLarge(InputError):
    """Input exceeds a configured size, pixel or length limit."""

    code = "payload_too_large"
    http_status = 413


class UnsupportedFormat(InputError):
    code = "unsupported_format"
    http_status = 415


class RuleLoadError(ProvguardError):
    """A rule pack, profile or people pack is missing, empty or invalid: refuse to run."""

    code = "rule_load_error"
    exit_code = 2
    http_status = 500


class StoreUnavailable(ProvguardError):
    """The audit store cannot be reached or written."""

    code = "store_unavailable"
    exit_code = 3
    http_status = 503


class AuditIntegrityError(ProvguardError):
    """Verification found the log altered; ``seq`` names the first bad record when known."""

    code = "audit_integrity"
    exit_code = 4
    http_status = 500

    def __init__(self, message: str, *, seq: int | None = None, hint: str | None = None) -> None:
        super().__init__(message, hint=hint)
        self.seq = seq


class AuthError(ProvguardError):
    code = "unauthorized"
    exit_code = 2
    http_status = 401


class PermissionDenied(AuthError):
    code = "forbidden"
    http_status = 403


class NotFound(ProvguardError):
    code = "not_found"
    exit_code = 3
    http_status = 404


class RateLimited(ProvguardError):
    code = "rate_limited"
    exit_code = 3
    http_status = 429


class Busy(ProvguardError):
    """A per-process resource budget (e.g. concurrent image decodes) is exhausted: retry later."""

    code = "busy"
    exit_code = 3
    http_status = 503

    def __init__(self, message: str, *, retry_after: int = 1, hint: str | None = None) -> None:
        super().__init__(message, hint=hint)
        self.retry_after = retry_after


class UpstreamError(ProvguardError):
    """The image generator upstream failed; ``status`` is its HTTP status when it answered."""

    code = "upstream_error"
    exit_code = 3
    http_status = 502

    def __init__(self, message: str, *, status: int | None = None, hint: str | None = None) -> None:
        super().__init__(message, hint=hint)
        self.status = status


class SigningError(ProvguardError):
    code = "signing_error"
    exit_code = 1
    http_status = 500
