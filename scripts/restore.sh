#!/usr/bin/env bash
# scripts/restore.sh DIR: restores a backup made by scripts/backup.sh into an EMPTY installation: the database named by
# SocialFlow__Postgres__ConnectionString (created beforehand, owned by that user, with no tables) and the data directory
# SocialFlow__DataDirectory (no media or live there yet). Checks the files' SHA-256 sums first; restores the database in
# one transaction (all or nothing), then the files. Start the backend afterwards: its migrations bring an older
# backup's schema up to date. With SocialFlow__Media__Provider=S3 the backup's media go into the bucket the
# SocialFlow__Media__S3__* settings name (the API host's import-media verb; the bucket must hold no objects), whatever
# the provider was when the backup was made.
set -euo pipefail
from=${1:?usage: scripts/restore.sh DIR}
here=$(cd "$(dirname "$0")" && pwd)
. "$here/pg-env.sh"
. "$here/media-command.sh"
sf_pg_env
data=${SocialFlow__DataDirectory:?SocialFlow__DataDirectory is not set}
log() { echo "[restore $(date -u +%H:%M:%S)] $*"; }

[[ -f $from/database.dump && -f $from/files.tar.gz && -f $from/manifest.txt ]] || { echo "$from is not a backup (database.dump, files.tar.gz, manifest.txt)" >&2; exit 1; }
log "checking the backup's sums"
(cd "$from" && grep -E '^[0-9a-f]{64}  ' manifest.txt | sha256sum --check --quiet)
tables=$(psql -At -c "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
[[ $tables == 0 ]] || { echo "database $PGDATABASE is not empty ($tables tables): restore into a new database" >&2; exit 1; }
for sub in media live; do
  if [[ -n $(ls -A "$data/$sub" 2>/dev/null) ]]; then echo "$data/$sub is not empty: restore into a new data directory" >&2; exit 1; fi
done

mkdir -p "$data"
unpacked=
if [[ ${SocialFlow__Media__Provider:-Local} =~ ^[sS]3$ ]]; then
  # First, so that a bucket that is not empty stops the restore before the database is touched.
  unpacked=$(mktemp -d "$data/.restore.XXXXXX"); trap 'rm -rf "$unpacked"' EXIT
  tar -C "$unpacked" -xzf "$from/files.tar.gz"
  log "restoring media into the S3 bucket ${SocialFlow__Media__S3__Bucket:-?}"
  mkdir -p "$unpacked/media"
  sf_media_command import-media "$unpacked/media"
fi

log "restoring database $PGDATABASE on ${PGHOST:-local}:${PGPORT:-5432}"
# Comments on extensions belong to their owner (a superuser): left out, or a non-superuser's restore stops on them.
list=$(mktemp); trap 'rm -f "$list"; [[ -z $unpacked ]] || rm -rf "$unpacked"' EXIT
pg_restore --list "$from/database.dump" | grep -v ' COMMENT - EXTENSION ' > "$list"
pg_restore --use-list "$list" --no-owner --no-privileges --exit-on-error --single-transaction --dbname "$PGDATABASE" "$from/database.dump"
if [[ -n ${unpacked:-} ]]; then
  if [[ -d $unpacked/live ]]; then log "restoring live files into $data"; mv "$unpacked/live" "$data/live"; fi
else
  log "restoring files into $data"
  tar -C "$data" -xzf "$from/files.tar.gz"
fi
log "done; $(grep -E '^(created_utc|media_provider)=' "$from/manifest.txt" | tr '\n' ' ')"
