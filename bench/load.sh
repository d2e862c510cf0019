#!/usr/bin/env bash
# Load test of the two hot workforce paths, with wrk against a release build:
#   GET  /api/v1/events?from=&to=   (a one-week range, 50 per page)
#   POST /api/v1/schedules/validate
# on SQLite and on PostgreSQL, after seeding 100,000 events and 20,000 schedules.
# Usage: bench/load.sh [sqlite|postgres|both] [seconds]   (needs wrk: apt-get install wrk)
set -euo pipefail
cd "$(dirname "$0")/.."
WHICH="${1:-both}"
SECS="${2:-20}"
PORT=18555
PG="${KAIROS_TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432}"
cargo build --release -q -p kairos-server
BIN="${CARGO_TARGET_DIR:-target}/release/kairos"
WORK=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$WORK"' EXIT

run() {
  local name="$1" url="$2"
  echo "==> $name"
  export KAIROS_DATA_DIR="$WORK/$name" DATABASE_URL="$url" KAIROS_SECRET_KEY=load-test-secret-0123456789abcdef-xyz \
    KAIROS_ADMIN_EMAIL=admin@example.com KAIROS_ADMIN_PASSWORD=load-test-password KAIROS_BIND="127.0.0.1:$PORT" \
    RUST_LOG=warn KAIROS_LOGIN_IP_LIMIT=1000
  "$BIN" seed-load --employees 200 --events 100000 --schedules 20000
  "$BIN" serve > "$WORK/$name.log" 2>&1 &
  local pid=$!
  for _ in $(seq 1 50); do curl -sf "http://127.0.0.1:$PORT/api/v1/health" >/dev/null && break; sleep 0.2; done
  local token
  token=$(curl -s "http://127.0.0.1:$PORT/api/v1/auth/login" -H 'content-type: application/json' \
    -d '{"email":"admin@example.com","password":"load-test-password"}' | python3 -c 'import sys,json;print(json.load(sys.stdin)["access_token"])')
  local monday
  monday=$(python3 -c 'import datetime as d;t=d.date.today();print(t-d.timedelta(days=t.weekday()+28))')
  local sunday
  sunday=$(python3 -c "import datetime as d;print(d.date.fromisoformat('$monday')+d.timedelta(days=6))")
  echo "-- GET /api/v1/events?from=$monday&to=$sunday&per_page=50"
  wrk -t2 -c32 -d"${SECS}s" -H "Authorization: Bearer $token" \
    "http://127.0.0.1:$PORT/api/v1/events?from=$monday&to=$sunday&per_page=50" | grep -E "Requests/sec|Latency|Non-2xx|requests in"
  cat > "$WORK/validate.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer $token"
local n = 0
request = function()
  n = n + 1
  local ref = 10000000 + 30000 + (n % 50000)
  local emp = string.format("L%04d", n % 200)
  return wrk.format(nil, nil, nil, string.format('{"event_ref_num": %d, "employee_id": "%s", "schedule_datetime": "2026-03-02T15:15:00Z"}', ref, emp))
end
LUA
  echo "-- POST /api/v1/schedules/validate"
  wrk -t2 -c32 -d"${SECS}s" -s "$WORK/validate.lua" "http://127.0.0.1:$PORT/api/v1/schedules/validate" | grep -E "Requests/sec|Latency|Non-2xx|requests in"
  # The same with a different week per request (100 weeks x 200 employees): the employee-week
  # cache mostly misses, so this measures the path that reads everything.
  local weeks
  weeks=$(python3 -c 'import datetime as d;m=d.date(2025,12,1);print(",".join(chr(34)+str(m+d.timedelta(weeks=i))+"T15:15:00Z"+chr(34) for i in range(100)))')
  cat > "$WORK/validate-cold.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer $token"
local weeks = {$weeks}
local n = 0
request = function()
  n = n + 1
  local ref = 10000000 + 30000 + (n % 50000)
  local emp = string.format("L%04d", n % 200)
  return wrk.format(nil, nil, nil, string.format('{"event_ref_num": %d, "employee_id": "%s", "schedule_datetime": "%s"}', ref, emp, weeks[1 + math.floor(n / 200) % 100]))
end
LUA
  echo "-- POST /api/v1/schedules/validate, a different week each time"
  wrk -t2 -c32 -d"${SECS}s" -s "$WORK/validate-cold.lua" "http://127.0.0.1:$PORT/api/v1/schedules/validate" | grep -E "Requests/sec|Latency|Non-2xx|requests in"
  # The event list with a different week and page per request while an event is renamed ten
  # times a second: each write moves the data version, so pages are mostly read from the
  # database (the path without the cache).
  cat > "$WORK/events-writes.lua" <<LUA
wrk.headers["Authorization"] = "Bearer $token"
local n = 0
request = function()
  n = n + 1
  local t = os.time({year=2025, month=12, day=1, hour=12}) + 7 * 86400 * (n % 50)
  return wrk.format("GET", string.format("/api/v1/events?from=%s&to=%s&per_page=50&page=%d",
    os.date("%Y-%m-%d", t), os.date("%Y-%m-%d", t + 6 * 86400), 1 + math.floor(n / 50) % 10))
end
LUA
  local writer_until=$((SECONDS + SECS))
  ( n=0; while [ "$SECONDS" -lt "$writer_until" ]; do
      n=$((n + 1))
      curl -s -o /dev/null -X PATCH -H "Authorization: Bearer $token" -H 'content-type: application/json' \
        "http://127.0.0.1:$PORT/api/v1/events/5" -d "{\"project_name\": \"Renamed under load $n\"}"
      sleep 0.1
    done ) &
  local writer=$!
  echo "-- GET /api/v1/events, a different week and page each time, with 10 writes a second"
  wrk -t2 -c32 -d"${SECS}s" -s "$WORK/events-writes.lua" "http://127.0.0.1:$PORT" | grep -E "Requests/sec|Latency|Non-2xx|requests in"
  wait "$writer" 2>/dev/null || true
  kill "$pid"; wait "$pid" 2>/dev/null || true
}

if [ "$WHICH" = sqlite ] || [ "$WHICH" = both ]; then
  run sqlite "sqlite://$WORK/sqlite.db?mode=rwc"
fi
if [ "$WHICH" = postgres ] || [ "$WHICH" = both ]; then
  DB="kairos_load_$$"
  psql "$PG/postgres" -qc "CREATE DATABASE $DB"
  trap 'kill $(jobs -p) 2>/dev/null || true; psql "$PG/postgres" -qc "DROP DATABASE IF EXISTS $DB WITH (FORCE)"; rm -rf "$WORK"' EXIT
  run postgres "$PG/$DB"
fi
