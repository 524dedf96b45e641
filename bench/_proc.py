"""Processes for benchmarks: start them in their own group (stopped with SIGTERM, then SIGKILL
after a timeout), and measure them from /proc (CPU seconds, RSS) without psutil."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import threading
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

TICK = os.sysconf("SC_CLK_TCK")
PAGE = os.sysconf("SC_PAGE_SIZE")
STOP_TIMEOUT = 10.0


@contextlib.contextmanager
def process(args: list[str], env: dict, log: Path, cwd: Path) -> Iterator[subprocess.Popen]:
    """A long-running process in its own session; its whole group is stopped on exit."""
    with log.open("wb") as out:
        proc = subprocess.Popen(args, env=env, cwd=cwd, stdout=out, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL, start_new_session=True)
    try:
        yield proc
    finally:
        stop(proc)


@contextlib.contextmanager
def uninterrupted() -> Iterator[None]:
    """Hold SIGINT/SIGTERM during a clean-up step (so a second Ctrl-C cannot cut a stop in half);
    a signal that came meanwhile is handled right after."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    got: list[int] = []
    old: dict[int, object] = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM)}
    for s in old:
        signal.signal(s, lambda signum, frame: got.append(signum))
    try:
        yield
    finally:
        for s, handler in old.items():
            signal.signal(s, handler)  # type: ignore[arg-type]  # what getsignal gave back
        if got and callable(handler := old[got[0]]):
            handler(got[0], None)


def stop(proc: subprocess.Popen) -> None:
    with uninterrupted():
        _stop(proc)


def _stop(proc: subprocess.Popen) -> None:
    """SIGTERM to the group, SIGKILL after STOP_TIMEOUT; then SIGKILL to any descendant that left
    the group (its own session) and outlived it."""
    members = tree(proc.pid) if proc.poll() is None else []
    for sig in (signal.SIGTERM, signal.SIGKILL):
        if proc.poll() is not None:
            break
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, sig)
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(STOP_TIMEOUT)
    for pid in members[1:]:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.kill(pid, signal.SIGKILL)


def wait_http(url: str, proc: subprocess.Popen, log: Path, what: str, timeout: float = 120,
              every: float = 0.5) -> None:
    """Until `url` answers 200; fails with the log's tail when the process stops or time runs out."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{what} berhenti:\n{tail(log)}")
        with contextlib.suppress(OSError):
            with urllib.request.urlopen(url, timeout=2) as r:
                if r.status == 200:
                    return
        time.sleep(every)
    raise RuntimeError(f"{what} tidak siap dalam {timeout:.0f} s:\n{tail(log)}")


def wait_healthy(url: str, proc: subprocess.Popen, log: Path, timeout: float = 120) -> None:
    wait_http(f"{url}/health", proc, log, "server Prefect", timeout)


def wait_log(log: Path, word: str, proc: subprocess.Popen, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"proses berhenti (kode {proc.returncode}):\n{tail(log)}")
        if word in log.read_text(errors="replace"):
            return
        time.sleep(0.3)
    raise RuntimeError(f"'{word}' tidak muncul dalam {timeout:.0f} s:\n{tail(log)}")


def tail(log: Path, lines: int = 40) -> str:
    with contextlib.suppress(OSError):
        return "\n".join(log.read_text(errors="replace").splitlines()[-lines:])
    return ""


# -- /proc -----------------------------------------------------------------------------------------

def _stat(pid: int) -> list[str] | None:
    try:
        raw = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return raw[raw.rindex(")") + 2:].split()  # fields from 3 (state) on; the name may hold spaces


def parents() -> dict[int, int]:
    out = {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit() and (st := _stat(int(entry.name))) is not None:
            out[int(entry.name)] = int(st[1])
    return out


def tree(pid: int, ppids: dict[int, int] | None = None) -> list[int]:
    """pid and every live descendant."""
    ppids = parents() if ppids is None else ppids
    kids: dict[int, list[int]] = {}
    for child, parent in ppids.items():
        kids.setdefault(parent, []).append(child)
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(kids.get(p, []))
    return out


def cpu(pid: int) -> float:
    """CPU seconds of a process and of its children it has waited for (user + system)."""
    st = _stat(pid)
    return 0.0 if st is None else sum(int(x) for x in st[11:15]) / TICK


def tree_cpu(pid: int, ppids: dict[int, int] | None = None) -> float:
    """CPU seconds of a process tree: every live member plus what each has reaped (no double
    counting: a reaped child is counted only in its parent's cutime)."""
    return sum(cpu(p) for p in tree(pid, ppids))


def rss(pid: int) -> int:
    try:
        return int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * PAGE
    except (OSError, IndexError):
        return 0


def cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


@dataclass
class Sampler:
    """Samples, every `every` seconds: the peak RSS of each worker process itself, of any one
    process below a worker (a flow run and what it starts), and of a whole worker tree; and the
    CPU seconds of PostgreSQL backends whose title names one of `databases`."""

    workers: list[int]
    databases: list[str] = field(default_factory=list)
    every: float = 0.25
    worker_rss: int = 0
    run_rss: int = 0
    tree_rss: int = 0
    pg_cpu: dict[int, float] = field(default_factory=dict)
    _pg_base: dict[int, float] = field(default_factory=dict)
    _stop: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None

    def __enter__(self) -> Sampler:
        self.sample()
        self._pg_base = dict(self.pg_cpu)  # backends already open: count only what comes now
        self._thread = threading.Thread(target=self._loop, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
        self.sample()

    def _loop(self) -> None:
        while not self._stop.wait(self.every):
            self.sample()

    def sample(self) -> None:
        ppids = parents()
        for w in self.workers:
            members = tree(w, ppids)
            sizes = {p: rss(p) for p in members}
            self.worker_rss = max(self.worker_rss, sizes.get(w, 0))
            self.run_rss = max([self.run_rss, *(s for p, s in sizes.items() if p != w)])
            self.tree_rss = max(self.tree_rss, sum(sizes.values()))
        if self.databases:
            for p in ppids:
                line = cmdline(p)
                if line.startswith("postgres:") and any(f" {d} " in line for d in self.databases):
                    self.pg_cpu[p] = max(self.pg_cpu.get(p, 0.0), cpu(p))

    @property
    def postgres_cpu(self) -> float:
        return sum(v - self._pg_base.get(p, 0.0) for p, v in self.pg_cpu.items())
