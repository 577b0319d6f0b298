"""The data inventory (privacy/inventory.toml): every stored field classified by category,
whose data it is, retention and lawful basis, and the records of processing written from
it (docs/operators/data-protection.md, UK GDPR Article 30)."""

from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from caution.privacy import inventory as inventory_module
from caution.privacy.inventory import (
    INVENTORY_PATH,
    InventoryError,
    inventory_gaps,
    inventory_load,
    model_fields,
    records_of_processing,
)

GUIDE = Path(__file__).resolve().parents[2] / "docs" / "operators" / "data-protection.md"


def _edited_inventory(tmp_path, old: str, new: str) -> Path:
    text = INVENTORY_PATH.read_text()
    assert old in text
    edited = tmp_path / "inventory.toml"
    edited.write_text(text.replace(old, new, 1))
    return edited


def test_every_stored_field_is_classified_in_the_inventory():
    inventory = inventory_load()
    missing, _ = inventory_gaps(inventory)
    print(f"\ndata inventory: {len(inventory.entries)} fields classified, {len(missing)} missing")
    assert missing == [], "Classify these fields in src/caution/privacy/inventory.toml"


def test_no_inventory_entry_names_a_field_that_is_gone():
    _, stale = inventory_gaps(inventory_load())
    assert stale == [], "These entries name no field: remove them from the inventory"


def test_a_field_left_out_of_the_inventory_is_reported_missing(tmp_path):
    edited = _edited_inventory(tmp_path, 'date_of_birth = "identifier"\n', "")
    missing, stale = inventory_gaps(inventory_load(edited))
    assert missing == ["people.Person.date_of_birth"]
    assert stale == []


def test_an_entry_for_a_field_that_does_not_exist_is_reported(tmp_path):
    edited = _edited_inventory(
        tmp_path,
        'date_of_birth = "identifier"\n',
        'date_of_birth = "identifier"\nshoe_size = "identifier"\n',
    )
    _, stale = inventory_gaps(inventory_load(edited))
    assert stale == ["people.Person.shoe_size"]


def test_an_entry_with_a_category_the_inventory_does_not_define_is_refused(tmp_path):
    edited = _edited_inventory(tmp_path, 'date_of_birth = "identifier"', 'date_of_birth = "secret"')
    refused = r"people\.Person\.date_of_birth: no category 'secret'"
    with pytest.raises(InventoryError, match=refused):
        inventory_load(edited)


def test_the_inventory_covers_django_tables_that_hold_staff_data():
    fields = set(model_fields())
    assert {"sessions.Session.session_data", "axes.AccessLog.ip_address"} <= fields
    assert "accounts.User.email" in fields


def test_the_committed_data_protection_guide_is_the_one_the_inventory_writes():
    written = records_of_processing(inventory_load())
    assert GUIDE.read_text() == written, (
        "Run: caution inventory --write docs/operators/data-protection.md"
    )


def test_the_guide_lists_every_classified_field():
    inventory = inventory_load()
    guide = records_of_processing(inventory)
    assert "## Records of processing (UK GDPR Article 30)" in guide
    assert "| `date_of_birth` | Identifying details | People on the register |" in guide
    assert f"({len(inventory.entries)} fields of" in guide


def test_the_command_writes_the_guide(tmp_path, capsys):
    target = tmp_path / "data-protection.md"
    call_command("inventory", write=str(target))
    assert target.read_text() == GUIDE.read_text()
    assert "fields classified, none missing" in capsys.readouterr().out


def test_the_command_fails_naming_a_field_left_unclassified(tmp_path, monkeypatch):
    edited = _edited_inventory(tmp_path, 'date_of_birth = "identifier"\n', "")
    monkeypatch.setattr(inventory_module, "INVENTORY_PATH", edited)
    with pytest.raises(CommandError, match=r"people\.Person\.date_of_birth: no entry"):
        call_command("inventory")


def _entry(name: str):
    return next(entry for entry in inventory_load().entries if entry.name == name)


def test_003_health_and_vulnerability_are_special_category_under_substantial_public_interest():
    """003 §15.3 collects medical information (mental health) where it raises an alert;
    §15.5 names the Article 9 condition: 2(g), substantial public interest."""
    inventory = inventory_load()
    context = _entry("register.Assessment.context")
    assert inventory.categories[context.category].get("special")
    assert "9(2)(g)" in inventory.bases[context.basis]["article9"]


def test_003_allegations_from_reports_are_criminal_offence_data():
    """003 §15.4: criminal offence data (UK GDPR Article 10) may be collected, from the
    police among others; held only under an appropriate policy document."""
    inventory = inventory_load()
    for name in ("incidents.Incident.description", "incidents.Incident.police_reference"):
        entry = _entry(name)
        assert inventory.categories[entry.category].get("offence")
        assert "Art. 10" in inventory.bases[entry.basis]["article10"]


def test_003_the_register_is_kept_as_a_public_task():
    """003 §15.5: "For the performance of a task carried out in the public interest"."""
    entry = _entry("people.PersonName.family_name")
    assert "6(1)(e)" in inventory_load().bases[entry.basis]["article6"]


def test_002_a_persons_records_are_deleted_by_the_retention_step_after_the_profiles_months():
    """002 §4.7: kept 6 months after removal, then deleted: the sweep's retention step, for
    the months in the profile's [retention]."""
    inventory = inventory_load()
    for name in ("people.Person.date_of_birth", "incidents.Witness.statement"):
        rule = inventory.retention[_entry(name).retention]["rule"]
        assert "retention_purge" in rule
        assert "after_removal_months" in rule
