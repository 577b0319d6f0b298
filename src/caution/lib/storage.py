"""Where private files (evidence, letter PDFs) are kept: a folder on this machine, or an
S3-compatible bucket shared by several machines (docs/operators/deployment.md).

Either way a file is never reachable but through the service's own pages, which check
who may see it and audit the access: the bucket is read with the service's credentials,
objects are stored without a public ACL, and no URL to one is ever made.
"""

from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

LOCAL = "local"
S3 = "s3"
# The only canned ACLs a private file may be stored with. None sends no ACL: the object is
# then private to the bucket's owner, and it is the one choice a bucket with ACLs disabled
# (AWS's default since 2023) accepts besides bucket-owner-full-control.
PRIVATE_ACLS = (None, "private", "bucket-owner-full-control")


def local_storage(folder: Path) -> dict:
    """The STORAGES entry for private files in `folder`."""
    return {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": folder},
    }


def s3_storage(
    *,
    bucket: str,
    endpoint_url: str = "",
    region: str = "",
    access_key: str = "",
    secret_key: str = "",
    acl: str = "",
    prefix: str = "",
) -> dict:
    """The STORAGES entry for private files in an S3-compatible bucket. Empty credentials
    leave them to boto3's own chain (the machine's instance role, ~/.aws)."""
    if not bucket:
        raise ImproperlyConfigured("CAUTION_STORAGE=s3 needs AWS_STORAGE_BUCKET_NAME.")
    if (acl or None) not in PRIVATE_ACLS:
        raise ImproperlyConfigured(
            f"AWS_DEFAULT_ACL must leave files private (empty, private or "
            f"bucket-owner-full-control), not {acl!r}."
        )
    return {
        "BACKEND": "caution.lib.s3.PrivateS3Storage",
        "OPTIONS": {
            "bucket_name": bucket,
            "endpoint_url": endpoint_url or None,
            "region_name": region or None,
            "access_key": access_key or None,
            "secret_key": secret_key or None,
            "default_acl": acl or None,
            "location": prefix.strip("/"),
            # As in a folder: a second file of the same name gets a name of its own, never
            # replacing the first (evidence is kept as it was received).
            "file_overwrite": False,
        },
    }


def private_storage(kind: str, *, folder: Path, **s3) -> dict:
    """The STORAGES entry CAUTION_STORAGE names."""
    if kind == LOCAL:
        return local_storage(folder)
    if kind == S3:
        return s3_storage(**s3)
    raise ImproperlyConfigured(f"CAUTION_STORAGE must be {LOCAL} or {S3}, not {kind!r}.")
