#!/usr/bin/env bash
# Local PostgreSQL + Redis for SocialFlow, one independent set per profile, and for `run` the live ingest (nginx
# with Debian's RTMP module, configured from deploy/nginx/rtmp.conf.template; the tests start their own).
#
#   scripts/services.sh up|down|status run|test
#   scripts/services.sh clean run|test      (down, then delete that profile's data)
#
# Profiles: run  -> PostgreSQL 127.0.0.1:15432, Redis 127.0.0.1:16379 (what `make run` uses)
#           test -> PostgreSQL 127.0.0.1:25432, Redis 127.0.0.1:26379 (what `make test` uses)
# Override the ports with SF_PG_PORT / SF_REDIS_PORT.
# Live ingest (run only): RTMP 127.0.0.1:1935 (SF_RTMP_PORT), nginx-rtmp control 127.0.0.1:18935 (SF_RTMP_CONTROL_PORT),
#   publish callbacks to the API at SF_API_URL (default http://127.0.0.1:8080, what `make run` serves).
#
# Everything lives in <repo>/.data/<profile>/ (git-ignored):
#   pg/ (PostgreSQL cluster), redis/ (AOF), logs/, mail/, media/, run/ (sockets, pids),
#   jwt.key and rtmp-callback.secret (generated once), nginx/ (run: its config, logs, pid),
#   env (`export NAME='value'` lines to source).
# If the `postgres` user cannot reach .data/<profile> (e.g. the repo is under /root), the
# PostgreSQL cluster, its socket dir and its log go to /var/tmp/socialflow-<hash>-<profile>/.
set -euo pipefail

usage() { echo "usage: $0 up|down|status|clean run|test" >&2; exit 2; }
[[ $# -eq 2 ]] || usage
ACTION=$1
PROFILE=$2
case "$ACTION" in up|down|status|clean) ;; *) usage ;; esac
case "$PROFILE" in
  run)  PG_PORT=${SF_PG_PORT:-15432}; REDIS_PORT=${SF_REDIS_PORT:-16379}
        RTMP_PORT=${SF_RTMP_PORT:-1935}; RTMP_CONTROL_PORT=${SF_RTMP_CONTROL_PORT:-18935} ;;
  test) PG_PORT=${SF_PG_PORT:-25432}; REDIS_PORT=${SF_REDIS_PORT:-26379} ;;
  *) usage ;;
esac

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
DATA=$ROOT/.data/$PROFILE
RUN_DIR=$DATA/run
LOG_DIR=$DATA/logs
REDIS_DIR=$DATA/redis
REDIS_PID=$RUN_DIR/redis.pid
REDIS_LOG=$LOG_DIR/redis.log
HASH=$(printf '%s' "$ROOT" | sha1sum | cut -c1-10)
FALLBACK=/var/tmp/socialflow-$HASH-$PROFILE
PG_USER_OS=postgres            # OS user that owns the cluster when we run as root
DB_ROLE=socialflow DB_PASS=socialflow DB_NAME=socialflow

# ---------------------------------------------------------------- helpers
T0=$EPOCHREALTIME
TS=$T0
ms_since() { local a=${1//[.,]/} b=${EPOCHREALTIME//[.,]/}; echo $(( (10#$b - 10#$a) / 1000 )); }
step() { # step "message": prints the time the previous step took
  printf '[services %s/%s +%5sms] %s\n' "$ACTION" "$PROFILE" "$(ms_since "$TS")" "$*"
  TS=$EPOCHREALTIME
}
say() { printf '[services %s/%s] %s\n' "$ACTION" "$PROFILE" "$*"; }
die() { printf '[services %s/%s] ERROR: %s\n' "$ACTION" "$PROFILE" "$*" >&2; exit 1; }
is_root() { [[ $EUID -eq 0 ]]; }

pg_bin_dir() {
  local d best="" bestv=-1 v
  for d in /usr/lib/postgresql/*/bin; do
    [[ -x $d/initdb && -x $d/pg_ctl ]] || continue
    v=${d#/usr/lib/postgresql/}; v=${v%%/*}; v=${v%%.*}
    [[ $v =~ ^[0-9]+$ ]] || continue
    if (( v > bestv )); then bestv=$v; best=$d; fi
  done
  [[ -n $best ]] && echo "$best"
}

# Run a command as the OS user owning the cluster (postgres when root; ourselves otherwise).
as_pg() {
  # cd / first: the caller's cwd may not be readable by postgres (noisy "could not change directory").
  if is_root; then (cd / && runuser -u "$PG_USER_OS" -- "$@"); else "$@"; fi
}

# The cluster location is a pure function of the repo path and profile, so every invocation agrees.
resolve_pg_paths() {
  PGDATA=$DATA/pg
  PG_SOCK=$RUN_DIR/pg
  PG_LOG=$LOG_DIR/postgres.log
  PG_LOCATION=repo
  if is_root; then
    # Can the postgres user traverse every directory down to .data/<profile>?
    if ! runuser -u "$PG_USER_OS" -- test -x "$DATA" 2>/dev/null; then
      PG_LOCATION=fallback
    fi
  fi
  if [[ $PG_LOCATION == fallback ]]; then
    PGDATA=$FALLBACK/pg; PG_SOCK=$FALLBACK/run; PG_LOG=$FALLBACK/postgres.log
  fi
  # Unix socket paths are limited to 107 bytes: keep the socket short if the repo path is long.
  if (( ${#PG_SOCK} + 20 > 107 )); then PG_SOCK=$FALLBACK/run; fi
}

pg_ready() { "$PGBIN/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -t 2 >/dev/null 2>&1; }
pg_status_running() { [[ -f $PGDATA/PG_VERSION ]] && as_pg "$PGBIN/pg_ctl" status -D "$PGDATA" >/dev/null 2>&1; }
redis_ping() { [[ $(timeout 3 redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null) == PONG ]]; }
# Working dir of the Redis answering on our port (to tell ours from someone else's).
redis_dir_on_port() { timeout 3 redis-cli -h 127.0.0.1 -p "$REDIS_PORT" config get dir 2>/dev/null | sed -n 2p; }
redis_is_ours() { [[ $(redis_dir_on_port) == "$(cd "$REDIS_DIR" 2>/dev/null && pwd -P)" ]]; }

# True if the pid is a live process (not gone, not a zombie: PID 1 in some containers never reaps
# daemons' exits, and kill -0 / pg_ctl status still "see" a zombie).
proc_alive() {
  local st
  st=$(sed -n 's/^[0-9]* (.*) \([A-Za-z]\) .*/\1/p' "/proc/$1/stat" 2>/dev/null || true)
  [[ -n $st && $st != Z && $st != X ]]
}

# PID recorded in postmaster.pid, if that process really is a postmaster for our PGDATA.
live_postmaster_pid() {
  local pidfile=$PGDATA/postmaster.pid pid cmd
  [[ -f $pidfile ]] || return 1
  pid=$(head -n1 "$pidfile" 2>/dev/null || true)
  [[ $pid =~ ^[0-9]+$ ]] || return 1
  proc_alive "$pid" || return 1
  cmd=$(tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null || true)
  [[ $cmd == *postgres* && $cmd == *"$PGDATA"* ]] || return 1
  echo "$pid"
}
running_pg_port() { sed -n 4p "$PGDATA/postmaster.pid" 2>/dev/null || true; }

# ---------------------------------------------------------------- install
wait_for_apt() {
  local i=0
  while pgrep -x 'apt|apt-get|dpkg|unattended-upgr' >/dev/null 2>&1; do
    (( i == 0 )) && say "another apt/dpkg process is running; waiting for it to finish"
    (( ++i > 600 )) && die "apt/dpkg still busy after 10 minutes"
    sleep 1
  done
}

ensure_packages() {
  local missing=()
  [[ -n $(pg_bin_dir || true) ]] && command -v psql >/dev/null || missing+=(postgresql)
  command -v redis-server >/dev/null && command -v redis-cli >/dev/null || missing+=(redis-server)
  command -v ffmpeg >/dev/null || missing+=(ffmpeg)
  command -v nginx >/dev/null || missing+=(nginx-light)
  [[ -f $NGINX_RTMP_MODULE ]] || missing+=(libnginx-mod-rtmp)
  # Analytics' distinct counts (migration 0130); Debian's PostgreSQL is 15.
  compgen -G '/usr/share/postgresql/*/extension/hll.control' >/dev/null || missing+=(postgresql-15-hll)
  if (( ${#missing[@]} )); then
    if ! is_root; then
      echo "Missing packages: ${missing[*]}. Install them with:" >&2
      echo "  sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
      exit 1
    fi
    wait_for_apt
    say "installing ${missing[*]} (apt-get)"
    export DEBIAN_FRONTEND=noninteractive
    apt-get -o DPkg::Lock::Timeout=600 update -qq
    # Packages must not start their system services (Debian's nginx would listen on 0.0.0.0:80, and fail the
    # install if that port is taken): a policy-rc.d that refuses every start, for the length of the install.
    local policy=/usr/sbin/policy-rc.d own_policy=0
    if [[ ! -e $policy ]]; then printf '#!/bin/sh\nexit 101\n' > "$policy"; chmod 755 "$policy"; own_policy=1; fi
    apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
      || { (( own_policy )) && rm -f "$policy"; die "apt-get install ${missing[*]} failed"; }
    (( own_policy )) && rm -f "$policy"
    step "installed ${missing[*]}"
  fi
  PGBIN=$(pg_bin_dir) || die "no PostgreSQL under /usr/lib/postgresql/*/bin"
  command -v runuser >/dev/null || ! is_root || die "runuser not found (util-linux)"
  if is_root; then id "$PG_USER_OS" >/dev/null 2>&1 || die "OS user '$PG_USER_OS' does not exist"; fi
}

# ---------------------------------------------------------------- directories
prepare_dirs() {
  mkdir -p "$DATA" "$RUN_DIR" "$LOG_DIR" "$REDIS_DIR" "$DATA/mail" "$DATA/media" "$DATA/results"
  # Others (the postgres user) may traverse .data/<profile>; secrets inside are 0600.
  chmod 755 "$ROOT/.data" "$DATA" "$RUN_DIR" "$LOG_DIR" 2>/dev/null || true
  resolve_pg_paths
  if [[ $PG_LOCATION == fallback ]]; then
    say "user '$PG_USER_OS' cannot traverse $DATA; PostgreSQL data, socket and log go to $FALLBACK instead"
    mkdir -p "$FALLBACK"; chmod 755 "$FALLBACK"
    if [[ -L $DATA/pg || ! -e $DATA/pg ]]; then ln -sfn "$PGDATA" "$DATA/pg"; fi   # a pointer for humans
  fi
  mkdir -p "$PGDATA" "$PG_SOCK"
  [[ -e $PG_LOG ]] || : > "$PG_LOG"
  if is_root; then
    chown "$PG_USER_OS:" "$PGDATA" "$PG_SOCK" "$PG_LOG"
  fi
  chmod 700 "$PGDATA"; chmod 755 "$PG_SOCK"
}

# ---------------------------------------------------------------- PostgreSQL
pg_init() {
  [[ -f $PGDATA/PG_VERSION ]] && return 0
  # A half-finished initdb leaves files behind; initdb wants an empty dir.
  if [[ -n $(ls -A "$PGDATA" 2>/dev/null) ]]; then
    say "PGDATA $PGDATA is not empty but has no PG_VERSION; moving it aside"
    mv "$PGDATA" "$PGDATA.broken.$(date +%s)"; mkdir -p "$PGDATA"; chmod 700 "$PGDATA"
    is_root && chown "$PG_USER_OS:" "$PGDATA"
  fi
  as_pg "$PGBIN/initdb" -D "$PGDATA" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$LOG_DIR/initdb.log" 2>&1 \
    || as_pg "$PGBIN/initdb" -D "$PGDATA" -U postgres --auth=trust -E UTF8 --locale=C >"$LOG_DIR/initdb.log" 2>&1 \
    || { cat "$LOG_DIR/initdb.log" >&2; die "initdb failed"; }
  cat >>"$PGDATA/postgresql.conf" <<'EOF'

# --- SocialFlow dev/test settings (scripts/services.sh) ---
max_connections = 300
shared_buffers = 256MB
fsync = on                      # durability is tested: keep it on
synchronous_commit = on
full_page_writes = on
wal_level = replica
max_wal_size = 2GB
checkpoint_timeout = 15min
work_mem = 8MB
maintenance_work_mem = 128MB
log_min_duration_statement = 1000
# Where the database's time goes, per statement (CREATE EXTENSION pg_stat_statements as postgres to read it):
# the load benchmarks' analyses use it (README, Performance).
shared_preload_libraries = 'pg_stat_statements'
pg_stat_statements.track_planning = on
log_line_prefix = '%m [%p] %q%u@%d '
timezone = 'UTC'
# Port, listen address and socket dir are rewritten on every `up`:
include_if_exists = 'socialflow-local.conf'
EOF
  step "initdb $PGDATA"
}

pg_write_local_conf() {
  local f=$PGDATA/socialflow-local.conf
  local want
  want=$(printf "port = %s\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '%s'\n" "$PG_PORT" "$PG_SOCK")
  if [[ ! -f $f || $(cat "$f") != "$want" ]]; then
    printf '%s\n' "$want" > "$f"
    is_root && chown "$PG_USER_OS:" "$f"
  fi
  return 0
}

pg_start() {
  if pg_status_running && live_postmaster_pid >/dev/null; then
    local p; p=$(running_pg_port)
    if [[ $p != "$PG_PORT" ]]; then
      die "PostgreSQL for '$PROFILE' already runs on port $p, not $PG_PORT; run '$0 down $PROFILE' first"
    fi
    if ! pg_ready; then
      # Starting up or in crash recovery: wait for it.
      local i; for i in $(seq 1 60); do pg_ready && break; sleep 0.5; done
      pg_ready || die "PostgreSQL (pid $(live_postmaster_pid)) runs but does not answer on $PG_PORT; see $PG_LOG"
    fi
    step "PostgreSQL already running on 127.0.0.1:$PG_PORT"
    return 0
  fi
  if pg_ready; then
    die "port $PG_PORT already answers as PostgreSQL, but not from $PGDATA; set SF_PG_PORT or stop that server"
  fi
  # Stale lock files (kill -9, container restart, PID reuse): the postmaster is gone.
  if [[ -f $PGDATA/postmaster.pid ]] && ! live_postmaster_pid >/dev/null; then
    say "removing stale $PGDATA/postmaster.pid"
    rm -f "$PGDATA/postmaster.pid"
  fi
  rm -f "$PG_SOCK/.s.PGSQL.$PG_PORT" "$PG_SOCK/.s.PGSQL.$PG_PORT.lock"
  pg_write_local_conf
  local attempt
  for attempt in 1 2 3 4 5 6 7 8 9 10; do
    if as_pg "$PGBIN/pg_ctl" -D "$PGDATA" -l "$PG_LOG" -w -t 120 start >/dev/null 2>&1; then
      break
    fi
    # After kill -9 of the postmaster its children need a moment to notice and exit; until then
    # PostgreSQL refuses to start ("pre-existing shared memory block is still in use").
    if (( attempt < 10 )) && tail -n 20 "$PG_LOG" | grep -q 'shared memory block'; then
      say "old PostgreSQL children still attached to shared memory; retrying ($attempt)"
      sleep 1; rm -f "$PGDATA/postmaster.pid"; continue
    fi
    tail -n 30 "$PG_LOG" >&2
    die "PostgreSQL did not start (log: $PG_LOG)"
  done
  local i; for i in $(seq 1 40); do pg_ready && break; sleep 0.25; done
  pg_ready || { tail -n 30 "$PG_LOG" >&2; die "PostgreSQL started but does not answer on 127.0.0.1:$PG_PORT"; }
  step "PostgreSQL started on 127.0.0.1:$PG_PORT (data $PGDATA)"
}

pg_bootstrap_role_db() {
  "$PGBIN/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres >/dev/null <<EOF
DO \$\$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '$DB_ROLE') THEN
    CREATE ROLE $DB_ROLE LOGIN CREATEDB PASSWORD '$DB_PASS';
  ELSE
    ALTER ROLE $DB_ROLE LOGIN CREATEDB;
  END IF;
END
\$\$;
SELECT 'CREATE DATABASE $DB_NAME OWNER $DB_ROLE ENCODING ''UTF8'' TEMPLATE template0'
WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = '$DB_NAME')\gexec
\c template1
CREATE EXTENSION IF NOT EXISTS hll;
\c $DB_NAME
CREATE EXTENSION IF NOT EXISTS hll;
EOF
  step "role '$DB_ROLE' (CREATEDB) and database '$DB_NAME' present (with hll, which only a superuser may create)"
}

pg_stop() {
  resolve_pg_paths
  if pg_status_running && live_postmaster_pid >/dev/null; then
    as_pg "$PGBIN/pg_ctl" -D "$PGDATA" -m fast -w -t 60 stop >/dev/null
    step "PostgreSQL stopped"
  else
    step "PostgreSQL not running"
  fi
}

# ---------------------------------------------------------------- Redis
redis_start() {
  if redis_ping; then
    redis_is_ours || die "port $REDIS_PORT already answers as Redis with dir $(redis_dir_on_port), not $REDIS_DIR; set SF_REDIS_PORT or stop that server"
    step "Redis already running on 127.0.0.1:$REDIS_PORT"
    return 0
  fi
  if [[ -f $REDIS_PID ]]; then
    local pid; pid=$(cat "$REDIS_PID" 2>/dev/null || true)
    if [[ $pid =~ ^[0-9]+$ ]] && proc_alive "$pid" && grep -q redis "/proc/$pid/comm" 2>/dev/null; then
      local i; for i in $(seq 1 20); do redis_ping && break; sleep 0.25; done
      redis_ping && { step "Redis already running on 127.0.0.1:$REDIS_PORT"; return 0; }
      die "redis-server pid $pid exists but does not answer on $REDIS_PORT; see $REDIS_LOG"
    fi
    rm -f "$REDIS_PID"
  fi
  redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --daemonize yes \
    --dir "$REDIS_DIR" --pidfile "$REDIS_PID" --logfile "$REDIS_LOG" \
    --appendonly yes --appendfsync everysec --save "" \
    --protected-mode yes --maxclients 4000
  local i; for i in $(seq 1 80); do redis_ping && break; sleep 0.05; done
  redis_ping || { tail -n 20 "$REDIS_LOG" >&2; die "Redis did not answer on 127.0.0.1:$REDIS_PORT"; }
  step "Redis started on 127.0.0.1:$REDIS_PORT (dir $REDIS_DIR)"
}

redis_stop() {
  if redis_ping && ! redis_is_ours; then
    step "Redis on 127.0.0.1:$REDIS_PORT belongs to $(redis_dir_on_port), not this profile: left running"
  elif redis_ping; then
    # Plain SHUTDOWN: flushes the AOF (no RDB since save is disabled); keeps data.
    timeout 30 redis-cli -h 127.0.0.1 -p "$REDIS_PORT" shutdown >/dev/null 2>&1 || true
    local i; for i in $(seq 1 100); do redis_ping || break; sleep 0.1; done
    redis_ping && die "Redis on $REDIS_PORT did not shut down"
    rm -f "$REDIS_PID"
    step "Redis stopped"
  else
    step "Redis not running"
  fi
}

# ---------------------------------------------------------------- nginx (live ingest, run profile)
NGINX_RTMP_MODULE=/usr/lib/nginx/modules/ngx_rtmp_module.so
NGINX_DIR=$DATA/nginx
NGINX_PID=$NGINX_DIR/run/nginx.pid
RTMP_SECRET_FILE=$DATA/rtmp-callback.secret
wants_nginx() { [[ $PROFILE == run ]]; }
nginx_pid() { # the pid in nginx's pid file, if that process is a live nginx
  local pid; pid=$(cat "$NGINX_PID" 2>/dev/null || true)
  [[ $pid =~ ^[0-9]+$ ]] && proc_alive "$pid" && grep -q nginx "/proc/$pid/comm" 2>/dev/null && echo "$pid"
}
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

ensure_rtmp_secret() {
  if [[ ! -s $RTMP_SECRET_FILE ]]; then
    ( umask 077; head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n' > "$RTMP_SECRET_FILE.tmp" && mv "$RTMP_SECRET_FILE.tmp" "$RTMP_SECRET_FILE" )
    step "generated $RTMP_SECRET_FILE"
  fi
  chmod 600 "$RTMP_SECRET_FILE"
}

# The config is rendered on every `up`; nginx is (re)started when it is not running or its config changed.
nginx_start() {
  local api=${SF_API_URL:-http://127.0.0.1:8080} secret conf=$NGINX_DIR/nginx.conf
  api=${api%%;*}; api=${api%/}
  secret=$(cat "$RTMP_SECRET_FILE")
  mkdir -p "$NGINX_DIR/logs" "$NGINX_DIR/temp" "$NGINX_DIR/run"
  ( umask 077
    sed -e "s|@LISTEN@|127.0.0.1|g" -e "s|@PEERS@|127.0.0.1|g" -e "s|@RTMP_PORT@|$RTMP_PORT|g" -e "s|@CONTROL_PORT@|$RTMP_CONTROL_PORT|g" -e "s|@API_URL@|$api|g" -e "s|@SECRET@|$secret|g" \
      "$ROOT/deploy/nginx/rtmp.conf.template" > "$conf.new" )
  if [[ -n $(nginx_pid || true) ]] && cmp -s "$conf" "$conf.new"; then
    rm -f "$conf.new"
    step "nginx (RTMP) already running on 127.0.0.1:$RTMP_PORT"
    return 0
  fi
  nginx_stop quiet
  mv "$conf.new" "$conf"
  local p; for p in "$RTMP_PORT" "$RTMP_CONTROL_PORT"; do
    port_open "$p" && die "port $p is in use by another process; set SF_RTMP_PORT / SF_RTMP_CONTROL_PORT"
  done
  nginx -p "$NGINX_DIR" -c nginx.conf -e logs/error.log || die "nginx did not start (log: $NGINX_DIR/logs/error.log)"
  local i; for i in $(seq 1 50); do port_open "$RTMP_PORT" && break; sleep 0.1; done
  port_open "$RTMP_PORT" || { tail -n 20 "$NGINX_DIR/logs/error.log" >&2; die "nginx does not listen on 127.0.0.1:$RTMP_PORT"; }
  step "nginx (RTMP) started on 127.0.0.1:$RTMP_PORT, control 127.0.0.1:$RTMP_CONTROL_PORT, callbacks to $api"
}

nginx_stop() {
  local pid; pid=$(nginx_pid || true)
  if [[ -z $pid ]]; then [[ ${1:-} == quiet ]] || step "nginx not running"; return 0; fi
  kill -QUIT "$pid" 2>/dev/null || true
  local i; for i in $(seq 1 50); do proc_alive "$pid" || break; sleep 0.1; done
  if proc_alive "$pid"; then kill -KILL "$pid" 2>/dev/null || true; fi
  rm -f "$NGINX_PID"
  step "nginx stopped"
}

# ---------------------------------------------------------------- secrets + env
ensure_jwt_key() {
  local f=$DATA/jwt.key
  if [[ ! -s $f ]]; then
    ( umask 077; head -c 48 /dev/urandom | base64 -w0 > "$f.tmp" && mv "$f.tmp" "$f" )
    step "generated $f"
  fi
  chmod 600 "$f"
}

write_env() {
  local key; key=$(tr -d '\n' < "$DATA/jwt.key")
  local tmp=$DATA/env.tmp
  ( umask 077
    cat > "$tmp" <<EOF
# Generated by scripts/services.sh up $PROFILE -- source it: . .data/$PROFILE/env
# Values are single-quoted because connection strings contain ';'.
export SocialFlow__Postgres__ConnectionString='Host=127.0.0.1;Port=$PG_PORT;Database=$DB_NAME;Username=$DB_ROLE;Password=$DB_PASS'
export SocialFlow__Redis__ConnectionString='127.0.0.1:$REDIS_PORT'
export SocialFlow__Jwt__SigningKey='$key'
export SocialFlow__DataDirectory='$DATA'
export SOCIALFLOW_TEST_POSTGRES='Host=127.0.0.1;Port=$PG_PORT;Database=postgres;Username=$DB_ROLE;Password=$DB_PASS'
export SOCIALFLOW_TEST_REDIS='127.0.0.1:$REDIS_PORT'
EOF
    if wants_nginx; then cat >> "$tmp" <<EOF
export SocialFlow__Live__RtmpUrl='rtmp://127.0.0.1:$RTMP_PORT/live'
export SocialFlow__Live__ControlUrl='http://127.0.0.1:$RTMP_CONTROL_PORT/control'
export SocialFlow__Live__CallbackSecret='$(cat "$RTMP_SECRET_FILE")'
EOF
    fi
  )
  mv "$tmp" "$DATA/env"
  step "wrote $DATA/env"
}

# ---------------------------------------------------------------- actions
do_up() {
  ensure_packages
  step "packages present (PostgreSQL bin $PGBIN)"
  prepare_dirs
  pg_init
  pg_start
  pg_bootstrap_role_db
  redis_start
  ensure_jwt_key
  if wants_nginx; then ensure_rtmp_secret; nginx_start; fi
  write_env
  say "up in $(ms_since "$T0") ms: PostgreSQL 127.0.0.1:$PG_PORT, Redis 127.0.0.1:$REDIS_PORT$(wants_nginx && echo ", RTMP 127.0.0.1:$RTMP_PORT" || true); source $DATA/env"
}

do_down() {
  PGBIN=$(pg_bin_dir || true)
  if [[ -n $PGBIN ]]; then pg_stop; else step "no PostgreSQL installed"; fi
  if command -v redis-cli >/dev/null; then redis_stop; else step "no redis-cli installed"; fi
  if wants_nginx; then nginx_stop; fi
  say "down in $(ms_since "$T0") ms"
}

do_status() {
  local rc=0
  PGBIN=$(pg_bin_dir || true)
  resolve_pg_paths
  if [[ -n $PGBIN ]] && pg_status_running && live_postmaster_pid >/dev/null; then
    if pg_ready; then
      say "PostgreSQL: running, pid $(live_postmaster_pid), 127.0.0.1:$(running_pg_port), data $PGDATA"
    else
      say "PostgreSQL: process $(live_postmaster_pid) present but not answering on $PG_PORT"; rc=1
    fi
  else
    say "PostgreSQL: stopped (data $PGDATA$([[ -f $PGDATA/PG_VERSION ]] || echo ', not initialised'))"; rc=1
  fi
  if command -v redis-cli >/dev/null && redis_ping && ! redis_is_ours; then
    say "Redis:      port $REDIS_PORT is used by another Redis (dir $(redis_dir_on_port))"; rc=1
  elif command -v redis-cli >/dev/null && redis_ping; then
    say "Redis:      running, pid $(cat "$REDIS_PID" 2>/dev/null || echo '?'), 127.0.0.1:$REDIS_PORT, dir $REDIS_DIR"
  else
    say "Redis:      stopped (127.0.0.1:$REDIS_PORT)"; rc=1
  fi
  if wants_nginx; then
    if [[ -n $(nginx_pid || true) ]]; then say "nginx:      running, pid $(nginx_pid), RTMP 127.0.0.1:$RTMP_PORT, control 127.0.0.1:$RTMP_CONTROL_PORT"
    else say "nginx:      stopped (RTMP 127.0.0.1:$RTMP_PORT)"; rc=1; fi
  fi
  [[ -f $DATA/env ]] && say "env file:   $DATA/env"
  return $rc
}

do_clean() {
  do_down
  resolve_pg_paths
  rm -rf "$DATA" "$FALLBACK"
  rmdir "$ROOT/.data" 2>/dev/null || true
  say "removed $DATA$([[ $PG_LOCATION == fallback ]] && echo " and $FALLBACK")"
}

case "$ACTION" in
  up) do_up ;;
  down) do_down ;;
  status) do_status ;;
  clean) do_clean ;;
esac
