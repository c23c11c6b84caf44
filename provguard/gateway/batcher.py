"""Group commit of audit records on the event loop (one worker-thread hop per batch)."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any

import anyio

from provguard.errors import StoreUnavailable
from provguard.gateway.protocols import AuditLike, ReceiptLike


class AppendBatcher:
    """Group commit on the event loop: concurrent requests' audit records share one commit.

    Handing every append to a worker thread cost more CPU than screening the prompt (a queue
    put, a condition notify and a GIL handoff per request). Here the first request with
    nothing in flight starts a drain task; every request that arrives while a commit runs
    joins the next batch, and the whole batch makes one thread hop to ``log.append_many``.
    A request's future is resolved only after the commit holding its record has returned,
    and a failed commit fails every request in it (fail closed). Logs without
    ``append_many`` (and event loops other than asyncio's) get one ``append`` per thread hop.
    """

    def __init__(self) -> None:
        self._queues: dict[asyncio.AbstractEventLoop, list[_PendingAppend]] = {}
        self._drains: dict[asyncio.AbstractEventLoop, asyncio.Task[None]] = {}

    async def append(self, log: AuditLike, event: Any) -> ReceiptLike:
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            loop = None
        if loop is None or not hasattr(log, "append_many"):
            return await anyio.to_thread.run_sync(_append_one, log, event)
        pending = _PendingAppend(log, event, loop.create_future())
        self._queues.setdefault(loop, []).append(pending)
        if loop not in self._drains:
            self._drains[loop] = loop.create_task(self._drain(loop))
        return await pending.future

    async def _drain(self, loop: asyncio.AbstractEventLoop) -> None:
        try:
            while self._queues.get(loop):
                batch = self._queues.pop(loop)
                try:
                    outcomes = await anyio.to_thread.run_sync(_commit_batch, batch)
                except BaseException as exc:  # cancelled or thread failure: nothing may be acked
                    outcomes = [exc] * len(batch)
                    if not isinstance(exc, Exception):
                        _settle(batch, outcomes)
                        raise
                _settle(batch, outcomes)
        finally:
            self._drains.pop(loop, None)
            for pending in self._queues.pop(loop, []):  # only when cancelled mid-way
                if not pending.future.done():
                    pending.future.set_exception(StoreUnavailable("audit append was interrupted"))


@dataclass
class _PendingAppend:
    log: Any
    event: Any
    future: asyncio.Future[Any]


def _append_one(log: Any, event: Any) -> Any:
    return log.append(event(log) if callable(event) else event)


def _commit_batch(batch: list[_PendingAppend]) -> list[Any]:
    """In a worker thread: build each event, then one ``append_many`` per distinct log.

    Returns a receipt or the exception for each entry: an event that cannot be built fails
    alone; a failed commit fails every entry it held.
    """
    outcomes: list[Any] = [None] * len(batch)
    groups: dict[int, tuple[Any, list[int], list[Any]]] = {}
    for i, pending in enumerate(batch):
        try:
            event = pending.event(pending.log) if callable(pending.event) else pending.event
        except Exception as exc:
            outcomes[i] = exc
            continue
        group = groups.setdefault(id(pending.log), (pending.log, [], []))
        group[1].append(i)
        group[2].append(event)
    for log, indexes, events in groups.values():
        try:
            receipts = log.append_many(events)
            if len(receipts) != len(events):
                raise StoreUnavailable("audit store returned the wrong number of receipts")
        except Exception as exc:
            for i in indexes:
                outcomes[i] = exc
            continue
        for i, receipt in zip(indexes, receipts, strict=True):
            outcomes[i] = receipt
    return outcomes


def _settle(batch: list[_PendingAppend], outcomes: list[Any]) -> None:
    for pending, outcome in zip(batch, outcomes, strict=True):
        if pending.future.done():  # the request was cancelled (client went away)
            continue
        if isinstance(outcome, BaseException):
            pending.future.set_exception(outcome)
        else:
            pending.future.set_result(outcome)
