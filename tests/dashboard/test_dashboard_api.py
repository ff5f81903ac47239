"""GET /dashboard per role matches a direct SQL aggregate over the raw evaluations and analyses."""
import pytest
from sqlalchemy import text

from tests.factories import UserFactory, auth_headers

DIRECT = text("""
SELECT count(*) AS submitted,
       count(*) FILTER (WHERE e.status = 'completed') AS completed,
       count(*) FILTER (WHERE e.status = 'failed') AS failed,
       avg((a.operative_view -> 'IOC' ->> 'score')::float) AS ioc,
       avg((a.operative_view -> 'IRD' ->> 'score')::float) AS ird,
       avg((a.operative_view -> 'CES' ->> 'score')::float) AS ces,
       avg((a.operative_view ->> 'NPS_inferido')::float) AS nps,
       (100.0 * avg(CASE WHEN (a.operative_view -> 'calidad_basica' ->> 'saludo')::boolean THEN 1 ELSE 0 END)
         FILTER (WHERE a.operative_view IS NOT NULL))::float AS saludo,
       coalesce(sum(jsonb_array_length(a.operative_view -> 'verbatims' -> 'criticos')), 0) AS critical
FROM evaluations e LEFT JOIN evaluation_analysis a ON a.evaluation_id = e.id
WHERE e.deleted_at IS NULL AND e.company_id = ANY(:companies) AND e.campaign_id = ANY(:campaigns)
""")


def _direct(db_session, companies, campaigns):
    return db_session.execute(DIRECT, {"companies": companies, "campaigns": campaigns}).mappings().one()


def _assert_matches(body, direct):
    assert (body["submitted"], body["completed"], body["failed"]) == (direct["submitted"], direct["completed"],
                                                                       direct["failed"])
    for key, column in (("IOC", "ioc"), ("IRD", "ird"), ("CES", "ces"), ("NPS_inferido", "nps")):
        assert body["kpis"][key] == pytest.approx(direct[column], abs=0.01)
    assert body["quality"]["saludo"] == pytest.approx(direct["saludo"], abs=0.05)
    assert body["critical_verbatims"] == direct["critical"]


def _all_campaigns(world):
    return [c.id for c in world["campaigns"]]


def test_admin_dashboard_matches_raw_tables(client, db_session, generated):
    world = generated[0]
    admin = UserFactory(admin=True, company=world["company"])
    body = client.get("/api/v1/dashboard", headers=auth_headers(admin)).get_json()
    assert body["role"] == "admin"
    _assert_matches(body, _direct(db_session, [world["company"].id], _all_campaigns(world)))
    assert {c["id"] for c in body["by_campaign"]} == set(_all_campaigns(world))
    for row in body["by_campaign"]:
        _assert_matches(row, _direct(db_session, [world["company"].id], [row["id"]]))
    assert sum(z["submitted"] for z in body["by_zone"]) == body["submitted"]
    assert sum(s["submitted"] for s in body["leaderboard"]) == body["submitted"]
    assert all(q == "Me voy a la competencia" for item in body["top_critical"] for q in item["quotes"])


LEADERS = text("""
SELECT user_id, count(*) AS submitted, count(*) FILTER (WHERE status = 'completed') AS completed
FROM evaluations WHERE company_id = :c AND deleted_at IS NULL AND created_at >= :start AND created_at < :end
GROUP BY user_id ORDER BY completed DESC, submitted DESC, user_id
""")


@pytest.mark.parametrize("query,start,end", [("", "2000-01-01", "2100-01-01"),
                                             ("?date_from=2026-10-03&date_to=2026-10-12", "2026-10-03", "2026-10-13")])
def test_leaderboard_matches_raw_tables(client, db_session, generated, query, start, end):
    world = generated[0]
    admin = auth_headers(UserFactory(admin=True, company=world["company"]))
    body = client.get(f"/api/v1/dashboard{query}", headers=admin).get_json()
    expected = db_session.execute(LEADERS, {"c": world["company"].id, "start": start, "end": end}).all()
    assert [(r["user_id"], r["submitted"], r["completed"]) for r in body["leaderboard"]] == [tuple(r) for r in expected]


def test_manager_dashboard_covers_only_assigned_campaigns(client, db_session, generated):
    world = generated[0]
    body = client.get("/api/v1/dashboard", headers=auth_headers(world["manager"])).get_json()
    assert body["role"] == "manager"
    _assert_matches(body, _direct(db_session, [world["company"].id], [world["campaigns"][0].id]))
    assert [c["id"] for c in body["by_campaign"]] == [world["campaigns"][0].id]


def test_shopper_dashboard_counts_own_evaluations(client, generated):
    world = generated[0]
    shopper = world["shoppers"][0]
    mine = [e for e in world["evaluations"] if e.user_id == shopper.id]
    body = client.get("/api/v1/dashboard", headers=auth_headers(shopper)).get_json()
    assert body["role"] == "shopper"
    assert body["submitted"] == len(mine)
    assert body["completed"] == sum(e.status == "completed" for e in mine)
    assert {e["id"] for e in body["recent"]} <= {e.id for e in mine}


def test_superadmin_dashboard_lists_every_company(client, db_session, generated):
    body = client.get("/api/v1/dashboard", headers=auth_headers(UserFactory(superadmin=True))).get_json()
    rows = {c["id"]: c for c in body["companies"]}
    for world in generated:
        row = rows[world["company"].id]
        _assert_matches(row, _direct(db_session, [world["company"].id], _all_campaigns(world)))
        assert row["subscription_status"] == "active"


def test_period_filter_matches_raw_tables(client, db_session, generated):
    world = generated[0]
    admin = auth_headers(UserFactory(admin=True, company=world["company"]))
    body = client.get("/api/v1/dashboard?date_from=2026-10-05&date_to=2026-10-09", headers=admin).get_json()
    expected = db_session.execute(text(
        "SELECT count(*) FROM evaluations WHERE company_id = :c AND deleted_at IS NULL "
        "AND created_at >= '2026-10-05' AND created_at < '2026-10-10'"), {"c": world["company"].id}).scalar()
    assert body["submitted"] == expected


def test_weekly_nps_trend_matches_raw_tables(client, db_session, generated):
    world = generated[0]
    admin = auth_headers(UserFactory(admin=True, company=world["company"]))
    body = client.get("/api/v1/dashboard/trends?kpi=nps&interval=week", headers=admin).get_json()
    expected = db_session.execute(text("""
        SELECT date_trunc('week', e.created_at AT TIME ZONE 'UTC')::date AS period,
               avg((a.operative_view ->> 'NPS_inferido')::float) AS value
        FROM evaluations e JOIN evaluation_analysis a ON a.evaluation_id = e.id
        WHERE e.company_id = :c AND e.deleted_at IS NULL GROUP BY 1 ORDER BY 1"""), {"c": world["company"].id}).all()
    assert [p["period"] for p in body["series"]] == [str(row.period) for row in expected]
    assert [p["value"] for p in body["series"]] == pytest.approx([row.value for row in expected], abs=0.01)


def test_trends_are_for_staff_only(client, generated):
    shopper = generated[0]["shoppers"][0]
    assert client.get("/api/v1/dashboard/trends", headers=auth_headers(shopper)).status_code == 403
