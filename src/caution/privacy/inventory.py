"""The data inventory: every field the service stores, with its category of data, whose
data it is, the retention rule that deletes it and its lawful basis, read from
`inventory.toml` beside this module. The records of processing (UK GDPR Article 30) in
`docs/operators/data-protection.md` are written from it (`caution inventory --write`),
and a test fails when a model field has no entry or an entry names a field that is gone.
"""

import dataclasses
import tomllib
from pathlib import Path

from django.apps import apps
from django.template.loader import render_to_string

from caution.accounts.models import CLIENT_FIELDS, CLIENT_OPERATIONS, CLIENT_REPORT_FIELDS
from caution.register.alerts import FIELD_KEYS, MATCH_KEYS
from caution.register.partner_reports import SCOPED_FIELDS

INVENTORY_PATH = Path(__file__).with_name("inventory.toml")
# Django's and its add-ons' tables that hold people's data for us, beside our own apps.
OTHER_APPS_IN_SCOPE = ("auth", "sessions", "axes", "otp_totp")
ATTRIBUTES = ("whose", "retention", "basis")
SECTIONS = {"whose": "subjects", "retention": "retention", "basis": "bases"}


class InventoryError(ValueError):
    """The inventory file names something it does not define, or is malformed."""


@dataclasses.dataclass(frozen=True)
class Entry:
    """One field, classified."""

    model: str  # app_label.Model
    field: str
    category: str
    whose: str
    retention: str
    basis: str

    @property
    def name(self) -> str:
        return f"{self.model}.{self.field}"


@dataclasses.dataclass(frozen=True)
class Inventory:
    categories: dict[str, dict]
    subjects: dict[str, dict]
    retention: dict[str, dict]
    bases: dict[str, dict]
    entries: tuple[Entry, ...]

    def names(self) -> set[str]:
        return {entry.name for entry in self.entries}


def inventory_load(path: Path | None = None) -> Inventory:
    """Read and check the inventory (by default the one beside this module): every entry's
    category, subject, retention rule and basis must be defined in the file."""
    path = path or INVENTORY_PATH
    try:
        data = tomllib.loads(path.read_text())
    except tomllib.TOMLDecodeError as error:
        raise InventoryError(f"{path.name}: {error}") from None
    sections = {key: data.get(key, {}) for key in ("categories", "subjects", "retention", "bases")}
    entries = []
    for model, spec in data.get("models", {}).items():
        for field, value in spec.get("fields", {}).items():
            entries.append(_entry(model, field, value, spec, sections))
    return Inventory(**sections, entries=tuple(entries))


def _entry(model: str, field: str, value, model_spec: dict, sections: dict) -> Entry:
    """A field's entry: its own values, else its category's, else its model's."""
    own = {"category": value} if isinstance(value, str) else dict(value)
    category = own.get("category", "")
    if category not in sections["categories"]:
        raise InventoryError(f"{model}.{field}: no category '{category}' in the inventory")
    resolved = {}
    for attribute in ATTRIBUTES:
        chosen = own.get(attribute) or sections["categories"][category].get(attribute)
        chosen = chosen or model_spec.get(attribute)
        if chosen not in sections[SECTIONS[attribute]]:
            raise InventoryError(f"{model}.{field}: no {attribute} '{chosen}' in the inventory")
        resolved[attribute] = chosen
    return Entry(model=model, field=field, category=category, **resolved)


def models_in_scope() -> list:
    """The project's own models, and the other apps' that hold people's data for us."""
    return [
        model
        for model in apps.get_models()
        if model._meta.app_config.name.startswith("caution")
        or model._meta.app_label in OTHER_APPS_IN_SCOPE
    ]


def model_fields() -> list[str]:
    """Every stored field of the models in scope, as app_label.Model.field, many-to-many
    fields included (their rows are data too)."""
    return [
        f"{model._meta.label}.{field.name}"
        for model in models_in_scope()
        for field in (*model._meta.concrete_fields, *model._meta.local_many_to_many)
    ]


def inventory_gaps(inventory: Inventory) -> tuple[list[str], list[str]]:
    """The fields with no entry, and the entries that name no field."""
    fields, named = set(model_fields()), inventory.names()
    return sorted(fields - named), sorted(named - fields)


def records_of_processing(inventory: Inventory) -> str:
    """The operators' data protection guide, its records of processing written from the
    inventory into the hand-written prose of its template."""
    return render_to_string(
        "privacy/data_protection.md",
        {
            "fields": len(inventory.entries),
            "models": len({entry.model for entry in inventory.entries}),
            "subjects": _summary(inventory, "whose", inventory.subjects),
            "categories": _categories(inventory),
            "retention": _summary(inventory, "retention", inventory.retention, "rule"),
            "bases": _bases(inventory),
            "inventory": _inventory_tables(inventory),
            "sharing": _sharing(),
        },
    )


# What a partner user's check card shows of a caution (register/_caution.html).
PARTNER_CARD = (
    "the level, in words and in its place in the council's order",
    "the tags *Interim alert pending full assessment*, *Appeal in progress* and *Review overdue*",
    "the address it is held on, where it is on the person's home",
    "*Precautions*",
    "*Restrictions*",
    "*Adjustments agreed* (what is agreed with the person, never the need it meets)",
    "*Speak to* (the key contact and the reporting service)",
    "*Ends*",
    "*Next review*",
)


def _sharing() -> dict[str, str]:
    """What a partner is told, from the code that tells it: the check card's rows, and a
    client token's fields and operations with the keys each adds to an alert."""
    rows = ["| token field | what | keys in each alert |", "|---|---|---|"]
    for code, label in CLIENT_FIELDS:
        keys = MATCH_KEYS if code == "match" else FIELD_KEYS[code]
        rows.append(f"| `{code}` | {_cell(label)} | {', '.join(f'`{k}`' for k in keys)} |")
    operations = [f"- `{code}`: {label}" for code, label in CLIENT_OPERATIONS]
    reports = []
    for code, label in CLIENT_REPORT_FIELDS:
        names = ", ".join(f"`{name}`" for name, needs in SCOPED_FIELDS.items() if needs == code)
        reports.append(f"- `{code}`: {label} ({names})")
    return {
        "card": "; ".join(PARTNER_CARD),
        "fields": "\n".join(rows),
        "operations": "\n".join(operations),
        "report_fields": "\n".join(reports),
    }


def _cell(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _models_with(inventory: Inventory, attribute: str, key: str) -> str:
    models = sorted({e.model for e in inventory.entries if getattr(e, attribute) == key})
    return ", ".join(f"`{model}`" for model in models)


def _summary(inventory: Inventory, attribute: str, section: dict, text: str = "about") -> str:
    rows = ["| | what | fields | in |", "|---|---|---|---|"]
    for key, spec in section.items():
        count = sum(1 for entry in inventory.entries if getattr(entry, attribute) == key)
        models = _models_with(inventory, attribute, key)
        rows.append(f"| **{_cell(spec['label'])}** | {_cell(spec[text])} | {count} | {models} |")
    return "\n".join(rows)


def _categories(inventory: Inventory) -> str:
    rows = ["| category | what | kind | fields | in |", "|---|---|---|---|---|"]
    for key, spec in inventory.categories.items():
        kind = (
            "special category (Art. 9)"
            if spec.get("special")
            else "criminal offence (Art. 10)"
            if spec.get("offence")
            else "personal"
            if spec.get("whose") != "none"
            else "not personal"
        )
        count = sum(1 for entry in inventory.entries if entry.category == key)
        models = _models_with(inventory, "category", key)
        rows.append(
            f"| **{_cell(spec['label'])}** | {_cell(spec['about'])} | {kind} | {count} | {models} |"
        )
    return "\n".join(rows)


def _bases(inventory: Inventory) -> str:
    rows = ["| | Article 6 | Article 9 or 10 | fields |", "|---|---|---|---|"]
    for key, spec in inventory.bases.items():
        count = sum(1 for entry in inventory.entries if entry.basis == key)
        condition = spec.get("article9") or spec.get("article10") or "—"
        rows.append(
            f"| **{_cell(spec['label'])}** | {_cell(spec['article6'])} | {_cell(condition)} "
            f"| {count} |"
        )
    return "\n".join(rows)


def _inventory_tables(inventory: Inventory) -> str:
    labels = {
        "category": inventory.categories,
        "whose": inventory.subjects,
        "retention": inventory.retention,
        "basis": inventory.bases,
    }
    blocks = []
    for model in dict.fromkeys(entry.model for entry in inventory.entries):
        rows = [
            f"#### `{model}`",
            "",
            "| field | category | whose | retention | basis |",
            "|---|---|---|---|---|",
        ]
        for entry in (e for e in inventory.entries if e.model == model):
            cells = [labels[name][getattr(entry, name)]["label"] for name in labels]
            rows.append(f"| `{entry.field}` | " + " | ".join(map(_cell, cells)) + " |")
        blocks.append("\n".join(rows))
    return "\n\n".join(blocks)
