"""Derive every person's MatchKeys again, now with their addresses.

The check now finds people by house number and street, by street alone and by postcode,
each allowing a slip, through MatchKeys ("a:", "w:", "z:"), and finds family names written
in several words ("Mc Donald") by their joined form. Keys are derived data
(people/matching.py), so the keys already on the register are worked out again with the
current derivation. Reversing leaves the new keys in place: the older check ignores keys it
does not ask for.
"""

from collections import defaultdict

from django.db import migrations

CHUNK = 1000


def rebuild_match_keys(apps, schema_editor):
    # The current derivation on purpose: keys must match what the check looks for.
    from caution.people.matching import person_keys

    Person = apps.get_model("people", "Person")
    PersonName = apps.get_model("people", "PersonName")
    PersonAddress = apps.get_model("people", "PersonAddress")
    ContactPoint = apps.get_model("people", "ContactPoint")
    MatchKey = apps.get_model("people", "MatchKey")
    ids = list(Person.objects.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        births = dict(Person.objects.filter(pk__in=chunk).values_list("pk", "date_of_birth"))
        names, contacts, places = defaultdict(list), defaultdict(list), defaultdict(list)
        for pid, given, family in PersonName.objects.filter(person_id__in=chunk).values_list(
            "person_id", "given_names", "family_name"
        ):
            names[pid].append((given, family))
        for pid, kind, value in ContactPoint.objects.filter(person_id__in=chunk).values_list(
            "person_id", "kind", "value"
        ):
            contacts[pid].append((kind, value))
        for pid, *lines in PersonAddress.objects.filter(person_id__in=chunk).values_list(
            "person_id", "address__line1", "address__line2", "address__town", "address__postcode"
        ):
            places[pid].append(tuple(lines))
        MatchKey.objects.filter(person_id__in=chunk).delete()
        MatchKey.objects.bulk_create(
            (
                MatchKey(person_id=pid, key=key)
                for pid in chunk
                for key in sorted(
                    person_keys(names[pid], births[pid], contacts[pid], places[pid])
                )
            ),
            batch_size=5000,
        )


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0004_match_key_keyed_by_key_and_person"),
    ]

    operations = [
        migrations.RunPython(rebuild_match_keys, migrations.RunPython.noop, elidable=True),
    ]
