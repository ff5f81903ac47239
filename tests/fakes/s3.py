"""A real S3-compatible server on 127.0.0.1 (moto's server mode), for tests that use the real boto3 client.

    with MotoS3() as s3:                      # random port, serves in a thread
        bucket = s3.new_bucket()              # a fresh, empty bucket per test
        storage = S3Storage(bucket, endpoint_url=s3.endpoint_url, region="us-east-1", **s3.credentials)
"""

from __future__ import annotations

import itertools
import logging
import socket
from typing import Self

from moto.server import ThreadedMotoServer

REGION = "us-east-1"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class MotoS3:
    """moto_server on a free loopback port; buckets are created in us-east-1."""

    def __init__(self):
        self.credentials = {"access_key_id": "test-access-key", "secret_access_key": "test-secret-key"}
        self.port = _free_port()
        self._server = ThreadedMotoServer(ip_address="127.0.0.1", port=self.port, verbose=False)
        self._names = itertools.count(1)

    def start(self) -> Self:
        logging.getLogger("werkzeug").setLevel(logging.WARNING)  # one access-log line per S3 call is noise
        self._server.start()
        return self

    def stop(self) -> None:
        self._server.stop()

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    @property
    def endpoint_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def client(self):
        """A plain boto3 client on the server, for setup and assertions."""
        import boto3

        return boto3.client("s3", endpoint_url=self.endpoint_url, region_name=REGION,
                            aws_access_key_id=self.credentials["access_key_id"],
                            aws_secret_access_key=self.credentials["secret_access_key"])

    def new_bucket(self) -> str:
        """Create and return a bucket no other test uses."""
        name = f"siete-test-{next(self._names)}"
        self.client().create_bucket(Bucket=name)
        return name
