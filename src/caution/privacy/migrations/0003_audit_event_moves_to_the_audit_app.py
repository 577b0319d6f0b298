"""The audit log moves to the audit app (audit/0001), keeping its table.

State only: first the model is told its table by name (the name it has always had), then it
leaves this app's state; the table and its links to people are untouched.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("privacy", "0002_retention_and_subject_access"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterModelTable(name="auditevent", table="privacy_auditevent"),
                migrations.DeleteModel(name="AuditEvent"),
            ],
            database_operations=[],
        ),
    ]
