#!/usr/bin/env bash
# Course page throughput: GET /{lang}/formations/{slug} over 200 published courses × fr/ar, with
# wrk (2 threads, 64 connections, BENCH_SECONDS = 15 s after a short warm-up) against, in turn:
#   app (page cache)      .build/release/bcos serve — the app's own release build, default settings
#                         (its rendered-page cache on, PAGE_CACHE_MB at its default)
#   app (PAGE_CACHE=off)  the same binary with the rendered-page cache off
#   peer                  bench/peers peer-hummingbird — the same page on Hummingbird 2 +
#                         swift-mustache + postgres-nio
#   nginx                 one saved page of the app served as a static file for every course path
# all from one throwaway PostgreSQL cluster in a temporary directory (never the developer's .data).
# Prints requests/s, p50/p99 latency, server CPU per request (and PostgreSQL's), resident memory
# idle and after the run, and ratios. Exits non-zero if a page differs between the two apps and
# the peer (the form token's issue time, random part and MAC aside), if a form token is not one
# the app's signer would issue for that course, or if any response was not 2xx.
#
# Environment: BENCH_SECONDS (15), BENCH_WARMUP (3), BENCH_ROUNDS (3: each row is its median round),
# BENCH_SKIP_BUILD=1 (use existing binaries),
# BENCH_APP_ROOT (this checkout): the checkout whose app is measured — its .build/release/bcos,
# Templates/ and migrations/ — e.g. a `git worktree` of an older commit for a before/after
# comparison; the peer, seed.sql and paths.lua always come from this checkout. BENCH_PERF=1 adds
# a profile of the cached app, the uncached app and the peer (see the end).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
peers="$repo/bench/peers"
app_root=$(cd "${BENCH_APP_ROOT:-$repo}" && pwd)
seconds=${BENCH_SECONDS:-15}
warmup=${BENCH_WARMUP:-3}
rounds=${BENCH_ROUNDS:-3}
threads=2
connections=64

say() { printf '\n== %s\n' "$*"; }
die() { printf '\nFAILED: %s\n' "$*" >&2; exit 1; }

# --- tools -------------------------------------------------------------------------------------
missing=()
command -v wrk >/dev/null || missing+=(wrk)
command -v nginx >/dev/null || [[ -x /usr/sbin/nginx ]] || missing+=(nginx)
pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[[ -x "$pgbin/initdb" ]] || missing+=(postgresql)
command -v psql >/dev/null || missing+=(postgresql-client)
command -v python3 >/dev/null || missing+=(python3)
[[ "${BENCH_PERF:-}" != 1 ]] || command -v perf >/dev/null || missing+=(linux-perf)
if ((${#missing[@]})); then
  sudo=(); [[ $(id -u) -eq 0 ]] || sudo=(sudo)
  echo "Installing ${missing[*]} with apt-get…"
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null
  pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
fi
nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)

# --- builds (one after the other: the machine has 2 cores) --------------------------------------
if [[ "${BENCH_SKIP_BUILD:-}" != 1 ]]; then
  say "Building the app (release)"
  (cd "$app_root" && nice -n 10 swift build -c release --product bcos)
  say "Building the peer (release)"
  (cd "$peers" && nice -n 10 swift build -c release --product peer-hummingbird)
fi
app_bin="$app_root/.build/release/bcos"
app_commit=$(git -C "$app_root" rev-parse --short HEAD 2>/dev/null || echo "?")
echo "app: $app_bin (commit $app_commit)"
peer_bin="$peers/.build/release/peer-hummingbird"
[[ -x "$app_bin" && -x "$peer_bin" ]] || die "missing $app_bin or $peer_bin"

# --- throwaway PostgreSQL (as scripts/test) ------------------------------------------------------
workdir=$(mktemp -d /tmp/bcos-page-bench.XXXXXX)
chmod 755 "$workdir"
as_pg=()
if [[ $(id -u) -eq 0 ]]; then
  chown postgres:postgres "$workdir"
  as_pg=(runuser -u postgres --)
fi
pgport=$(( 20000 + RANDOM % 20000 ))
app_port=$(( pgport + 1 )); peer_port=$(( pgport + 2 )); nginx_port=$(( pgport + 3 )); app_off_port=$(( pgport + 4 ))
pgctl=("${as_pg[@]}" "$pgbin/pg_ctl" -D "$workdir/data" -l "$workdir/postgres.log" -w -t 60)

app_pid=""; app_off_pid=""; peer_pid=""; nginx_pid=""
stop_pid() { # stop one process we started, by PID, and wait for it
  local pid=$1
  [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null || true
}
cleanup() {
  stop_pid "$nginx_pid"; stop_pid "$peer_pid"; stop_pid "$app_off_pid"; stop_pid "$app_pid"
  "${pgctl[@]}" -m fast stop >/dev/null 2>&1 || true
  rm -rf "$workdir"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

say "Starting a throwaway PostgreSQL in $workdir"
"${as_pg[@]}" "$pgbin/initdb" -D "$workdir/data" -U bcos -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
"${pgctl[@]}" -o "-k $workdir -p $pgport -c listen_addresses='' -c fsync=off" start >/dev/null
pg_pid=$(head -n 1 "$workdir/data/postmaster.pid")
psql_bench=(psql -X -q -v ON_ERROR_STOP=1 "host=$workdir port=$pgport user=bcos dbname=bench")
psql -X -q -v ON_ERROR_STOP=1 "host=$workdir port=$pgport user=bcos dbname=postgres" -c "CREATE DATABASE bench" >/dev/null

# One BASE_URL for the three Swift servers: it is in the pages (canonical and alternate links).
base_url="http://127.0.0.1:$app_port"
app_off_url="http://127.0.0.1:$app_off_port"
peer_url="http://127.0.0.1:$peer_port"
# One SECRET_KEY too: the peer signs its form tokens as the app does, with a key derived from it.
secret_key="page-throughput-bench-$RANDOM$RANDOM$RANDOM"
# The page cache's settings come from this script only, never from the caller's environment.
app_env=(
  -u PAGE_CACHE -u PAGE_CACHE_MB
  DATABASE_URL="host=$workdir port=$pgport user=bcos dbname=bench" HOST=127.0.0.1 PORT="$app_port" BASE_URL="$base_url"
  ACCESS_LOG=off LOG_LEVEL=warning CRM_WORKER=off BCOS_ROOT="$app_root" BCOS_DATA_DIR="$workdir/app-data"
  SECRET_KEY="$secret_key"
)
wait_http() { # URL EXPECTED-STATUS PID NAME LOG
  for _ in $(seq 1 300); do
    [[ "$(curl -s -o /dev/null -w '%{http_code}' "$1" 2>/dev/null)" == "$2" ]] && return 0
    kill -0 "$3" 2>/dev/null || { tail -n 40 "$5" >&2; die "$4 exited during start-up (log above)"; }
    sleep 0.1
  done
  tail -n 40 "$5" >&2
  die "$4 did not answer $2 on $1 (log above)"
}

say "Creating the bench database: bcos serve --demo once, then seed.sql"
(cd "$app_root" && exec env "${app_env[@]}" "$app_bin" serve --demo) >"$workdir/app-demo.log" 2>&1 &
app_pid=$!
wait_http "$base_url/readyz" 200 "$app_pid" "bcos serve --demo" "$workdir/app-demo.log"
stop_pid "$app_pid"; app_pid=""
"${psql_bench[@]}" -f "$here/seed.sql" >/dev/null
"${psql_bench[@]}" -At -c "SELECT slug FROM formations WHERE is_published AND is_active ORDER BY slug" >"$workdir/slugs.txt"
"${psql_bench[@]}" -At -F ' ' -c "SELECT slug, id FROM formations WHERE is_published AND is_active ORDER BY slug" >"$workdir/course-ids.txt"
with_sessions=$("${psql_bench[@]}" -At -c "SELECT count(DISTINCT f.id) FROM formations f JOIN formation_sessions s ON s.formation_id = f.id
  WHERE f.is_published AND f.is_active AND s.status = 'open' AND s.starts_at > NOW()")
echo "$(wc -l <"$workdir/slugs.txt") published courses × fr/ar = $(( 2 * $(wc -l <"$workdir/slugs.txt") )) paths; $with_sessions courses with upcoming sessions"

# --- servers -----------------------------------------------------------------------------------
# A process may end between listing and reading it (a PostgreSQL autovacuum worker): skipped.
rss_kb() {
  local total=0 pid kb; for pid in "$@"; do kb=$(awk '/^VmRSS/ {print $2}' "/proc/$pid/status" 2>/dev/null) || continue; total=$(( total + ${kb:-0} )); done; echo "$total"
}
cpu_ticks() { # utime + stime of the given processes (all their threads), in clock ticks
  local total=0 pid ticks; for pid in "$@"; do
    ticks=$(sed 's/^.*) //' "/proc/$pid/stat" 2>/dev/null | awk '{print $12 + $13}') || continue
    total=$(( total + ${ticks:-0} ))
  done; echo "$total"
}
pg_pids() { echo "$pg_pid" $(pgrep -P "$pg_pid" || true); }
clk_tck=$(getconf CLK_TCK)

say "Starting the app twice — page cache at its defaults on :$app_port, PAGE_CACHE=off on :$app_off_port — and the peer on :$peer_port"
(cd "$app_root" && exec env "${app_env[@]}" "$app_bin" serve) >"$workdir/app.log" 2>&1 &
app_pid=$!
wait_http "$base_url/readyz" 200 "$app_pid" app "$workdir/app.log"
(cd "$app_root" && exec env "${app_env[@]}" PORT="$app_off_port" PAGE_CACHE=off "$app_bin" serve) >"$workdir/app-off.log" 2>&1 &
app_off_pid=$!
(cd "$repo" && exec env HOST=127.0.0.1 PORT="$peer_port" BASE_URL="$base_url" BCOS_ROOT="$repo" LOG_LEVEL=warning SECRET_KEY="$secret_key" \
  PG_SOCKET="$workdir/.s.PGSQL.$pgport" PG_USER=bcos PG_DATABASE=bench DATABASE_POOL_SIZE=10 "$peer_bin") >"$workdir/peer.log" 2>&1 &
peer_pid=$!
wait_http "$app_off_url/readyz" 200 "$app_off_pid" "app (PAGE_CACHE=off)" "$workdir/app-off.log"
wait_http "$peer_url/" 404 "$peer_pid" peer "$workdir/peer.log"
sleep 2
declare -A rss_idle
rss_idle[app]=$(rss_kb "$app_pid"); rss_idle[app_off]=$(rss_kb "$app_off_pid"); rss_idle[peer]=$(rss_kb "$peer_pid")

say "Checking every page: status 200 and the same HTML from both apps and the peer (form token aside)"
# The form token (SubmissionToken): 76 base64url characters, version 1 and the course id in front
# (its first 22 characters), then the issue time, 16 random bytes and the MAC, which differ on
# every request. The pages are compared with the whole token blanked; the tokens themselves are
# checked below (python3): well formed, version 1, this course's id, issued during this run, and
# signed as SubmissionTokenSigner signs (HMAC-SHA256 under HKDF(SECRET_KEY), first 128 bits).
token_re='name="submission_token" value="[A-Za-z0-9_-]{76}"'
strip_token() { sed -E 's/name="submission_token" value="[A-Za-z0-9_-]{76}"/name="submission_token" value="TOKEN"/' "$1"; }
check_started=$(date +%s)
: >"$workdir/tokens.txt"
checked=0
while read -r slug; do
  for lang in fr ar; do
    path="/$lang/formations/$slug"
    curl -fsS -o "$workdir/app.html" "$base_url$path" || die "app (page cache): GET $path did not answer 200"
    curl -fsS -o "$workdir/app_off.html" "$app_off_url$path" || die "app (PAGE_CACHE=off): GET $path did not answer 200"
    curl -fsS -o "$workdir/peer.html" "$peer_url$path" || die "peer: GET $path did not answer 200"
    for side in app app_off peer; do
      [[ $(grep -Ec "$token_re" "$workdir/$side.html") == 1 && $(grep -c 'name="submission_token"' "$workdir/$side.html") == 1 ]] \
        || die "$side: GET $path has no single 76-character form token"
      printf '%s %s %s %s\n' "$side" "$slug" "$lang" "$(grep -Eo "$token_re" "$workdir/$side.html" | sed -E 's/.*value="([^"]*)"/\1/')" >>"$workdir/tokens.txt"
    done
    # The two apps: the same binary, the page cache on and off, must answer the same page.
    if ! diff -u <(strip_token "$workdir/app_off.html") <(strip_token "$workdir/app.html") >"$workdir/page.diff"; then
      head -n 60 "$workdir/page.diff"
      die "the app's page with its page cache differs from the one without for $path (diff above, PAGE_CACHE=off first)"
    fi
    # -B: since issue #17 our engine drops the line of a standalone closing tag that follows another
    # standalone one ({{/layout.noindex}} in layouts/base) and swift-mustache keeps its line ending,
    # so the peer has one more blank line (see the template-engine benchmark); nothing else may differ.
    if ! diff -u -B <(strip_token "$workdir/app_off.html") <(strip_token "$workdir/peer.html") >"$workdir/page.diff"; then
      head -n 60 "$workdir/page.diff"
      die "the peer's HTML differs from the app's for $path (diff above, app first)"
    fi
    checked=$(( checked + 1 ))
  done
done <"$workdir/slugs.txt"
SECRET_KEY="$secret_key" python3 - "$workdir/tokens.txt" "$workdir/course-ids.txt" "$check_started" <<'PY' || die "form tokens not as the app's signer issues them (above)"
import base64, hashlib, hmac, os, sys, time, uuid
tokens_file, ids_file, started = sys.argv[1], sys.argv[2], int(sys.argv[3])
ids = dict(line.split() for line in open(ids_file) if line.strip())
# HKDF-SHA256 (RFC 5869) without salt, info "bcos submission tokens v1", 32 bytes: one block.
prk = hmac.new(b"\0" * 32, os.environ["SECRET_KEY"].encode(), hashlib.sha256).digest()
key = hmac.new(prk, b"bcos submission tokens v1\x01", hashlib.sha256).digest()
now, bad, count = int(time.time()), 0, 0
for line in open(tokens_file):
    side, slug, lang, token = line.split()
    count += 1
    raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
    problems = []
    if len(token) != 76 or len(raw) != 57: problems.append("not 57 bytes")
    else:
        if raw[0] != 1: problems.append(f"version {raw[0]}")
        if str(uuid.UUID(bytes=raw[1:17])) != ids[slug]: problems.append("another course's id")
        issued = int.from_bytes(raw[17:25], "big")
        if not started - 5 <= issued <= now + 5: problems.append(f"issued at {issued}, not during the check")
        if not hmac.compare_digest(hmac.new(key, raw[:41], hashlib.sha256).digest()[:16], raw[41:]): problems.append("bad MAC")
    if problems:
        bad += 1
        if bad <= 10: print(f"{side} /{lang}/formations/{slug}: token {token}: {', '.join(problems)}")
if bad: sys.exit(f"{bad} of {count} form tokens are wrong")
print(f"{count} form tokens (both apps and the peer) signed for their course with the run's SECRET_KEY")
PY
first_slug=$(head -n 1 "$workdir/slugs.txt")
mkdir -p "$workdir/www"
curl -fsS -o "$workdir/www/course.html" "$base_url/fr/formations/$first_slug"
echo "$checked pages identical from both apps and the peer; nginx serves /fr/formations/$first_slug ($(wc -c <"$workdir/www/course.html") bytes) for every path"

# nginx: worker_processes auto (= 2 here, as many as the Swift servers' event-loop threads).
mkdir -p "$workdir/nginx/tmp"
nginx_user=""; [[ $(id -u) -eq 0 ]] && nginx_user="user www-data www-data;"
cat >"$workdir/nginx/nginx.conf" <<CONF
$nginx_user
worker_processes auto;
daemon off;
pid $workdir/nginx/nginx.pid;
error_log $workdir/nginx/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  tcp_nodelay on;
  keepalive_timeout 65;
  keepalive_requests 1000000;
  server_tokens off;
  client_body_temp_path $workdir/nginx/tmp/body;
  proxy_temp_path $workdir/nginx/tmp/proxy;
  fastcgi_temp_path $workdir/nginx/tmp/fastcgi;
  uwsgi_temp_path $workdir/nginx/tmp/uwsgi;
  scgi_temp_path $workdir/nginx/tmp/scgi;
  types { text/html html; }
  charset utf-8;
  server {
    listen 127.0.0.1:$nginx_port;
    root $workdir/www;
    location ~ ^/(fr|ar)/formations/[^/]+\$ {
      default_type text/html;
      add_header Cache-Control "private, no-cache";
      try_files /course.html =404;
    }
    location / { return 404; }
  }
}
CONF
chmod -R a+rX "$workdir/www"
"$nginx_bin" -e "$workdir/nginx/error.log" -p "$workdir/nginx" -c "$workdir/nginx/nginx.conf" -t -q
"$nginx_bin" -e "$workdir/nginx/error.log" -p "$workdir/nginx" -c "$workdir/nginx/nginx.conf" &
nginx_pid=$!
wait_http "http://127.0.0.1:$nginx_port/ar/formations/$first_slug" 200 "$nginx_pid" nginx "$workdir/nginx/error.log"
nginx_workers=$(pgrep -P "$nginx_pid" | tr '\n' ' ')

# --- measurements ------------------------------------------------------------------------------
# Keys: app (page cache), app_off (PAGE_CACHE=off), peer, nginx. The servers not being measured are idle.
declare -A rps p50 p99 cpu dbcpu non2xx sockerr rss_after requests
run_wrk() { # NAME LABEL URL PIDS...
  local name=$1 label=$2 url=$3; shift 3
  say "wrk: $label ($url), ${warmup} s warm-up then ${seconds} s"
  wrk -t"$threads" -c"$connections" -d"${warmup}s" -s "$here/paths.lua" "$url" -- "$workdir/slugs.txt" >/dev/null
  local before db_before after db_after line
  before=$(cpu_ticks "$@"); db_before=$(cpu_ticks $(pg_pids))
  wrk -t"$threads" -c"$connections" -d"${seconds}s" --timeout 10s --latency -s "$here/paths.lua" "$url" -- "$workdir/slugs.txt" \
    | tee "$workdir/wrk-$name.txt"
  after=$(cpu_ticks "$@"); db_after=$(cpu_ticks $(pg_pids))
  line=$(grep '^RESULT ' "$workdir/wrk-$name.txt")
  field() { sed -E "s/.* $1=([^ ]+).*/\\1/" <<<"$line"; }
  requests[$name]=$(field requests); rps[$name]=$(field rps); p50[$name]=$(field p50_ms); p99[$name]=$(field p99_ms)
  non2xx[$name]=$(field non2xx); sockerr[$name]=$(field socket_errors)
  cpu[$name]=$(awk -v t=$(( after - before )) -v hz="$clk_tck" -v n="${requests[$name]}" 'BEGIN { printf "%.1f", t * 1e6 / hz / n }')
  dbcpu[$name]=$(awk -v t=$(( db_after - db_before )) -v hz="$clk_tck" -v n="${requests[$name]}" 'BEGIN { printf "%.1f", t * 1e6 / hz / n }')
  rss_after[$name]=$(rss_kb "$@")
}
# The four servers are measured in turn, BENCH_ROUNDS times (3), and each row reports its median
# round by requests/s: this shared machine slows down for a minute now and then, and a single
# pass let one bad minute decide a ratio. Every round's figures are printed under the table.
for (( round = 1; round <= rounds; round++ )); do
  run_wrk "app.$round" "app (page cache), round $round/$rounds" "$base_url" "$app_pid"
  run_wrk "app_off.$round" "app (PAGE_CACHE=off), round $round/$rounds" "$app_off_url" "$app_off_pid"
  run_wrk "peer.$round" "peer, round $round/$rounds" "$peer_url" "$peer_pid"
  run_wrk "nginx.$round" "nginx, round $round/$rounds" "http://127.0.0.1:$nginx_port" "$nginx_pid" $nginx_workers
done
declare -A rounds_seen
for name in app app_off peer nginx; do
  median=$(for (( round = 1; round <= rounds; round++ )); do echo "${rps[$name.$round]} $round"; done \
    | sort -g | awk -v m=$(( (rounds + 1) / 2 )) 'NR == m { print $2 }')
  key="$name.$median"
  requests[$name]=${requests[$key]}; rps[$name]=${rps[$key]}; p50[$name]=${p50[$key]}; p99[$name]=${p99[$key]}
  cpu[$name]=${cpu[$key]}; dbcpu[$name]=${dbcpu[$key]}; sockerr[$name]=${sockerr[$key]}; rss_after[$name]=${rss_after[$key]}
  non2xx[$name]=0
  rounds_seen[$name]=""
  for (( round = 1; round <= rounds; round++ )); do
    non2xx[$name]=$(( non2xx[$name] + non2xx[$name.$round] ))
    rounds_seen[$name]+="${rounds_seen[$name]:+, }${rps[$name.$round]} req/s ${cpu[$name.$round]} µs"
  done
done

# --- report ------------------------------------------------------------------------------------
mib() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b == 0) print "–"; else printf "%.3g×", a / b }'; }
goal() { # A B MIN: whether A / B ≥ MIN
  awk -v a="$1" -v b="$2" -v m="$3" 'BEGIN { if (b == 0) print "–"; else if (a / b >= m) printf "target ≥ %g×: met", m; else printf "target ≥ %g×: NOT met", m }'
}
row() { # NAME LABEL
  local name=$1 label=$2 idle="–" db="${dbcpu[$1]}"
  [[ -n "${rss_idle[$name]:-}" ]] && idle=$(mib "${rss_idle[$name]}")
  [[ $name == nginx ]] && db="–"
  echo "| $label | ${rps[$name]} | ${p50[$name]} | ${p99[$name]} | ${cpu[$name]} | $db | ${non2xx[$name]} | ${sockerr[$name]} | $idle | $(mib "${rss_after[$name]}") |"
}
say "Results (${seconds} s, wrk -t$threads -c$connections, $(nproc) cores shared by wrk, the server and PostgreSQL)"
echo
echo "| server | requests/s | p50 ms | p99 ms | server CPU µs/req | PostgreSQL CPU µs/req | non-2xx | socket errors | RSS idle MiB | RSS after MiB |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
row app "app (page cache) (bcos $app_commit, own NIO server + Mustache engine + libpq)"
row app_off "app (PAGE_CACHE=off) (bcos $app_commit)"
row peer "peer (Hummingbird 2.28.1 + swift-mustache 2.1.1 + postgres-nio 1.33.2)"
row nginx "nginx (static file, 2 workers)"
echo
echo "app (page cache): RSS after the run, all $checked pages cached: $(mib "${rss_after[app]}") MiB ($(mib "${rss_idle[app]}") MiB idle, +$(mib $(( rss_after[app] - rss_idle[app] ))) MiB)"
echo "app (page cache) vs nginx: requests/s $(ratio "${rps[app]}" "${rps[nginx]}") ($(goal "${rps[app]}" "${rps[nginx]}" 0.5); nginx $(ratio "${rps[nginx]}" "${rps[app]}") the app's), p50 $(ratio "${p50[app]}" "${p50[nginx]}"), p99 $(ratio "${p99[app]}" "${p99[nginx]}"), server CPU/req $(ratio "${cpu[app]}" "${cpu[nginx]}")"
echo "app (PAGE_CACHE=off) vs peer: requests/s $(ratio "${rps[app_off]}" "${rps[peer]}") ($(goal "${rps[app_off]}" "${rps[peer]}" 5)), server CPU/req: the peer's is $(ratio "${cpu[peer]}" "${cpu[app_off]}") the app's ($(goal "${cpu[peer]}" "${cpu[app_off]}" 5)); PostgreSQL CPU/req $(ratio "${dbcpu[app_off]}" "${dbcpu[peer]}"), p50 $(ratio "${p50[app_off]}" "${p50[peer]}"), p99 $(ratio "${p99[app_off]}" "${p99[peer]}"), RSS after $(ratio "${rss_after[app_off]}" "${rss_after[peer]}")"
echo "app (page cache) vs app (PAGE_CACHE=off): requests/s $(ratio "${rps[app]}" "${rps[app_off]}"), server CPU/req $(ratio "${cpu[app]}" "${cpu[app_off]}"), PostgreSQL CPU/req $(ratio "${dbcpu[app]}" "${dbcpu[app_off]}"), RSS after $(ratio "${rss_after[app]}" "${rss_after[app_off]}")"
echo "(requests: app (page cache) ${requests[app]}, app (PAGE_CACHE=off) ${requests[app_off]}, peer ${requests[peer]}, nginx ${requests[nginx]}; CPU from /proc/PID/stat utime+stime, CLK_TCK=$clk_tck)"
echo "(each row is the median of $rounds rounds by requests/s; every round, in order:"
for name in app app_off peer nginx; do echo "   $name: ${rounds_seen[$name]}"; done
echo ")"

for name in app app_off peer nginx; do
  [[ "${non2xx[$name]}" == 0 ]] || die "$name answered ${non2xx[$name]} non-2xx responses"
done

# --- optional profile (BENCH_PERF=1): not part of the figures above -----------------------------
# perf samples the app with its page cache (a hit: what nginx is compared with), the app without it
# (PAGE_CACHE=off: what the peer is compared with) and then the peer under the same wrk load for
# BENCH_PERF_SECONDS (5) and
# prints the profile by shared object and by symbol (time including callees, from frame pointers). Reports are copied to BENCH_PERF_DIR
# (default /tmp/bcos-page-bench-perf) since the temporary directory is removed at exit.
if [[ "${BENCH_PERF:-}" == 1 ]]; then
  command -v perf >/dev/null || die "BENCH_PERF=1 needs perf (apt-get install linux-perf)"
  perf record -o /dev/null -- true >/dev/null 2>&1 || die "perf record does not work here (perf_event_paranoid? $(cat /proc/sys/kernel/perf_event_paranoid 2>/dev/null))"
  perf_dir=${BENCH_PERF_DIR:-/tmp/bcos-page-bench-perf}
  mkdir -p "$perf_dir"
  for target in "app-page-cache $app_pid $base_url" "app-page-cache-off $app_off_pid $app_off_url" "peer $peer_pid $peer_url"; do
    read -r name pid url <<<"$target"
    say "perf: $name under wrk for ${BENCH_PERF_SECONDS:-5} s"
    perf record -F 499 -g -p "$pid" -o "$perf_dir/$name.data" >/dev/null 2>&1 &
    perf_pid=$!
    sleep 0.5
    wrk -t"$threads" -c"$connections" -d"${BENCH_PERF_SECONDS:-5}s" -s "$here/paths.lua" "$url" -- "$workdir/slugs.txt" | grep '^RESULT'
    kill -INT "$perf_pid"; wait "$perf_pid" 2>/dev/null || true
    perf report -i "$perf_dir/$name.data" --stdio --no-children -g none --sort dso --percent-limit 1 2>/dev/null \
      | grep -v '^#' | grep -v '^$' | grep '%' >"$perf_dir/$name-dso.txt" || true
    perf report -i "$perf_dir/$name.data" --stdio --children -g none --sort symbol --percent-limit 1 2>/dev/null \
      | grep -v '^#' | grep -v '^$' | grep '%' >"$perf_dir/$name-symbols.txt" || true
    echo "-- by shared object"; head -n 15 "$perf_dir/$name-dso.txt"
    echo "-- by symbol, including callees (children), top 40"; head -n 40 "$perf_dir/$name-symbols.txt" | cut -c1-170
  done
  echo "(perf data and reports in $perf_dir)"
fi
