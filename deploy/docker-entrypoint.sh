#!/bin/sh
# Container entry point: one image, two apps, chosen by SOCIALFLOW_APP (default from the build ARG APP).
#   api  -> SocialFlow.ApiHost.dll  (HTTP API + SignalR; SocialFlow__Orleans__Mode=Client in a cluster)
#   silo -> SocialFlow.Silo.dll     (Orleans silo)
# Extra arguments are passed to the app.
set -eu
case "${SOCIALFLOW_APP:-api}" in
  api|ApiHost|apihost)
    cd /app/api && exec dotnet SocialFlow.ApiHost.dll "$@" ;;
  silo|Silo)
    cd /app/silo && exec dotnet SocialFlow.Silo.dll "$@" ;;
  *)
    echo "SOCIALFLOW_APP must be 'api' or 'silo' (got '${SOCIALFLOW_APP}')" >&2
    exit 64 ;;
esac
