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
