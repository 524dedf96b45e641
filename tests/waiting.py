"""Waiting for something to happen without guessing how long it takes: poll until a deadline."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def wait_until(predicate: Callable[[], T], timeout: float = 60.0, what: str = "kondisi terpenuhi",
               interval: float = 0.1, detail: Callable[[], str] | None = None) -> T:
    """Call `predicate` until it returns something truthy, and return that.

    Raises AssertionError("... tidak terjadi dalam N s: <what>") when the deadline passes;
    `detail()` (e.g. the tail of a server log) is added to the message when given. The poll
    interval only bounds how late the event is noticed; the outcome never depends on it.
    """
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() >= deadline:
            message = f"yang ditunggu tidak terjadi dalam {timeout:g} s: {what}"
            if detail is not None:
                message += f"\n{detail()}"
            raise AssertionError(message)
        time.sleep(interval)
