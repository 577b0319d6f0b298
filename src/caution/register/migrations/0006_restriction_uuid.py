"""Restrictions get a public identifier, a UUID, as every other record has (DESIGN §5):
the API and the breach form name a restriction by it, so its integer key, which kept the
rows in the order they were added, never leaves the server. Existing rows get one each.

Reversed: the column goes; nothing else changed."""

import uuid

from django.db import migrations, models


def give_each_a_uuid(apps, schema_editor):
    Restriction = apps.get_model("register", "Restriction")
    rows = list(Restriction.objects.filter(uuid__isnull=True).only("id"))
    for row in rows:
        row.uuid = uuid.uuid4()
    Restriction.objects.bulk_update(rows, ["uuid"], batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [("register", "0005_caution_changes")]

    operations = [
        migrations.AddField(
            model_name="restriction",
            name="uuid",
            field=models.UUIDField(editable=False, null=True),
        ),
        migrations.RunPython(give_each_a_uuid, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="restriction",
            name="uuid",
            field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True),
        ),
    ]
