"""Import of an existing register spreadsheet (`000 §8.5`): all or nothing."""

import datetime as dt
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import Workbook

from caution.audit.models import AuditEvent
from caution.people.models import Address, Person
from caution.register.models import Caution, Restriction

pytestmark = pytest.mark.django_db

HEADER = (
    "Reference,Given name,Family name,Aliases,Date of birth,Address line 1,Town,Postcode,"
    "Phone,E-mail,Level,Precautions,Restrictions,Reporting service,Key contact,Notified,"
    "Date added,Last reviewed\n"
)
GOOD_ROWS = (
    "HDC-001,Robert,Smith,Bob Smith,14/03/1975,12 High Street,Market Harborough,LE16 7AG,"
    "07700 900123,bob@example.com,1,Visit in pairs,Writing only,Housing,Jane Doe,yes,"
    "01/02/2026,01/05/2026\n"
    "HDC-002,Mary,Smith,,1980-01-02,12 High St,Market Harborough,le16 7ag,,,3,,,"
    "Customer Services,John Roe,no,2026-03-01,\n"
    "HDC-003,Sam,Green,,,,,,,,2,Meet at the office,,Planning,,,,\n"
)


def write(tmp_path: Path, text: str, name: str = "register.csv") -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


def test_a_good_file_is_imported_with_every_column(tmp_path):
    call_command("import_register", write(tmp_path, HEADER + GOOD_ROWS))
    robert = Person.objects.get(reference="HDC-001")
    assert robert.date_of_birth == dt.date(1975, 3, 14)
    assert [n.full for n in robert.names.all()] == ["Robert Smith", "Bob Smith"]
    caution = robert.cautions.get()
    assert (caution.level, caution.precautions, caution.restrictions) == (
        "1",
        "Visit in pairs",
        "Writing only",
    )
    assert (caution.reporting_service, caution.key_contact, caution.notified) == (
        "Housing",
        "Jane Doe",
        "yes",
    )
    assert caution.date_added == dt.date(2026, 2, 1)
    assert caution.last_reviewed == dt.date(2026, 5, 1)


def test_the_next_review_follows_the_profile_interval(tmp_path):
    """000 §8.4: reviewed every six months (the import would otherwise spread reviews
    already due over the first weeks)."""
    call_command("import_register", write(tmp_path, HEADER + GOOD_ROWS), "--overdue-reviews-over=0")
    caution = Caution.objects.get(person__reference="HDC-001")
    assert caution.next_review == dt.date(2026, 11, 1)


def test_people_at_the_same_address_share_one_address(tmp_path):
    """003 §3.2: a household is found together."""
    call_command("import_register", write(tmp_path, HEADER + GOOD_ROWS))
    assert Address.objects.count() == 1
    assert Address.objects.get().person_links.count() == 2


def test_an_import_is_audited(tmp_path):
    call_command("import_register", write(tmp_path, HEADER + GOOD_ROWS))
    event = AuditEvent.objects.get(verb=AuditEvent.Verb.IMPORT)
    assert event.details["rows"] == 3
    assert event.details["file"] == "register.csv"


def test_an_xlsx_file_is_imported(tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.append(["Ref", "Surname", "Forename", "DOB", "Marker score"])
    sheet.append(["X-1", "Patel", "Anita", dt.datetime(1990, 5, 6), 2])
    path = tmp_path / "register.xlsx"
    book.save(path)
    call_command("import_register", path)
    person = Person.objects.get(reference="X-1")
    assert person.display_name == "Anita Patel"
    assert person.date_of_birth == dt.date(1990, 5, 6)
    assert person.cautions.get().level == "2"


def test_other_headings_can_be_mapped(tmp_path):
    path = write(tmp_path, "Cust No,Name,Risk\nC9,Tom Jones,3\n")
    call_command("import_register", path, map=["Cust No=reference", "Risk=level"])
    assert Person.objects.get(reference="C9").display_name == "Tom Jones"


BAD_ROWS = (
    "B-1,Ann,Lee,,31/02/1980,1 Mill Lane,,NOTAPOSTCODE,,,1,,,,,,,\n"
    "B-2,,,,,,,,,,9,,,,,,,\n"
    "B-1,Good,Person,,,,,,12,not-an-email,1,,,,,maybe,,\n"
)


def test_a_bad_file_imports_nothing_and_reports_every_problem(tmp_path, capsys):
    path = write(tmp_path, HEADER + GOOD_ROWS + BAD_ROWS)
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_register", path)
    errors = capsys.readouterr().err.splitlines()
    assert errors == [
        "Row 5, column 'Date of birth': '31/02/1980' is not a date; use 27/03/1980 or 1980-03-27",
        "Row 5, column 'Postcode': 'NOTAPOSTCODE' is not a UK postcode",
        "Row 6, column 'Full name': enter a name: given and family name, or full name",
        "Row 6, column 'Level': '9' is not a level; use one of 1 (Violent), "
        "2 (Potentially violent or threatening aggression), 3 (Abusive)",
        "Row 7, column 'Phone': '12' is not a valid phone",
        "Row 7, column 'Email': 'not-an-email' is not a valid email",
        "Row 7, column 'Notified': 'maybe' is not yes or no",
        "Row 7, column 'Reference': 'B-1' is also on row 5",
    ]
    assert Person.objects.count() == 0
    assert Caution.objects.count() == 0


def test_a_reference_already_on_the_register_is_refused(tmp_path, capsys):
    call_command("import_register", write(tmp_path, HEADER + GOOD_ROWS))
    with pytest.raises(CommandError):
        call_command("import_register", write(tmp_path, HEADER + GOOD_ROWS, "again.csv"))
    assert (
        "Row 2, column 'Reference': 'HDC-001' is already on the register" in capsys.readouterr().err
    )
    assert Person.objects.count() == 3


def test_a_dry_run_checks_but_imports_nothing(tmp_path, capsys):
    call_command("import_register", write(tmp_path, HEADER + GOOD_ROWS), dry_run=True)
    assert "3 rows checked: no problems" in capsys.readouterr().out
    assert Person.objects.count() == 0


def test_a_file_with_no_recognised_heading_is_refused(tmp_path):
    with pytest.raises(CommandError, match="no column heading was recognised"):
        call_command("import_register", write(tmp_path, "Foo,Bar\n1,2\n"))


def test_an_imported_reference_is_shown_by_the_check(tmp_path, reporter):
    from caution.people.matching import Query
    from caution.register.check import check_run

    call_command("import_register", write(tmp_path, HEADER + GOOD_ROWS))
    result = check_run(Query(name="Bob Smith"), by=reporter)
    assert result.people[0].person.reference == "HDC-001"


def test_an_import_writes_the_match_keys_a_person_would_have_had_added_by_hand(tmp_path):
    from caution.people.actions import person_keys_rebuild
    from caution.people.models import MatchKey

    call_command("import_register", write(tmp_path, HEADER + GOOD_ROWS))
    imported = {
        person.reference: set(person.match_keys.values_list("key", flat=True))
        for person in Person.objects.all()
    }
    for person in Person.objects.all():
        person_keys_rebuild(person)

    rebuilt = {
        reference: set(
            MatchKey.objects.filter(person__reference=reference).values_list("key", flat=True)
        )
        for reference in imported
    }
    assert imported == rebuilt
    assert all(imported.values())


def test_a_file_longer_than_one_write_chunk_is_imported_whole(tmp_path, monkeypatch):
    from caution.register.importing import writing

    monkeypatch.setattr(writing, "WRITE_CHUNK", 1)  # each row written on its own
    call_command("import_register", write(tmp_path, HEADER + GOOD_ROWS))

    assert Person.objects.count() == 3
    assert Address.objects.count() == 1  # Mary's row finds the address Robert's row wrote
    assert Caution.objects.filter(person__reference="HDC-003").exists()


def test_every_imported_restriction_has_its_own_id(tmp_path):
    """Restrictions are named by a UUID in pages and the API: two imported in one file
    must not share one (the file was refused whole when they did)."""
    second = GOOD_ROWS.replace("Meet at the office,,", "Meet at the office,Phone only,")
    call_command("import_register", write(tmp_path, HEADER + second))
    restrictions = Restriction.objects.all()
    assert restrictions.count() == 2
    assert len({r.uuid for r in restrictions}) == 2
