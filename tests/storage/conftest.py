"""Private files in an S3-compatible bucket, on moto's server on loopback."""

from tests.incidents.conftest import draft, robert  # noqa: F401 (fixtures)
from tests.outbox.conftest import smtp  # noqa: F401 (fixture)
from tests.s3_server import private_files_in_s3, s3_bucket, s3_server  # noqa: F401 (fixtures)
