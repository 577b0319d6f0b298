"""The register bulletin (000 §8.2 step 9: "Updates to the Register will be communicated to
all employees"): once a day, every member of staff is told what changed, and sees only
the cautions they may see."""

import datetime as dt

import pytest

from caution.accounts.models import Organisation
from caution.accounts.roles import Role
from caution.audit.models import AuditEvent
from caution.lib import clock
from caution.notifications import events
from caution.notifications.models import Notification
from caution.register import deciding
from caution.register.announcing import bulletin_send
from caution.sweep import sweep_run
from tests.deciding.conftest import assessed, submitted
from tests.factories import answered, change_made, make_agreement, make_caution, make_person
from tests.notifications.conftest import TUESDAY, WEDNESDAY, emails_to, staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def partner(db):
    homes = Organisation.objects.create(name="Riverside Homes")
    make_agreement(homes)
    return staff(Role.PARTNER, "Pat", organisation=homes)


@pytest.fixture
def cautions(db, partner):
    """Two cautions: Gary's shared with the partner, Sid's kept to council staff."""
    gary = make_caution(make_person("Gary", "Pratt"), shared_with=[partner.organisation])
    sid = make_caution(make_person("Sid", "Vicious"))
    return gary, sid


def change(caution, by, precautions="Visit in pairs; tell reception"):
    change_made(
        caution,
        "amend",
        level=caution.level,
        precautions=precautions,
        key_contact=caution.key_contact,
        reason="New information from the review",
        by=by,
    )


@pytest.fixture
def tuesdays_changes(cautions, officer):
    """On Tuesday an officer changes both cautions and ends Sid's."""
    gary, sid = cautions
    with clock.frozen_at(TUESDAY):
        change(gary, officer)
        change(sid, officer)
        sid.refresh_from_db()
        change_made(sid, "end", reason="Moved away", by=officer)
    return cautions


def bulletins_for(user) -> list[Notification]:
    return list(Notification.objects.filter(user=user, event=events.REGISTER_BULLETIN))


def test_000_8_2_every_member_of_staff_is_told_of_the_days_changes(
    tuesdays_changes, officer, colleague, councillor
):
    told = bulletin_send(as_of=WEDNESDAY)

    [note] = bulletins_for(colleague)
    assert note.subject == "Register updates for 3 March 2026"
    assert "cautions 0 added, 2 changed, 1 removed" in note.body
    assert bulletins_for(officer) and bulletins_for(councillor)
    assert told >= 3


def test_000_8_2_the_bulletin_reaches_staff_by_email_as_well(tuesdays_changes, colleague):
    bulletin_send(as_of=WEDNESDAY)

    assert [m.subject for m in emails_to(colleague)] == ["Register updates for 3 March 2026"]


def test_a_partner_is_told_only_of_the_cautions_shared_with_their_organisation(
    tuesdays_changes, partner
):
    bulletin_send(as_of=WEDNESDAY)

    [note] = bulletins_for(partner)
    assert "cautions 0 added, 1 changed, 0 removed" in note.body


def test_a_partner_with_nothing_shared_that_day_is_not_told(cautions, officer, partner):
    with clock.frozen_at(TUESDAY):
        change(cautions[1], officer)

    bulletin_send(as_of=WEDNESDAY)

    assert bulletins_for(partner) == []


def test_002_3_2_a_councillor_is_not_told_where_the_policy_keeps_the_register_from_them(
    settings, cautions, officer, councillor
):
    settings.CAUTION_PROFILE = "cheltenham"  # 002 §3.2: councillors ask Democratic Services
    gary = cautions[0]
    with clock.frozen_at(TUESDAY):
        change_made(gary, "end", reason="Moved away", by=officer)

    bulletin_send(as_of=WEDNESDAY)

    assert bulletins_for(officer)
    assert bulletins_for(councillor) == []


def test_the_bulletin_is_sent_once_however_often_the_sweep_runs(tuesdays_changes, colleague):
    bulletin_send(as_of=WEDNESDAY)

    assert bulletin_send(as_of=WEDNESDAY) == 0
    assert len(bulletins_for(colleague)) == 1


def test_a_day_without_changes_sends_nothing(tuesdays_changes, colleague):
    assert bulletin_send(as_of=TUESDAY.date()) == 0
    assert bulletin_send(as_of=WEDNESDAY + dt.timedelta(days=1)) == 0
    assert bulletins_for(colleague) == []


def test_the_bulletin_email_names_nobody(tuesdays_changes, colleague):
    bulletin_send(as_of=WEDNESDAY)

    [email] = emails_to(colleague)
    assert "Gary" not in email.body and "Sid" not in email.body
    assert "/notifications/register-updates/" in email.body


def test_the_bulletin_page_shows_staff_every_change(client, tuesdays_changes, colleague):
    bulletin_send(as_of=WEDNESDAY)
    client.force_login(colleague)

    page = client.get(bulletins_for(colleague)[0].url).content.decode()

    assert "Gary Pratt" in page and "Sid Vicious" in page
    assert "Changed, then removed" in page


def test_a_partner_never_sees_an_unshared_caution_in_the_bulletin(
    client, tuesdays_changes, partner
):
    bulletin_send(as_of=WEDNESDAY)
    client.force_login(partner)

    page = client.get(bulletins_for(partner)[0].url).content.decode()

    assert "Gary Pratt" in page
    assert "Sid" not in page


def test_a_bulletin_with_nothing_the_reader_may_see_answers_not_found(
    client, cautions, officer, partner, colleague
):
    with clock.frozen_at(TUESDAY):
        change(cautions[1], officer)
    bulletin_send(as_of=WEDNESDAY)
    client.force_login(partner)

    response = client.get(bulletins_for(colleague)[0].url)

    assert response.status_code == 404


def test_opening_the_bulletin_is_audited_with_the_people_it_names(
    client, tuesdays_changes, partner
):
    bulletin_send(as_of=WEDNESDAY)
    client.force_login(partner)

    client.get(bulletins_for(partner)[0].url)

    event = AuditEvent.objects.get(actor=partner, verb=AuditEvent.Verb.VIEW)
    assert [p.display_name for p in event.people.all()] == ["Gary Pratt"]


def test_a_caution_added_by_a_decision_is_in_the_bulletin(settings, colleague):
    settings.CAUTION_PROFILE = "cheltenham"
    reporter = staff(Role.REPORTER, "Rita")
    assessor, decider = staff(Role.MANAGER, "Mo"), staff(Role.MANAGER, "Max")
    with clock.frozen_at(TUESDAY):
        incident = submitted(
            reporter, make_person("Gary", "Pratt", born=dt.date(1979, 6, 21)), "ASSAULT"
        )
        assessed(incident, assessor, "ASSAULT")
        deciding.decision_record(
            incident,
            answers=answered(),
            outcome="caution",
            reasons="Assault on an officer.",
            terms=deciding.CautionTerms(level="ASSAULT", precautions="Visit in pairs"),
            version=incident.version,
            by=decider,
        )

    bulletin_send(as_of=WEDNESDAY)

    [note] = bulletins_for(colleague)
    assert "cautions 1 added, 0 changed, 0 removed" in note.body


def test_000_8_2_the_daily_sweep_sends_the_bulletin(tuesdays_changes, colleague):
    with clock.frozen_at(TUESDAY + dt.timedelta(days=1)):
        sweep_run(as_of=WEDNESDAY)

    assert len(bulletins_for(colleague)) == 1
