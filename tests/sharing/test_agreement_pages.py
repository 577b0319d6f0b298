"""The data protection officer records a sharing agreement on a GOV.UK form, with its
signed document; a partner's users see their organisation's looks, as the council does."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from caution.accounts.models import Organisation, SharingAgreement
from caution.accounts.roles import Role
from caution.lib import clock
from caution.register.check import Query, check_run
from tests.factories import make_agreement, make_caution, make_person, make_user

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


@pytest.fixture
def riverside(db) -> Organisation:
    return Organisation.objects.create(name="Riverside Homes", kind=Organisation.Kind.PARTNER)


def form(riverside, **changes) -> dict:
    today, end = clock.today(), clock.today() + dt.timedelta(days=365)
    data = {
        "title": "Riverside tenancy sharing",
        "organisation": str(riverside.id),
        "purpose": "Keeping Riverside's staff safe on visits",
        "lawful_basis": "public_task",
        "categories": ["VIOLENCE", "THREAT"],
        "onward_disclosure": "Not to be passed on",
        "starts_on_0": today.day, "starts_on_1": today.month, "starts_on_2": today.year,
        "review_on_0": today.day, "review_on_1": today.month, "review_on_2": today.year,
        "ends_on_0": end.day, "ends_on_1": end.month, "ends_on_2": end.year,
    }  # fmt: skip
    return {**data, **changes}


def test_the_dpo_records_an_agreement_with_its_signed_document(client, dpo, riverside):
    client.force_login(dpo)
    document = SimpleUploadedFile("signed.pdf", PDF, content_type="application/pdf")

    response = client.post(reverse("agreements:agreement_add"), form(riverside, document=document))

    agreement = SharingAgreement.objects.get()
    assert response.url == reverse("agreements:agreement", args=[agreement.id])
    assert agreement.categories == ["VIOLENCE", "THREAT"]
    download = client.get(reverse("agreements:agreement_document", args=[agreement.id]))
    assert b"".join(download.streaming_content) == PDF


def test_an_agreement_without_categories_is_refused_with_an_error_summary(client, dpo, riverside):
    client.force_login(dpo)

    page = client.post(reverse("agreements:agreement_add"), form(riverside, categories=[]))

    html = page.content.decode()
    assert "govuk-error-summary" in html
    assert "Choose at least one category the partner is told of" in html
    assert not SharingAgreement.objects.exists()


def test_a_document_that_is_not_a_pdf_is_refused(client, dpo, riverside):
    client.force_login(dpo)
    document = SimpleUploadedFile("signed.pdf", b"MZ\x90\x00binary", content_type="application/pdf")

    page = client.post(reverse("agreements:agreement_add"), form(riverside, document=document))

    assert "govuk-error-summary" in page.content.decode()
    assert not SharingAgreement.objects.exists()


def test_a_partner_may_not_open_the_agreements(client, riverside):
    client.force_login(make_user(Role.PARTNER, organisation=riverside))

    assert client.get(reverse("agreements:agreements")).status_code == 404


def test_ending_an_agreement_early_on_its_page_stops_sharing_at_once(client, dpo, riverside):
    agreement = make_agreement(riverside)
    pat = make_user(Role.PARTNER, organisation=riverside)
    make_caution(make_person("Robert", "Smith"), category="VIOLENCE", shared_with=[riverside])
    client.force_login(dpo)
    yesterday = clock.today() - dt.timedelta(days=1)
    start = agreement.starts_on
    changed = form(
        riverside,
        categories=["VIOLENCE"],
        starts_on_0=start.day, starts_on_1=start.month, starts_on_2=start.year,
        review_on_0=start.day, review_on_1=start.month, review_on_2=start.year,
        ends_on_0=yesterday.day, ends_on_1=yesterday.month, ends_on_2=yesterday.year,
    )  # fmt: skip

    client.post(reverse("agreements:agreement_edit", args=[agreement.id]), changed)

    assert not check_run(Query(name="Robert Smith"), by=pat).found


def test_a_partner_sees_its_organisations_looks_and_no_one_elses(client, riverside):
    make_agreement(riverside)
    pat = make_user(Role.PARTNER, organisation=riverside, first_name="Pat")
    colleague = make_user(Role.PARTNER, organisation=riverside, first_name="Kim")
    outsider = make_user(Role.REPORTER, first_name="Rita")
    check_run(Query(name="Robert Smith"), by=colleague)
    check_run(Query(name="Sid Vicious"), by=outsider)
    client.force_login(pat)

    page = client.get(reverse("agreements:partner_looks")).content.decode()

    assert colleague.display_name in page
    assert outsider.display_name not in page


def test_the_agreement_page_shows_the_partners_looks_to_the_council(client, dpo, riverside):
    agreement = make_agreement(riverside)
    colleague = make_user(Role.PARTNER, organisation=riverside, first_name="Kim")
    check_run(Query(name="Robert Smith"), by=colleague)
    client.force_login(dpo)

    page = client.get(reverse("agreements:agreement", args=[agreement.id])).content.decode()

    assert colleague.display_name in page


def test_council_staff_have_no_looks_page(client, reporter):
    client.force_login(reporter)

    assert client.get(reverse("agreements:partner_looks")).status_code == 404
