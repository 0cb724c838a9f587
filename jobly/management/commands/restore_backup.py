"""`manage.py restore_backup NAME`: verify a backup's checksums, then restore it into an empty database."""

from django.core.management.base import BaseCommand, CommandError

from jobly.backups import BackupError, restore_backup


class Command(BaseCommand):
    help = (
        "Restore backup NAME (see list_backups) into the configured database and media storage. The database "
        "must be empty unless --force, which drops everything in it first. Stop web, worker and beat before."
    )

    def add_arguments(self, parser):
        parser.add_argument("name")
        parser.add_argument("--force", action="store_true", help="Replace a non-empty database and clashing media files.")

    def handle(self, *args, name, force, **options):
        try:
            report = restore_backup(name, force=force)
        except BackupError as error:
            raise CommandError(f"{error.message} [{error.code}]") from None
        self.stdout.write(f"Restored {report['name']}: {report['rows']} rows in {report['tables']} tables, "
                          f"{report['media_files']} media file(s) ({report['media_written']} written).")
        if report["unknown_migrations"]:
            self.stdout.write(f"Forced past migrations this code does not know: {', '.join(report['unknown_migrations'])}.")
        self.stdout.write("Next: `manage.py migrate` (a backup from an older version), then start the processes.")
