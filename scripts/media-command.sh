#!/usr/bin/env bash
# Sourced by backup.sh and restore.sh: sf_media_command export-media|import-media DIR runs the API host's verb of that
# name (src/Silo/Hosting/MediaArchiveCommand.cs) with the backend's own settings from the environment: the container's
# entry point when there is one (the socialflow image), else this checkout's Release build (built when missing).
sf_media_command() {
  if command -v socialflow-entrypoint >/dev/null 2>&1; then
    SOCIALFLOW_APP=api socialflow-entrypoint "$@"
    return
  fi
  local root dll
  root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
  dll=$root/src/ApiHost/bin/Release/net10.0/SocialFlow.ApiHost.dll
  [[ -f $dll ]] || dotnet build "$root/src/ApiHost" -c Release -nologo -v q >/dev/null
  (cd "$(dirname "$dll")" && dotnet SocialFlow.ApiHost.dll "$@")
}
