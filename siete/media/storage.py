"""Where videos and extracted audio live: a local directory or an S3-compatible bucket (AWS S3, Cloudflare R2).

Both backends speak one small interface, so services and the pipeline never ask which one is configured:

    save(key, stream, content_type=None) -> bytes written   (streamed; never read whole)
    exists(key) -> bool        open(key) -> readable binary stream        delete(key)  (missing is fine)
    local_copy(key)            context manager yielding a filesystem path (S3: a temp file, always removed)
    url(key, expires=None)     presigned GET URL (S3) or None (local: the API streams the file itself)

Keys are relative POSIX paths; anything that could escape the root (absolute, `..`, empty) is refused.
A missing key raises FileNotFoundError from `open` and `local_copy` on both backends.
"""
import os
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path, PurePosixPath

CHUNK = 1024 * 1024
PART_SIZE = 8 * 1024 * 1024  # S3 multipart part size; memory stays near PART_SIZE * IN_MEMORY_PARTS
IN_MEMORY_PARTS = 4


class StorageKeyError(ValueError):
    """A key that could escape the storage root."""


class StorageConfigError(RuntimeError):
    """The configured backend cannot work (unknown name, no bucket): a deployment error, found at first use."""


def _safe_key(key):
    if not isinstance(key, str) or not key or "\x00" in key or "\\" in key:
        raise StorageKeyError(f"unsafe storage key: {key!r}")
    path = PurePosixPath(key)
    if path.is_absolute() or ".." in path.parts or not path.parts:
        raise StorageKeyError(f"unsafe storage key: {key!r}")
    return str(path)


class LocalStorage:
    """Files under one root directory; writes go to a temp name first so readers never see half a file."""

    def __init__(self, root):
        self.root = Path(root)

    def path(self, key):
        return self.root / _safe_key(key)

    def save(self, key, stream, content_type=None):
        """Copy a readable stream to `key` in fixed-size chunks; returns the byte count."""
        target = self.path(key)
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(target.name + ".part")
        try:
            with open(partial, "wb") as out:
                shutil.copyfileobj(stream, out, CHUNK)
            os.replace(partial, target)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
        return target.stat().st_size

    def exists(self, key):
        return self.path(key).is_file()

    def open(self, key):
        return open(self.path(key), "rb")

    def delete(self, key):
        self.path(key).unlink(missing_ok=True)

    @contextmanager
    def local_copy(self, key):
        """The file itself: nothing to copy or clean up."""
        path = self.path(key)
        if not path.is_file():
            raise FileNotFoundError(f"no stored file {key!r}")
        yield path

    def url(self, key, expires=None):
        """None: local files have no public URL, the API streams them (the key is still checked)."""
        _safe_key(key)


class _CountingReader:
    """Read-only view of a stream that counts bytes; hiding seek() keeps s3transfer reading it part by part."""

    def __init__(self, stream):
        self._stream = stream
        self.count = 0

    def read(self, size=-1):
        data = self._stream.read(size)
        self.count += len(data)
        return data

    def readable(self):
        return True


class S3Storage:
    """Objects in one bucket of AWS S3 or an S3-compatible store (Cloudflare R2 via `endpoint_url`, region auto)."""

    def __init__(self, bucket, *, endpoint_url=None, region=None, access_key_id=None, secret_access_key=None,
                 work_dir=None, url_expires=900, client=None):
        if not bucket:
            raise StorageConfigError("S3 storage needs a bucket (S3_BUCKET or R2_BUCKET)")
        self.bucket = bucket
        self.work_dir = Path(work_dir) if work_dir else None
        self.url_expires = url_expires
        self.client = client or _s3_client(endpoint_url, region, access_key_id, secret_access_key)

    def _transfer_config(self):
        from boto3.s3.transfer import TransferConfig

        config = TransferConfig(multipart_threshold=PART_SIZE, multipart_chunksize=PART_SIZE,
                                max_concurrency=IN_MEMORY_PARTS)
        config.max_in_memory_upload_chunks = IN_MEMORY_PARTS  # s3transfer knob boto3 does not expose
        return config

    def save(self, key, stream, content_type=None):
        """Stream to `key` (multipart above PART_SIZE, aborted on failure); returns the byte count."""
        reader = _CountingReader(stream)
        extra = {"ContentType": content_type} if content_type else None
        self.client.upload_fileobj(reader, self.bucket, _safe_key(key), ExtraArgs=extra,
                                   Config=self._transfer_config())
        return reader.count

    def exists(self, key):
        from botocore.exceptions import ClientError

        try:
            self.client.head_object(Bucket=self.bucket, Key=_safe_key(key))
        except ClientError as exc:
            if _is_missing(exc):
                return False
            raise
        return True

    def open(self, key):
        """A streaming body (read(n), iter_chunks(), close()); nothing is buffered up front."""
        from botocore.exceptions import ClientError

        try:
            return self.client.get_object(Bucket=self.bucket, Key=_safe_key(key))["Body"]
        except ClientError as exc:
            if _is_missing(exc):
                raise FileNotFoundError(f"no stored object {key!r}") from exc
            raise

    def delete(self, key):
        self.client.delete_object(Bucket=self.bucket, Key=_safe_key(key))

    @contextmanager
    def local_copy(self, key):
        """Download to a temp file (MEDIA_WORK_DIR or the system temp dir) that is removed on exit, error or not."""
        from botocore.exceptions import ClientError

        safe = _safe_key(key)
        if self.work_dir:
            self.work_dir.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(prefix="siete-", suffix=PurePosixPath(safe).suffix,
                                    dir=str(self.work_dir) if self.work_dir else None)
        os.close(fd)
        path = Path(name)
        try:
            try:
                self.client.download_file(self.bucket, safe, name)
            except ClientError as exc:
                if _is_missing(exc):
                    raise FileNotFoundError(f"no stored object {key!r}") from exc
                raise
            yield path
        finally:
            path.unlink(missing_ok=True)

    def url(self, key, expires=None):
        """A presigned GET URL valid for `expires` seconds (default MEDIA_URL_EXPIRES)."""
        return self.client.generate_presigned_url(
            "get_object", Params={"Bucket": self.bucket, "Key": _safe_key(key)},
            ExpiresIn=int(expires or self.url_expires))


def _is_missing(exc):
    error = exc.response.get("Error", {})
    return error.get("Code") in ("404", "NoSuchKey", "NotFound") or \
        exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode") == 404


def _s3_client(endpoint_url, region, access_key_id, secret_access_key):
    """boto3 S3 client: signature v4; path-style addressing for custom endpoints (R2, MinIO); bounded retries."""
    import boto3
    from botocore.config import Config

    if region == "auto" and not endpoint_url:
        region = None  # "auto" is R2's region; on AWS let boto3 use AWS_DEFAULT_REGION or its default
    config = Config(signature_version="s3v4", connect_timeout=10, read_timeout=60,
                    retries={"max_attempts": 5, "mode": "standard"},
                    s3={"addressing_style": "path" if endpoint_url else "auto"})
    return boto3.client("s3", endpoint_url=endpoint_url, region_name=region, aws_access_key_id=access_key_id,
                        aws_secret_access_key=secret_access_key, config=config)


def storage_from_config(config):
    """Build the backend a configuration mapping names (STORAGE_BACKEND = local | s3)."""
    backend = (config.get("STORAGE_BACKEND") or "local").lower()
    if backend == "local":
        return LocalStorage(config["MEDIA_ROOT"])
    if backend == "s3":
        if not config.get("S3_BUCKET"):
            raise StorageConfigError("STORAGE_BACKEND=s3 needs S3_BUCKET (or R2_BUCKET) to be set")
        return S3Storage(config["S3_BUCKET"], endpoint_url=config.get("S3_ENDPOINT_URL"),
                         region=config.get("S3_REGION"), access_key_id=config.get("S3_ACCESS_KEY_ID"),
                         secret_access_key=config.get("S3_SECRET_ACCESS_KEY"),
                         work_dir=config.get("MEDIA_WORK_DIR"), url_expires=config.get("MEDIA_URL_EXPIRES", 900))
    raise StorageConfigError(f"STORAGE_BACKEND must be 'local' or 's3', not {backend!r}")
