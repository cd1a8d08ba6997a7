#!/usr/bin/env bash
# Exit 0 once npm is on PATH: as root, installs Debian's nodejs and npm when it is missing; otherwise explains and exits 1.
set -euo pipefail
command -v npm >/dev/null 2>&1 && exit 0
[[ $EUID -eq 0 ]] || { echo "npm is missing: sudo apt-get install -y nodejs npm" >&2; exit 1; }
echo "[require-npm] installing nodejs and npm (apt-get)"
export DEBIAN_FRONTEND=noninteractive
apt-get -o DPkg::Lock::Timeout=600 update -qq
apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends nodejs npm >/dev/null
