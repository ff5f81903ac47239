"""With S3 storage (a real moto server, boto3), the report lands in the bucket and the link redirects to it."""
import pytest
import requests

from siete.media.storage import S3Storage
from tests.factories import auth_headers
from tests.fakes.s3 import REGION, MotoS3


@pytest.fixture
def s3_storage(app, monkeypatch):
    with MotoS3() as server:
        storage = S3Storage(server.new_bucket(), endpoint_url=server.endpoint_url, region=REGION,
                            **server.credentials)
        monkeypatch.setitem(app.extensions, "siete_storage", storage)
        yield storage


def test_the_download_link_redirects_to_a_short_lived_presigned_url(world, built, client, s3_storage):
    report = built(world["admin"], kind="evaluations_csv")
    answer = client.get(report["download_url"])
    assert answer.status_code == 302
    presigned = answer.headers["Location"]
    assert "X-Amz-Expires=" in presigned and int(presigned.split("X-Amz-Expires=")[1].split("&")[0]) <= 900
    body = requests.get(presigned, timeout=10).content
    assert body.decode("utf-8-sig").splitlines()[0].startswith("ID,Fecha,Campaña")
    stored = s3_storage.open(f"reports/{world['company'].id}/{report['id']}/{report['filename']}")
    assert stored.read() == body and len(body) == report["size_bytes"]
    stored.close()
    assert client.get(f"/api/v1/reports/{report['id']}", headers=auth_headers(world["admin"])).status_code == 200


def test_still_frames_are_read_from_the_bucket_through_a_presigned_url(world, built, client, s3_storage):
    from tests.factories import EvaluationAnalysisFactory, EvaluationFactory
    from tests.fakes.media import fixture_path
    from tests.reports.conftest import SUMMARY, operative_view
    from tests.reports.test_report_files import _text

    evaluation = EvaluationFactory(company=world["company"], campaign=world["campaign"], zone=world["zone"],
                                   user=world["shopper"], status="completed")
    with open(fixture_path("good_service"), "rb") as stream:
        s3_storage.save(evaluation.media_key, stream)
    quotes = ({"cita": "Buenos días", "inicio": 2.0, "fin": 3.0}, {"cita": "La tarjeta", "inicio": 30.0, "fin": 31.0},
              {"cita": "Gracias", "inicio": 45.0, "fin": 46.0})
    EvaluationAnalysisFactory(company=world["company"], evaluation=evaluation, executive_view=SUMMARY,
                              operative_view=operative_view(30, quotes))
    report = built(world["admin"], kind="evaluation_pdf", evaluation_id=evaluation.id)
    pdf = requests.get(client.get(report["download_url"]).headers["Location"], timeout=10).content
    text, reader = _text(pdf)
    assert "Momentos citados" in text and "00:45 «Gracias»" in text
    assert sum(len(page.images) for page in reader.pages) == 3
