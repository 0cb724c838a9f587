"""Application.packet_id becomes a ForeignKey to packets.Packet on the same column (SET_NULL).

First the state only (no SQL: the column is already a nullable bigint named packet_id), then ids of
packets that do not exist are cleared, then the constraint and index are added by an AlterField.
"""

from django.db import migrations, models


def clear_unknown_packet_ids(apps, schema_editor):
    Application = apps.get_model("tracking", "Application")
    Packet = apps.get_model("packets", "Packet")
    Application.objects.exclude(packet_id__isnull=True).exclude(
        packet_id__in=Packet.objects.values("pk")).update(packet_id=None)


class Migration(migrations.Migration):

    dependencies = [
        ("packets", "0001_initial"),
        ("tracking", "0002_snapshot_immutable"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(model_name="application", name="packet_id"),
                migrations.AddField(
                    model_name="application", name="packet",
                    field=models.ForeignKey(blank=True, db_column="packet_id", db_constraint=False, db_index=False, null=True,
                                            on_delete=models.deletion.SET_NULL, related_name="applications",
                                            to="packets.packet", help_text="The packet sent (packets.Packet)."),
                ),
            ],
        ),
        migrations.RunPython(clear_unknown_packet_ids, migrations.RunPython.noop, elidable=True),
        migrations.AlterField(
            model_name="application", name="packet",
            field=models.ForeignKey(blank=True, db_column="packet_id", null=True, on_delete=models.deletion.SET_NULL,
                                    related_name="applications", to="packets.packet", help_text="The packet sent (packets.Packet)."),
        ),
    ]
