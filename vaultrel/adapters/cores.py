"""Running one function over many items on every core: forked workers, results marshalled.

Workers are forked after the items exist, so only index ranges travel to them; results come
back as marshalled tuples, which the parent turns into values several times faster than it
would unpickle frozen dataclasses. This process takes its share of the items too, and takes
in what the workers finished between ranges of its own, so that it does not pile up.
"""

from __future__ import annotations

import marshal
import multiprocessing
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")
CHUNK = 200

_WORK: tuple[Sequence[Any], Callable[[Any], Any]] | None = None  # what forked workers run


def map_on_cores(
    items: Sequence[Item],
    local: Callable[[Item], Result],
    remote: Callable[[Item], Any],
    unpack: Callable[[Any], Result],
    min_items: int,
    progress: Callable[[int], None] = lambda done: None,
) -> Iterator[Result]:
    """`local(item)` for every item, in no particular order. With at least `min_items` items
    and several cores, workers compute `remote(item)` (marshallable) and `unpack` turns it
    into what `local` would have given."""
    workers = min(cores(), 4) - 1
    if len(items) < min_items or not sys.platform.startswith("linux") or workers < 1:
        yield from _here(items, local, progress, 0)
        return
    global _WORK
    _WORK = (items, remote)
    own = len(items) // (workers + 1)
    ranges = [(start, min(start + CHUNK, len(items))) for start in range(own, len(items), CHUNK)]
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            pending = pool.imap_unordered(_run_range, ranges)
            done = 0
            for start in range(0, own, CHUNK):
                end = min(start + CHUNK, own)
                yield from _here(items[start:end], local, progress, done)
                done += end - start
                progress(done)
                # take in what the workers have finished rather than let it pile up; after
                # the last range of its own, wait for all of it
                for results in _finished(pending, unpack, wait=end == own):
                    yield from results
                    done += len(results)
                    progress(done)
    finally:
        _WORK = None


def _finished(pending: Any, unpack: Callable[[Any], Result], wait: bool) -> Iterator[list[Result]]:
    """The unpacked results of the workers' finished ranges: all (`wait`) or those ready."""
    while True:
        try:
            blob = pending.next() if wait else pending.next(timeout=0)
        except (multiprocessing.TimeoutError, StopIteration):
            return
        yield [unpack(result) for result in marshal.loads(blob)]


def _here(
    items: Sequence[Item],
    local: Callable[[Item], Result],
    progress: Callable[[int], None],
    done: int,
) -> Iterator[Result]:
    for count, item in enumerate(items, 1):
        yield local(item)
        if count % CHUNK == 0:
            progress(done + count)


def _run_range(bounds: tuple[int, int]) -> bytes:
    assert _WORK is not None
    items, remote = _WORK
    return marshal.dumps([remote(items[index]) for index in range(*bounds)])


def cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1
