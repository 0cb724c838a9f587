"""A deleted artifact row (a packet, profile or account deleted) deletes its stored file after commit."""

from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver

from jobly.storage import delete_quietly
from packets.models import Artifact


@receiver(post_delete, sender=Artifact, dispatch_uid="packets.artifact_file_deleted")
def _delete_stored_file(sender, instance, **kwargs):
    name = instance.file.name
    if name:
        transaction.on_commit(lambda: delete_quietly(name))
