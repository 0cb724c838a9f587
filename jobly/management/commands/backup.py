"""`manage.py backup`: dump the database and the media files to the backups storage, then prune."""

from django.core.management.base import BaseCommand, CommandError

from jobly.backups import BackupError, create_backup, prune_backups


class Command(BaseCommand):
    help = "Write a backup (database dump, media tar, checksum manifest) and prune old ones by BACKUP_KEEP_*."

    def add_arguments(self, parser):
        parser.add_argument("--no-prune", action="store_true", help="Keep every older backup this time.")

    def handle(self, *args, **options):
        try:
            manifest = create_backup()
            pruned = [] if options["no_prune"] else prune_backups()
        except BackupError as error:
            raise CommandError(f"{error.message} [{error.code}]") from None
        sizes = ", ".join(f"{entry['name']} {entry['size']} bytes" for entry in manifest["files"])
        self.stdout.write(f"Backup {manifest['name']} written: {sizes}; {len(manifest['media'])} media file(s), "
                          f"{sum(manifest['tables'].values())} rows in {len(manifest['tables'])} tables.")
        if pruned:
            self.stdout.write(f"Pruned {len(pruned)} older backup(s): {', '.join(pruned)}.")
