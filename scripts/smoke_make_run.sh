#!/usr/bin/env bash
# Start `make run` on spare ports, wait until /readyz answers 200 and Flower refuses anonymous
# requests, then stop it with SIGINT (as Ctrl-C would) and check that nothing is left running.
set -euo pipefail
cd "$(dirname "$0")/.."
port="${SMOKE_PORT:-8765}"
flower_port="${SMOKE_FLOWER_PORT:-5566}"
log="$(mktemp)"
var_dir="$(mktemp -d)"
export JOBLY_VAR_DIR="$var_dir" PORT="$port" FLOWER_PORT="$flower_port" REDIS_URL="${SMOKE_REDIS_URL:-redis://127.0.0.1:6379/9}"
setsid make run >"$log" 2>&1 &
run_pid=$!
cleanup() { kill -INT -- -"$run_pid" 2>/dev/null || true; }
trap cleanup EXIT

ok=""
for _ in $(seq 1 120); do
  if curl -fsS "http://127.0.0.1:$port/readyz" >/dev/null 2>&1; then ok=1; break; fi
  sleep 1
done
if [ -z "$ok" ]; then
  echo "make run did not become ready; its output:"; tail -n 80 "$log"; exit 1
fi
echo "make run: /readyz is 200"
code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$flower_port/")
[ "$code" = "401" ] || { echo "Flower answered $code without credentials (expected 401)"; exit 1; }
echo "make run: Flower requires credentials"
curl -fsS "http://127.0.0.1:$port/accounts/login/" >/dev/null
curl -fsS "http://127.0.0.1:$port/metrics" | grep -q 'jobly_http_requests_total{.*route="login"' \
  || { echo "make run: /metrics does not count the login page"; exit 1; }
echo "make run: /metrics answers on loopback and counts requests"

kill -INT -- -"$run_pid"
for _ in $(seq 1 30); do kill -0 "$run_pid" 2>/dev/null || break; sleep 1; done
if kill -0 "$run_pid" 2>/dev/null; then echo "make run did not stop on Ctrl-C"; tail -n 40 "$log"; exit 1; fi
trap - EXIT
echo "make run: stopped cleanly on Ctrl-C"
rm -rf "$var_dir"
