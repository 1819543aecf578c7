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


def _headline(page: str) -> dict[str, str]:
    import re

    block = page.split('class="headline"')[1].split("</dl>")[0]
    return {dt: re.sub(r"<[^>]+>.*", "", dd, flags=re.S).strip() for dt, dd in re.findall(
        r"<dt>([^<]+)</dt>\s*<dd>(.*?)</dd>", block, flags=re.S)}


def test_headline_figures_count_organizations(app, analyst):
    _seed(app, 3, 0)
    with app.app_context():
        submitted(submit=False, org_name="Draft")
    page = analyst.get("/staff/", headers={"Accept-Language": "en"}).get_data(as_text=True)
    figures = _headline(page)
    assert figures["Organizations invited"] == "0"
    assert figures["Organizations that started"] == "4"
    assert figures["Organizations that submitted"] == "3"
    assert "75% of those that started" in page
    assert figures["Median overall score"] != "—"
    assert "Share per stage" in page


def test_small_groups_are_shown_to_staff_and_marked_once(app, analyst):
    _seed(app, 3, 2)
    page = analyst.get("/staff/", headers={"Accept-Language": "en"}).get_data(as_text=True)
    table = page.split('id="medians-title"')[1].split("</table>")[0]
    assert "(n=2)" in table and "(n=3)" in table  # Honduras' two organizations have figures
    assert "small group: n=2" in table
    notes = page.split('class="group-notes"')[1].split("</ul>")[0]
    assert notes.count("Central America and Mexico (n=2)") == 1
    assert "respondents never do" in notes


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
    summary = found.cell(found.together, found.columns[-1]).summary  # one region: no total row
    q1, median, q3 = summary.q1, summary.median, summary.q3
    assert [row.total for row in found.rows] == [False]
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
        table = page.split('id="medians-title"')[1].split("</table>")[0]
        rows = [row.split("</th>")[0].split("<")[0] for row in table.split('<th scope="row">')[1:]]
        assert rows == ["Central America and Mexico", "Other or unknown country", "All regions"]
        medians = page.split('id="medians-title"')[1].split("</table>")[0]
        assert medians.count("(n=3)") and medians.count("(n=4)") and medians.count("(n=7)")


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
    chart = analyst.get("/staff/charts/medians.svg?region=southern_cone",
                        headers={"Accept-Language": "en"})
    assert chart.status_code == 200 and chart.mimetype == "image/svg+xml"
    assert b"Southern Cone" in chart.data and b"Central America" not in chart.data


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


@pytest.mark.parametrize("name", ["medians", "distribution", "stages", "timeline"])
def test_every_chart_is_an_svg_with_text_in_the_staff_language(app, analyst, name):
    _seed(app, 3, 0)
    english = analyst.get(f"/staff/charts/{name}.svg", headers={"Accept-Language": "en"})
    assert english.status_code == 200 and english.mimetype == "image/svg+xml"
    assert b"<text" in english.data and b"<script" not in english.data
    analyst.post("/staff/language", data={"locale": "es"})
    spanish = analyst.get(f"/staff/charts/{name}.svg")
    assert spanish.data != english.data


def test_unknown_chart_is_404_and_an_empty_selection_draws_nothing(analyst):
    assert analyst.get("/staff/charts/pie.svg").status_code == 404
    assert analyst.get("/staff/charts/medians.svg").status_code == 404  # no data: no empty chart


def test_no_data_shows_no_empty_charts_or_blank_rows(analyst):
    page = analyst.get("/staff/", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "/staff/charts/" not in page.replace("/staff/charts/timeline", "")
    assert "no score statistics yet" in page and "Fewer than" not in page


def test_a_region_filter_narrows_every_list_and_chart(app, analyst):
    _seed(app, 3, 3)
    page = analyst.get("/staff/?region=southern_cone", headers={"Accept-Language": "en"}
                       ).get_data(as_text=True)
    after_filters = page.split('class="filters card"')[1].split("</form>", 1)[1]
    assert "Southern Cone" in after_filters
    assert "Central America and Mexico" not in after_filters and "All regions" not in after_filters
    assert _headline(page)["Organizations that started"] == "3"
    for name in ("medians", "distribution", "stages", "timeline"):
        chart = analyst.get(f"/staff/charts/{name}.svg?region=southern_cone",
                            headers={"Accept-Language": "en"}).data
        assert b"Central America" not in chart


def test_few_real_organizations_are_never_mixed_with_samples(app, analyst):
    """Two real results and two public samples in Chile, samples only in Honduras: Chile shows
    its two real results alone (a small group), Honduras its samples, each named once with why."""
    _seed(app, 2, 0)
    _seed(app, 2, 3, source=Source.SAMPLE)
    page = analyst.get("/staff/?sample=1", headers={"Accept-Language": "en"}).get_data(as_text=True)
    table = page.split('id="medians-title"')[1].split("</table>")[0]
    assert "(n=4)" not in table and "(n=2)" in table and "(n=3)" in table
    notes = page.split('class="group-notes"')[1].split("</ul>")[0]
    assert "never mixed with fewer than 3 real results: Southern Cone (2)" in notes
    assert "sample profiles only" in notes and "Central America and Mexico (n=3)" in notes
    stages = page.split('id="stages-title"')[1].split("</table>")[0]
    assert sum(int(n) for n in __import__("re").findall(r'<td class="number">(\d+)</td>', stages)
               ) == 2  # the stage counts: the real results alone


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
