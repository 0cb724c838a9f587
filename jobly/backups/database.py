"""Database dumps and restores: `pg_dump --format=custom` on PostgreSQL, the online-backup API on SQLite.

On PostgreSQL the row counts and the migration state are read in the very snapshot pg_dump dumps
(`pg_export_snapshot()` + `pg_dump --snapshot`), so the manifest describes exactly what the dump
holds; a restore then checks the restored counts against it. Passwords reach pg_dump and
pg_restore through PGPASSWORD, never the command line.
"""

import os
import shutil
import sqlite3
import subprocess
from contextlib import closing
from pathlib import Path

import psycopg
from psycopg import sql

from jobly.backups.errors import BackupError

SYSTEM_SCHEMAS = ("pg_catalog", "information_schema")
PG_TOOL_TIMEOUT = 6 * 3600


def vendor_of(db):
    return "postgresql" if db["ENGINE"].endswith("postgresql") else "sqlite"


def dump(db, path):
    """Write a consistent dump of database settings dict `db` to `path`; returns its description."""
    if vendor_of(db) == "postgresql":
        return _dump_postgres(db, path)
    return _dump_sqlite(db, path)


def is_empty(db):
    """True when the database holds no tables at all (a fresh `createdb`, or no SQLite file yet)."""
    if vendor_of(db) == "postgresql":
        with closing(psycopg.connect(**_conninfo(db))) as conn:
            row = conn.execute(
                "SELECT count(*) FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')"
            ).fetchone()
            return row[0] == 0
    path = Path(db["NAME"])
    if not path.exists() or path.stat().st_size == 0:
        return True
    with closing(sqlite3.connect(path)) as conn:
        return not conn.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table'").fetchone()[0]


def restore(db, path, *, vendor, replace=False):
    """Restore the dump at `path` into `db`. `replace` first empties a non-empty database."""
    if vendor != vendor_of(db):
        raise BackupError(
            f"This backup is of a {vendor} database; the configured database is {vendor_of(db)}.", code="backup_vendor_mismatch"
        )
    if vendor == "postgresql":
        _restore_postgres(db, path, replace=replace)
    else:
        _restore_sqlite(db, path)
    return table_counts(db)


def table_counts(db):
    """Rows per table, for the manifest and for checking a restore."""
    if vendor_of(db) == "postgresql":
        with closing(psycopg.connect(**_conninfo(db))) as conn:
            return _postgres_counts(conn)
    with closing(sqlite3.connect(db["NAME"])) as conn:
        return _sqlite_counts(conn)


# --- PostgreSQL -------------------------------------------------------------------------------


def _conninfo(db):
    info = {"dbname": db["NAME"], "user": db.get("USER") or None, "host": db.get("HOST") or None, "connect_timeout": 10}
    if db.get("PORT"):
        info["port"] = int(db["PORT"])
    if db.get("PASSWORD"):
        info["password"] = db["PASSWORD"]
    return {key: value for key, value in info.items() if value is not None}


def _pg_command(tool, db):
    binary = shutil.which(tool)
    if binary is None:
        raise BackupError(f"{tool} is not installed (Debian: apt-get install postgresql-client).", code="pg_tools_missing")
    args = [binary, "--no-password"]
    if db.get("HOST"):
        args += ["--host", str(db["HOST"])]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", str(db["USER"])]
    env = {key: value for key, value in os.environ.items() if not key.startswith("PG")}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return args, env


def _run(args, env, what):
    completed = subprocess.run(args, env=env, capture_output=True, text=True, timeout=PG_TOOL_TIMEOUT, check=False)
    if completed.returncode != 0:
        raise BackupError(f"{what} failed: {completed.stderr.strip()[-2000:]}", code="database_tool_failed")
    return completed


def _postgres_counts(conn):
    tables = [row[0] for row in conn.execute(
        "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename"
    ).fetchall()]
    return {table: conn.execute(sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(table))).fetchone()[0] for table in tables}


def _applied_migrations(rows):
    applied = {}
    for app, name in rows:
        applied.setdefault(app, []).append(name)
    return {app: sorted(names) for app, names in sorted(applied.items())}


def _server_version(conn):
    return conn.execute("SHOW server_version").fetchone()[0]


def _dump_postgres(db, path):
    with closing(psycopg.connect(**_conninfo(db))) as conn:
        conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        conn.read_only = True
        with conn.transaction():
            snapshot = conn.execute("SELECT pg_export_snapshot()").fetchone()[0]
            counts = _postgres_counts(conn)
            migrations = _applied_migrations(conn.execute("SELECT app, name FROM django_migrations").fetchall())
            args, env = _pg_command("pg_dump", db)
            version = _run([args[0], "--version"], env, "pg_dump --version").stdout.strip()
            _run([*args, "--format=custom", "--no-owner", "--no-privileges", f"--snapshot={snapshot}",
                  f"--file={path}", f"--dbname={db['NAME']}"], env, "pg_dump")
            server = _server_version(conn)
    return {"vendor": "postgresql", "format": "pg_dump-custom", "server_version": server, "tool": version,
            "tables": counts, "migrations": migrations}


def _restore_postgres(db, path, *, replace):
    if replace:
        with closing(psycopg.connect(**_conninfo(db), autocommit=True)) as conn:
            conn.execute("DROP SCHEMA IF EXISTS public CASCADE")
            conn.execute("CREATE SCHEMA public")
    args, env = _pg_command("pg_restore", db)
    _run([*args, "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction",
          f"--dbname={db['NAME']}", str(path)], env, "pg_restore")


# --- SQLite -----------------------------------------------------------------------------------


def _sqlite_counts(conn):
    tables = [row[0] for row in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
    ).fetchall()]
    return {table: conn.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0] for table in tables}


def _dump_sqlite(db, path):
    with closing(sqlite3.connect(db["NAME"], timeout=30)) as source, closing(sqlite3.connect(path)) as copy:
        source.backup(copy)  # the online-backup API: a consistent copy while others write
    with closing(sqlite3.connect(path)) as copy:
        counts = _sqlite_counts(copy)
        migrations = _applied_migrations(copy.execute("SELECT app, name FROM django_migrations").fetchall())
    return {"vendor": "sqlite", "format": "sqlite3", "server_version": sqlite3.sqlite_version, "tool": "sqlite3 backup API",
            "tables": counts, "migrations": migrations}


def _restore_sqlite(db, path):
    target = Path(db["NAME"])
    target.parent.mkdir(parents=True, exist_ok=True)
    with closing(sqlite3.connect(path)) as source, closing(sqlite3.connect(target, timeout=30)) as destination:
        source.backup(destination)  # replaces every page of the destination
