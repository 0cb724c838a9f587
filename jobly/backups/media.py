"""Media files (uploads, generated files) to and from a tar, through the Storage API, so the same
code works on local disk and on an S3 bucket. The `backups/` prefix is never media."""

import hashlib
import tarfile
from pathlib import PurePosixPath

from django.core.files.base import File

from jobly.backups.errors import BackupError

EXCLUDED_TOP_LEVEL = {"backups"}
CHUNK = 1024 * 1024


def walk(storage, directory=""):
    """Every file name in `storage` under `directory`, depth first, sorted."""
    try:
        directories, files = storage.listdir(directory)
    except FileNotFoundError:
        return
    for name in sorted(files):
        yield f"{directory}/{name}" if directory else name
    for child in sorted(directories):
        if not directory and child in EXCLUDED_TOP_LEVEL:
            continue
        yield from walk(storage, f"{directory}/{child}" if directory else child)


class _HashingReader:
    def __init__(self, handle):
        self.handle, self.digest, self.size = handle, hashlib.sha256(), 0

    def read(self, size=-1):
        chunk = self.handle.read(size)
        self.digest.update(chunk)
        self.size += len(chunk)
        return chunk


def write_tar(storage, path):
    """Write every media file into an uncompressed tar at `path`; returns [{name, size, sha256}]."""
    index = []
    with tarfile.open(path, "w", format=tarfile.PAX_FORMAT) as archive:
        for name in walk(storage):
            info = tarfile.TarInfo(name)
            info.size = storage.size(name)
            info.mode = 0o600
            try:
                info.mtime = int(storage.get_modified_time(name).timestamp())
            except (NotImplementedError, OSError):
                info.mtime = 0
            with storage.open(name, "rb") as handle:
                reader = _HashingReader(handle)
                archive.addfile(info, reader)
            if reader.size != info.size:
                raise BackupError(f"The media file {name} changed while it was being backed up.", code="media_changed")
            index.append({"name": name, "size": info.size, "sha256": reader.digest.hexdigest()})
    return index


def _safe_member_name(name):
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or not path.parts:
        raise BackupError(f"The media archive holds an unsafe path {name!r}.", code="backup_corrupt")
    return str(path)


def conflicts(storage, index):
    """Names in `index` that exist in `storage` with other contents (same bytes are not a conflict)."""
    clashing = []
    for entry in index:
        if storage.exists(entry["name"]) and _sha256_of(storage, entry["name"]) != entry["sha256"]:
            clashing.append(entry["name"])
    return clashing


def _sha256_of(storage, name):
    digest = hashlib.sha256()
    with storage.open(name, "rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def restore_tar(storage, path, index):
    """Put every file of the tar back under its own name; returns how many were written.

    A file already there with the same bytes is left alone; one with other bytes is replaced
    (the caller refused that earlier unless the operator forced it).
    """
    expected = {entry["name"]: entry for entry in index}
    written = 0
    with tarfile.open(path, "r:") as archive:
        for member in archive:
            if not member.isfile():
                continue
            name = _safe_member_name(member.name)
            entry = expected.get(name)
            if entry is None:
                raise BackupError(f"The media archive holds {name}, which its manifest does not list.", code="backup_corrupt")
            if storage.exists(name):
                if _sha256_of(storage, name) == entry["sha256"]:
                    continue
                storage.delete(name)
            saved = storage.save(name, File(archive.extractfile(member), name=name))
            if saved != name:
                raise BackupError(f"The storage saved {name} as {saved}.", code="media_restore_failed")
            written += 1
    return written
