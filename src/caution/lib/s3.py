"""The bucket for private files (lib/storage.py), kept apart so that an installation
storing them in a folder never imports boto3."""

from storages.backends.s3 import S3Storage


class PrivateS3Storage(S3Storage):
    """django-storages' S3 backend that never gives out a link to a file."""

    def url(self, name, parameters=None, expire=None, http_method=None) -> str:
        # A signed link would let whoever holds it read the file for its lifetime, past the
        # permission check and the audit of the download views.
        raise NotImplementedError("Private files are served by the service's own pages only.")
