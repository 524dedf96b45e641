"""What the web service's background workers share (tpcb.services.rendisi_latar, indeks_latar):
one daemon thread per process, started with the first job, a condition guarding the queue, and
`tunggu` for whoever must know the queue is done (tests, a benchmark before it drops its data)."""

from __future__ import annotations

import threading
import time


class PekerjaLatar:
    """Subclasses keep their queue under `self._cond`, say in `_ada` whether anything waits, and
    do the work in `_kerja` (a loop that never returns), setting `_sibuk` while they work."""

    nama = "tpcb-latar"

    def __init__(self) -> None:
        self._sibuk = False
        self._cond = threading.Condition()
        self._thread: threading.Thread | None = None

    def _ada(self) -> bool:  # called with self._cond held
        raise NotImplementedError

    def _kerja(self) -> None:
        raise NotImplementedError

    def _bangunkan(self) -> None:
        """Start the thread if it is not running and wake it; call with self._cond held."""
        if self._thread is None or not self._thread.is_alive():
            self._thread = threading.Thread(target=self._kerja, name=self.nama, daemon=True)
            self._thread.start()
        self._cond.notify_all()

    def _selesai(self) -> None:
        with self._cond:
            self._sibuk = False
            self._cond.notify_all()

    def tunggu(self, timeout: float) -> bool:
        """Wait until nothing is queued or being worked on; False when `timeout` passed first."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while self._ada() or self._sibuk:
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self._cond.wait(left)
        return True
