"""Dashboard numbers for one team: decisions over time, top rules and people, rates, backlog, latency.

Decisions and reviews come from the team's own audit records and review rows. Latency comes
from the service's Prometheus histogram of ``POST /v1/screen`` (all teams, since the
process started, interpolated inside buckets the way PromQL's histogram_quantile does); the
page says so.
"""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta
from typing import Any

from provguard.audit import AuditLog
from provguard.tenancy import TenancyStore

WINDOWS = {"24h": (timedelta(hours=24), timedelta(hours=1)),
           "7d": (timedelta(days=7), timedelta(hours=6)),
           "30d": (timedelta(days=30), timedelta(days=1))}
DECISION_EVENTS = ("screen.decision", "generation.request")
ACTIONS = ("allow", "warn", "review", "block")
MAX_RECORDS = 50_000  # per event type and window: bounded memory and time
AGE_BINS = ((300, "< 5 min"), (1800, "5–30 min"), (7200, "30 min–2 h"), (28800, "2–8 h"),
            (86400, "8–24 h"), (None, "> 1 day"))
LATENCY_ROUTE = "/v1/screen"


def _bucket_start(t: datetime, start: datetime, step: timedelta) -> int:
    return int((t - start) / step)


def aggregate(log: AuditLog, tenancy: TenancyStore, team: str, window: str = "7d",
              now: datetime | None = None) -> dict[str, Any]:
    span, step = WINDOWS.get(window, WINDOWS["7d"])
    now = now or datetime.now(UTC)
    start = now - span
    n = int(span / step)
    labels = [(start + i * step).strftime("%m-%d %H:%M") for i in range(n)]
    by_action = {a: [0] * n for a in ACTIONS}
    by_category: dict[str, list[int]] = {}
    rules: Counter[str] = Counter()
    people: Counter[tuple[str, str]] = Counter()
    total = 0
    capped = False
    for event_type in DECISION_EVENTS:
        after: int | None = None
        seen = 0
        while seen < MAX_RECORDS:
            want = min(1000, MAX_RECORDS - seen)
            chunk = log.query(team=team, event_type=event_type, since=start, until=now, after_seq=after,
                              limit=want)
            for rec in chunk:
                after = rec.seq
                seen += 1
                i = min(n - 1, max(0, _bucket_start(rec.time, start, step)))
                action = rec.decision if rec.decision in by_action else None
                if action is None:
                    continue
                total += 1
                by_action[action][i] += 1
                for cat in rec.subject.get("categories") or []:
                    by_category.setdefault(str(cat), [0] * n)[i] += 1
                rules.update(rec.rule_ids)
                ids = set()
                for f in (rec.payload or {}).get("findings") or []:
                    e = f.get("entity") if isinstance(f, dict) else None
                    if isinstance(e, dict) and e.get("id") and e.get("id") not in ids:
                        ids.add(e["id"])
                        people[(str(e["id"]), str(e.get("name", "")))] += 1
            if len(chunk) < want:
                break
        else:
            capped = True
    top_cats = sorted(by_category, key=lambda c: -sum(by_category[c]))[:8]
    pending = tenancy.list_reviews(team=team, status="pending", limit=1000)
    ages = [(now - _parse(r.created_at)).total_seconds() for r in pending]
    bins = [0] * len(AGE_BINS)
    for age in ages:
        bins[next(i for i, (hi, _) in enumerate(AGE_BINS) if hi is None or age < hi)] += 1
    return {
        "window": window if window in WINDOWS else "7d", "labels": labels, "total": total, "capped": capped,
        "by_action": by_action, "by_category": {c: by_category[c] for c in top_cats},
        "top_rules": rules.most_common(10),
        "top_people": [{"id": pid, "name": name, "count": c} for (pid, name), c in people.most_common(10)],
        "block_rate": (sum(by_action["block"]) / total) if total else None,
        "review_rate": (sum(by_action["review"]) / total) if total else None,
        "backlog": {"count": len(pending), "oldest_seconds": max(ages) if ages else None,
                    "bins": [label for _, label in AGE_BINS], "counts": bins},
        "latency": screening_latency(),
    }


def _parse(text: str) -> datetime:
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return datetime.now(UTC)


def quantile(q: float, buckets: list[tuple[float, float]]) -> float | None:
    """PromQL-style histogram_quantile over cumulative (upper bound, count) buckets, +Inf last."""
    if not buckets or buckets[-1][1] <= 0:
        return None
    rank = q * buckets[-1][1]
    prev_bound, prev_count = 0.0, 0.0
    for bound, count in buckets:
        if count >= rank:
            if bound == float("inf"):
                return prev_bound
            if count == prev_count:
                return bound
            return prev_bound + (bound - prev_bound) * (rank - prev_count) / (count - prev_count)
        prev_bound, prev_count = bound, count
    return prev_bound


def screening_latency() -> dict[str, Any]:
    """p50/p99 of POST /v1/screen from the service's latency histogram (seconds -> milliseconds)."""
    from prometheus_client.parser import text_string_to_metric_families

    from provguard.service import metrics

    raw, _ = metrics.render()
    buckets: dict[float, float] = {}
    count = 0.0
    for family in text_string_to_metric_families(raw.decode()):
        if family.name != "provguard_http_request_duration_seconds":
            continue
        for s in family.samples:
            if s.labels.get("route") != LATENCY_ROUTE:
                continue
            if s.name.endswith("_bucket"):
                le = float(s.labels["le"])
                buckets[le] = buckets.get(le, 0.0) + s.value
            elif s.name.endswith("_count"):
                count += s.value
    ordered = sorted(buckets.items())
    p50, p99 = quantile(0.5, ordered), quantile(0.99, ordered)
    return {"route": LATENCY_ROUTE, "requests": int(count),
            "p50_ms": None if p50 is None else round(p50 * 1000, 2),
            "p99_ms": None if p99 is None else round(p99 * 1000, 2),
            "scope": "all teams, since this service started (histogram buckets, interpolated)"}
