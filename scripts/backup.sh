#!/usr/bin/env bash
# scripts/backup.sh DIR: a backup of a SocialFlow installation into DIR (created; must be empty or absent):
#   database.dump  PostgreSQL, pg_dump's custom format (one consistent snapshot; restore with scripts/restore.sh)
#   files.tar.gz   media: the media store's objects (videos, renditions, thumbnails, post images, recordings) as files
#                  at their keys' paths, from the local store's directory or, with the S3 provider, exported from the
#                  bucket (the API host's export-media verb); live: the data directory's live HLS and recordings. Not
#                  uploads in progress (staged chunks), transcoding scratch or mail.
#   manifest.txt   when, from which database, what the media provider was, sizes and SHA-256 sums
# The database is dumped first and the files copied after, so every file the dump refers to is in the backup (a file
# written meanwhile is an orphan there, never a missing one). Safe while the backend runs.
# Reads the backend's own settings: SocialFlow__Postgres__ConnectionString, SocialFlow__DataDirectory (or
# SocialFlow__Media__LocalDirectory), SocialFlow__Media__Provider and, for S3, SocialFlow__Media__S3__* (the backend's
# own settings, read by the export verb). S3 versioning or replication is still the way to keep a large bucket safe.
set -euo pipefail
out=${1:?usage: scripts/backup.sh DIR}
here=$(cd "$(dirname "$0")" && pwd)
. "$here/pg-env.sh"
. "$here/media-command.sh"
sf_pg_env
data=${SocialFlow__DataDirectory:?SocialFlow__DataDirectory is not set}
if [[ -e $out && -n $(ls -A "$out" 2>/dev/null) ]]; then echo "$out is not empty" >&2; exit 1; fi
mkdir -p "$out"
log() { echo "[backup $(date -u +%H:%M:%S)] $*"; }

log "dumping database $PGDATABASE on ${PGHOST:-local}:${PGPORT:-5432}"
pg_dump --format=custom --no-owner --no-privileges --file "$out/database.dump"

provider=${SocialFlow__Media__Provider:-Local}
sources=()
if [[ ${provider,,} == s3 ]]; then
  staging=$(mktemp -d "$out/.media.XXXXXX"); trap 'rm -rf "$staging"' EXIT
  log "exporting the S3 bucket ${SocialFlow__Media__S3__Bucket:-?}"
  sf_media_command export-media "$staging/media"
  sources+=(-C "$staging" media)
elif [[ -d $data/media ]]; then
  sources+=(-C "$data" media)
fi
[[ -d $data/live ]] && sources+=(-C "$data" live)
log "archiving ${sources[*]:-nothing}"
tar -czf "$out/files.tar.gz" --exclude='./media/uploads' --exclude='media/uploads' "${sources[@]}"

{
  echo "created_utc=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "database=$PGDATABASE host=${PGHOST:-local} port=${PGPORT:-5432}"
  echo "media_provider=$provider"
  echo "migrations=$(psql -At -c 'SELECT count(*) FROM schema_migrations' 2>/dev/null || echo '?')"
  (cd "$out" && sha256sum database.dump files.tar.gz && du -b database.dump files.tar.gz)
} > "$out/manifest.txt"
log "done: $(du -sh "$out" | cut -f1) in $out"
