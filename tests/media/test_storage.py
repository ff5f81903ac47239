"""Storage contract, run against both backends: a local directory and a real S3 server (moto) via boto3."""
import hashlib
import io
import random
import urllib.request
from pathlib import Path

import pytest
from flask import Flask

from siete.media.storage import (
    PART_SIZE,
    LocalStorage,
    S3Storage,
    StorageConfigError,
    StorageKeyError,
    storage_from_config,
)
from siete.core.storage import get_storage
from tests.fakes.s3 import REGION, MotoS3

MB = 1024 * 1024


class GeneratedStream:
    """A readable stream of `size` pseudo-random bytes made on demand; it remembers its largest single read."""

    def __init__(self, size, seed=7, fail_after=None):
        self.remaining, self.size, self.fail_after = size, size, fail_after
        self.random = random.Random(seed)
        self.sha256 = hashlib.sha256()
        self.largest_read = 0

    def read(self, n=-1):
        if self.fail_after is not None and self.size - self.remaining >= self.fail_after:
            raise OSError("client disconnected")
        n = self.remaining if n is None or n < 0 else min(n, self.remaining)
        data = self.random.randbytes(n)
        self.remaining -= n
        self.sha256.update(data)
        self.largest_read = max(self.largest_read, n)
        return data


@pytest.fixture(scope="module")
def moto_s3():
    with MotoS3() as server:
        yield server


def _s3(moto_s3, tmp_path, **kwargs):
    return S3Storage(moto_s3.new_bucket(), endpoint_url=moto_s3.endpoint_url, region=REGION,
                     work_dir=tmp_path / "work", **moto_s3.credentials, **kwargs)


@pytest.fixture(params=["local", "s3"])
def storage(request, tmp_path):
    if request.param == "local":
        return LocalStorage(tmp_path / "media")
    return _s3(request.getfixturevalue("moto_s3"), tmp_path)


def _read_all(stream):
    with stream:
        return stream.read()


def test_save_open_exists_delete_round_trip(storage):
    key = "companies/1/evaluations/abc.mp4"
    assert not storage.exists(key)
    assert storage.save(key, io.BytesIO(b"video bytes")) == 11
    assert storage.exists(key)
    assert _read_all(storage.open(key)) == b"video bytes"
    storage.delete(key)
    assert not storage.exists(key)
    storage.delete(key)  # deleting what is gone is fine


def test_saving_again_replaces_the_content(storage):
    storage.save("a/b.bin", io.BytesIO(b"first version"))
    storage.save("a/b.bin", io.BytesIO(b"second"))
    assert _read_all(storage.open("a/b.bin")) == b"second"


def test_a_missing_key_is_file_not_found(storage):
    with pytest.raises(FileNotFoundError):
        storage.open("nowhere/x.mp4")
    with pytest.raises(FileNotFoundError), storage.local_copy("nowhere/x.mp4"):
        pass


UNSAFE_KEYS = ["../escape.mp4", "/etc/passwd", "a/../../b.mp4", "", "a\\..\\b.mp4", "a\x00b.mp4", None]
OPERATIONS = {
    "save": lambda s, k: s.save(k, io.BytesIO(b"x")),
    "open": lambda s, k: s.open(k),
    "exists": lambda s, k: s.exists(k),
    "delete": lambda s, k: s.delete(k),
    "url": lambda s, k: s.url(k),
    "local_copy": lambda s, k: s.local_copy(k).__enter__(),
}


@pytest.mark.parametrize("key", UNSAFE_KEYS)
@pytest.mark.parametrize("operation", sorted(OPERATIONS))
def test_keys_that_could_escape_the_root_are_refused(storage, key, operation):
    with pytest.raises(StorageKeyError):
        OPERATIONS[operation](storage, key)


def test_a_20_mb_stream_is_stored_without_reading_it_whole(storage):
    source = GeneratedStream(20 * MB)
    assert storage.save("big/recording.mp4", source) == 20 * MB
    assert source.largest_read <= PART_SIZE
    digest = hashlib.sha256()
    with storage.open("big/recording.mp4") as body:
        while chunk := body.read(MB):
            digest.update(chunk)
    assert digest.hexdigest() == source.sha256.hexdigest()


def test_a_stream_failing_midway_leaves_nothing_behind(storage):
    with pytest.raises(OSError):
        storage.save("broken/upload.mp4", GeneratedStream(20 * MB, fail_after=10 * MB))
    assert not storage.exists("broken/upload.mp4")
    if isinstance(storage, LocalStorage):
        assert not any(p.is_file() for p in storage.root.rglob("*"))
    else:
        assert storage.client.list_multipart_uploads(Bucket=storage.bucket).get("Uploads", []) == []


def test_local_copy_gives_a_readable_file(storage):
    storage.save("clips/a.mp4", io.BytesIO(b"frame data"))
    with storage.local_copy("clips/a.mp4") as path:
        assert Path(path).read_bytes() == b"frame data"
        assert Path(path).suffix == ".mp4"


def test_s3_local_copy_is_a_temp_file_in_the_work_dir_removed_after_use(moto_s3, tmp_path):
    storage = _s3(moto_s3, tmp_path)
    storage.save("clips/a.mp4", io.BytesIO(b"frame data"))
    with storage.local_copy("clips/a.mp4") as path:
        assert path.parent == tmp_path / "work" and path.exists()
    assert not path.exists()
    assert list((tmp_path / "work").iterdir()) == []


def test_s3_local_copy_is_removed_even_when_the_caller_fails(moto_s3, tmp_path):
    storage = _s3(moto_s3, tmp_path)
    storage.save("clips/a.mp4", io.BytesIO(b"frame data"))
    with pytest.raises(RuntimeError), storage.local_copy("clips/a.mp4") as path:
        raise RuntimeError("ffmpeg crashed")
    assert not path.exists()
    with pytest.raises(FileNotFoundError), storage.local_copy("clips/missing.mp4"):
        pass
    assert list((tmp_path / "work").iterdir()) == []


def test_local_copy_of_local_storage_is_the_file_itself(tmp_path):
    storage = LocalStorage(tmp_path)
    storage.save("x/y.mp4", io.BytesIO(b"data"))
    with storage.local_copy("x/y.mp4") as path:
        assert path == tmp_path / "x" / "y.mp4"
    assert path.exists()


def test_local_storage_has_no_url(tmp_path):
    assert LocalStorage(tmp_path).url("x/y.mp4") is None


def test_s3_presigned_url_downloads_with_plain_urllib(moto_s3, tmp_path):
    storage = _s3(moto_s3, tmp_path)
    storage.save("share/clip.mp4", io.BytesIO(b"shared bytes"), content_type="video/mp4")
    url = storage.url("share/clip.mp4", expires=60)
    assert url.startswith(f"{moto_s3.endpoint_url}/{storage.bucket}/share/clip.mp4?")  # path-style
    assert "X-Amz-Algorithm=AWS4-HMAC-SHA256" in url and "X-Amz-Expires=60" in url
    with urllib.request.urlopen(url, timeout=10) as response:
        assert response.read() == b"shared bytes"
        assert response.headers["Content-Type"] == "video/mp4"


def test_s3_url_defaults_to_the_configured_expiry(moto_s3, tmp_path):
    storage = _s3(moto_s3, tmp_path, url_expires=123)
    assert "X-Amz-Expires=123" in storage.url("any/key.mp4")


def test_r2_style_config_region_auto_with_an_endpoint(moto_s3, tmp_path):
    config = {"STORAGE_BACKEND": "s3", "S3_BUCKET": moto_s3.new_bucket(), "S3_ENDPOINT_URL": moto_s3.endpoint_url,
              "S3_REGION": "auto", "S3_ACCESS_KEY_ID": "k", "S3_SECRET_ACCESS_KEY": "s",
              "MEDIA_WORK_DIR": str(tmp_path), "MEDIA_URL_EXPIRES": 600}
    storage = storage_from_config(config)
    assert isinstance(storage, S3Storage) and storage.client.meta.region_name == "auto"
    storage.save("r2/object.txt", io.BytesIO(b"ok"))
    assert _read_all(storage.open("r2/object.txt")) == b"ok"


def test_region_auto_without_an_endpoint_is_left_to_boto3():
    storage = storage_from_config({"STORAGE_BACKEND": "s3", "S3_BUCKET": "b-aws", "S3_REGION": "auto"})
    assert storage.client.meta.region_name != "auto"


@pytest.mark.parametrize("config,message", [
    ({"STORAGE_BACKEND": "s3", "S3_BUCKET": None}, "S3_BUCKET"),
    ({"STORAGE_BACKEND": "gcs"}, "STORAGE_BACKEND"),
])
def test_a_misconfigured_backend_fails_clearly(config, message):
    with pytest.raises(StorageConfigError, match=message):
        storage_from_config({"MEDIA_ROOT": "/tmp/unused", **config})


def test_get_storage_is_built_once_per_app(tmp_path):
    app = Flask("storage-test")
    app.config.update(STORAGE_BACKEND="local", MEDIA_ROOT=tmp_path)
    with app.app_context():
        first = get_storage()
        assert isinstance(first, LocalStorage) and first.root == tmp_path
        assert get_storage() is first
    other = Flask("storage-test-2")
    other.config.update(STORAGE_BACKEND="s3", S3_BUCKET=None, MEDIA_ROOT=tmp_path)
    with other.app_context(), pytest.raises(StorageConfigError):
        get_storage()
