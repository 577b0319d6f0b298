"""A disputed identity, in the browser (issue 16, item 3): the register officer raises a
dispute from the person's record, the check's card says plainly to confirm who you are
dealing with, and once the dispute is resolved the warning goes. axe finds nothing on any
of the pages on the way."""

import datetime as dt

import pytest
from playwright.sync_api import expect
from tests.factories import cautioned, make_user

from caution.accounts.roles import Role
from e2e.steps import assert_accessible, check, sign_in_as

pytestmark = pytest.mark.e2e
WARNING = "Identity disputed: confirm who you are dealing with before relying on this"


def test_a_disputed_identity_shows_in_the_check_until_it_is_resolved(page, transactional_db):
    robert = cautioned("Robert", "Smith", born=dt.date(1975, 3, 14))
    officer = make_user(Role.REGISTER_OFFICER)
    sign_in_as(page, officer)

    page.goto(f"/people/{robert.id}/")
    page.get_by_role("link", name="Dispute who this person is").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Dispute who this person is")
    page.get_by_role("button", name="Raise the dispute").click()
    expect(page.get_by_text("There is a problem")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("What does the person or officer say is wrong?").fill(
        "Says he is Robert Smith's brother, who has the same name"
    )
    page.get_by_role("button", name="Raise the dispute").click()
    expect(page.get_by_text("The dispute is raised")).to_be_visible()
    assert_accessible(page)

    check(page, name="Robert Smith")
    card = page.get_by_role("region", name="Robert Smith")
    expect(card.get_by_text(WARNING)).to_be_visible()
    assert_accessible(page)

    page.goto(f"/people/{robert.id}/")
    page.get_by_role("link", name="Resolve the dispute").click()
    assert_accessible(page)
    page.get_by_label("Confirmed: the same person").check()
    page.get_by_label("How the identity was confirmed or corrected").fill(
        "Date of birth and address checked with him at the counter"
    )
    page.get_by_role("button", name="Resolve the dispute").click()
    expect(page.get_by_text("The dispute is resolved.")).to_be_visible()

    check(page, name="Robert Smith")
    expect(page.get_by_role("heading", level=2, name="Robert Smith")).to_be_visible()
    expect(page.get_by_text(WARNING)).to_have_count(0)
