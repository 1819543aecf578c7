"""Previewed peer-results files wait in the database: any instance confirms what another previewed,
a file is imported once however often (or however many times at once) it is confirmed, and an
expired preview is refused with a clear message and cleaned up. On both databases."""

from __future__ import annotations

import io
import re
import threading
from pathlib import Path

import pytest
from sqlalchemy import func, select, update

from app import create_app
from app.extensions import db
from app.models import Assessment, PeerUpload, Source
from app.models.time import utcnow
from config import TestConfig
from tests.factories import make_user, sign_in

HEADER = ("org_name,country,org_type,questionnaire_id,questionnaire_version,submitted_at,"
          "strategy_plan,strategy_budget,services_online,services_tools__crm,services_tools__esign")
ROWS = [
    "Cámara Uno,CL,sectoral,example,1,2024-05-31,l3,partial,training;events,in_use,planned",
    "Cámara Dos,HN,,example,1,2024-06-01,l2,_na,advice,_na,_na",
    "Cámara Tres,AR,confederation,example,1,2024-06-02,l4,yes,events,planned,in_use",
]
EN = {"Accept-Language": "en"}


def upload(client, rows=ROWS, headers=EN):
    data = ("\n".join([HEADER, *rows]) + "\n").encode("utf-8")
    return client.post("/staff/admin/peers", data={"file": (io.BytesIO(data), "peers.csv")},
                       content_type="multipart/form-data", headers=headers)


def confirm(client, headers=EN):
    return client.post("/staff/admin/peers/import", headers=headers, follow_redirects=True)


def verified(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Assessment).where(
            Assessment.source == Source.VERIFIED.value))


def same_browser(app, client):
    """A client of `app` holding `client`'s cookies (the load balancer sent the browser there)."""
    other = app.test_client()
    other.set_cookie("session", client.get_cookie("session").value)
    return other


@pytest.fixture
def instances(app, database, questionnaire_dir, tmp_path):
    """Two app instances on one database, each with an instance folder of its own."""
    second = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=database,
                        QUESTIONNAIRE_DIR=str(questionnaire_dir))
    app.instance_path, second.instance_path = str(tmp_path / "one"), str(tmp_path / "two")
    for instance in (app, second):
        Path(instance.instance_path).mkdir()
    yield app, second
    with second.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def admin(app):
    make_user(app, "admin@example.org", "admin")
    client = app.test_client()
    assert sign_in(client, "admin@example.org").status_code == 302
    return client


def test_a_preview_on_one_instance_is_confirmed_on_the_other(instances, admin):
    first, second = instances
    preview = upload(admin)
    assert preview.status_code == 200 and b"Rows ready to import: 3." in preview.data
    response = confirm(same_browser(second, admin))
    assert b"Peer results imported: 3." in response.data
    assert verified(first) == verified(second) == 3
    for instance in (first, second):
        assert list(Path(instance.instance_path).iterdir()) == [], "nothing kept on a host's disk"


def test_eight_parallel_confirms_across_instances_import_once(instances, admin):
    first, second = instances
    assert upload(admin).status_code == 200
    browsers = [same_browser(first if n % 2 else second, admin) for n in range(8)]
    barrier = threading.Barrier(len(browsers))
    pages: list[bytes] = [b""] * len(browsers)

    def press(index: int) -> None:
        barrier.wait()
        pages[index] = confirm(browsers[index]).data

    threads = [threading.Thread(target=press, args=(n,)) for n in range(len(browsers))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert verified(first) == 3
    assert sum(b"Peer results imported: 3." in page for page in pages) == 1
    others = [re.findall(rb'class="flash[^"]*"[^>]*>([^<]*)<', page) or page[:300]
              for page in pages if b"already been imported (3 rows)" not in page]
    assert len(others) == 1, others


def test_confirming_twice_says_the_file_was_already_imported(app, admin):
    upload(admin)
    double_click = same_browser(app, admin)
    assert b"Peer results imported: 3." in confirm(admin).data
    again = confirm(double_click).data
    assert b"already been imported (3 rows); nothing was imported again." in again
    assert verified(app) == 3


@pytest.mark.parametrize(("language", "message"), [
    ("en", "was kept for 60 minutes and has expired; nothing was imported"),
    ("es", "se guardó durante 60 minutos y venció; no se importó nada")])
def test_an_expired_preview_is_refused_and_cleaned_up(app, admin, language, message):
    upload(admin)
    with app.app_context():
        db.session.execute(update(PeerUpload).values(expires_at=utcnow()))
        db.session.commit()
    response = confirm(admin, headers={"Accept-Language": language})
    assert message in response.get_data(as_text=True)
    assert verified(app) == 0
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(PeerUpload)) == 0


def test_a_new_preview_cleans_up_expired_ones_and_replaces_the_admins_last(app, admin):
    upload(admin)
    with app.app_context():
        stale = PeerUpload(id="f" * 32, uploaded_by=db.session.scalar(
            select(PeerUpload.uploaded_by)), text="old", expires_at=utcnow())
        db.session.add(stale)
        db.session.commit()
    upload(admin, ROWS[:1])
    with app.app_context():
        kept = db.session.scalars(select(PeerUpload)).all()
        assert len(kept) == 1 and "Cámara Uno" in kept[0].text and "Cámara Dos" not in kept[0].text


def test_another_admin_cannot_confirm_someone_elses_preview(app, admin):
    upload(admin)
    make_user(app, "other@example.org", "admin")
    other = app.test_client()
    sign_in(other, "other@example.org")
    with admin.session_transaction() as session:
        upload_id = session["peer_import"]
    with other.session_transaction() as session:
        session["peer_import"] = upload_id
    response = confirm(other)
    assert b"has expired; please upload it again" in response.data
    assert verified(app) == 0
    assert b"Peer results imported: 3." in confirm(admin).data
