"""References to a policy, as staff of the council read them: only the active profile's own
policy, named as the council names it ("Customer Caution Register policy, section 8.2"),
never another council's section numbers ("003 §8.3" means nothing at Harborough).

Texts in the code cite their sources as `NNN §x.y` (seed and section, DESIGN.md); `citations`
rewrites a text for the active profile: its own references named, the others left out."""

import re

from django.utils.functional import lazy

from caution.policy.profiles import current
from caution.policy.rules import Profile

PARENTHESES = re.compile(r"\s*\(([^()]*§[^()]*)\)")
BARE = re.compile(r"\b(\d{3}) §\s*([0-9][^\s,;()]*(?:\s+(?:step|footnote)\s+\w+)?)")
ITEM_START = re.compile(r"[,;]\s*(?=\d{3} §)")


def citations(text: str, profile: Profile | None = None) -> str:
    """`text` with the active profile's references named and other councils' left out."""
    if "§" not in text:
        return text
    profile = profile or current()

    def parenthesis(match: re.Match) -> str:
        kept = [_item(item, profile) for item in ITEM_START.split(match.group(1))]
        kept = [item for item in kept if item]
        return f" ({'; '.join(kept)})" if kept else ""

    text = PARENTHESES.sub(parenthesis, text)
    text = BARE.sub(lambda m: _named(m, profile), text)
    return re.sub(r"\s+([.,:;])", r"\1", text).strip()


def _item(item: str, profile: Profile) -> str:
    item = item.strip()
    match = BARE.match(item)
    if match is None:
        return "" if "§" in item else item
    if match.group(1) != profile.seed:
        return ""
    return _named(match, profile) + item[match.end() :]


def _named(match: re.Match, profile: Profile) -> str:
    seed, section = match.group(1), match.group(2)
    if seed != profile.seed:
        return ""
    return f"{profile.document}, section {section}"


# For texts written when a module loads (form labels and hints): rewritten when shown, for
# the profile active then.
citations_lazy = lazy(citations, str)
