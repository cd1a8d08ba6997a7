#!/usr/bin/env bash
# Exit 0 if a .NET 10 SDK is on PATH; otherwise explain how to install one and exit 1.
set -euo pipefail
if command -v dotnet >/dev/null 2>&1 && dotnet --list-sdks 2>/dev/null | grep -Eq '^10\.'; then
  exit 0
fi
if command -v dotnet >/dev/null 2>&1; then
  echo "dotnet found at $(command -v dotnet), but no .NET 10 SDK:" >&2
  dotnet --list-sdks >&2 || true
else
  echo "dotnet not found on PATH." >&2
fi
cat >&2 <<'MSG'
SocialFlow needs the .NET 10 SDK (global.json: 10.0.100, rollForward latestFeature). Install it with either:
  # Microsoft's install script (no root needed):
  curl -sSL https://dot.net/v1/dotnet-install.sh | bash -s -- --channel 10.0 --install-dir "$HOME/.dotnet"
  export PATH="$HOME/.dotnet:$PATH" DOTNET_ROOT="$HOME/.dotnet"
  # or Debian 12 packages from packages.microsoft.com:
  wget https://packages.microsoft.com/config/debian/12/packages-microsoft-prod.deb
  sudo dpkg -i packages-microsoft-prod.deb && sudo apt-get update && sudo apt-get install -y dotnet-sdk-10.0
MSG
exit 1
