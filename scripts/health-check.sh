#!/usr/bin/env bash
# scripts/health-check.sh [API_URL]: an operator's check of one SocialFlow installation, one line per check, exit 0 when
# all pass and 1 when any fails (for cron, a monitor or a post-deploy step). API_URL (default $SF_API_URL, else
# http://127.0.0.1:8080) is asked for /health/ready (a silo, PostgreSQL through it, Redis); then, with the backend's own
# settings in the environment (source .data/run/env, or the pod's), directly:
#   postgres  answers; events  the oldest undelivered outbox event is younger than SF_MAX_EVENT_AGE (120 s): older
#   means the dispatchers or consumers are stuck (an event is retried until it is handled);
#   redis  answers PING; disk  the data directory's file system has at least SF_MIN_FREE_PERCENT (10) % free.
# Checks whose settings are absent are skipped (said so), not failed.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
api=${1:-${SF_API_URL:-http://127.0.0.1:8080}}
failed=0
ok() { printf 'ok    %-9s %s\n' "$1" "$2"; }
fail() { printf 'FAIL  %-9s %s\n' "$1" "$2"; failed=1; }
skip() { printf 'skip  %-9s %s\n' "$1" "$2"; }

if body=$(curl -sS --max-time 5 "$api/health/ready" 2>&1); then
  [[ $body == *'"status":"ready"'* ]] && ok api "$api ready" || fail api "$api: $body"
else
  fail api "$api: $body"
fi

if [[ -n ${SocialFlow__Postgres__ConnectionString:-} ]]; then
  . "$here/pg-env.sh"
  sf_pg_env
  if psql -At -c 'SELECT 1' >/dev/null 2>&1; then
    ok postgres "$PGDATABASE on ${PGHOST:-local}:${PGPORT:-5432}"
    if ! backlog=$(psql -At -F ' ' -c "SELECT count(*), coalesce(extract(epoch FROM now() - min(created_at))::int, 0) FROM outbox_events WHERE delivered_at IS NULL" 2>&1); then
      fail events "cannot read outbox_events: ${backlog//$'\n'/ }"
    else
      read -r count age <<<"$backlog"
      if (( age <= ${SF_MAX_EVENT_AGE:-120} )); then ok events "$count undelivered, oldest ${age} s"; else fail events "$count undelivered, oldest ${age} s (over ${SF_MAX_EVENT_AGE:-120} s)"; fi
    fi
  else
    fail postgres "$PGDATABASE on ${PGHOST:-local}:${PGPORT:-5432} does not answer"
  fi
else
  skip postgres "SocialFlow__Postgres__ConnectionString not set"
fi

if [[ -n ${SocialFlow__Redis__ConnectionString:-} ]]; then
  endpoint=${SocialFlow__Redis__ConnectionString%%,*}
  [[ $(redis-cli -h "${endpoint%%:*}" -p "${endpoint##*:}" PING 2>&1) == PONG ]] && ok redis "$endpoint" || fail redis "$endpoint does not answer PING"
else
  skip redis "SocialFlow__Redis__ConnectionString not set"
fi

if [[ -n ${SocialFlow__DataDirectory:-} && -d ${SocialFlow__DataDirectory} ]]; then
  free=$(df -P "$SocialFlow__DataDirectory" | awk 'NR==2 {print 100 - $5}')
  (( free >= ${SF_MIN_FREE_PERCENT:-10} )) && ok disk "$free % free under $SocialFlow__DataDirectory" || fail disk "$free % free under $SocialFlow__DataDirectory (under ${SF_MIN_FREE_PERCENT:-10} %)"
else
  skip disk "SocialFlow__DataDirectory not set or absent"
fi
exit $failed
