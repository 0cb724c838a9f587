"""Exit 0 when Redis answers PING at the given URL; with --host-port print "host port"."""

import sys
from urllib.parse import urlsplit

import redis

if sys.argv[1] == "--host-port":
    parts = urlsplit(sys.argv[2])
    print(parts.hostname or "127.0.0.1", parts.port or 6379)
    sys.exit(0)
try:
    redis.Redis.from_url(sys.argv[1], socket_connect_timeout=1, socket_timeout=1).ping()
except Exception:
    sys.exit(1)
