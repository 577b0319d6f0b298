"""Letters in the browser: the register officer sends the drafted letter for sign-off, the
signatory signs it, which issues it, and the PDF kept on file is downloaded."""

from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect
from tests.factories import make_user
from tests.letters.conftest import decided

from caution.accounts.roles import Role
from caution.letters.models import Letter
from e2e.steps import assert_accessible, go_to, sign_in_as, sign_out

pytestmark = pytest.mark.e2e


@pytest.fixture
def case(transactional_db, settings, tmp_path):
    """Seed 002: a caution decided by a manager; the CSSM signs its letters (§3.4)."""
    settings.CAUTION_PROFILE = "cheltenham"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {**settings.STORAGES["default"], "OPTIONS": {"location": tmp_path}},
    }
    return decided("cheltenham")


def test_a_letter_is_signed_off_issued_and_downloaded(page: Page, case, tmp_path):
    sign_in_as(page, case.officer)
    go_to(page, "Letters")
    page.get_by_role("link", name="Gary Pratt").click()
    expect(page.get_by_role("heading", name="Restrictions letter")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Send for sign-off").click()
    expect(page.get_by_text("The letter has been sent for sign-off.")).to_be_visible()
    sign_out(page)

    sign_in_as(page, case.signatory)
    page.goto(f"/letters/{case.letter.id}/")
    page.get_by_role("button", name="Sign and issue the letter").click()
    expect(page.get_by_text("The letter is signed and issued.")).to_be_visible()
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the letter (PDF)").click()
    saved = tmp_path / "letter.pdf"
    download.value.save_as(saved)

    assert Path(saved).read_bytes().startswith(b"%PDF")
    assert Letter.objects.get(id=case.letter.id).status == "issued"


def test_an_administrator_sees_the_template_preview_change_as_they_type(
    page: Page, transactional_db, settings
):
    settings.CAUTION_PROFILE = "harborough"
    administrator = make_user(Role.ADMINISTRATOR, first_name="Ada")
    sign_in_as(page, administrator)
    go_to(page, "Letter templates")
    page.goto(reverse("letters:template", args=["caution"]))

    page.get_by_label("Letter template").fill("<p>Dear {{ person_name }}, a short letter.</p>")

    preview = page.locator("#preview")
    expect(preview).to_contain_text("Dear Sam Sample, a short letter.")
    expect(preview).to_contain_text("cannot be issued")
    assert_accessible(page)
