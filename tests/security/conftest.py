"""The reporter's draft report, as the incidents tests make it, for the upload attacks."""

from tests.incidents.conftest import draft, robert

__all__ = ["draft", "robert"]
