"""The council's policy, enclosed with every letter that says it is (000 §8.7 "Enclose a
copy of this policy for the customer's information"): added after the letter in the print
pack, and attached beside it to the e-mail. The document is the operator's PDF
(CAUTION_POLICY_PDF); where none is configured, a summary rendered from the policy profile
(what the demo shows, and never an empty envelope)."""

import hashlib
import re
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.template.loader import render_to_string

from caution.letters.content import required_elements
from caution.letters.models import Letter
from caution.letters.rendering import render_pdf
from caution.policy.profiles import Profile, load_profile

POLICY_ELEMENT = "policy_enclosed"


def encloses_policy(letter: Letter) -> bool:
    """Whether the letter says the policy is enclosed: its profile requires the element."""
    return POLICY_ELEMENT in required_elements(letter.kind, load_profile(letter.profile))


def policy_pdf(profile: Profile) -> bytes:
    """The operator's policy document, or one rendered from the profile."""
    path = settings.CAUTION_POLICY_PDF
    if not path:
        return render_pdf(render_to_string("letters/policy.html", _summary(profile)))
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        raise ImproperlyConfigured(f"CAUTION_POLICY_PDF cannot be read: {error}") from None
    if not data.startswith(b"%PDF-"):
        raise ImproperlyConfigured("CAUTION_POLICY_PDF must be a PDF file")
    return data


def policy_storage_name(profile: Profile) -> str:
    """The policy document in the private storage, where e-mails take attachments from;
    saved once per version of it (named by its hash)."""
    data = policy_pdf(profile)
    name = f"enclosures/policy-{hashlib.sha256(data).hexdigest()[:32]}.pdf"
    if not default_storage.exists(name):
        name = default_storage.save(name, ContentFile(data))
    return name


def _summary(profile: Profile) -> dict:
    """What the rendered summary says, in the council's words without the section marks
    the profile's notes carry ("(§5)"): a letter's reader has no policy to look them up in."""
    return {
        "profile": profile,
        "categories": [(c.label, _unmarked(c.description)) for c in profile.categories],
        "levels": [
            (level.label, _unmarked(level.description)) for level in profile.levels_by_severity
        ],
        "route": _unmarked(profile.appeal.route),
    }


def _unmarked(text: str) -> str:
    without = re.sub(r"\s*\((?:\d{3} )?§[^)]*\)", "", text)
    return re.sub(r",\s*(?:\d{3} )?§[\d.]+\)", ")", without).strip()
