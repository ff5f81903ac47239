"""The OpenAPI document is valid OAS 3.0 and says what the API does (sort whitelists, nullable figures)."""
from openapi_spec_validator import OpenAPIV30SpecValidator


def _spec(client):
    return client.get("/api/v1/openapi.json").get_json()


def test_the_openapi_document_validates(client):
    errors = [f"{list(e.absolute_path)}: {e.message[:200]}" for e in OpenAPIV30SpecValidator(_spec(client)).iter_errors()]
    assert errors == []


def test_the_upload_is_one_multipart_request_body(client):
    operation = _spec(client)["paths"]["/api/v1/evaluations"]["post"]
    assert "parameters" not in operation or all(p["in"] != "formData" for p in operation["parameters"])
    body = operation["requestBody"]["content"]["multipart/form-data"]["schema"]
    ref = body["$ref"].rsplit("/", 1)[-1]
    fields = _spec(client)["components"]["schemas"][ref]["properties"]
    assert {"campaign_id", "zone_id", "answers", "video"} <= set(fields)


def test_sort_whitelists_and_date_rules_are_documented(client):
    params = {p["name"]: p for p in _spec(client)["paths"]["/api/v1/evaluations"]["get"]["parameters"]}
    assert "`status`" in params["sort"]["description"] and "Default: `-created_at`" in params["sort"]["description"]
    assert "not before date_from" in params["date_to"]["description"]
    assert params["date_to"]["schema"]["format"] == "date"


def test_goal_pct_is_documented_as_nullable(client):
    schemas = _spec(client)["components"]["schemas"]
    nullable = [name for name, schema in schemas.items() if schema.get("properties", {}).get("goal_pct", {}).get("nullable")]
    assert nullable


def test_an_empty_put_is_a_field_error(client):
    from tests.factories import UserFactory, ZoneFactory, auth_headers

    admin = UserFactory(admin=True)
    zone = ZoneFactory(company=admin.company)
    response = client.put(f"/api/v1/zones/{zone.id}", headers=auth_headers(admin))
    assert response.status_code == 422
    assert "A JSON body is required" in str(response.get_json()["errors"])
    assert client.put(f"/api/v1/zones/{zone.id}", headers=auth_headers(admin), json={"name": "Zona Este"}).status_code == 200


def test_an_unknown_sort_field_is_refused_with_the_whitelist(client):
    from tests.factories import UserFactory, auth_headers

    response = client.get("/api/v1/zones?sort=-secret", headers=auth_headers(UserFactory(admin=True)))
    assert response.status_code == 422
    assert "Allowed:" in str(response.get_json()["errors"]["query"]["sort"])
