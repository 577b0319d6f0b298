"""On PostgreSQL, the audit table refuses UPDATE, DELETE and TRUNCATE from anyone, raw SQL
included, except the retention purge, which sets `caution.audit_purge` for its own
statement (audit/models.py `purge_details`) and may then only empty an event's details.
SQLite has no such setting: there the application's own refusal stands alone."""

from django.db import migrations

CREATE = """
CREATE FUNCTION caution_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('caution.audit_purge', true) IS DISTINCT FROM 'on' THEN
        RAISE EXCEPTION 'The audit is append-only: % on % refused', TG_OP, TG_TABLE_NAME
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF TG_OP = 'UPDATE' AND (
        NEW.id, NEW.at, NEW.actor_id, NEW.verb, NEW.target_type, NEW.target_id, NEW.summary
    ) IS DISTINCT FROM (
        OLD.id, OLD.at, OLD.actor_id, OLD.verb, OLD.target_type, OLD.target_id, OLD.summary
    ) THEN
        RAISE EXCEPTION 'The retention purge removes an audit event''s details only'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER privacy_auditevent_append_only
    BEFORE UPDATE OR DELETE ON privacy_auditevent
    FOR EACH ROW EXECUTE FUNCTION caution_audit_append_only();
CREATE TRIGGER privacy_auditevent_no_truncate
    BEFORE TRUNCATE ON privacy_auditevent
    FOR EACH STATEMENT EXECUTE FUNCTION caution_audit_append_only();
"""

DROP = """
DROP TRIGGER privacy_auditevent_no_truncate ON privacy_auditevent;
DROP TRIGGER privacy_auditevent_append_only ON privacy_auditevent;
DROP FUNCTION caution_audit_append_only();
"""


def _on_postgresql(sql: str):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            # No parameters: the function's `%` are plpgsql's, not placeholders.
            schema_editor.execute(sql, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [migrations.RunPython(_on_postgresql(CREATE), _on_postgresql(DROP))]
