"""The trust and profile-snapshot migration carries existing data over, on both databases: each
assessment gets its organization's profile, open submissions wait for staff, staff imports and
samples stay trusted, and samples seeded under real names get pseudonyms."""

from sqlalchemy import text

from app.extensions import db

BEFORE = "3f1c2a9d8b10"
ROWS = [
    # organization id, name, country, org_type, reference_key
    (1, "Unión Industrial Argentina (UIA)", "AR", "sectoral", "uia"),
    (2, "Cámara de Comercio e Industria de Tegucigalpa (CCIT)", "HN", "chamber_commerce", "ccit"),
    (3, "Cámara de Comercio e Industria de Choloma", "HN", "chamber_commerce", "cci_choloma"),
    (4, "Sample organization 7", "CL", "sectoral", None),
    (5, "Cámara Real", "CL", "confederation", None),
]
ASSESSMENTS = [
    # assessment id, organization id, source, status
    (1, 1, "sample", "submitted"), (2, 2, "sample", "submitted"), (3, 3, "sample", "submitted"),
    (4, 4, "sample", "submitted"), (5, 5, "respondent", "submitted"), (6, 5, "verified", "submitted"),
    (7, 5, "respondent", "draft"),
]


def test_existing_data_is_carried_over(app, runner):
    with app.app_context():
        db.drop_all()
    assert runner.invoke(args=["db", "upgrade", BEFORE]).exit_code == 0
    with app.app_context(), db.engine.begin() as connection:
        for row in ROWS:
            connection.execute(text(
                "INSERT INTO organization (id, name, country, org_type, reference_key, created_at) "
                "VALUES (:id, :name, :country, :org_type, :key, CURRENT_TIMESTAMP)"),
                dict(zip(("id", "name", "country", "org_type", "key"), row, strict=True)))
        for row in ASSESSMENTS:
            connection.execute(text(
                "INSERT INTO assessment (id, organization_id, questionnaire_id, questionnaire_version, "
                "locale, status, source, is_latest, created_at, updated_at) VALUES (:id, :org, "
                "'example', 1, 'es', :status, :source, :latest, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"),
                {"id": row[0], "org": row[1], "source": row[2], "status": row[3],
                 "latest": row[3] == "submitted"})
            connection.execute(text(
                "INSERT INTO answer (assessment_id, question_id, value, updated_at) VALUES "
                "(:id, 'strategy_plan', '\"l3\"', CURRENT_TIMESTAMP)"), {"id": row[0]})
            connection.execute(text("INSERT INTO dimension_score (assessment_id, dimension_id, score) "
                                    "VALUES (:id, 'strategy', 50.0)"), {"id": row[0]})
    result = runner.invoke(args=["db", "upgrade"])
    assert result.exit_code == 0, result.output
    with app.app_context(), db.engine.connect() as connection:
        organizations = {r.id: r for r in connection.execute(text(
            "SELECT id, name, reference_key AS sample_key FROM organization"))}
        assessments = {r.id: r for r in connection.execute(text(
            "SELECT id, name, country, org_type, trust FROM assessment"))}
        kept = [connection.execute(text("SELECT count(*) FROM answer")).scalar(),
                connection.execute(text("SELECT count(*) FROM dimension_score")).scalar()]
    assert kept == [len(ASSESSMENTS), len(ASSESSMENTS)], "answers or scores were lost"
    assert [(organizations[i].name, organizations[i].sample_key) for i in (1, 2, 3, 4)] == [
        ("Sample sectoral chamber A, AR", "sample:sectoral:AR:A"),
        ("Sample chamber of commerce A, HN", "sample:chamber_commerce:HN:A"),
        ("Sample chamber of commerce B, HN", "sample:chamber_commerce:HN:B"),
        ("Sample organization 7", "sample:7")]
    assert (organizations[5].name, organizations[5].sample_key) == ("Cámara Real", None)
    assert (assessments[1].name, assessments[1].country, assessments[1].org_type) == (
        "Sample sectoral chamber A, AR", "AR", "sectoral")
    assert (assessments[5].name, assessments[5].country) == ("Cámara Real", "CL")
    assert [assessments[i].trust for i in range(1, 8)] == [
        "trusted", "trusted", "trusted", "trusted", "pending", "trusted", None]
    downgraded = runner.invoke(args=["db", "downgrade", BEFORE])
    assert downgraded.exit_code == 0, downgraded.output
    with app.app_context(), db.engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM answer")).scalar() == len(ASSESSMENTS)
    again = runner.invoke(args=["db", "upgrade"])
    assert again.exit_code == 0, again.output
    assert runner.invoke(args=["db", "downgrade", "base"]).exit_code == 0
