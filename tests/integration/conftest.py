import secrets
from contextlib import closing

import psycopg
import pytest
from django.db import connection
from psycopg import sql


@pytest.fixture
def fresh_database():
    """A new, empty PostgreSQL database on the test server (dropped afterwards): (name, conninfo)."""
    name = f"restore_{secrets.token_hex(4)}"
    db = connection.settings_dict
    server = {"host": db.get("HOST") or "127.0.0.1", "port": db.get("PORT") or 5432, "user": db.get("USER") or "postgres", "dbname": "postgres"}
    if db.get("PASSWORD"):
        server["password"] = db["PASSWORD"]
    with closing(psycopg.connect(**server, autocommit=True)) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    yield name, {**server, "dbname": name}
    with closing(psycopg.connect(**server, autocommit=True)) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
