"""Every role signs in through the real sign-in page and checks the register before contact
(DESIGN.md §5 "need to know"): staff see the caution; a partner sees it only when it is
shared with their organisation."""

import pytest
from playwright.sync_api import expect
from tests.factories import cautioned, make_agreement, make_caution, make_person, make_user

from caution.accounts.models import Organisation
from caution.accounts.roles import Role
from e2e.steps import check, sign_in_as

pytestmark = pytest.mark.e2e

# Partners see only what is shared with them (below); a report-only user may not check
# (tests/accounts/test_report_only.py).
STAFF = [role for role in Role if role not in (Role.PARTNER, Role.REPORT_ONLY)]


@pytest.fixture(autouse=True)
def harborough(settings):
    """Harborough's policy, the default profile, lets councillors check the register."""
    settings.CAUTION_PROFILE = "harborough"


@pytest.fixture
def riverside_homes(transactional_db):
    homes = Organisation.objects.create(name="Riverside Homes", kind=Organisation.Kind.PARTNER)
    make_agreement(homes)
    return homes


@pytest.mark.parametrize("role", STAFF, ids=[role.value for role in STAFF])
def test_each_role_finds_robert_smith_when_asking_for_bob_smyth(page, role):
    cautioned("Robert", "Smith")
    sign_in_as(page, make_user(role))

    check(page, name="Bob Smyth")

    expect(page.get_by_role("heading", level=1)).to_have_text("Check results")
    expect(page.get_by_role("heading", level=2, name="Robert Smith")).to_be_visible()
    expect(page.get_by_text("Level 1: Violent")).to_be_visible()


@pytest.mark.parametrize("shared", [False, True], ids=["shared-with-nobody", "shared-elsewhere"])
def test_a_partner_is_told_no_caution_found_when_it_is_not_shared_with_them(
    page, riverside_homes, shared
):
    elsewhere = Organisation.objects.create(name="Northgate Repairs")
    make_caution(make_person("Robert", "Smith"), shared_with=[elsewhere] if shared else [])
    sign_in_as(page, make_user(Role.PARTNER, organisation=riverside_homes))

    check(page, name="Bob Smyth")

    expect(page.get_by_role("heading", name="No caution found")).to_be_visible()
    expect(page.get_by_text("Robert Smith")).to_have_count(0)


def test_a_partner_sees_a_caution_shared_with_their_organisation(page, riverside_homes):
    make_caution(make_person("Robert", "Smith"), shared_with=[riverside_homes])
    sign_in_as(page, make_user(Role.PARTNER, organisation=riverside_homes))

    check(page, name="Bob Smyth")

    expect(page.get_by_role("heading", level=2, name="Robert Smith")).to_be_visible()
    expect(page.get_by_text("Level 1: Violent")).to_be_visible()


def test_a_councillor_is_told_why_they_cannot_check_where_the_policy_says_so(page, settings):
    settings.CAUTION_PROFILE = "cheltenham"
    sign_in_as(page, make_user(Role.COUNCILLOR))

    page.goto("/check/")

    expect(page.get_by_role("heading", level=1)).to_have_text("You cannot check the register")
    expect(page.get_by_text("Councillors ask Democratic Services")).to_be_visible()
