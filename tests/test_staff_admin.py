"""Admin pages: staff accounts, peer import with preview, questionnaire versions."""

import io

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import Assessment, Source
from app.operations.accounts import find_account
from tests.factories import staff_client

EN = {"Accept-Language": "en"}
HEADER = ("org_name,country,org_type,questionnaire_id,questionnaire_version,submitted_at,"
          "strategy_plan,strategy_budget,services_online,services_tools__crm,services_tools__esign")
GOOD = [
    "Cámara Real Uno,CL,sectoral,example,1,2024-05-31,l3,partial,training;events,in_use,planned",
    "Cámara Real Dos,HN,,example,1,2024-06-01,l2,_na,advice,_na,_na",
]


@pytest.fixture
def admin(app):
    return staff_client(app, "admin")


def _upload(client, lines):
    data = ("\n".join([HEADER, *lines]) + "\n").encode("utf-8")
    return client.post("/staff/admin/peers", data={"file": (io.BytesIO(data), "peers.csv")},
                       content_type="multipart/form-data", headers=EN)


def _verified(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Assessment).where(
            Assessment.source == Source.VERIFIED.value))


def test_create_account_with_the_password_twice(app, admin):
    response = admin.post("/staff/admin/users", headers=EN, data={
        "email": "new@example.org", "password": "a long enough password",
        "confirm": "a long enough password", "role": "analyst"})
    assert response.status_code == 302
    with app.app_context():
        assert find_account("new@example.org").role == "analyst"


@pytest.mark.parametrize(("password", "confirm", "message"), [
    ("a long enough password", "another long password", b"The two passwords differ."),
    ("short", "short", b"at least 12 characters"),
])
def test_create_account_refuses_bad_passwords(app, admin, password, confirm, message):
    response = admin.post("/staff/admin/users", headers=EN, data={
        "email": "new@example.org", "password": password, "confirm": confirm, "role": "admin"})
    assert response.status_code == 400 and message in response.data
    with app.app_context():
        assert find_account("new@example.org") is None


def test_change_role_and_deactivate(app, admin):
    staff_client(app, "analyst")
    with app.app_context():
        analyst_id = find_account("analyst@example.org").id
    admin.post(f"/staff/admin/users/{analyst_id}/role", data={"role": "admin"})
    admin.post(f"/staff/admin/users/{analyst_id}/deactivate")
    with app.app_context():
        user = find_account("analyst@example.org")
        assert user.role == "admin" and not user.active


def test_an_admin_cannot_deactivate_or_demote_themself(app, admin):
    with app.app_context():
        own_id = find_account("admin@example.org").id
    page = admin.get("/staff/admin/users", headers=EN).get_data(as_text=True)
    assert f"/staff/admin/users/{own_id}/deactivate" not in page
    response = admin.post(f"/staff/admin/users/{own_id}/deactivate", headers=EN,
                          follow_redirects=True)
    assert b"You cannot deactivate your own account." in response.data
    admin.post(f"/staff/admin/users/{own_id}/role", data={"role": "analyst"})
    with app.app_context():
        user = find_account("admin@example.org")
        assert user.active and user.is_admin


def test_analysts_cannot_open_admin_pages(app):
    analyst = staff_client(app, "analyst")
    for url in ("/staff/admin/", "/staff/admin/users", "/staff/admin/peers"):
        assert analyst.get(url).status_code == 403
    assert analyst.post("/staff/admin/users", data={"email": "x@example.org"}).status_code == 403


def test_questionnaire_versions_and_the_active_one(admin):
    page = admin.get("/staff/admin/", headers=EN).get_data(as_text=True)
    assert "example-v1" in page and "example-v1.yaml" in page
    assert "in use for new assessments" in page
    assert "version 1" in page  # in words, not only the key


def test_peer_import_previews_then_imports(app, admin):
    preview = _upload(admin, GOOD)
    assert preview.status_code == 200
    text = preview.get_data(as_text=True)
    assert "Rows ready to import: 2." in text and "Cámara Real Uno" in text
    assert _verified(app) == 0
    response = admin.post("/staff/admin/peers/import", headers=EN, follow_redirects=True)
    assert b"Peer results imported: 2." in response.data
    assert _verified(app) == 2
    # The previewed file is used once.
    again = admin.post("/staff/admin/peers/import", headers=EN, follow_redirects=True)
    assert b"expired" in again.data and _verified(app) == 2


def test_peer_import_with_one_bad_row_stores_nothing(app, admin):
    response = _upload(admin, [*GOOD, "Mala,CL,,example,1,2024-06-01,l9,partial,training,in_use,"])
    assert response.status_code == 400
    text = response.get_data(as_text=True)
    assert "Problems found: 2." in text and "<code>strategy_plan</code>" in text
    assert 'action="/staff/admin/peers/import"' not in text
    assert admin.post("/staff/admin/peers/import", headers=EN,
                      follow_redirects=True).status_code == 200
    assert _verified(app) == 0


def test_peer_import_refuses_a_binary_file(admin):
    response = admin.post("/staff/admin/peers", headers=EN, content_type="multipart/form-data",
                          data={"file": (io.BytesIO(b"PK\x03\x04\x00\x00"), "peers.xlsx")})
    assert response.status_code == 400 and b"not a CSV text file" in response.data


def test_a_file_with_a_quarter_million_unknown_columns_gets_a_short_report(admin):
    import time

    header = HEADER + "," + ",".join(f"c{n}" for n in range(250_000))
    data = (header + "\n" + GOOD[0] + "\n").encode("utf-8")
    started = time.monotonic()
    response = admin.post("/staff/admin/peers", data={"file": (io.BytesIO(data), "peers.csv")},
                          content_type="multipart/form-data", headers=EN)
    assert response.status_code == 400
    text = response.get_data(as_text=True)
    assert "Problems found: 250000." in text
    assert "Only the first 100 problems are listed; 249900 more are not shown." in text
    assert len(response.data) < 100_000
    assert time.monotonic() - started < 10


@pytest.mark.parametrize("language,message", [
    ("en", "The questionnaire version must be a whole number"),
    ("es", "La versión del cuestionario debe ser un número entero")])
@pytest.mark.parametrize("version", ["²", "9" * 5000])
def test_odd_questionnaire_versions_are_named_in_the_users_language(admin, version, language,
                                                                    message):
    line = GOOD[0].replace("example,1,", f"example,{version},")
    data = ("\n".join([HEADER, line]) + "\n").encode("utf-8")
    response = admin.post("/staff/admin/peers", data={"file": (io.BytesIO(data), "peers.csv")},
                          content_type="multipart/form-data",
                          headers={"Accept-Language": language})
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
