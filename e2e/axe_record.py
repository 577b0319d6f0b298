"""What the browser tests' axe checks covered, written for the accessibility statement.

Only when CAUTION_WRITE_AXE_RESULTS=1: an ordinary test run never rewrites the tracked file.
Every `assert_accessible` of the run is one check: the page's title and path, the test, and
axe's violations by impact. At the end of the run the checks are written, with the axe
version, the browser, the viewport and the rules axe ran, to RESULTS (read by
`caution.accessibility.statement`). One process must see every check, so the run is `-n 0`.
"""

import datetime as dt
import json
import os
import re
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

from e2e.browser import VIEWPORT

RESULTS = Path(__file__).parent.parent / "src/caution/accessibility/axe-results.json"
IMPACTS = ("critical", "serious", "moderate", "minor")
# A record's number or key in a path: the test data's, not the page's.
_ID = re.compile(r"/(\d+|[0-9a-f]{8}-[0-9a-f-]{27})(?=/|$)")
_OUTCOMES = ("passes", "violations", "incomplete", "inapplicable")


def recording() -> bool:
    return os.environ.get("CAUTION_WRITE_AXE_RESULTS") == "1"


class AxeRecord:
    """The checks of one test run, in the order they ran."""

    def __init__(self) -> None:
        self.checks: list[dict] = []
        self.rules: set[str] = set()
        self.axe_version = ""
        self.browser = ""

    def add(self, page, response: dict) -> None:
        """One axe run on the page as it is now (`response` is axe's own results)."""
        self.axe_version = response["testEngine"]["version"]
        self.browser = f"Chromium {page.context.browser.version}"
        for outcome in _OUTCOMES:
            self.rules.update(rule["id"] for rule in response[outcome])
        found = Counter(rule["impact"] for rule in response["violations"])
        self.checks.append(
            {
                "title": page.title().split(" – ")[0],  # without the service and council
                "path": _ID.sub("/{id}", urlsplit(page.url).path),
                "test": os.environ["PYTEST_CURRENT_TEST"].split(" ")[0],
                "violations": {impact: found[impact] for impact in IMPACTS},
            }
        )

    def write(self, to: Path = RESULTS) -> None:
        total = Counter()
        for one in self.checks:
            total.update(one["violations"])
        results = {
            "checked_on": dt.date.today().isoformat(),
            "axe_version": self.axe_version,
            "browser": self.browser,
            "viewport": VIEWPORT,
            "rules": sorted(self.rules),
            "violations": {impact: total[impact] for impact in IMPACTS},
            "checks": self.checks,
        }
        to.write_text(json.dumps(results, indent=2) + "\n")


record = AxeRecord()
