"""A council takes its register back out, in the columns the import reads."""

import csv
import io

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.urls import reverse

from caution.audit.models import AuditEvent
from caution.audit.operator import CommandLineOperator
from caution.people.models import Person
from caution.register.importing.exporting import register_export
from caution.register.models import Caution

pytestmark = pytest.mark.django_db

REGISTER = (
    "Reference,Given name,Family name,Aliases,Date of birth,Address line 1,Town,Postcode,"
    "Phone,E-mail,Level,Precautions,Restrictions,Reporting service,Key contact,Notified,"
    "Date added,Last reviewed,Incident summary\n"
    "HDC-001,Renée,Smith,Bob Smith,1975-03-14,12 High Street,Market Harborough,LE16 7AG,"
    "+44 7700 900123,bob@example.com,1,Visit in pairs,Writing only,Housing,Jane Doe,yes,"
    '2026-02-01,2026-05-01,=HYPERLINK("http://x")\n'
    "HDC-002,Mary,Smith,,1980-01-02,12 High St,Market Harborough,le16 7ag,,,3,,,"
    "Customer Services,John Roe,no,2026-03-01,,\n"
)


def exported() -> list[dict]:
    out = io.StringIO()
    register_export(out, by=CommandLineOperator())
    return list(csv.DictReader(io.StringIO(out.getvalue())))


def register_snapshot() -> list[tuple]:
    rows = []
    for caution in Caution.objects.select_related("person").order_by("person__reference"):
        person = caution.person
        rows.append(
            (
                person.reference,
                sorted((n.kind, n.given_names, n.family_name) for n in person.names.all()),
                person.date_of_birth,
                sorted((a.address.line1, a.address.postcode) for a in person.address_links.all()),
                sorted((c.kind, c.value) for c in person.contact_points.all()),
                caution.level,
                caution.precautions,
                sorted(r.label for r in caution.restriction_set.all()),
                caution.reporting_service,
                caution.key_contact,
                caution.notified,
                caution.date_added,
                caution.last_reviewed,
                caution.incident_summary,
            )
        )
    return rows


def test_export_then_import_gives_the_same_register(tmp_path):
    source = tmp_path / "register.csv"
    source.write_text(REGISTER)
    call_command("import_register", source)
    before = register_snapshot()
    out = tmp_path / "exported.csv"
    call_command("export_register", str(out))
    Person.objects.all().delete()
    call_command("import_register", out)
    assert register_snapshot() == before


def test_a_cell_a_spreadsheet_would_run_as_a_formula_is_written_as_text(tmp_path):
    source = tmp_path / "register.csv"
    source.write_text(REGISTER)
    call_command("import_register", source)
    renee = next(row for row in exported() if row["Reference"] == "HDC-001")
    assert renee["Incident summary"] == '\'=HYPERLINK("http://x")'
    assert renee["Phone"] == "'+44 7700 900123"


def test_an_export_is_audited(tmp_path):
    source = tmp_path / "register.csv"
    source.write_text(REGISTER)
    call_command("import_register", source)
    exported()
    event = AuditEvent.objects.get(verb=AuditEvent.Verb.EXPORT)
    assert event.details["rows"] == 2


def test_a_reporter_cannot_export_the_register(reporter):
    with pytest.raises(PermissionDenied):
        register_export(io.StringIO(), by=reporter)


def test_the_register_officer_downloads_the_register_from_a_page(client, register_officer):
    client.force_login(register_officer)
    assert "Export the register" in client.get(reverse("register:export")).content.decode()
    response = client.post(reverse("register:export"))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Cache-Control"] == "no-store"
    assert response.content.decode("utf-8-sig").startswith("Reference,Given names,")
    assert AuditEvent.objects.filter(verb=AuditEvent.Verb.EXPORT, actor=register_officer).exists()


def test_a_reporter_is_refused_the_export_page(client, reporter):
    client.force_login(reporter)
    assert client.get(reverse("register:export")).status_code == 403
