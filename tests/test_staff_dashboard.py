"""The staff dashboard: counts, statistics under the anonymity rule, charts, filters in the URL."""

import shutil
from datetime import UTC, datetime
from pathlib import Path

import numpy
import pytest

from app.models import Source
from tests.factories import staff_client, submitted

LEVELS = ["l1", "l2", "l3", "l4", "l5"]
EXAMPLE_DIR = Path(__file__).parent / "data"


@pytest.fixture
def app_config():
    return {"ANONYMITY_THRESHOLD": 3}


@pytest.fixture
def analyst(app):
    return staff_client(app, "analyst")


def _seed(app, chile: int, honduras: int, **more):
    with app.app_context():
        for index in range(chile):
            submitted(country="CL", org_name=f"Chile {index}", strategy_plan=LEVELS[index % 5],
                      **more)
        for index in range(honduras):
            submitted(country="HN", org_name=f"Honduras {index}", **more)


def test_counts_and_completion_rate(app, analyst):
    _seed(app, 3, 0)
    with app.app_context():
        submitted(submit=False, org_name="Draft")
    page = analyst.get("/staff/", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "<dd>4</dd>" in page and "<dd>3</dd>" in page
    assert "75.0 %" in page


def test_small_groups_show_their_size_but_no_statistics(app, analyst):
    _seed(app, 3, 2)
    page = analyst.get("/staff/", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "n&lt;3" in page  # Honduras: two organizations
    assert "Fewer than 3 organizations" in page
    # Chile's strategy median (l1, l2, l3 -> 0, 25, 50 on the strategy_plan question) is shown.
    assert "(n=3)" in page


def test_medians_match_numpy(app, analyst):
    _seed(app, 5, 0)
    with app.app_context():
        from app.extensions import db
        from app.models import Assessment
        from app.questionnaires import library
        from app.staff import dashboard
        from app.staff.filters import parse_filters

        with app.test_request_context(headers={"Accept-Language": "en"}):
            found = dashboard.scores(parse_filters({}, library()), library(), 3)
        overall = [a.overall_score for a in db.session.query(Assessment).all()]
    expected = numpy.quantile(overall, [0.25, 0.5, 0.75])
    everyone = next(row for row in found.rows if row.total)
    _minimum, q1, median, q3, _maximum = found.cell(everyone, found.columns[-1]).values
    assert [q1, median, q3] == pytest.approx(list(expected))


class TestCountryInNoRegion:
    """Chile and Argentina in no region (a regions file listing only Honduras): their
    organizations are one row, 'Other or unknown country', and still count in all regions."""

    @pytest.fixture
    def questionnaire_dir(self, tmp_path):
        shutil.copy(EXAMPLE_DIR / "example-v1.yaml", tmp_path)
        (tmp_path / "regions.yaml").write_text(
            "regions:\n  - id: central_america_mexico\n"
            "    name: {es: Centroamérica y México, en: Central America and Mexico}\n"
            "    countries: [HN]\n", encoding="utf-8")
        return tmp_path

    def test_they_have_their_own_row(self, app, analyst):
        _seed(app, 3, 4)
        page = analyst.get("/staff/", headers={"Accept-Language": "en"}).get_data(as_text=True)
        rows = [row.split("</th>")[0] for row in page.split('<tr><th scope="row">')[1:4]]
        assert rows == ["Central America and Mexico", "Other or unknown country", "All regions"]
        heatmap = page.split('id="heatmap-title"')[1].split("</table>")[0]
        assert heatmap.count("(n=3)") and heatmap.count("(n=4)") and heatmap.count("(n=7)")


def test_samples_only_with_the_filter_and_synthetic_never_by_default(app, analyst):
    _seed(app, 3, 0, source=Source.SAMPLE)
    _seed(app, 3, 0, source=Source.SYNTHETIC)
    page = analyst.get("/staff/", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "(n=3)" not in page and "(n=6)" not in page
    page = analyst.get("/staff/?sample=1", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "(n=3)" in page and "not the results of real organizations" in page
    page = analyst.get("/staff/?sample=1&synthetic=1",
                       headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "(n=6)" in page


def test_filters_are_in_the_query_string_and_reach_the_charts(app, analyst):
    _seed(app, 3, 3)
    page = analyst.get("/staff/?region=southern_cone&from=2020-01-01",
                       headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert 'value="southern_cone" selected' in page
    assert "region=southern_cone" in page and "from=2020-01-01" in page
    chart = analyst.get("/staff/charts/heatmap.png?region=southern_cone")
    assert chart.status_code == 200 and chart.mimetype == "image/png"
    assert chart.data.startswith(b"\x89PNG")


def test_date_range_selects_by_submission(app, analyst):
    with app.app_context():
        for index in range(3):
            submitted(org_name=f"Old {index}", submitted_at=datetime(2023, 5, 1, tzinfo=UTC))
    page = analyst.get("/staff/?to=2023-05-01",
                       headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert '<th scope="row">2023-05</th>' in page
    page = analyst.get("/staff/?from=2023-05-02",
                       headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert '<th scope="row">2023-05</th>' not in page
    assert "No submissions in this selection." in page


@pytest.mark.parametrize("query", ["region=atlantis", "from=yesterday", "to=99999-01-01",
                                   "version=nope-v9", "country=ZZ", "from=0001-01-01"])
def test_bad_filters_are_ignored_and_said(analyst, query):
    response = analyst.get(f"/staff/?{query}", headers={"Accept-Language": "en"})
    assert response.status_code == 200
    assert b"were not recognised" in response.data


@pytest.mark.parametrize("name", ["heatmap", "boxes", "stages", "timeline"])
def test_every_chart_is_a_png_in_the_staff_language(app, analyst, name):
    _seed(app, 3, 0)
    english = analyst.get(f"/staff/charts/{name}.png", headers={"Accept-Language": "en"})
    assert english.status_code == 200 and english.data.startswith(b"\x89PNG")
    analyst.post("/staff/language", data={"locale": "es"})
    spanish = analyst.get(f"/staff/charts/{name}.png")
    assert spanish.data != english.data


def test_unknown_chart_is_404(analyst):
    assert analyst.get("/staff/charts/pie.png").status_code == 404


def test_few_real_organizations_are_never_mixed_with_samples(app, analyst):
    """Two real results and two public samples: a group of four, but subtracting the samples
    would reveal the real ones, so nothing is shown (the results page's rule)."""
    _seed(app, 2, 0)
    _seed(app, 2, 0, source=Source.SAMPLE)
    page = analyst.get("/staff/?sample=1", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "(n=4)" not in page
    assert "<th scope=\"row\">Initial</th>" not in page  # the stage table is withheld too
    assert "Fewer than 3 organizations" in page


def test_a_dashboard_with_only_sample_data_points_to_it(app, analyst):
    _seed(app, 3, 0, source=Source.SAMPLE)
    page = analyst.get("/staff/", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "No real assessment has been submitted in this selection yet." in page
    assert "sample=1" in page.split("No real assessment")[1].split("</p>")[0]
    with_samples = analyst.get("/staff/?sample=1", headers={"Accept-Language": "en"})
    assert "No real assessment" not in with_samples.get_data(as_text=True)


def test_no_sample_pointer_once_real_results_exist(app, analyst):
    _seed(app, 1, 0)
    page = analyst.get("/staff/", headers={"Accept-Language": "es"}).get_data(as_text=True)
    assert "Todavía no se ha enviado" not in page
