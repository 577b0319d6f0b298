import uuid

from django.db import migrations, models


def give_each_marker_a_reference(apps, schema_editor):
    MarkerState = apps.get_model("register", "MarkerState")
    for state in MarkerState.objects.filter(reference__isnull=True).only("id"):
        state.reference = uuid.uuid4()
        state.save(update_fields=["reference"])


class Migration(migrations.Migration):
    dependencies = [("register", "0012_caution_sharing_justification")]

    operations = [
        migrations.AddField(
            model_name="markerstate",
            name="reference",
            field=models.UUIDField(editable=False, null=True),
        ),
        migrations.RunPython(give_each_marker_a_reference, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="markerstate",
            name="reference",
            field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True),
        ),
    ]
