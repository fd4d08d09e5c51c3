"""`python -m cxworkbook export`: every format written from a workbook file or an id, and a clear
line for a bad file, an unknown format or a folder it cannot write to."""

from __future__ import annotations

import io
import subprocess
import sys
import zipfile

import docx
import pytest
from pptx import Presentation

from cxworkbook import EXAMPLES_DIR, PROJECT_ROOT
from cxworkbook.__main__ import main
from cxworkbook.report.look import save_template
from cxworkbook.store import DATA_ENV
from tests.conftest import EXAMPLE_ID
from tests.unit.test_look import reference_docx

EXAMPLE = EXAMPLES_DIR / f"{EXAMPLE_ID}.yaml"


@pytest.mark.parametrize(
    "fmt",
    [
        "docx",
        "html",
        "md",
        "pdf",
        "pptx",
        "zip",
    ],
)
def test_each_format_is_written_from_a_workbook_file(tmp_path, capsys, fmt):
    assert main(["export", str(EXAMPLE), "--format", fmt, "--out", str(tmp_path / "out")]) == 0
    written = tmp_path / "out" / f"{EXAMPLE_ID}.{fmt}"
    assert capsys.readouterr().out.strip() == str(written)
    data = written.read_bytes()
    if fmt == "docx":
        headings = [p.text for p in docx.Document(io.BytesIO(data)).paragraphs]
        assert "Asiakaspolkukartta" in headings
    elif fmt == "pdf":
        assert data.startswith(b"%PDF-")
    elif fmt == "pptx":
        slides = Presentation(io.BytesIO(data)).slides
        assert slides[0].shapes.title.text == "Digitaalisen asiakaskokemuksen työpaja"
    elif fmt == "zip":
        names = zipfile.ZipFile(io.BytesIO(data)).namelist()
        assert sorted(names) == [
            f"{EXAMPLE_ID}.{e}" for e in ("docx", "html", "md", "pptx", "yaml")
        ]
        assert zipfile.ZipFile(io.BytesIO(data)).read(f"{EXAMPLE_ID}.yaml") == EXAMPLE.read_bytes()
    else:
        assert "Kaarnakoski Energia Oy" in data.decode("utf-8")


def test_a_workbook_is_found_by_its_id_in_the_data_folder(example_store, tmp_path, monkeypatch):
    monkeypatch.setenv(DATA_ENV, str(example_store.root))
    assert main(["export", EXAMPLE_ID, "--format", "md", "--out", str(tmp_path)]) == 0
    assert (tmp_path / f"{EXAMPLE_ID}.md").exists()


def test_a_bad_file_says_what_is_wrong_where_and_writes_nothing(tmp_path, capsys):
    bad = tmp_path / "broken.yaml"
    bad.write_text("schema_version: 1\nid: Not A Slug\n", encoding="utf-8")
    assert main(["export", str(bad), "--out", str(tmp_path / "out")]) == 1
    said = capsys.readouterr().err
    assert "Not a workbook this app can read" in said and "broken.yaml, line 2: id" in said
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    ("source", "said"),
    [
        ("missing.yaml", "no workbook file at missing.yaml"),
        ("../etc/passwd", "is neither a workbook file nor a workbook's id"),
        ("no-such-workbook", "no workbook 'no-such-workbook'"),
    ],
)
def test_a_source_that_is_not_there_is_named(tmp_path, capsys, monkeypatch, source, said):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv(DATA_ENV, str(tmp_path / "data"))
    assert main(["export", source]) == 1
    assert said in capsys.readouterr().err


def test_an_unknown_format_is_refused_with_the_known_ones(capsys):
    with pytest.raises(SystemExit) as exited:
        main(["export", str(EXAMPLE), "--format", "pages"])
    assert exited.value.code == 2
    assert "choose from 'docx', 'html', 'md', 'pdf', 'pptx', 'zip'" in capsys.readouterr().err


def test_a_folder_it_cannot_write_to_is_named(tmp_path, capsys):
    blocked = tmp_path / "a-file"
    blocked.write_text("in the way", encoding="utf-8")
    assert main(["export", str(EXAMPLE), "--out", str(blocked)]) == 1
    assert f"cannot write to {blocked}" in capsys.readouterr().err


def test_python_dash_m_runs_it(tmp_path):
    command = ["export", str(EXAMPLE), "--format", "md", "--out", str(tmp_path)]
    run = subprocess.run(
        [sys.executable, "-m", "cxworkbook", *command],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    assert (tmp_path / f"{EXAMPLE_ID}.md").exists()


def test_the_appendix_of_every_answer_can_be_left_out(tmp_path):
    appendix = "Liite: kaikki vastaukset"
    assert main(["export", str(EXAMPLE), "--format", "md", "--out", str(tmp_path / "all")]) == 0
    assert f"## {appendix}" in (tmp_path / "all" / f"{EXAMPLE_ID}.md").read_text("utf-8")
    left_out = ["export", str(EXAMPLE), "--format", "md", "--no-appendix"]
    assert main([*left_out, "--out", str(tmp_path / "short")]) == 0
    short = (tmp_path / "short" / f"{EXAMPLE_ID}.md").read_text("utf-8")
    assert appendix not in short and "## Seuraavat askeleet" in short


def test_the_consultancys_look_in_the_data_folder_is_used(example_store, tmp_path, monkeypatch):
    save_template(example_store.root, "docx", reference_docx())
    monkeypatch.setenv(DATA_ENV, str(example_store.root))
    assert main(["export", EXAMPLE_ID, "--format", "docx", "--out", str(tmp_path)]) == 0
    made = docx.Document(tmp_path / f"{EXAMPLE_ID}.docx")
    assert made.styles["Normal"].font.name == "Georgia"
