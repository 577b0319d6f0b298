"""An imported caution is the caution `caution_add` would have made from the same row
(`000 §8.5`): the import writes in bulk, but from the same defaults, so nothing about an
entry depends on how it came onto the register."""

import datetime as dt
from pathlib import Path

import pytest

from caution.register.cautions import caution_add
from caution.register.importing.writing import register_import
from caution.register.models import Caution, Restriction
from tests.factories import make_person

pytestmark = pytest.mark.django_db

HEADER = (
    "Reference,Full name,Level,Precautions,Restrictions,Reporting service,Key contact,"
    "Notified,Date added,Last reviewed,Incident summary\n"
)
# Values that must differ between two rows: ids, whom each is on, when each row was made.
DIFFERENT = {"id", "person", "created_at"}


def imported(tmp_path: Path, row: str, by) -> Caution:
    path = tmp_path / "register.csv"
    path.write_text(HEADER + row + "\n")
    # Reviews already due are left as the profile's interval sets them, as caution_add does;
    # spreading them over the first weeks is the import's own (test_import_skip_invalid.py).
    assert register_import(path, by=by, overdue_review_weeks=0).ok
    return Caution.objects.get(person__reference=row.split(",")[0])


def fields(caution: Caution) -> dict:
    return {
        field.name: getattr(caution, field.attname)
        for field in Caution._meta.concrete_fields
        if field.name not in DIFFERENT
    }


def restriction_fields(caution: Caution) -> list[dict]:
    return [
        {
            field.name: getattr(row, field.attname)
            for field in Restriction._meta.concrete_fields
            if field.name not in {"id", "uuid", "caution"}
        }
        for row in caution.restriction_set.all()
    ]


def test_an_imported_caution_equals_an_added_one_field_for_field(tmp_path, register_officer):
    row = (
        "HDC-001,Robert Smith,1,Visit in pairs,Writing only,Housing,Jane Doe,yes,"
        "01/02/2026,01/05/2026,Pushed an officer"
    )
    added = caution_add(
        person=make_person("Robert", "Smith"),
        level="1",
        precautions="Visit in pairs",
        restrictions="Writing only",
        reporting_service="Housing",
        key_contact="Jane Doe",
        notified=Caution.Notified.YES,
        date_added=dt.date(2026, 2, 1),
        last_reviewed=dt.date(2026, 5, 1),
        incident_summary="Pushed an officer",
        by=register_officer,
    )

    caution = imported(tmp_path, row, register_officer)

    assert fields(caution) == fields(added)
    assert restriction_fields(caution) == restriction_fields(added)


def test_a_row_with_only_a_name_and_level_gets_the_defaults_an_added_caution_gets(
    tmp_path, register_officer
):
    added = caution_add(person=make_person("Sam", "Green"), level="2", by=register_officer)

    caution = imported(tmp_path, "HDC-002,Sam Green,2,,,,,,,,", register_officer)

    assert fields(caution) == fields(added)
    assert restriction_fields(caution) == restriction_fields(added) == []
