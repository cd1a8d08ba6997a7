#!/usr/bin/env bash
# The Stripe stand-in (tools/StripeStandIn: a local stand-in for Stripe's API, NOT Stripe) for `make run`, so that a
# purchase can be tried end to end without a Stripe account. The tests start their own, in process.
#
#   scripts/stripe-standin.sh up run API_URL     build it, start it on 127.0.0.1:${SF_STRIPE_PORT:-12111}, webhooks to API_URL
#   scripts/stripe-standin.sh down run
#
# Generates the webhook signing secret once (.data/run/stripe-webhook.secret) and writes .data/run/stripe.env with the
# SocialFlow__Payments__Stripe__* settings that point the API host at it (source it after .data/run/env).
set -euo pipefail

[[ ($# -eq 2 && $1 == down || $# -eq 3 && $1 == up) && $2 == run ]] || { echo "usage: $0 up run API_URL | down run" >&2; exit 2; }
ACTION=$1 PROFILE=$2
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
DATA=$ROOT/.data/$PROFILE
PORT=${SF_STRIPE_PORT:-12111}
PID_FILE=$DATA/run/stripe-standin.pid
LOG=$DATA/logs/stripe-standin.log
SECRET_FILE=$DATA/stripe-webhook.secret
API_KEY=sk_test_socialflow_local_standin
say() { printf '[stripe-standin %s/%s] %s\n' "$ACTION" "$PROFILE" "$*"; }
. "$ROOT/scripts/background.sh"

if [[ $ACTION == down ]]; then
  stop_background
  exit 0
fi

API_URL=${3%/}
mkdir -p "$DATA/run" "$DATA/logs"
if [[ ! -s $SECRET_FILE ]]; then
  ( umask 077; printf 'whsec_%s' "$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')" > "$SECRET_FILE.tmp" && mv "$SECRET_FILE.tmp" "$SECRET_FILE" )
  say "generated $SECRET_FILE"
fi
chmod 600 "$SECRET_FILE"
if ! alive || ! answers; then dotnet build "$ROOT/tools/StripeStandIn/StripeStandIn.csproj" -c Release -nologo -v q >/dev/null; fi
if start_background SF_STRIPE_PORT env STRIPE_STANDIN_API_KEY=$API_KEY STRIPE_STANDIN_WEBHOOK_SECRET="$(cat "$SECRET_FILE")" \
    STRIPE_STANDIN_WEBHOOK_URL="$API_URL/api/v1/webhooks/stripe" dotnet "$ROOT/tools/StripeStandIn/bin/Release/net10.0/SocialFlow.StripeStandIn.dll" --port "$PORT"; then
  say "started on 127.0.0.1:$PORT (a stand-in for Stripe; webhooks to $API_URL/api/v1/webhooks/stripe)"
fi
( umask 077; cat > "$DATA/stripe.env" <<ENV
export SocialFlow__Payments__Stripe__ApiBase='http://127.0.0.1:$PORT'
export SocialFlow__Payments__Stripe__SecretKey='$API_KEY'
export SocialFlow__Payments__Stripe__WebhookSecret='$(cat "$SECRET_FILE")'
ENV
)
