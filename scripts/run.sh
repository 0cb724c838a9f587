#!/usr/bin/env bash
# Set up and start the whole system in the foreground: web (gunicorn + uvicorn workers), worker, beat and flower.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python

VAR="${JOBLY_VAR_DIR:-$PWD/var}"
mkdir -p "$VAR/media" "$VAR/run" "$VAR/log" "$VAR/redis"
export PORT="${PORT:-8000}"
export JOBLY_WEB_PORT="$PORT"  # honcho gives each process its own PORT; web keeps ours
export JOBLY_BIND="${JOBLY_BIND:-127.0.0.1}"
export FLOWER_PORT="${FLOWER_PORT:-5555}"
export REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379/0}"
export FLOWER_BASIC_AUTH="${FLOWER_BASIC_AUTH:-admin:jobly-flower-dev}"
export SITE_URL="${SITE_URL:-http://127.0.0.1:$PORT}"

# Redis: use the one at REDIS_URL, or start a private one under var/ when none answers.
private_redis_pid=""
if ! "$PY" scripts/redis_ready.py "$REDIS_URL"; then
  host_port=$("$PY" scripts/redis_ready.py --host-port "$REDIS_URL")
  host="${host_port% *}"; port="${host_port#* }"
  if command -v redis-server >/dev/null 2>&1 && [[ "$host" == "127.0.0.1" || "$host" == "localhost" ]]; then
    echo "No Redis answered at $host:$port; starting a private one under $VAR/redis."
    redis-server --bind 127.0.0.1 --port "$port" --dir "$VAR/redis" --save "" --appendonly no \
      --daemonize yes --pidfile "$VAR/run/redis.pid" --logfile "$VAR/log/redis.log"
    for _ in $(seq 1 50); do "$PY" scripts/redis_ready.py "$REDIS_URL" && break; sleep 0.1; done
    private_redis_pid=$(cat "$VAR/run/redis.pid" 2>/dev/null || true)
  else
    echo "Jobly needs Redis: install it (apt-get install redis-server) or set REDIS_URL to a running server." >&2
    exit 1
  fi
fi

"$PY" manage.py check --fail-level ERROR >/dev/null
"$PY" manage.py migrate --noinput
"$PY" manage.py collectstatic --noinput -v 0
"$PY" manage.py load_demo
for extra in sync_periodic_tasks; do
  if "$PY" manage.py help "$extra" >/dev/null 2>&1; then "$PY" manage.py "$extra"; fi
done

cat <<BANNER

  Jobly is starting.
    Web:        http://$JOBLY_BIND:$PORT/          (log in as ${DEMO_USERNAME:-demo} / ${DEMO_PASSWORD:-jobly-demo-2026})
    API:        http://$JOBLY_BIND:$PORT/api/      docs: http://$JOBLY_BIND:$PORT/api/docs/
    Admin:      http://$JOBLY_BIND:$PORT/admin/    (create an operator: .venv/bin/python manage.py createsuperuser)
    Flower:     http://$JOBLY_BIND:$FLOWER_PORT/   (basic auth from FLOWER_BASIC_AUTH, default admin / jobly-flower-dev)
    Readiness:  http://$JOBLY_BIND:$PORT/readyz
  Press Ctrl-C to stop everything.

BANNER

cleanup() {
  if [[ -n "$private_redis_pid" ]]; then kill "$private_redis_pid" 2>/dev/null || true; fi
}
trap cleanup EXIT
.venv/bin/honcho -f Procfile start &
honcho_pid=$!
trap 'kill -TERM $honcho_pid 2>/dev/null || true' INT TERM
wait "$honcho_pid" || true
wait "$honcho_pid" 2>/dev/null || true
