#!/usr/bin/env bash
# A real cluster on one machine: N silo processes (src/Silo) and one API host in Client mode
# (src/ApiHost), Redis membership, against the `run` profile's PostgreSQL and Redis.
#
#   scripts/run-cluster.sh [N]        N silos, default 2. Ctrl-C stops everything.
#
# Silo i (0-based): Orleans silo port 11111+i, gateway 30000+i, health on http://127.0.0.1:(8081+i).
# API host: http://127.0.0.1:8080. Prometheus /metrics: API host 127.0.0.1:9464, silo i 127.0.0.1:(9465+i). Logs (one JSON object per line): .data/run/logs/cluster-*.log;
# pids: .data/run/run/cluster-*.pid, so a silo can be killed by hand to watch the cluster heal:
#   kill -9 "$(cat .data/run/run/cluster-silo-1.pid)"
#
# Environment: SF_CLUSTER_ID (default: a fresh id per start), SF_NO_BUILD=1 (use the built dlls),
# SF_API_PORT, SF_SILO_PORT, SF_GATEWAY_PORT, SF_SILO_HTTP_PORT, SF_METRICS_PORT (bases of the ports above),
# SF_FAST_FAILURE_DETECTION (default true: a killed silo is declared dead in seconds).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
cd "$ROOT"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

SILOS=${1:-2}
[[ $SILOS =~ ^[1-9][0-9]?$ ]] || { echo "usage: $0 [number of silos, 1-99]" >&2; exit 2; }
API_PORT=${SF_API_PORT:-8080}
SILO_PORT=${SF_SILO_PORT:-11111}
GATEWAY_PORT=${SF_GATEWAY_PORT:-30000}
SILO_HTTP_PORT=${SF_SILO_HTTP_PORT:-8081}
METRICS_PORT=${SF_METRICS_PORT:-9464}
CLUSTER_ID=${SF_CLUSTER_ID:-local-$(date +%Y%m%d-%H%M%S)}
FAST=${SF_FAST_FAILURE_DETECTION:-true}
CONFIG=Release
LOGS=$ROOT/.data/run/logs
PIDS=$ROOT/.data/run/run

say() { printf '[cluster] %s\n' "$*"; }

scripts/services.sh up run
# shellcheck disable=SC1091
. .data/run/env
scripts/require-dotnet.sh
command -v curl >/dev/null || { echo "curl is needed to wait for /health/ready" >&2; exit 1; }
mkdir -p "$LOGS" "$PIDS"

if [[ ${SF_NO_BUILD:-0} != 1 ]]; then
  say "building src/ApiHost (and src/Silo) -c $CONFIG"
  # ApiHost references Silo, so one build produces both hosts, each in its own bin folder.
  dotnet build src/ApiHost -c "$CONFIG" -nologo -v quiet
fi
SILO_DLL=$ROOT/src/Silo/bin/$CONFIG/net10.0/SocialFlow.Silo.dll
API_DLL=$ROOT/src/ApiHost/bin/$CONFIG/net10.0/SocialFlow.ApiHost.dll
for dll in "$SILO_DLL" "$API_DLL"; do [[ -f $dll ]] || { echo "missing $dll (run without SF_NO_BUILD)" >&2; exit 1; }; done

# Settings every process shares; the rest (connection strings, JWT key, data dir) come from .data/run/env.
export SocialFlow__Orleans__Clustering=Redis
export SocialFlow__Orleans__ClusterId=$CLUSTER_ID
export SocialFlow__Orleans__FastFailureDetection=$FAST
export Logging__LogLevel__Polly=Warning

names=() pids=()
# shellcheck disable=SC2317  # invoked by the traps below
stop_all() {
  trap - INT TERM EXIT
  say "stopping ${#pids[@]} processes"
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  # Graceful first (a silo leaves the membership table), then SIGKILL after 15 s.
  for _ in $(seq 150); do
    alive=0; for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
    (( alive )) || break
    sleep 0.1
  done
  for pid in "${pids[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done
  rm -f "$PIDS"/cluster-*.pid
  say "stopped"
}
trap stop_all EXIT
trap 'stop_all; exit 130' INT TERM

# start NAME DLL [NAME=VALUE...]: runs `dotnet DLL` from its folder (content root), logs to cluster-NAME.log.
start() {
  local name=$1 dll=$2; shift 2
  (cd "$(dirname "$dll")" && exec env "$@" dotnet "$dll") >"$LOGS/cluster-$name.log" 2>&1 &
  pids+=("$!"); names+=("$name")
  echo "$!" >"$PIDS/cluster-$name.pid"
  say "started $name (pid $!), log .data/run/logs/cluster-$name.log"
}

say "cluster id $CLUSTER_ID, $SILOS silos"
for ((i = 0; i < SILOS; i++)); do
  start "silo-$i" "$SILO_DLL" \
    "SocialFlow__Orleans__SiloPort=$((SILO_PORT + i))" \
    "SocialFlow__Orleans__GatewayPort=$((GATEWAY_PORT + i))" \
    "Urls=http://127.0.0.1:$((SILO_HTTP_PORT + i))" \
    "SocialFlow__Telemetry__Prometheus__Url=http://127.0.0.1:$((METRICS_PORT + 1 + i))"
done
start api "$API_DLL" SocialFlow__Orleans__Mode=Client "Urls=http://127.0.0.1:$API_PORT" \
  "SocialFlow__Telemetry__Prometheus__Url=http://127.0.0.1:$METRICS_PORT"

# Ready when the API host answers /health/ready (a silo, PostgreSQL and Redis all reachable).
deadline=$((SECONDS + 90))
until curl -fsS -o /dev/null "http://127.0.0.1:$API_PORT/health/ready" 2>/dev/null; do
  for idx in "${!pids[@]}"; do
    if ! kill -0 "${pids[$idx]}" 2>/dev/null; then
      say "${names[$idx]} exited during start-up; last lines of its log:"
      tail -n 20 "$LOGS/cluster-${names[$idx]}.log" >&2
      exit 1
    fi
  done
  (( SECONDS < deadline )) || { say "the API host was not ready within 90 s; see .data/run/logs/cluster-*.log"; exit 1; }
  sleep 0.5
done

say "ready: API http://127.0.0.1:$API_PORT  (docs /docs, health /health/ready)"
for ((i = 0; i < SILOS; i++)); do
  say "  silo-$i: silo port $((SILO_PORT + i)), gateway $((GATEWAY_PORT + i)), health http://127.0.0.1:$((SILO_HTTP_PORT + i))/health/ready, pid ${pids[$i]}"
done
say "kill one: kill -9 \"\$(cat .data/run/run/cluster-silo-0.pid)\"   stop all: Ctrl-C"

# Runs until Ctrl-C, or until the API host exits; a killed silo does not stop the others.
api_pid=${pids[${#pids[@]} - 1]}
while kill -0 "$api_pid" 2>/dev/null; do sleep 1; done
say "the API host exited; see .data/run/logs/cluster-api.log"
exit 1
