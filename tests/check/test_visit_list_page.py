"""Staff without a system that asks for them paste or upload a day's visits and see the
flagged ones (issue 14); bad rows are named in the error summary and nothing is checked."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from caution.audit.models import AuditEvent
from caution.people.actions import AddressInput
from tests.factories import cautioned

pytestmark = pytest.mark.django_db
URL = reverse("register:visits")
LIST = (
    "Job reference,Name,Date of birth,Address,Postcode,UPRN\n"
    "R-1001,,,,,200003741234\n"
    "R-1002,Nobody Atall,,,LE16 9AA,\n"
)


@pytest.fixture
def robert(db):
    home = AddressInput("12 High Street", "", "Market Harborough", "LE16 7AG", "200003741234")
    return cautioned("Robert", "Smith", born=dt.date(1975, 3, 14), address=home)


def test_a_pasted_list_shows_the_flagged_visits_with_their_precautions(client, reporter, robert):
    client.force_login(reporter)
    page = client.post(URL, {"visits": LIST}).content.decode()
    assert "2 visits checked: 1 with a caution" in page
    flagged = page.split("Visits with a caution")[1].split("</table>")[0]
    assert "Job R-1001" in flagged
    assert "Robert Smith" in flagged
    assert "Visit in pairs" in flagged
    assert "Job R-1002" not in flagged


def test_rows_copied_from_a_spreadsheet_are_read_by_their_tabs(client, reporter, robert):
    client.force_login(reporter)
    pasted = "Job reference\tUPRN\nR-1001\t200003741234\n"
    page = client.post(URL, {"visits": pasted}).content.decode()
    assert "1 visit checked: 1 with a caution" in page


def test_an_uploaded_csv_is_checked_as_a_pasted_one(client, reporter, robert):
    client.force_login(reporter)
    upload = SimpleUploadedFile("visits.csv", LIST.encode("cp1252"), "text/csv")
    page = client.post(URL, {"file": upload}).content.decode()
    assert "2 visits checked: 1 with a caution" in page


def test_each_visit_is_audited_as_a_check_with_its_job_reference(client, reporter, robert):
    client.force_login(reporter)
    client.post(URL, {"visits": LIST})
    events = AuditEvent.objects.filter(verb=AuditEvent.Verb.CHECK, actor=reporter)
    assert sorted(event.details["job_reference"] for event in events) == ["R-1001", "R-1002"]


def test_bad_rows_are_named_in_the_error_summary_and_nothing_is_checked(client, reporter):
    client.force_login(reporter)
    bad = "Job reference,Name,Postcode\nR-1,Ann Other,nonsense\nR-2,,\n"
    page = client.post(URL, {"visits": bad}).content.decode()
    summary = page.split("govuk-error-summary__list")[1].split("</ul>")[0]
    assert "Row 2 (job R-1): Enter a real postcode, like LE16 7AG" in summary
    assert "Row 3 (job R-2): Enter at least one thing to search for, such as a name" in summary
    assert 'href="#id_visits"' in summary
    assert not AuditEvent.objects.filter(verb=AuditEvent.Verb.CHECK).exists()


def test_a_list_without_a_heading_row_we_know_is_refused(client, reporter):
    client.force_login(reporter)
    page = client.post(URL, {"visits": "R-1,Robert Smith\n"}).content.decode()
    assert "No column heading was recognised" in page


def test_a_file_that_is_not_text_is_refused(client, reporter):
    client.force_login(reporter)
    upload = SimpleUploadedFile("visits.csv", b"\x89PNG\r\n\x1a\n\x00\x00", "text/csv")
    page = client.post(URL, {"file": upload}).content.decode()
    assert "The selected file must be a CSV file" in page


def test_nothing_pasted_or_uploaded_asks_for_the_list(client, reporter):
    client.force_login(reporter)
    page = client.post(URL, {"visits": ""}).content.decode()
    assert "Paste the visit list or choose a CSV file" in page


@override_settings(CAUTION_PROFILE="cheltenham")
def test_002_a_councillor_is_sent_to_democratic_services_for_a_visit_list(client, councillor):
    """002 §3.2: councillors ask Democratic Services to check the register for them."""
    client.force_login(councillor)
    response = client.post(URL, {"visits": LIST})
    assert response.status_code == 403
    assert "Democratic Services" in response.content.decode()
    assert not AuditEvent.objects.filter(verb=AuditEvent.Verb.CHECK).exists()
