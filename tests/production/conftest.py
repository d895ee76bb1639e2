"""A real S3 API for the object storage tests: moto's server, started on a free port."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from moto.server import ThreadedMotoServer

from network.env import storage_from_url

BUCKET = "reseau-fichiers"
KEYS = {"AWS_ACCESS_KEY_ID": "essai", "AWS_SECRET_ACCESS_KEY": "secret-essai"}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="session")
def s3_endpoint() -> Iterator[str]:
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


@pytest.fixture
def s3_client(s3_endpoint: str) -> Any:
    return boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        region_name="us-east-1",
        aws_access_key_id=KEYS["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=KEYS["AWS_SECRET_ACCESS_KEY"],
    )


@pytest.fixture
def bucket(s3_endpoint: str, s3_client: Any, settings: Any, tmp_path: Any) -> Iterator[str]:
    """An empty private bucket that the platform's files go to (STORAGE_URL), and a media
    folder that must stay empty."""
    s3_client.create_bucket(Bucket=BUCKET)
    url = f"s3://{BUCKET}/fichiers?endpoint_url={s3_endpoint}&region_name=us-east-1"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": storage_from_url(environ={"STORAGE_URL": url, **KEYS}),
    }
    settings.MEDIA_ROOT = tmp_path / "media"
    yield BUCKET
    for item in s3_client.list_objects_v2(Bucket=BUCKET).get("Contents", []):
        s3_client.delete_object(Bucket=BUCKET, Key=item["Key"])
    s3_client.delete_bucket(Bucket=BUCKET)
