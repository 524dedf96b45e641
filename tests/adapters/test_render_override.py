"""Office templates on disk: the override folder wins, and bad templates are refused."""

from __future__ import annotations

import pytest

from doc_templates import check_dir, render, renderer
from doc_templates.check import CheckReport
from doc_templates.errors import TemplateInvalid, TemplateNotFound, UnsafeTemplate
from doc_templates.samples import sample_context, sample_images
from tests.unit.test_render import docx_with
from tests.unit.test_templates import text_of

NAME = "surat_tugas_pembinaan"


def test_override_folder_wins_over_the_packaged_template(tmp_path):
    (tmp_path / f"{NAME}.docx").write_bytes(docx_with(
        "TEMPLAT KANTOR {{ nomor }} {{ logo }}", "{{ penandatangan.nip|nip }}"))
    ctx = sample_context(NAME)
    own = text_of(render(NAME, ctx, images=sample_images(), override_dir=tmp_path).data)
    assert "TEMPLAT KANTOR 800.1.11.1/012/TPCB/III/2026" in own
    assert "19710214 199903 1 005" in own and "SURAT TUGAS" not in own
    packaged = text_of(render(NAME, ctx).data)
    assert "TEMPLAT KANTOR" not in packaged and "SURAT TUGAS" in packaged


def test_other_templates_fall_back_to_the_package(tmp_path):
    (tmp_path / f"{NAME}.docx").write_bytes(docx_with("TEMPLAT KANTOR"))
    text = text_of(render("daftar_hadir", sample_context("daftar_hadir"),
                          override_dir=tmp_path).data)
    assert "DAFTAR HADIR" in text and "TEMPLAT KANTOR" not in text


def test_missing_override_folder_is_an_error(tmp_path):
    with pytest.raises(TemplateNotFound, match="tidak ada"):
        render(NAME, sample_context(NAME), override_dir=tmp_path / "tidak-ada")


def test_unsafe_override_is_refused_before_rendering(tmp_path):
    (tmp_path / f"{NAME}.docx").write_bytes(docx_with("{{ ''.__class__.__mro__ }}"))
    with pytest.raises(UnsafeTemplate, match=f"Templat '{NAME}'.*'__class__'"):
        render(NAME, sample_context(NAME), override_dir=tmp_path)


def test_the_sandbox_backs_up_the_check(tmp_path, monkeypatch):
    """Even if the static check missed it, the sandbox refuses and the error is translated."""
    monkeypatch.setattr(renderer, "check_template",
                        lambda *a, **k: CheckReport(NAME, "uji"))
    (tmp_path / f"{NAME}.docx").write_bytes(docx_with("{{ ''.__class__.__mro__ }}"))
    with pytest.raises(UnsafeTemplate, match="bagian internal Python"):
        render(NAME, sample_context(NAME), override_dir=tmp_path)


def test_huge_repetition_is_stopped_by_the_sandbox(tmp_path):
    (tmp_path / f"{NAME}.docx").write_bytes(docx_with("{{ nomor * 100000 }}"))
    with pytest.raises(UnsafeTemplate, match="perkalian"):
        render(NAME, sample_context(NAME), override_dir=tmp_path)
    (tmp_path / f"{NAME}.docx").write_bytes(docx_with("{{ '-' * 20 }} {{ nomor }}"))
    assert "-" * 20 in text_of(render(NAME, sample_context(NAME), override_dir=tmp_path).data)


def test_undeclared_variable_is_refused(tmp_path):
    (tmp_path / f"{NAME}.docx").write_bytes(docx_with("{{ nomer }}"))
    with pytest.raises(TemplateInvalid, match="'nomer'"):
        render(NAME, sample_context(NAME), override_dir=tmp_path)


def test_undefined_attribute_at_render_time_names_it(tmp_path):
    (tmp_path / f"{NAME}.docx").write_bytes(docx_with("{{ tanggal.bulan_depan }}"))
    with pytest.raises(TemplateInvalid, match="atribut 'bulan_depan'"):
        render(NAME, sample_context(NAME), override_dir=tmp_path)


def test_check_dir_reports_every_file(tmp_path):
    (tmp_path / f"{NAME}.docx").write_bytes(docx_with("{{ nomor }}"))
    (tmp_path / "daftar_hadir.docx").write_bytes(docx_with("{{ kop.__init__ }}"))
    (tmp_path / "surat_lain.docx").write_bytes(docx_with("x"))
    reports = {r.template: r for r in check_dir(tmp_path)}
    assert reports[NAME].ok and reports[NAME].variables == ("nomor",)
    assert reports["daftar_hadir"].unsafe
    assert "tidak dikenal" in reports["surat_lain"].errors[0]
