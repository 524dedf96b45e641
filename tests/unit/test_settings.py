"""A bad environment variable is named, with a reason in Bahasa Indonesia, before anything runs."""

import pytest

from tpcb.settings import SettingsError, get_settings


@pytest.fixture(autouse=True)
def fresh(monkeypatch, tmp_path):
    monkeypatch.setenv("TPCB_HOME", str(tmp_path))
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


@pytest.mark.parametrize("name,value,reason", [
    ("TPCB_STORAGE", "ftp", "TPCB_STORAGE='ftp': harus salah satu dari: 'local' atau 's3'"),
    ("TPCB_MAX_UPLOAD_MB", "-1", "TPCB_MAX_UPLOAD_MB='-1': harus lebih dari 0"),
    ("TPCB_APPROVAL", "kadang", "TPCB_APPROVAL='kadang': harus true atau false"),
    ("TPCB_SMTP_PORT", "dua", "TPCB_SMTP_PORT='dua': harus bilangan bulat"),
    ("TPCB_TS_MIN_SHARE", "2", "TPCB_TS_MIN_SHARE='2': paling besar 1"),
])
def test_a_bad_value_names_its_variable(monkeypatch, name, value, reason):
    monkeypatch.setenv(name, value)
    with pytest.raises(SettingsError) as err:
        get_settings()
    assert "Pengaturan tidak sah" in str(err.value) and reason in str(err.value)


def test_thresholds_default_to_the_decree_and_follow_the_environment(monkeypatch):
    assert get_settings().kinerja_ambang.layanan_baik == 91
    assert get_settings().kinerja_ambang.manajemen_cukup == 5.5
    monkeypatch.setenv("TPCB_KINERJA_AMBANG__MANAJEMEN_CUKUP", "6")
    get_settings.cache_clear()
    assert get_settings().kinerja_ambang.manajemen_cukup == 6
    assert get_settings().kinerja_ambang.manajemen_baik == 8.5
