"""A small image file that decodes to hundreds of megapixels is refused from its header,
before any pixel is decoded: the reporter is told why, the API answers 422, and the
server neither stalls nor fails."""

import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from caution.incidents.models import Evidence
from tests.security.uploads import pixel_flood_png

pytestmark = pytest.mark.django_db

# 60 megapixels: under Pillow's own bomb warning (89), over the product's cap.
SIXTY_MEGAPIXELS = (7_750, 7_750)
# 400 megapixels: Pillow raises its own error, which used to be a 500.
FOUR_HUNDRED_MEGAPIXELS = (20_000, 20_000)


def test_the_evidence_form_refuses_a_pixel_flood_quickly_with_a_clear_error(
    client, reporter, draft
):
    client.force_login(reporter)
    flood = SimpleUploadedFile("photo.png", pixel_flood_png(*SIXTY_MEGAPIXELS))

    started = time.monotonic()
    page = client.post(
        reverse("incidents:evidence_add", args=[draft.id]),
        {"kind": Evidence.Kind.PHOTO, "version": draft.version, "file": flood},
    )

    assert time.monotonic() - started < 2
    assert page.status_code == 200
    assert "The image must be smaller than 50 megapixels" in page.content.decode()
    assert not Evidence.objects.exists()


def test_the_api_answers_422_to_a_four_hundred_megapixel_image(client, reporter, draft):
    client.force_login(reporter)
    flood = SimpleUploadedFile("photo.png", pixel_flood_png(*FOUR_HUNDRED_MEGAPIXELS))

    response = client.post(
        f"/api/reports/{draft.id}/evidence",
        {"kind": Evidence.Kind.PHOTO, "version": draft.version, "file": flood},
    )

    assert response.status_code == 422
    assert response.json()["errors"]["file"] == ["The image must be smaller than 50 megapixels"]
    assert not Evidence.objects.exists()
