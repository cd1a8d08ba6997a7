#!/bin/sh
# Renders the ingest's nginx config from the environment and runs nginx in the foreground.
#   SF_API_URL                        where on_publish calls go (an API host), e.g. http://api:8080
#   SocialFlow__Live__CallbackSecret  the secret the API hosts expect on those calls (required)
#   SF_INGEST_PEERS                   who may pull streams and use the control: the silos' network (CIDR)
set -eu
: "${SocialFlow__Live__CallbackSecret:?set SocialFlow__Live__CallbackSecret (the same value as the API hosts)}"
api=${SF_API_URL:-http://api:8080}
peers=${SF_INGEST_PEERS:-172.16.0.0/12}
sed -e "s|@LISTEN@|0.0.0.0|g" -e "s|@PEERS@|$peers|g" -e "s|@RTMP_PORT@|1935|g" -e "s|@CONTROL_PORT@|18935|g" \
    -e "s|@API_URL@|${api%/}|g" -e "s|@SECRET@|$SocialFlow__Live__CallbackSecret|g" \
    /etc/socialflow/rtmp.conf.template > /ingest/nginx.conf
# master_process off keeps nginx in the foreground as well; its error log goes to the container's output.
exec nginx -p /ingest -c nginx.conf -e /dev/stderr -g 'daemon off;'
