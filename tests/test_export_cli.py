"""`flask export`: the same files as the download, written to a file."""

import csv
import io

from app.models import Source
from tests.factories import submitted


def _read(path) -> list[dict]:
    text = path.read_bytes().decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:], newline="")))


def test_wide_with_filters_and_labels(app, runner, tmp_path):
    with app.app_context():
        submitted(country="CL", org_name="Chilena")
        submitted(country="HN", org_name="Hondureña")
        submitted(org_name="Muestra", source=Source.SAMPLE)
    out = tmp_path / "wide.csv"
    result = runner.invoke(args=["export", "wide", "--country", "HN", "--labels", "--lang", "en",
                                 "-o", str(out)])
    assert result.exit_code == 0, result.output
    rows = _read(out)
    assert [r["organization_name"] for r in rows] == ["Hondureña"]
    assert rows[0]["country"] == "Honduras"
    result = runner.invoke(args=["export", "wide", "--include-sample", "-o", str(out)])
    assert {r["organization_name"] for r in _read(out)} == {"Chilena", "Hondureña", "Muestra"}


def test_long_and_codebook(app, runner, tmp_path):
    with app.app_context():
        submitted()
    for kind in ("long", "codebook"):
        out = tmp_path / f"{kind}.csv"
        result = runner.invoke(args=["export", kind, "-o", str(out)])
        assert result.exit_code == 0, result.output
        assert _read(out)


def test_same_bytes_as_the_download(app, runner, tmp_path):
    from tests.factories import staff_client

    with app.app_context():
        submitted(org_name="Igual")
    out = tmp_path / "wide.csv"
    runner.invoke(args=["export", "wide", "--status", "submitted", "-o", str(out)])
    download = staff_client(app, "analyst").get("/staff/export?kind=wide&status=submitted")
    assert out.read_bytes() == download.data


def test_bad_filter_is_refused(runner, tmp_path):
    result = runner.invoke(args=["export", "wide", "--region", "atlantis",
                                 "-o", str(tmp_path / "x.csv")])
    assert result.exit_code == 2
    assert "--region" in result.output
