#!/usr/bin/env bash
# Sourced by backup.sh and restore.sh: turns SocialFlow__Postgres__ConnectionString (the backend's own, Npgsql's
# "Key=Value;..." form) into libpq's environment (PGHOST, PGPORT, PGDATABASE, PGUSER, PGPASSWORD), so the password never
# appears on a command line. Keys Npgsql accepts under several names are read under each.
sf_pg_env() {
  local cs=${SocialFlow__Postgres__ConnectionString:-}
  [[ -n $cs ]] || { echo "SocialFlow__Postgres__ConnectionString is not set (source .data/run/env, or export it)" >&2; return 1; }
  local part key value
  IFS=';' read -ra parts <<<"$cs"
  for part in "${parts[@]}"; do
    [[ $part == *=* ]] || continue
    key=$(echo "${part%%=*}" | tr '[:upper:]' '[:lower:]' | tr -d ' ')
    value=${part#*=}
    case $key in
      host|server) export PGHOST=$value ;;
      port) export PGPORT=$value ;;
      database|db) export PGDATABASE=$value ;;
      username|userid|user) export PGUSER=$value ;;
      password|pwd) export PGPASSWORD=$value ;;
    esac
  done
  [[ -n ${PGDATABASE:-} ]] || { echo "the connection string names no Database" >&2; return 1; }
}
