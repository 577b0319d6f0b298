"""Subject access in the browser: the data protection officer records a request from the
person's page, reviews the export's free text and confirms the review, downloads the
export as one zip, and sees the request answered."""

import datetime as dt
import json
import zipfile

import pytest
from playwright.sync_api import Page, expect
from tests.factories import make_caution, make_person, make_user

from caution.accounts.roles import Role
from caution.lib import clock
from e2e.steps import assert_accessible, fill_date, go_to, sign_in_as

pytestmark = pytest.mark.e2e


@pytest.fixture
def dpo(transactional_db):
    return make_user(Role.DATA_PROTECTION_OFFICER, first_name="Dana", last_name="Dee")


@pytest.fixture
def robert_smith(transactional_db):
    person = make_person("Robert", "Smith", born=dt.date(1975, 3, 14))
    make_caution(person, level="1", precautions="Visit in pairs")
    return person


def test_the_data_protection_officer_exports_a_persons_data_as_a_zip(
    page: Page, dpo, robert_smith, tmp_path
):
    sign_in_as(page, dpo)
    page.goto(f"/people/{robert_smith.id}/")
    page.get_by_role("link", name="Record a subject access request").click()
    assert_accessible(page)

    page.get_by_label("E-mail").check()
    fill_date(page, "Date received", clock.today() - dt.timedelta(days=3))
    page.get_by_role("button", name="Record the request").click()

    expect(page.get_by_role("heading", name="Subject access request")).to_be_visible()
    expect(page.get_by_text("Answer by", exact=True)).to_be_visible()
    assert_accessible(page)
    expect(page.get_by_text("replaced by roles (Officer A, Witness A)")).to_be_visible()
    expect(page.get_by_text("Pushed an officer at the front desk.").first).to_be_visible()
    page.get_by_label("I have read every passage").check()
    page.get_by_role("button", name="Confirm the review").click()
    expect(page.get_by_text("Review confirmed on")).to_be_visible()
    assert_accessible(page)
    with page.expect_download() as downloading:
        page.get_by_role("button", name="Download the export").click()
    download = downloading.value
    assert download.suggested_filename.startswith("subject-access-")
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)

    with zipfile.ZipFile(saved) as archive:
        assert {"summary.html", "summary.pdf", "data.json"} <= set(archive.namelist())
        data = json.loads(archive.read("data.json"))
    assert data["person"]["names"][0]["family_name"] == "Smith"
    assert data["cautions"][0]["precautions"] == "Visit in pairs"

    go_to(page, "Data protection")
    row = page.get_by_role("row").filter(has_text="Robert Smith")
    expect(row.get_by_text("Answered")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Due for deletion and legal holds").click()
    expect(page.get_by_role("heading", name="Due for deletion")).to_be_visible()
    assert_accessible(page)
