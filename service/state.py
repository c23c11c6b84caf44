"""Everything a request needs, built once per process from Settings.

The audit log is opened lazily and re-opened after a failure, so a store that comes back
is used again without a restart; until then requests fail closed (503).
"""

from __future__ import annotations

import logging
import threading
from typing import Any, cast

from provguard.config import Settings
from provguard.errors import StoreUnavailable, UsageError
from provguard.gateway import Gateway
from provguard.gateway.responses_guard import ResponsesGuard
from provguard.provenance.sign import ImageSigner
from provguard.tenancy import TenancyStore
from provguard.tenancy.blobs import SharedImageFiles
from provguard.tenancy.chains import ResponseChains

_log = logging.getLogger("provguard.service")
BUILTIN_POLICIES = ("standard", "strict", "permissive")


def _observe_upstream(endpoint: str, outcome: str, seconds: float) -> None:
    from provguard.service import metrics

    metrics.UPSTREAM.labels(endpoint=endpoint, outcome=outcome).inc()
    metrics.UPSTREAM_LATENCY.labels(endpoint=endpoint).observe(seconds)


class Services:
    def __init__(self, settings: Settings, *, screener: Any, inspector: Any, tenancy: TenancyStore,
                 signer: ImageSigner | None, client: Any = None) -> None:
        self.settings = settings
        self.screener = screener
        self.inspector = inspector
        self.tenancy = tenancy
        self.signer = signer
        self._audit: Any = None
        self._audit_lock = threading.Lock()
        self._screeners: dict[str, Any] = {screener.policy_name: screener}
        self._screeners_lock = threading.Lock()
        self.files = cast(Any, SharedImageFiles(tenancy.db, settings.image_url_ttl))  # served by any replica
        self.gateway = Gateway(settings=settings, screener=screener, inspector=inspector, audit=self.audit,
                               tenancy=tenancy, signer=signer, files=self.files, client=client,
                               observe_upstream=_observe_upstream, audit_failed=self.reset_audit)
        self.chains = ResponseChains(tenancy.db)
        self.responses = ResponsesGuard(self.gateway, self.chains)

    @classmethod
    def build(cls, settings: Settings) -> Services:
        """Load rules (refuse to start when broken), the inspector, tenancy store and signer."""
        from provguard.provenance import InspectOptions, Inspector
        from provguard.screen import Screener

        screener = Screener.load(policy=settings.policy, people_packs=tuple(settings.people_packs))
        inspector = Inspector(InspectOptions(trust_anchors=settings.trust_anchors,
                                             watermark=settings.watermark,
                                             max_image_pixels=settings.max_image_pixels))
        tenancy = TenancyStore.open(settings.db_url(), lock_timeout=settings.store_lock_timeout)
        signer = None
        if settings.signing_cert and settings.signing_key:
            signer = ImageSigner.from_files(settings.signing_cert, settings.signing_key, settings.signing_alg)
        elif settings.signing_cert or settings.signing_key:
            raise UsageError("set both signing_cert and signing_key (or neither)")
        return cls(settings, screener=screener, inspector=inspector, tenancy=tenancy, signer=signer)

    def audit(self) -> Any:
        """The audit log; StoreUnavailable while it cannot be opened."""
        log = self._audit
        if log is not None:
            return log
        with self._audit_lock:
            if self._audit is None:
                from provguard.audit import AuditLog

                try:
                    self._audit = AuditLog.open(self.settings.db_url(),
                                                key_path=self.settings.audit_key_path(),
                                                checkpoint_dir=self.settings.checkpoint_dir,
                                                lock_timeout=self.settings.store_lock_timeout)
                except StoreUnavailable:
                    raise
                except Exception as exc:
                    raise StoreUnavailable(f"cannot open the audit log: {exc}") from exc
            return self._audit

    def reset_audit(self) -> None:
        """After a failed append: re-open the store's connections on next use.

        The AuditLog itself is kept: it remembers the head this process wrote, so a store that
        comes back without those records (a replaced file, a lagging failover target) is
        refused instead of silently started afresh.
        """
        log = self._audit
        if log is not None:
            try:
                log.store.reset()
            except Exception:
                _log.debug("resetting a failed audit store raised", exc_info=True)

    def screener_for(self, policy: str | None) -> Any:
        """The loaded screener, or a built-in profile by name (clients never pass file paths)."""
        if policy is None or policy == self.screener.policy_name:
            return self.screener
        if policy not in BUILTIN_POLICIES:
            raise UsageError(f"unknown policy {policy!r}; the service accepts {', '.join(BUILTIN_POLICIES)}")
        with self._screeners_lock:
            if policy not in self._screeners:
                from provguard.screen import Screener

                self._screeners[policy] = Screener.load(policy=policy,
                                                        people_packs=tuple(self.settings.people_packs))
            return self._screeners[policy]

    async def aclose(self) -> None:
        await self.gateway.aclose()
        log = self._audit
        if log is not None and hasattr(log, "close"):
            log.close()
        self.tenancy.close()
