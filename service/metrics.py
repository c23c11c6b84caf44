"""Prometheus metrics with bounded labels (route templates, actions, categories; never prompts or keys).

With several worker processes, ``provguard serve`` sets ``PROMETHEUS_MULTIPROC_DIR`` before the
workers start and ``/metrics`` aggregates every worker's files (prometheus_client's
multiprocess mode); with one process the default registry is served.
"""

from __future__ import annotations

import os
from typing import Any

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
)

_BUCKETS = (0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 120.0)

REQUESTS = Counter("provguard_http_requests", "HTTP requests by route template, method and status",
                   ["route", "method", "status"])
LATENCY = Histogram("provguard_http_request_duration_seconds", "HTTP request latency by route template",
                    ["route"], buckets=_BUCKETS)
DECISIONS = Counter("provguard_screen_decisions", "Screening decisions by action and category",
                    ["action", "category"])
INSPECTIONS = Counter("provguard_inspect_results", "Provenance verdicts (uploads and generated images)",
                      ["verdict"])
UPSTREAM = Counter("provguard_upstream_requests", "Calls to the image generator by endpoint and outcome",
                   ["endpoint", "outcome"])
UPSTREAM_LATENCY = Histogram("provguard_upstream_duration_seconds", "Image generator call latency",
                             ["endpoint"], buckets=_BUCKETS)
AUDIT_FAILURES = Counter("provguard_audit_append_failures", "Audit appends that failed (fail closed -> 503)")
SIGNED = Counter("provguard_images_signed", "Generated images re-signed with the provguard manifest")

_KNOWN_CATEGORY_MAX = 64
_seen_categories: set[str] = set()


# Labelled children cached per label tuple: ``.labels()`` takes a lock and builds a key on
# every call, a measurable share of a ~0.5 ms request. The label sets are bounded (route
# templates, statuses, actions, categories), so the caches are too.
_children: dict[tuple[object, ...], Any] = {}


def _child(metric: Any, *labels: str) -> Any:
    key = (metric, *labels)
    child = _children.get(key)
    if child is None:
        child = _children[key] = metric.labels(*labels)
    return child


def observe_request(route: str, method: str, status: int, seconds: float) -> None:
    """One HTTP request: the counter by route/method/status and the latency histogram by route."""
    _child(REQUESTS, route, method, str(status)).inc()
    _child(LATENCY, route).observe(seconds)


def observe_decision(action: str, categories: list[str]) -> None:
    """Count a decision once per category (or 'none'); caps distinct category labels."""
    for category in categories or ["none"]:
        if category not in _seen_categories:
            if len(_seen_categories) >= _KNOWN_CATEGORY_MAX:
                category = "other"
            else:
                _seen_categories.add(category)
        _child(DECISIONS, action, category).inc()


def render() -> tuple[bytes, str]:
    """The exposition text for /metrics (all workers when in multiprocess mode)."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        return generate_latest(registry), CONTENT_TYPE_LATEST
    return generate_latest(REGISTRY), CONTENT_TYPE_LATEST
