"""Group commit: concurrent appenders in one process share one transaction.

The first caller to find no commit in flight becomes the leader, takes everything queued
and commits it; the others wait on a condition. Each caller returns only after the commit
that holds its records has returned, so nothing is acknowledged before it is durable.
Across processes the store's write lock (BEGIN IMMEDIATE / FOR UPDATE) orders batches.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Generic, TypeVar

T = TypeVar("T")
R = TypeVar("R")


@dataclass
class _Ticket(Generic[T, R]):
    items: Sequence[T]
    done: bool = False
    results: list[R] = field(default_factory=list)
    error: BaseException | None = None


class GroupCommitter(Generic[T, R]):
    def __init__(self, commit: Callable[[list[T]], list[R]], max_batch: int = 2000) -> None:
        self._commit = commit
        self._max_batch = max_batch
        self._cv = threading.Condition()
        self._pending: list[_Ticket[T, R]] = []
        self._leader = False
        self.batches = 0  # commits done (benchmarks report the batching factor)

    def submit(self, items: Sequence[T]) -> list[R]:
        ticket: _Ticket[T, R] = _Ticket(items)
        with self._cv:
            self._pending.append(ticket)
        while True:
            with self._cv:
                while self._leader and not ticket.done:
                    self._cv.wait()
                if ticket.done:
                    return self._result(ticket)
                self._leader = True
                batch = self._take()
            self._run(batch)

    def _run(self, batch: list[_Ticket[T, R]]) -> None:
        try:
            flat = [item for t in batch for item in t.items]
            try:
                results = self._commit(flat)
            except BaseException as exc:
                for t in batch:
                    t.error = exc
            else:
                pos = 0
                for t in batch:
                    t.results = results[pos : pos + len(t.items)]
                    pos += len(t.items)
        finally:
            with self._cv:
                for t in batch:
                    t.done = True
                self._leader = False
                self.batches += 1
                self._cv.notify_all()

    def _take(self) -> list[_Ticket[T, R]]:
        batch: list[_Ticket[T, R]] = []
        count = 0
        while self._pending and (not batch or count + len(self._pending[0].items) <= self._max_batch):
            t = self._pending.pop(0)
            batch.append(t)
            count += len(t.items)
        return batch

    @staticmethod
    def _result(ticket: _Ticket[T, R]) -> list[R]:
        if ticket.error is not None:
            raise ticket.error
        return ticket.results
