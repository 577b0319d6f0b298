"""`caution check`, one person or a batch file of tomorrow's visits."""

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from caution.audit.models import AuditEvent
from tests.factories import cautioned

pytestmark = pytest.mark.django_db


def test_a_batch_gives_one_json_line_per_row_best_match_first(tmp_path, capsys):
    robert = cautioned("Robert", "Smith", reference="HDC-1")
    cautioned("Roberta", "Smithson", reference="HDC-2")
    visits = tmp_path / "visits.csv"
    visits.write_text("Reference,Full name,Postcode\nV1,Bob Smith,\nV2,Nobody Known,LE1 1AA\n")
    call_command("check_register", batch=visits, json=True)
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [line["reference"] for line in lines] == ["V1", "V2"]
    first = lines[0]["matches"][0]
    assert set(first) == {
        "person",
        "reference",
        "score",
        "identity_disputed",
        "reasons",
        "cautions",
    }
    assert (first["person"], first["reference"]) == (str(robert.id), "HDC-1")
    scores = [match["score"] for match in lines[0]["matches"]]
    assert scores == sorted(scores, reverse=True)
    assert lines[1]["matches"] == []


def test_each_row_of_a_batch_is_audited(tmp_path):
    cautioned("Robert", "Smith")
    visits = tmp_path / "visits.csv"
    visits.write_text("Full name\nBob Smith\nAnn Other\n")
    call_command("check_register", batch=visits, json=True)
    events = AuditEvent.objects.filter(verb=AuditEvent.Verb.CHECK)
    assert events.count() == 2
    assert all(event.details["operator"] for event in events)


def test_a_batch_row_with_a_bad_value_is_named_and_the_command_fails(tmp_path, capsys):
    visits = tmp_path / "visits.csv"
    visits.write_text("Full name,Postcode\nBob Smith,NOT A POSTCODE\n")
    with pytest.raises(CommandError, match="1 row"):
        call_command("check_register", batch=visits, json=True)
    assert "Row 2: Enter a real postcode" in capsys.readouterr().err


def batch_lines(visits, capsys) -> list[dict]:
    """The JSON lines of a batch with a row that cannot be checked (which fails the command)."""
    with pytest.raises(CommandError):
        call_command("check_register", batch=visits, json=True)
    return [json.loads(line) for line in capsys.readouterr().out.splitlines()]


def test_a_batch_row_that_cannot_be_checked_gets_its_own_json_line_with_the_errors(
    tmp_path, capsys
):
    visits = tmp_path / "visits.csv"
    visits.write_text("Reference,Full name,Postcode\nV1,Bob Smith,NOT A POSTCODE\n")
    assert batch_lines(visits, capsys) == [
        {
            "row": 2,
            "reference": "V1",
            "errors": {"postcode": ["Enter a real postcode, like LE16 7AG"]},
        }
    ]


def test_the_rows_after_one_that_cannot_be_checked_are_still_checked(tmp_path, capsys):
    cautioned("Robert", "Smith", reference="HDC-1")
    visits = tmp_path / "visits.csv"
    visits.write_text("Reference,Full name,Postcode\nV1,Ann Lee,NOPE\nV2,Bob Smith,\n")
    lines = batch_lines(visits, capsys)
    assert [(line["row"], line["reference"]) for line in lines] == [(2, "V1"), (3, "V2")]
    assert "errors" in lines[0]
    assert lines[1]["matches"][0]["reference"] == "HDC-1"


def test_a_batch_row_with_nothing_to_search_for_is_not_checked(tmp_path, capsys):
    visits = tmp_path / "visits.csv"
    visits.write_text("Reference,Full name\nV1,\n")
    (line,) = batch_lines(visits, capsys)
    assert line["errors"] == {"__all__": ["Enter at least one thing to search for, such as a name"]}


def test_a_batch_row_with_a_date_of_birth_that_is_not_a_date_is_not_checked(tmp_path, capsys):
    visits = tmp_path / "visits.csv"
    visits.write_text("Full name,Date of birth\nBob Smith,31/02/1980\n")
    (line,) = batch_lines(visits, capsys)
    assert set(line["errors"]) == {"date_of_birth"}
    assert not AuditEvent.objects.filter(verb=AuditEvent.Verb.CHECK).exists()


def test_a_batch_with_rows_not_checked_exits_1_saying_how_many_and_which(tmp_path, capsys):
    visits = tmp_path / "visits.csv"
    visits.write_text("Full name,Postcode\nAnn Lee,NOPE\nBob Smith,\nCy Dee,BAD\n")
    with pytest.raises(CommandError) as failure:
        call_command("check_register", batch=visits, json=True)
    assert failure.value.returncode == 1
    assert str(failure.value) == "Checked 1 of 3 rows; 2 rows could not be checked (rows 2, 4)."
    err = capsys.readouterr().err
    assert "Row 2: Enter a real postcode" in err
    assert "Row 4: Enter a real postcode" in err


def test_a_batch_where_every_row_is_checked_ends_with_a_summary(tmp_path, capsys):
    visits = tmp_path / "visits.csv"
    visits.write_text("Full name\nBob Smith\nAnn Lee\n")
    call_command("check_register", batch=visits, json=True)
    assert capsys.readouterr().err.splitlines()[-1] == "Checked 2 of 2 rows."


def test_a_batch_as_text_names_the_row_that_was_not_checked_in_its_place(tmp_path, capsys):
    visits = tmp_path / "visits.csv"
    visits.write_text("Reference,Full name,Postcode\nV1,Ann Lee,NOPE\nV2,Bob Smith,\n")
    with pytest.raises(CommandError):
        call_command("check_register", batch=visits)
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "Row 2 (V1): not checked: Enter a real postcode, like LE16 7AG"
    assert out[1] == "Row 3 (V2):"


def test_a_single_check_prints_the_cautions(capsys):
    cautioned("Robert", "Smith")
    call_command("check_register", "Bob", "Smith")
    out = capsys.readouterr().out
    assert "Robert Smith" in out
    assert "Precautions: Visit in pairs" in out


def test_a_single_check_that_finds_nothing_says_what_was_searched(capsys):
    call_command("check_register", "Nobody", postcode="le16 7ag")
    assert "No caution found for Name: Nobody, Postcode: le16 7ag." in capsys.readouterr().out


def test_a_check_as_a_named_partner_user_has_their_scope(partner_user, capsys):
    cautioned("Robert", "Smith")
    call_command("check_register", "Robert", "Smith", user=partner_user.username)
    assert "No caution found" in capsys.readouterr().out
