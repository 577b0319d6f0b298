"""An S3-compatible server on loopback (moto's server mode), for the tests that keep
private files in a bucket: the real S3 protocol over HTTP, as django-storages speaks it to
AWS, MinIO or Ceph. Used by tests/storage/."""

import dataclasses
import hashlib
import uuid

import boto3
import pytest

from caution.lib.storage import s3_storage

REGION = "eu-west-2"
# moto accepts any credentials; these are only what the service would be given.
ACCESS_KEY = "test-access-key"
SECRET_KEY = "test-secret-key"


@dataclasses.dataclass(frozen=True)
class Bucket:
    """A bucket on the loopback server, as the operator's settings name it."""

    endpoint_url: str
    name: str

    def client(self):
        return boto3.client(
            "s3",
            endpoint_url=self.endpoint_url,
            region_name=REGION,
            aws_access_key_id=ACCESS_KEY,
            aws_secret_access_key=SECRET_KEY,
        )

    def storage(self) -> dict:
        """The STORAGES entry the settings make of CAUTION_STORAGE=s3."""
        return s3_storage(
            bucket=self.name,
            endpoint_url=self.endpoint_url,
            region=REGION,
            access_key=ACCESS_KEY,
            secret_key=SECRET_KEY,
        )

    def environment(self) -> dict[str, str]:
        """The same, as the environment of a `caution` process."""
        return {
            "CAUTION_STORAGE": "s3",
            "AWS_STORAGE_BUCKET_NAME": self.name,
            "AWS_S3_ENDPOINT_URL": self.endpoint_url,
            "AWS_S3_REGION_NAME": REGION,
            "AWS_ACCESS_KEY_ID": ACCESS_KEY,
            "AWS_SECRET_ACCESS_KEY": SECRET_KEY,
        }

    def read(self, key: str) -> bytes:
        return self.client().get_object(Bucket=self.name, Key=key)["Body"].read()

    def keys(self) -> list[str]:
        pages = self.client().get_paginator("list_objects_v2").paginate(Bucket=self.name)
        return sorted(item["Key"] for page in pages for item in page.get("Contents", []))

    def hashes(self) -> dict[str, str]:
        """Every object in the bucket, with its SHA-256."""
        return {key: hashlib.sha256(self.read(key)).hexdigest() for key in self.keys()}


@pytest.fixture(scope="session")
def s3_server():
    """The server's address, started once for the session on a free loopback port."""
    # Imported here: moto's server brings Flask, which only these tests need.
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def s3_bucket(s3_server) -> Bucket:
    """An empty bucket of the test's own."""
    bucket = Bucket(s3_server, f"caution-{uuid.uuid4().hex[:12]}")
    bucket.client().create_bucket(
        Bucket=bucket.name, CreateBucketConfiguration={"LocationConstraint": REGION}
    )
    return bucket


@pytest.fixture
def private_files_in_s3(settings, s3_bucket) -> Bucket:
    """The service keeps its private files in the test's bucket (CAUTION_STORAGE=s3)."""
    settings.STORAGES = {**settings.STORAGES, "default": s3_bucket.storage()}
    return s3_bucket
