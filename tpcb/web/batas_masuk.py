"""Sign-in attempts are counted per client address and per account *before* the password is
checked, so that parallel guesses cannot race past the lockout and one address cannot try many
accounts. Counts live in the worker's memory: a restart forgets them, the account lock in the
database does not.

An attempt is counted when it starts and forgotten when it succeeds, so a busy office behind one
address is only slowed down by its wrong passwords.
"""

from __future__ import annotations

import math
import threading
import time
from collections import defaultdict, deque
from dataclasses import dataclass


@dataclass(frozen=True)
class Batas:
    per_alamat: int = 20  # unsuccessful attempts per client address per window
    per_akun: int = 5  # unsuccessful attempts per account per window, from any address
    jendela_detik: int = 60


class PembatasMasuk:
    def __init__(self, batas: Batas | None = None, clock=time.monotonic):
        self.batas = batas or Batas()
        self._clock = clock
        self._lock = threading.Lock()
        self._hits: dict[str, deque[float]] = defaultdict(deque)

    def mulai(self, alamat: str, akun: str | None) -> tuple[int | None, tuple]:
        """Count an attempt; returns (seconds to wait or None, ticket for `berhasil`).

        `akun` None: the attempt comes from a browser known to that account and is only counted
        against the address, so guesses from elsewhere cannot slow its owner down."""
        now = self._clock()
        keys: tuple[str, ...] = (f"ip:{alamat}",)
        limits: tuple[int, ...] = (self.batas.per_alamat,)
        if akun is not None:
            keys += (f"akun:{akun.strip().lower()[:200]}",)
            limits += (self.batas.per_akun,)
        with self._lock:
            wait = None
            for key, limit in zip(keys, limits, strict=True):
                hits = self._prune(key, now)
                if len(hits) >= limit:
                    wait = max(wait or 0, math.ceil(hits[0] + self.batas.jendela_detik - now))
            if wait is None:
                for key in keys:
                    self._hits[key].append(now)
        return (max(wait, 1) if wait is not None else None), (*keys, now)

    def berhasil(self, ticket: tuple) -> None:
        """The attempt succeeded: it no longer counts against the address or the account."""
        *keys, stamp = ticket
        with self._lock:
            for key in keys:
                try:
                    self._hits[key].remove(stamp)
                except ValueError:
                    pass

    def _prune(self, key: str, now: float) -> deque[float]:
        hits = self._hits[key]
        while hits and hits[0] <= now - self.batas.jendela_detik:
            hits.popleft()
        if not hits:
            self._hits.pop(key, None)
            return self._hits[key]
        return hits


def pesan_tunggu(detik: int) -> str:
    return (f"Terlalu banyak percobaan masuk dari alamat atau untuk akun ini. Tunggu {detik} detik, "
            "lalu coba lagi.")
