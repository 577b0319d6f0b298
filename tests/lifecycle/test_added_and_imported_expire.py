"""A caution added directly or imported expires as a decided one does: at its category's
period (002 §4.5.1) or at the profile's maximum from the date it was added (000 Appendix
10.2, partner-sourced 000 §8.6), and the daily sweep ends it on that date. Where the
profile sets no maximum (003 §10: Dover's alerts are reviewed, not expired) it keeps no
expiry."""

import datetime as dt
import io
from pathlib import Path

import pytest
from dateutil.relativedelta import relativedelta
from django.core.management import call_command

from caution.audit.models import AuditEvent
from caution.register.cautions import caution_add
from caution.register.cautions_expiry import cautions_expire
from caution.register.importing.writing import register_import
from caution.register.models import Caution
from tests.factories import make_person
from tests.lifecycle.conftest import on

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 12, 7)
HEADER = "Reference,Full name,Level,Date added\n"


@pytest.fixture(autouse=True)
def today():
    with on(TODAY):
        yield


def added(level: str = "1", **fields) -> Caution:
    return caution_add(person=make_person("Robert", "Smith"), level=level, by=None, **fields)


def register_file(tmp_path: Path, rows: str) -> Path:
    path = tmp_path / "register.csv"
    path.write_text(HEADER + rows)
    return path


def test_a_caution_added_directly_expires_three_years_after_it_was_added():
    """000 Appendix 10.2: "a maximum period of three years"."""
    caution = added(date_added=dt.date(2026, 3, 1))

    assert caution.expires_on == dt.date(2029, 3, 1)


def test_a_partners_caution_added_directly_expires_after_a_year_unless_level_1():
    """000 §8.6: taken from a partner's register, a year at most unless marker 1."""
    assert added("2", partner_sourced=True).expires_on == TODAY + relativedelta(years=1)
    assert added("1", partner_sourced=True).expires_on == TODAY + relativedelta(years=3)


def test_a_caution_added_with_a_category_expires_at_the_categorys_period(settings):
    """002 §4.5.1: verbal abuse 1 year, physical assault 4 years."""
    settings.CAUTION_PROFILE = "cheltenham"

    assert added("ABUSE", category="VERBAL_ABUSE").expires_on == TODAY + relativedelta(years=1)
    assert added("ASSAULT", category="ASSAULT").expires_on == TODAY + relativedelta(years=4)


def test_the_sweep_ends_an_added_caution_on_its_expiry_date():
    """000 Appendix 10.2: it comes off the register at the end of its period."""
    caution = added(date_added=dt.date(2024, 1, 10))

    assert cautions_expire(as_of=dt.date(2027, 1, 9)) == 0
    assert cautions_expire(as_of=dt.date(2027, 1, 10)) == 1
    caution.refresh_from_db()
    assert caution.status == Caution.Status.EXPIRED


def test_a_dover_alert_added_directly_keeps_no_expiry(settings):
    """003 §10: alerts have no expiry; they are reviewed every year."""
    settings.CAUTION_PROFILE = "dover"

    assert added("3").expires_on is None


def test_imported_rows_expire_at_the_maximum_from_their_date_added(tmp_path):
    """000 Appendix 10.2; the file says nothing of expiry, so each row gets the maximum."""
    path = register_file(tmp_path, "A1,Ann Lee,2,01/02/2026\nA2,Bob Stone,1,15/06/2022\n")

    report = register_import(path, by=None)

    expiry = dict(Caution.objects.values_list("person__reference", "expires_on"))
    assert expiry == {"A1": dt.date(2029, 2, 1), "A2": dt.date(2025, 6, 15)}
    assert (report.expiry_months, report.expired_already) == (36, 1)
    event = AuditEvent.objects.get(verb=AuditEvent.Verb.IMPORT)
    assert (event.details["expiry_months"], event.details["expired_already"]) == (36, 1)


def test_an_imported_row_past_its_maximum_ends_at_the_next_sweep(tmp_path):
    """000 Appendix 10.2: an entry added in 2022 is past its three years."""
    register_import(register_file(tmp_path, "A2,Bob Stone,1,15/06/2022\n"), by=None)

    assert cautions_expire(as_of=TODAY) == 1
    assert Caution.objects.get().status == Caution.Status.EXPIRED


def test_the_import_says_when_its_cautions_expire(tmp_path):
    """000 Appendix 10.2: the operator is told the expiry each row was given."""
    path = register_file(tmp_path, "A1,Ann Lee,2,01/02/2026\nA2,Bob Stone,1,15/06/2022\n")
    out = io.StringIO()

    call_command("import_register", path, stdout=out)

    assert (
        "Each caution expires 36 months after the date it was added, the longest this policy "
        "allows; 1 have reached it and end at the next sweep." in out.getvalue()
    )


def test_a_dover_import_keeps_review_only_alerts_and_says_nothing_of_expiry(tmp_path, settings):
    """003 §10: no expiry; reviewed every year."""
    settings.CAUTION_PROFILE = "dover"
    out = io.StringIO()

    call_command(
        "import_register", register_file(tmp_path, "D1,Ann Lee,3,01/02/2020\n"), stdout=out
    )

    assert Caution.objects.get().expires_on is None
    assert "expires" not in out.getvalue()
