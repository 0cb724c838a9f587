"""A snapshot never changes: on PostgreSQL a trigger refuses UPDATE of tracking_snapshot, so not even
a bulk update or raw SQL can rewrite what the user applied with (the model refuses it in Python too)."""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION tracking_snapshot_refuse_update() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'a snapshot never changes (tracking_snapshot)' USING ERRCODE = 'check_violation';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER tracking_snapshot_immutable BEFORE UPDATE ON tracking_snapshot
    FOR EACH ROW EXECUTE FUNCTION tracking_snapshot_refuse_update();
"""
DROP = """
DROP TRIGGER IF EXISTS tracking_snapshot_immutable ON tracking_snapshot;
DROP FUNCTION IF EXISTS tracking_snapshot_refuse_update();
"""


def _run(sql):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return apply


class Migration(migrations.Migration):
    dependencies = [("tracking", "0001_initial")]

    operations = [migrations.RunPython(_run(CREATE), _run(DROP))]
