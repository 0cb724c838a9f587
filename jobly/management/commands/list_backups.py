"""`manage.py list_backups`: the finished backups in the backups storage, oldest first."""

from django.core.management.base import BaseCommand

from jobly.backups import list_backups


class Command(BaseCommand):
    help = "List finished backups (name, time, database, sizes)."

    def handle(self, *args, **options):
        manifests = list_backups()
        if not manifests:
            self.stdout.write("No backups yet (`manage.py backup` writes one).")
        for manifest in manifests:
            size = sum(entry["size"] for entry in manifest["files"])
            self.stdout.write(f"{manifest['name']}  {manifest['created_at']}  {manifest['database']['vendor']}  "
                              f"{size} bytes  {len(manifest['media'])} media file(s)")
