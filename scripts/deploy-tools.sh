#!/usr/bin/env bash
# The tools tests/Cluster.Tests/Deployment uses to check deploy/ offline (no cluster, no Docker engine):
#   kubectl   renders the kustomizations (`kubectl kustomize`); needs its built-in kustomize v4 or newer (kubectl 1.21+).
#             The project's machine image ships one (the `kubectl` package); Debian 12's own `kubernetes-client` is
#             kubectl 1.20 with kustomize v2, which cannot read `resources:` directories or `patches:`, so it is not
#             installed as a stand-in: the tests then fail and say what is missing.
#   node      runs tools/k8s-validate (the Kubernetes API schemas from npm), installed here with `npm ci`.
#
#   scripts/deploy-tools.sh        (run by scripts/test.sh)
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
TOOL=$ROOT/tools/k8s-validate
say() { printf '[deploy-tools] %s\n' "$*"; }

"$ROOT/scripts/require-npm.sh"
if [[ ! -d $TOOL/node_modules/kubernetes-models || $TOOL/package-lock.json -nt $TOOL/node_modules/.package-lock.json ]]; then
  say "npm ci in tools/k8s-validate"
  (cd "$TOOL" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
fi

if ! command -v kubectl >/dev/null; then
  say "WARNING: no kubectl on PATH: the Kubernetes manifest tests will fail (they need kubectl 1.21+ for \`kubectl kustomize\`)"
else
  # kubectl 1.21+ prints "Kustomize Version: vN…"; older ones print no such line.
  kustomize=$(kubectl version --client 2>/dev/null | sed -n 's/^Kustomize Version: v\([0-9]*\).*/\1/p' || true)
  if (( ${kustomize:-0} < 4 )); then
    say "WARNING: $(command -v kubectl) has no kustomize v4+: the Kubernetes manifest tests need kubectl 1.21 or newer"
  fi
fi
