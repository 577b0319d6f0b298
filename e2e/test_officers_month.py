"""The officers' month in the browser (issue 12), on a desktop (1280 px) and a phone
(390 px): the register officer works the dashboard and a queue in full, goes from a name
to the person's record and on to each caution and back, and a manager decides a report
through the question pages. axe-core checks every page on the way.

With CAUTION_WRITE_SCREENSHOTS=1 the pages the user guides show are written to
docs/images/ (an ordinary run never rewrites them)."""

import datetime as dt
import os
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect
from tests.factories import make_caution, make_person, make_user

from caution.accounts.roles import Role
from caution.lib import clock
from caution.register.models import Caution
from e2e.conftest import TIMEOUT_MS
from e2e.steps import assert_accessible, check, sign_in_as
from e2e.test_journey import assessed, decide_a_caution_through_the_questions, submitted_report

pytestmark = pytest.mark.e2e

IMAGES = Path(__file__).resolve().parent.parent / "docs" / "images"
WIDTHS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


@pytest.fixture(params=list(WIDTHS))
def screen(request, browser, warm_live_server):
    """A tab at a desktop's width or a phone's, and the name of the size."""
    context = browser.new_context(base_url=warm_live_server.url, viewport=WIDTHS[request.param])
    context.set_default_timeout(TIMEOUT_MS)
    yield context.new_page(), request.param
    context.close()


def keep(page: Page, name: str, size: str) -> None:
    """The page as the user guides show it, when screenshots are asked for."""
    if os.environ.get("CAUTION_WRITE_SCREENSHOTS") != "1":
        return
    page.evaluate("document.activeElement && document.activeElement.blur()")
    suffix = "-phone" if size == "phone" else ""
    page.screenshot(path=IMAGES / f"{name}{suffix}.png", full_page=True, caret="hide")


@pytest.fixture
def harborough(settings, transactional_db):
    settings.CAUTION_PROFILE = "harborough"


@pytest.fixture
def cheltenham(settings, transactional_db):
    settings.CAUTION_PROFILE = "cheltenham"


def reviews_overdue(count: int) -> None:
    for number in range(count):
        caution = make_caution(make_person("Pat", f"Overdue{number:02d}"), level="2")
        Caution.objects.filter(id=caution.id).update(
            next_review=clock.today() - dt.timedelta(days=count - number)
        )


def test_the_register_officer_works_the_dashboard_and_a_queue_in_full(screen, harborough):
    page, size = screen
    reviews_overdue(30)
    sign_in_as(page, make_user(Role.REGISTER_OFFICER, first_name="Regan", last_name="Officer"))

    page.goto("/dashboard/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Dashboard")
    reviews = page.get_by_role("heading", name="Reviews due")
    expect(reviews).to_contain_text("(30)")
    assert_accessible(page)
    keep(page, "dashboard-officer", size)

    page.get_by_role("link", name="See all 30 reviews due").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Reviews due")
    pages = page.get_by_role("navigation", name="Pages of reviews due")
    expect(pages).to_be_visible()
    expect(page.get_by_role("main")).to_contain_text("Pat Overdue00")
    assert_accessible(page)
    keep(page, "queue-reviews", size)

    pages.get_by_role("link", name="Next page").click()
    expect(page.get_by_role("main")).to_contain_text("Pat Overdue29")
    assert_accessible(page)


def test_from_a_name_to_each_caution_and_back(screen, harborough):
    page, size = screen
    officer = make_user(Role.REGISTER_OFFICER, first_name="Regan", last_name="Officer")
    person = make_person("Leanne", "Hughes", born=dt.date(1988, 2, 1))
    make_caution(person, level="2", precautions="Meet in an interview room with a colleague")
    ended = make_caution(person, level="3")
    Caution.objects.filter(id=ended.id).update(
        status=Caution.Status.REMOVED, ended_on=timezone.localdate(), ended_reason="Reviewed"
    )
    report = submitted_report(make_user(Role.REPORTER), category="VIOLENCE")
    report.person = person
    report.save(update_fields=["person"])
    sign_in_as(page, officer)

    # From the check, the officer holding her appeal letter opens her full record.
    check(page, name="Leanne Hughes")
    page.get_by_role("link", name="Full record of Leanne Hughes").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Leanne Hughes")
    record = page.get_by_role("main")
    expect(record.get_by_role("link", name="Caution: level 2")).to_be_visible()
    expect(record.get_by_role("link", name="Caution: level 3")).to_be_visible()
    expect(page.get_by_role("table", name="Reports and contacts")).to_contain_text(report.reference)
    expect(record.get_by_role("link", name="Record an appeal").first).to_be_visible()
    assert_accessible(page)
    keep(page, "person", size)

    record.get_by_role("link", name="Caution: level 2").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Caution: level 2")
    assert_accessible(page)
    page.get_by_role("link", name="Leanne Hughes").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Leanne Hughes")


def test_a_manager_decides_through_the_question_pages(screen, cheltenham):
    page, size = screen
    report = assessed(
        submitted_report(make_user(Role.REPORTER), category="ASSAULT"),
        make_user(Role.MANAGER),
        level="ASSAULT",
    )
    sign_in_as(page, make_user(Role.MANAGER, first_name="Max", last_name="Decider"))
    page.goto("/dashboard/")
    page.get_by_role("link", name="Decide on the report about Robert Smith").click()
    keep(page, "decision-start", size)

    decide_a_caution_through_the_questions(page, keep=lambda name: keep(page, name, size))

    expect(page.get_by_text("The decision has been recorded")).to_be_visible()
    expect(page.get_by_role("main")).to_contain_text("Caution, level ASSAULT")
    assert report.decisions.get().caution.restriction_set.count() == 1
