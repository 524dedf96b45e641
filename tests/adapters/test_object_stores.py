"""Contract of the ObjectStore port, run against the local directory store and a real S3 server."""

from __future__ import annotations

import hashlib
import socket

import pytest
import urllib3

from evidence.errors import NotFound
from evidence.keys import build_key
from storage.errors import ObjectMissing, StorageError, StorageUnavailable
from storage.objects.local import LocalObjectStore
from storage.objects.s3 import S3ObjectStore


def key(pemilik: str = "P3204010", item_id: str = "1.7.1.1", filename: str = "notulen.pdf",
        tahun: int = 2025) -> str:
    return str(build_key(kode_wilayah="3204", tahun=tahun, pemilik=pemilik, ep="EP1",
                         item_id=item_id, filename=filename))


@pytest.fixture(params=["local", pytest.param("s3", marks=pytest.mark.s3)])
def store(request, tmp_path):
    if request.param == "local":
        return LocalObjectStore(tmp_path / "objects")
    return request.getfixturevalue("s3_store")


def test_put_get_stat_round_trip(store):
    data = b"%PDF-1.7 notulen rapat TPCB"
    metadata = {"pemilik": "P3204010", "item_id": "1.7.1.1",
                "judul": "Notulen – Puskesmas Cibeureum (dr. Siti Aisyah)",
                "Catatan": "  100% lengkap  "}
    put = store.put(key(), data, content_type="application/pdf", metadata=metadata)

    assert put.sha256 == hashlib.sha256(data).hexdigest()
    assert (put.key, put.size, put.content_type) == (key(), len(data), "application/pdf")
    assert put.metadata == metadata and put.version_id
    assert store.get(key()) == data
    # stat reads everything back from the store itself, including non-ASCII and odd spacing.
    assert store.stat(key()) == put


def test_overwrite_keeps_history(store):
    first = store.put(key(), b"versi satu", content_type="text/plain", metadata={"v": "1"})
    assert store.versions(key()) == [first.version_id]
    second = store.put(key(), b"versi dua", content_type="text/plain", metadata={"v": "2"})

    assert first.version_id != second.version_id
    assert store.versions(key()) == [first.version_id, second.version_id]
    assert store.get(key()) == b"versi dua"
    current = store.stat(key())
    assert current.sha256 == hashlib.sha256(b"versi dua").hexdigest()
    assert current.metadata == {"v": "2"} and current.version_id == second.version_id


def test_list_by_prefix(store):
    mine = [key(item_id="1.7.1.2", filename="b.pdf"), key(item_id="1.7.1.1", filename="a.pdf")]
    other = key(pemilik="P3204020", filename="c.pdf")
    for k in [*mine, other]:
        store.put(k, k.encode(), content_type="application/pdf", metadata={"kunci": k})

    listed = list(store.list_objects("3204/2025/P3204010/"))
    assert [o.key for o in listed] == sorted(mine)
    assert all(o.metadata == {"kunci": o.key} for o in listed)
    assert all(o.sha256 == hashlib.sha256(o.key.encode()).hexdigest() for o in listed)
    assert [o.key for o in store.list_objects()] == sorted([*mine, other])
    assert list(store.list_objects("3204/2024/")) == []


def test_delete(store):
    store.put(key(), b"x", content_type="text/plain", metadata={})
    kept = key(filename="lain.pdf")
    store.put(kept, b"y", content_type="text/plain", metadata={})

    store.delete(key())
    assert store.stat(key()) is None
    with pytest.raises(ObjectMissing):
        store.get(key())
    assert [o.key for o in store.list_objects()] == [kept]
    store.delete(key())  # deleting again, or a key never written, is not an error
    store.delete(key(filename="tidak-pernah.pdf"))
    assert store.get(kept) == b"y"


def test_get_missing_is_object_missing(store):
    with pytest.raises(ObjectMissing) as caught:
        store.get(key(filename="tidak-ada.pdf"))
    assert isinstance(caught.value, NotFound)  # the CLI/API map NotFound to "tidak ditemukan"
    assert "tidak-ada.pdf" in str(caught.value) and "tidak ada di penyimpanan" in str(caught.value)
    assert store.stat(key(filename="tidak-ada.pdf")) is None
    assert store.versions(key(filename="tidak-ada.pdf")) == []


@pytest.mark.parametrize("bad", ["../luar.pdf", "/etc/passwd", "3204//a.pdf", "3204\\a.pdf",
                                 "3204/a\x00.pdf", "3204/a\n.pdf", "3204/./a.pdf", "3204/",
                                 "", ".meta/x.json", "3204/../../luar.pdf"])
def test_unsafe_keys_refused(store, bad, tmp_path):
    with pytest.raises(StorageError):
        store.put(bad, b"x", content_type="text/plain", metadata={})
    with pytest.raises(StorageError):
        store.get(bad)
    if isinstance(store, LocalObjectStore):
        # Nothing escaped the root: the only things written are under objects/.
        assert sorted(p.name for p in tmp_path.iterdir()) == ["objects"]


def test_local_history_and_sidecars_stay_out_of_listing(tmp_path):
    store = LocalObjectStore(tmp_path)
    store.put(key(), b"lama", content_type="text/plain", metadata={})
    store.put(key(), b"baru", content_type="text/plain", metadata={})

    assert (tmp_path / ".versions" / key() / "1").read_bytes() == b"lama"
    assert (tmp_path / ".meta" / f"{key()}.json").is_file()
    assert [o.key for o in store.list_objects()] == [key()]
    assert not [p for p in tmp_path.rglob(".tmp-*")]  # atomic writes left no temp files
    store.delete(key())
    # A deleted key keeps its history, like a delete marker on a versioned bucket, and a new
    # write never reuses an old version id.
    assert store.versions(key()) == ["1", "2"]
    assert store.put(key(), b"lagi", content_type="text/plain", metadata={}).version_id == "3"


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_s3_unreachable_endpoint_fails_fast(caplog):
    endpoint = f"127.0.0.1:{_closed_port()}"
    store = S3ObjectStore(endpoint, "tpcb-tidak-ada", "kunci", "rahasia-s3-xyz")
    with pytest.raises(StorageUnavailable) as caught:
        store.put(key(), b"x", content_type="text/plain", metadata={})
    assert endpoint in str(caught.value) and "koneksi ditolak" in str(caught.value)
    logged = [r for r in caplog.records if r.name == "storage.objects.s3"]
    assert logged and f"S3 {endpoint} tidak dapat dihubungi" in logged[0].getMessage()
    assert "koneksi ditolak" in logged[0].getMessage() and "rahasia-s3-xyz" not in caplog.text
    with pytest.raises(StorageUnavailable):
        store.get(key())


@pytest.mark.s3
def test_s3_metadata_never_shadows_real_headers(s3_store):
    put = s3_store.put(key(), b"x", content_type="application/pdf",
                       metadata={"content-type": "text/evil", "Asal": "unggah"})
    stat = s3_store.stat(key())
    assert stat.content_type == "application/pdf"
    assert stat.metadata == {"content-type": "text/evil", "Asal": "unggah"} == put.metadata
    with pytest.raises(StorageError):
        s3_store.put(key(), b"x", content_type="text/plain", metadata={"sha256": "palsu"})


@pytest.mark.s3
def test_s3_presigned_get_downloads_without_credentials(s3_store):
    s3_store.put(key(), b"isi berkas", content_type="application/pdf", metadata={})
    url = s3_store.presigned_get(key(), expires_seconds=60)
    response = urllib3.request("GET", url, timeout=10)
    assert response.status == 200 and response.data == b"isi berkas"
    with pytest.raises(StorageError):
        s3_store.presigned_get(key(), expires_seconds=0)


@pytest.mark.s3
def test_s3_server_stopped_then_back(s3_server, s3_store):
    s3_store.put(key(), b"tetap ada", content_type="text/plain", metadata={"a": "b"})
    s3_server.stop()
    try:
        with pytest.raises(StorageUnavailable) as caught:
            s3_store.get(key())
        assert s3_server.endpoint in str(caught.value)
    finally:
        s3_server.start()
    # Same ports and data dir: the same store object works again and the bytes survived.
    assert s3_store.get(key()) == b"tetap ada"
    assert s3_store.stat(key()).metadata == {"a": "b"}
