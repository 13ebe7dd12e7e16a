#!/usr/bin/env bash
# CRM benchmarks (bench/README.md):
#  1. Enrollment under a slow CRM: 50 concurrent visitors enroll while the webhook takes 10 s per
#     request; the POST's p99 against its p99 with a fast endpoint; every delivery must succeed.
#  2. Delivery throughput: 10,000 queued deliveries to a fast local endpoint (nginx), by
#     `bcos worker`, against a plain libcurl loop posting the same payload to the same endpoint.
# Release build, throwaway PostgreSQL cluster, everything on 127.0.0.1, stopped by PID at the end.
# BENCH_APP_ROOT (this checkout): the checkout whose app is measured (its .build/release/bcos,
# Templates/, migrations/), e.g. a `git worktree` of an older commit; BENCH_SKIP_BUILD=1 uses the
# existing binary. OUTBOUND_ALLOW=127.0.0.1/32 lets the app reach the local receivers.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
VISITORS=${VISITORS:-50}
PER_VISITOR=${PER_VISITOR:-4}
SLOW_SECONDS=${SLOW_SECONDS:-10}
DELIVERIES=${DELIVERIES:-10000}

command -v nginx >/dev/null || { apt-get update -qq && apt-get install -y -qq nginx >/dev/null; }
app_root=$(cd "${BENCH_APP_ROOT:-$root}" && pwd)
./scripts/setup
[[ "${BENCH_SKIP_BUILD:-}" == 1 ]] || (cd "$app_root" && swift build -c release --product bcos 2>&1 | tail -n 1)
bin=$app_root/.build/release/bcos
[[ -x $bin ]] || { echo "missing $bin" >&2; exit 1; }
echo "app: $bin (commit $(git -C "$app_root" rev-parse --short HEAD 2>/dev/null || echo '?'))"

work=$(mktemp -d /tmp/bcos-crm-bench.XXXXXX)
chmod 755 "$work"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  [[ -f $work/nginx.pid ]] && kill "$(cat "$work/nginx.pid")" 2>/dev/null || true
  "$work/pgctl.sh" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

# Throwaway PostgreSQL (as in scripts/test).
pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
as_pg=()
if [[ $(id -u) -eq 0 ]]; then chown postgres:postgres "$work"; as_pg=(runuser -u postgres --); fi
pgport=$(( 20000 + RANDOM % 10000 ))
cat > "$work/pgctl.sh" <<SCRIPT
#!/bin/sh
exec ${as_pg[*]} "$pgbin/pg_ctl" -D "$work/data" -l "$work/postgres.log" -w -t 60 -o "-k $work -p $pgport -c listen_addresses='' -c max_connections=200" "\$@"
SCRIPT
chmod 755 "$work/pgctl.sh"
"${as_pg[@]}" "$pgbin/initdb" -D "$work/data" -U bcos -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
"$work/pgctl.sh" start >/dev/null
db="host=$work port=$pgport user=bcos dbname=postgres"
sql() { psql -X -q -t -A -v ON_ERROR_STOP=1 "$db" -c "$1"; }

fast_port=$(( 30000 + RANDOM % 5000 )); slow_port=$(( fast_port + 1 )); nginx_port=$(( fast_port + 2 )); app_port=$(( fast_port + 3 ))
python3 bench/crm/slow_webhook.py "$fast_port" 0 & pids+=($!)
python3 bench/crm/slow_webhook.py "$slow_port" "$SLOW_SECONDS" & pids+=($!)
mkdir -p "$work/nginx-tmp"
cat > "$work/nginx.conf" <<CONF
worker_processes 1;
pid $work/nginx.pid;
error_log $work/nginx-error.log;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $work/nginx-tmp; proxy_temp_path $work/nginx-tmp; fastcgi_temp_path $work/nginx-tmp;
  uwsgi_temp_path $work/nginx-tmp; scgi_temp_path $work/nginx-tmp;
  keepalive_requests 1000000;
  server { listen 127.0.0.1:$nginx_port; location / { default_type application/json; return 200 '{"ok":true}'; } }
}
CONF
nginx -c "$work/nginx.conf"

env_common=(DATABASE_URL="$db" BCOS_ROOT="$app_root" BCOS_DATA_DIR="$work/app-data" SECRET_KEY=bench-secret-key-0123456789abcdef
            ACCESS_LOG=off LOG_LEVEL=warning OUTBOUND_ALLOW=127.0.0.1/32)
env "${env_common[@]}" PORT=$app_port ENROLLMENT_RATE_LIMIT=1000000 CRM_WORKERS=64 CRM_RETRY_BASE_SECONDS=1 \
  "$bin" serve --demo >"$work/serve.log" 2>&1 & app_pid=$!; pids+=($app_pid)
for _ in $(seq 1 150); do curl -fsS "http://127.0.0.1:$app_port/readyz" >/dev/null 2>&1 && break; sleep 0.2; done
sql "INSERT INTO crm_integrations (name, type, config) VALUES ('bench', 'webhook', '{\"endpoint\": \"http://127.0.0.1:$fast_port/hook\"}')"
sql "INSERT INTO formation_crm_mappings (formation_id, crm_integration_id) SELECT f.id, i.id FROM formations f, crm_integrations i"
slugs=management-d-equipe-et-leadership  # its form: full name, e-mail, phone, terms

echo "== 1. Enrollment under a slow CRM: $VISITORS visitors x $PER_VISITOR enrollments"
# shellcheck disable=SC2086
fast=$(python3 bench/crm/enroll_load.py "$app_port" "$VISITORS" "$PER_VISITOR" $slugs)
echo "fast endpoint:        $fast"
sql "UPDATE crm_integrations SET config = '{\"endpoint\": \"http://127.0.0.1:$slow_port/hook\", \"timeout\": 30000}'"
started=$(date +%s.%N)
# shellcheck disable=SC2086
slow=$(python3 bench/crm/enroll_load.py "$app_port" "$VISITORS" "$PER_VISITOR" $slugs)
echo "slow endpoint (${SLOW_SECONDS} s): $slow"
p99_fast=$(sed -E 's/.*p99_ms=([0-9.]+).*/\1/' <<<"$fast"); p99_slow=$(sed -E 's/.*p99_ms=([0-9.]+).*/\1/' <<<"$slow")
echo "POST p99 slow/fast: $(python3 -c "print(f'{$p99_slow / $p99_fast:.2f}x')")  (target: at most 2x)"
total=$(sql "SELECT count(*) FROM crm_logs")
for _ in $(seq 1 600); do
  left=$(sql "SELECT count(*) FROM crm_logs WHERE status <> 'success'")
  [[ $left == 0 ]] && break
  sleep 1
done
drained=$(python3 -c "print(f'{$(date +%s.%N) - $started:.0f}')")
echo "deliveries: $total queued, $(sql "SELECT count(*) FROM crm_logs WHERE status = 'success'") succeeded, last one ${drained} s after the slow phase began"
kill "$app_pid"; wait "$app_pid" 2>/dev/null || true

echo "== 2. Delivery throughput: $DELIVERIES queued deliveries to nginx (return 200)"
sql "UPDATE crm_integrations SET config = '{\"endpoint\": \"http://127.0.0.1:$nginx_port/hook\"}'"
sql "SELECT request_data->'body' FROM crm_logs WHERE status = 'success' LIMIT 1" > "$work/payload.json"
sql "TRUNCATE crm_logs"
sql "INSERT INTO enrollments (formation_id, full_name, email, phone, company, language_preference, source, form_data)
     SELECT '00000000-0000-4000-8000-0000000000f1', 'Visiteur ' || n, 'v' || n || '@example.ma', '+212 6 61 23 45 67', 'Bench', 'fr', 'bench', '{}'
     FROM generate_series(1, $DELIVERIES) n"
sql "INSERT INTO crm_logs (enrollment_id, crm_integration_id, status)
     SELECT e.id, (SELECT id FROM crm_integrations), 'pending' FROM enrollments e WHERE e.source = 'bench'"
for workers in 4 16; do
  sql "UPDATE crm_logs SET status = 'pending', next_retry_at = NULL, retry_count = 0 WHERE status = 'success'" >/dev/null
  started=$(date +%s.%N)
  env "${env_common[@]}" CRM_WORKERS=$workers CRM_POLL_SECONDS=0.2 "$bin" worker >"$work/worker.log" 2>&1 & worker_pid=$!; pids+=($worker_pid)
  for _ in $(seq 1 1200); do
    [[ $(sql "SELECT count(*) FROM crm_logs WHERE status <> 'success'") == 0 ]] && break
    sleep 0.2
  done
  seconds=$(python3 -c "print($(date +%s.%N) - $started)")
  kill "$worker_pid"; wait "$worker_pid" 2>/dev/null || true
  echo "bcos worker, CRM_WORKERS=$workers: $DELIVERIES in $(printf %.1f "$seconds") s = $(python3 -c "print(round($DELIVERIES / $seconds))") deliveries/s (each: claim, load, map, POST, record)"
done
gcc -O2 -o "$work/curl_loop" bench/crm/curl_loop.c -lcurl
echo "plain libcurl loop:   $("$work/curl_loop" "http://127.0.0.1:$nginx_port/hook" "$work/payload.json" "$DELIVERIES")"
