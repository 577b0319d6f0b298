"""Derive every person's MatchKeys again.

Match keys are derived data (people/matching.py). The check now also finds people by
their given and family name together, allowing one slip in either ("f:" keys); it no
longer stores a word's sorted letters ("a:") or nickname group ("n:"), as nicknames are
expanded when a check asks. So the keys already on the register are worked out again
with the current derivation. Reversing leaves the new keys in place: the older check
still finds people by their name words, sound, date of birth and contact points.
"""

from collections import defaultdict

from django.db import migrations

CHUNK = 1000


def rebuild_match_keys(apps, schema_editor):
    # The current derivation on purpose: keys must match what the check looks for.
    from caution.people.matching import person_keys

    Person = apps.get_model("people", "Person")
    PersonName = apps.get_model("people", "PersonName")
    ContactPoint = apps.get_model("people", "ContactPoint")
    MatchKey = apps.get_model("people", "MatchKey")
    ids = list(Person.objects.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        births = dict(Person.objects.filter(pk__in=chunk).values_list("pk", "date_of_birth"))
        names, contacts = defaultdict(list), defaultdict(list)
        for pid, given, family in PersonName.objects.filter(person_id__in=chunk).values_list(
            "person_id", "given_names", "family_name"
        ):
            names[pid].append((given, family))
        for pid, kind, value in ContactPoint.objects.filter(person_id__in=chunk).values_list(
            "person_id", "kind", "value"
        ):
            contacts[pid].append((kind, value))
        MatchKey.objects.filter(person_id__in=chunk).delete()
        MatchKey.objects.bulk_create(
            (
                MatchKey(person_id=pid, key=key)
                for pid in chunk
                for key in sorted(person_keys(names[pid], births[pid], contacts[pid]))
            ),
            batch_size=5000,
        )


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0002_match_key_without_constraint"),
    ]

    operations = [
        migrations.RunPython(rebuild_match_keys, migrations.RunPython.noop, elidable=True),
    ]
