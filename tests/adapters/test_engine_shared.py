"""One engine per process and database URL (tpcb.wiring.shared_engine)."""

from __future__ import annotations

from sqlalchemy import text

from tpcb import wiring
from tpcb.settings import Settings
from tpcb.wiring import App


def test_apps_of_one_database_share_one_engine_and_pool(tmp_path):
    a, b = App(Settings(home=tmp_path / "a")), App(Settings(home=tmp_path / "a"))
    other = App(Settings(home=tmp_path / "b"))
    assert a.engine is b.engine and a.engine is not other.engine
    with a.engine.connect() as conn:
        assert conn.execute(text("select 1")).scalar() == 1
    assert a.engine.pool.checkedin() == 1  # the connection went back to the shared pool


def test_only_a_few_urls_are_kept_and_the_oldest_is_disposed(tmp_path, monkeypatch):
    disposed = []
    engines = [wiring.shared_engine(f"sqlite:///{tmp_path / f'{i}.db'}")
               for i in range(wiring.KEEP_ENGINES)]
    for engine in engines:
        monkeypatch.setattr(engine, "dispose", lambda close=True, e=engine: disposed.append(e))
    newest = wiring.shared_engine(f"sqlite:///{tmp_path / 'baru.db'}")
    assert disposed == [engines[0]]
    assert wiring.shared_engine(f"sqlite:///{tmp_path / '1.db'}") is engines[1]
    assert wiring.shared_engine(f"sqlite:///{tmp_path / 'baru.db'}") is newest


def test_dispose_engines_starts_afresh(tmp_path):
    url = f"sqlite:///{tmp_path / 'x.db'}"
    first = wiring.shared_engine(url)
    wiring.dispose_engines()
    assert wiring.shared_engine(url) is not first
