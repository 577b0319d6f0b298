"""Derive every person's MatchKeys again: streets named with a street word ("Park Road",
"Field Close", "Green Lane"), short forms ("Drv", "Gro") and a letter added to a short
kind ("Qway") now give a street key, and
"The Green" is told apart from "The Crescent" (lib/text.py, address_parts). Keys are
derived data, worked out with the current derivation, as 0005 does; reversing leaves them.
"""

import importlib

from django.db import migrations

rebuild_match_keys = importlib.import_module(
    "caution.people.migrations.0005_address_match_keys"
).rebuild_match_keys


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0005_address_match_keys"),
    ]

    operations = [
        migrations.RunPython(rebuild_match_keys, migrations.RunPython.noop, elidable=True),
    ]
