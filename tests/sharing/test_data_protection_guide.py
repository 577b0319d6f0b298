"""The operators' data protection guide (docs/operators/data-protection.md, written from
the inventory and its template) says how partners are shared with: what an agreement
records, exactly what a partner sees, and how sharing ends. Its drift from the template is
tests/security/test_data_inventory.py's."""

import re
from pathlib import Path

import pytest

from caution.accounts.models import CLIENT_FIELDS, CLIENT_OPERATIONS, CLIENT_REPORT_FIELDS
from caution.register.alerts import FIELD_KEYS

ROOT = Path(__file__).resolve().parents[2]
GUIDE = ROOT / "docs/operators/data-protection.md"
CARD = ROOT / "src/caution/register/templates/register/_caution.html"


@pytest.fixture(scope="module")
def sharing() -> str:
    text = GUIDE.read_text()
    start = text.index("## Sharing with partners under agreements")
    return text[start : text.index("## Records of processing", start)]


def test_it_says_what_an_agreement_records(sharing):
    for term in ("lawful basis", "condition", "categories", "onward-disclosure rule",
                 "start, review and end dates", "signed document"):  # fmt: skip
        assert term in sharing


def test_it_names_every_row_of_the_check_card_a_partner_sees(sharing):
    rows = re.findall(r'summary-list__key">([^<]+)<', CARD.read_text())
    tags = re.findall(r'caution-tag">([^<{]+)<', CARD.read_text())
    assert rows and tags
    for label in (*rows, *tags):
        assert f"*{label}*" in sharing


def test_it_names_every_field_and_operation_a_partners_token_may_have(sharing):
    for code, _ in (*CLIENT_FIELDS, *CLIENT_OPERATIONS, *CLIENT_REPORT_FIELDS):
        assert f"`{code}`" in sharing
    for keys in FIELD_KEYS.values():
        for key in keys:
            assert f"`{key}`" in sharing


def test_it_says_how_sharing_ends(sharing):
    for term in ("At midnight after the end date", "The sweep", "Markers off",
                 "`marker.off`", "marker reference", "Onward disclosure", "Our looks"):  # fmt: skip
        assert term in sharing
