"""The 403, 404 and 500 pages are the service's own: its layout, what happened, what to do,
a way back, and nothing else."""

import pytest
from django.test import RequestFactory

from caution.accounts.roles import Role
from caution.errors import server_error
from tests.factories import make_user


@pytest.fixture
def signed_in_reporter(client, db):
    client.force_login(make_user(Role.REPORTER, first_name="Rita"))
    return client


def test_a_page_that_does_not_exist_is_the_services_own_404(signed_in_reporter):
    response = signed_in_reporter.get("/no-such-page/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "Page not found" in page
    assert "govuk-service-navigation__list" in page  # the signed-in user's menu
    assert 'href="/"' in page and "Go to the start page" in page


def test_a_refused_page_is_the_services_own_403_saying_why(signed_in_reporter):
    response = signed_in_reporter.get("/dashboard/")
    assert response.status_code == 403
    page = response.content.decode()
    assert "You cannot see this page" in page
    assert "ask your manager or the register officer" in page
    assert "govuk-service-navigation__list" in page


def test_the_403_page_gives_the_refusals_own_reason(rf, db):
    from django.core.exceptions import PermissionDenied

    from caution.errors import permission_denied

    request = rf.get("/letters/")
    request.user = make_user(Role.REPORTER)
    response = permission_denied(
        request, PermissionDenied("Your role does not include preparing or sending letters.")
    )
    assert "Your role does not include preparing or sending letters." in response.content.decode()


def test_the_error_page_links_back_to_the_page_the_user_came_from(signed_in_reporter):
    response = signed_in_reporter.get("/no-such-page/", HTTP_REFERER="http://testserver/reports/")
    assert (
        '<a href="http://testserver/reports/" class="govuk-back-link govuk-!-margin-top-0">Back</a>'
        in response.content.decode()
    )


def test_the_error_page_gives_no_back_link_to_another_site(signed_in_reporter):
    response = signed_in_reporter.get("/no-such-page/", HTTP_REFERER="https://evil.example/")
    assert "evil.example" not in response.content.decode()


def test_the_500_page_renders_without_the_database_or_a_request_context():
    """No database access is allowed in this test (no `db` fixture): the page must not ask."""
    response = server_error(RequestFactory().get("/"))
    page = response.content.decode()
    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in page
    assert "govuk-header" in page  # the service's layout, not the plain fallback
    assert "Traceback" not in page


@pytest.mark.urls("tests.errors.broken_urls")
def test_the_500_page_is_what_an_unexpected_failure_shows(client, db):
    client.force_login(make_user(Role.REPORTER))
    client.raise_request_exception = False
    response = client.get("/broken/")
    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in response.content.decode()
    assert "secret detail" not in response.content.decode()
