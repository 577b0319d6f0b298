"""Deciding to share a caution with partners (000 §8.2 step 6, §8.6; ADR 0017): only with
a partner a live agreement covering the caution's category lets see it, and never without
the justification, which the caution's page and the agreement's page then show."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from caution.accounts.models import Organisation
from caution.accounts.roles import Role
from caution.lib import clock
from caution.register import deciding
from caution.register.cautions import caution_add
from caution.register.models import Caution
from tests.api.conftest import send
from tests.deciding.conftest import assessed, submitted, use_profile
from tests.deciding.test_pages import answered_on_the_page
from tests.factories import answered, make_agreement, make_person, make_user

pytestmark = pytest.mark.django_db
WHY = "Riverside's caretakers visit his block weekly: a credible risk to them."


@pytest.fixture
def riverside(db) -> Organisation:
    return Organisation.objects.create(name="Riverside Homes", kind=Organisation.Kind.PARTNER)


@pytest.fixture
def panel(db):
    return [
        make_user(Role.DECISION_MAKER, first_name="Chair"),
        make_user(Role.DATA_PROTECTION_OFFICER, first_name="Dana"),
        make_user(Role.PANEL_MEMBER, first_name="Pam"),
    ]


@pytest.fixture
def manager(db):
    return make_user(Role.MANAGER, first_name="Mo")


@pytest.fixture
def case(reporter, manager):
    return assessed(
        submitted(reporter, make_person("Robert", "Smith", born=dt.date(1975, 3, 14)), "VIOLENCE"),
        manager,
        "1",
    )


def panel_decides(case, panel, officer, **terms):
    """Harborough's Review Panel, quorate, decides a caution on the case."""
    meeting = deciding.meeting_schedule(
        starts_at=clock.now(),
        place="Committee room",
        cases=[case],
        invited=panel,
        by=officer,
    )
    deciding.meeting_attendance_record(meeting, attended=panel, version=meeting.version, by=officer)
    return deciding.decision_record(
        case,
        answers=answered(),
        outcome="caution",
        reasons="Panel agreed: violence at reception; credible risk to staff.",
        terms=deciding.CautionTerms(level="1", precautions="Visit in pairs", **terms),
        meeting=meeting,
        version=case.version,
        by=panel[0],
    )


def test_000_8_2_the_panels_justification_for_sharing_is_recorded_and_shown(
    client, case, panel, register_officer, riverside
):
    make_agreement(riverside, categories=["VIOLENCE"])
    decision = panel_decides(
        case, panel, register_officer, share_with=(riverside,), sharing_justification=WHY
    )

    client.force_login(register_officer)
    page = client.get(reverse("register:caution", args=[decision.caution_id])).content.decode()
    assert "Riverside Homes" in page
    assert WHY.replace("'", "&#x27;") in page


def test_000_8_2_sharing_without_a_justification_is_refused(
    case, panel, register_officer, riverside
):
    make_agreement(riverside, categories=["VIOLENCE"])

    with pytest.raises(ValidationError) as refused:
        panel_decides(case, panel, register_officer, share_with=(riverside,))

    assert "sharing_justification" in refused.value.message_dict
    assert not Caution.objects.exists()


def test_000_8_6_a_decision_cannot_share_with_a_partner_whose_agreement_does_not_cover_it(
    case, panel, register_officer, riverside
):
    make_agreement(riverside, categories=["ABUSE"])

    with pytest.raises(ValidationError) as refused:
        panel_decides(
            case, panel, register_officer, share_with=(riverside,), sharing_justification=WHY
        )

    assert "Riverside Homes" in refused.value.message_dict["share_with"][0]
    assert not Caution.objects.exists()


def test_adding_a_caution_shared_with_a_partner_whose_agreement_has_ended_is_refused(riverside):
    yesterday = clock.today() - dt.timedelta(days=1)
    make_agreement(riverside, starts_on=yesterday - dt.timedelta(days=90), ends_on=yesterday)

    with pytest.raises(ValidationError) as refused:
        caution_add(
            person=make_person("Robert", "Smith"),
            level="1",
            category="VIOLENCE",
            shared_with=[riverside],
            sharing_justification=WHY,
            by=None,
        )

    assert "share_with" in refused.value.message_dict


def test_the_decision_page_names_the_partner_with_no_agreement(
    client, settings, reporter, manager, riverside
):
    use_profile(settings, "cheltenham")
    incident = assessed(
        submitted(reporter, make_person("Gary", "Pratt"), "ASSAULT"), manager, "ASSAULT"
    )
    decider = make_user(Role.MANAGER, first_name="Max")
    client.force_login(decider)

    page = client.post(
        reverse("register:decide", args=[incident.id]),
        {
            "version": incident.version,
            "outcome": "caution",
            "reasons": "Assault on an officer.",
            "level": "ASSAULT",
            "share_with": [str(riverside.id)],
            "sharing_justification": WHY,
            **answered_on_the_page(),
        },
    ).content.decode()

    assert "There is a problem" in page
    assert "No sharing agreement in force with Riverside Homes" in page
    assert not Caution.objects.exists()


def test_the_api_refuses_sharing_without_an_agreement_naming_the_field(
    client, settings, reporter, manager, riverside
):
    use_profile(settings, "cheltenham")
    incident = assessed(
        submitted(reporter, make_person("Gary", "Pratt"), "ASSAULT"), manager, "ASSAULT"
    )
    client.force_login(make_user(Role.MANAGER, first_name="Max"))

    response = send(
        client,
        "post",
        f"/api/reports/{incident.id}/decision",
        {
            "version": incident.version,
            "outcome": "caution",
            "reasons": "Assault on an officer.",
            "level": "ASSAULT",
            "share_with": [str(riverside.id)],
            "sharing_justification": WHY,
            "answers": {code: {"answer": a.answer} for code, a in answered().items()},
        },
    )

    assert response.status_code == 422
    assert "share_with" in response.content.decode()


def test_the_agreements_page_lists_what_is_shared_under_it_and_why(
    client, dpo, case, panel, register_officer, riverside
):
    agreement = make_agreement(riverside, categories=["VIOLENCE"])
    panel_decides(case, panel, register_officer, share_with=(riverside,), sharing_justification=WHY)

    client.force_login(dpo)
    page = client.get(reverse("agreements:agreement", args=[agreement.id])).content.decode()

    assert WHY.replace("'", "&#x27;") in page


def test_000_8_6_a_partner_sourced_decision_needs_the_day_the_partner_told_the_person(
    client, case, panel, register_officer
):
    with pytest.raises(ValidationError) as refused:
        panel_decides(case, panel, register_officer, partner_sourced=True)
    assert "partner_told_person_on" in refused.value.message_dict

    told = clock.today() - dt.timedelta(days=3)
    decision = panel_decides(
        case, panel, register_officer, partner_sourced=True, partner_told_person_on=told
    )

    client.force_login(register_officer)
    page = client.get(reverse("register:caution", args=[decision.caution_id])).content.decode()
    assert f"{told:%-d %B %Y}" in page
