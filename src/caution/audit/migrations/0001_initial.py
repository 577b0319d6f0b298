"""The audit log becomes an app of its own, keeping the privacy app's table.

State only: the table `privacy_auditevent` and its links to people stay as they are, so a
database is untouched (privacy/0003 removes the model from the privacy app's state).
"""

import uuid

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import caution.lib.clock


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("people", "0001_initial"),
        ("privacy", "0003_audit_event_moves_to_the_audit_app"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="AuditEvent",
                    fields=[
                        (
                            "id",
                            models.UUIDField(
                                default=uuid.uuid4, editable=False, primary_key=True, serialize=False
                            ),
                        ),
                        ("at", models.DateTimeField(db_index=True, default=caution.lib.clock.now)),
                        (
                            "verb",
                            models.CharField(
                                choices=[
                                    ("check", "Ran a check"),
                                    ("view", "Viewed"),
                                    ("import", "Imported a register"),
                                    ("create", "Created"),
                                    ("change", "Changed"),
                                    ("sign_in", "Signed in"),
                                    ("export", "Exported"),
                                    ("delete", "Deleted"),
                                ],
                                max_length=20,
                            ),
                        ),
                        ("target_type", models.CharField(blank=True, max_length=40)),
                        ("target_id", models.CharField(blank=True, db_index=True, max_length=64)),
                        ("summary", models.CharField(max_length=300)),
                        ("details", models.JSONField(blank=True, default=dict)),
                        (
                            "actor",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "people",
                            models.ManyToManyField(
                                blank=True, related_name="audit_events", to="people.person"
                            ),
                        ),
                    ],
                    options={
                        "db_table": "privacy_auditevent",
                        "ordering": ["-at"],
                        "indexes": [
                            models.Index(
                                fields=["verb", "-at"], name="privacy_aud_verb_0b5b96_idx"
                            )
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
