#!/usr/bin/env bash
# s3rver, a real S3-protocol server from npm, for the S3 media store tests (one per profile).
#
#   scripts/s3rver.sh up|down test
#
# Installs tools/s3rver (committed package.json + package-lock.json) with `npm ci` when needed, runs s3rver on
# 127.0.0.1:${SF_S3_PORT:-24569} with its data in .data/<profile>/s3rver, and writes .data/<profile>/s3.env
# (export SOCIALFLOW_TEST_S3=http://127.0.0.1:PORT). Credentials are s3rver's fixed S3RVER / S3RVER.
set -euo pipefail

[[ $# -eq 2 && $1 =~ ^(up|down)$ && $2 =~ ^(run|test)$ ]] || { echo "usage: $0 up|down run|test" >&2; exit 2; }
ACTION=$1 PROFILE=$2
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
DATA=$ROOT/.data/$PROFILE
TOOL=$ROOT/tools/s3rver
PORT=${SF_S3_PORT:-$([[ $PROFILE == test ]] && echo 24569 || echo 14569)}
PID_FILE=$DATA/run/s3rver.pid
LOG=$DATA/logs/s3rver.log
say() { printf '[s3rver %s/%s] %s\n' "$ACTION" "$PROFILE" "$*"; }
. "$ROOT/scripts/background.sh"

if [[ $ACTION == down ]]; then
  stop_background
  exit 0
fi

"$ROOT/scripts/require-npm.sh"
if [[ ! -x $TOOL/node_modules/.bin/s3rver || $TOOL/package-lock.json -nt $TOOL/node_modules/.package-lock.json ]]; then
  say "npm ci in tools/s3rver"
  (cd "$TOOL" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
fi

mkdir -p "$DATA/s3rver" "$DATA/run" "$DATA/logs"
if start_background SF_S3_PORT node "$TOOL/node_modules/.bin/s3rver" -d "$DATA/s3rver" -a 127.0.0.1 -p "$PORT" --silent; then
  say "started on 127.0.0.1:$PORT (data $DATA/s3rver)"
fi
echo "export SOCIALFLOW_TEST_S3='http://127.0.0.1:$PORT'" > "$DATA/s3.env"
