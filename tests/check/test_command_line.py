"""`caution check`, one person or a batch file of tomorrow's visits."""

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from caution.privacy.models import AuditEvent
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
    assert set(first) == {"person", "reference", "score", "reasons", "cautions"}
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
