#!/usr/bin/env bash
# Builds the solution and runs every test project under tests/ (one after another) against the
# `test` profile's PostgreSQL/Redis (scripts/services.sh up test), then prints a summary ending in
#   N passed, N failed[, N skipped]
# Exit status is non-zero if the build or any test project failed.
#
#   scripts/test.sh                       all test projects
#   scripts/test.sh Grains.Tests ...      only these (folder names under tests/)
#   SF_TEST_ARGS='--filter FullyQualifiedName~Users' scripts/test.sh   extra `dotnet test` args
#   SF_FORMAT_CHECK=0 (or 1)              skip (or force) the format check; it runs by default only when no project is named
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
cd "$ROOT"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

scripts/services.sh up test
scripts/s3rver.sh up test
scripts/deploy-tools.sh   # kubectl check + tools/k8s-validate (npm) for the deployment manifest tests
# shellcheck disable=SC1091
. .data/test/env
# shellcheck disable=SC1091
. .data/test/s3.env
scripts/require-dotnet.sh

RESULTS=$ROOT/.data/test/results
mkdir -p "$RESULTS"
# Test hosts append their warnings and errors here (tests/SocialFlow.Testing/FileLog.cs), and one line per database
# and host a run creates to instances.log (TestRunLog.cs).
export SF_TEST_LOGS=$ROOT/.data/test/logs
rm -rf "$SF_TEST_LOGS"

# ---- which projects
is_test_project() {
  local p=$1
  grep -Eiq '<IsTestProject>[[:space:]]*false' "$p" && return 1
  grep -Eq '<IsTestProject>[[:space:]]*true|Microsoft\.NET\.Test\.Sdk|"MSTest\.Sdk|xunit\.v3|"TUnit"' "$p"
}
projects=()
shopt -s nullglob
for p in tests/*/*.csproj; do
  dir=$(basename "$(dirname "$p")")
  case "$dir" in Load|Benchmarks) continue ;; esac
  if (( $# )); then
    wanted=0; for w in "$@"; do [[ $w == "$dir" || $w == "$p" ]] && wanted=1; done
    (( wanted )) || continue
  fi
  is_test_project "$p" && projects+=("$p")
done
shopt -u nullglob
if (( ${#projects[@]} == 0 )); then
  echo "no test projects found under tests/${*:+ matching: $*}" >&2
  echo "0 passed, 1 failed"
  exit 1
fi

# ---- build once
T_BUILD=$SECONDS
echo "=== dotnet build SocialFlow.sln -c Release"
if ! dotnet build SocialFlow.sln -c Release -nologo; then
  echo
  echo "BUILD FAILED (counted as 1 failure; no tests ran)"
  echo "0 passed, 1 failed"
  exit 1
fi
echo "=== build took $((SECONDS - T_BUILD)) s"

# ---- format check: the code against .editorconfig (docs/architecture.md#testing-layout). `whitespace` and `style`
# rather than plain `dotnet format`: the analyzers pass re-runs every analyzer of the build (minutes on 2 cores) and
# adds nothing the warnings-as-errors build does not already enforce. Runs for `make test` (no project named) or with
# SF_FORMAT_CHECK=1; SF_FORMAT_CHECK=0 skips it. Fix what it reports with the same commands without --verify-no-changes.
format_failed=0
if [[ ${SF_FORMAT_CHECK:-$(( $# == 0 ))} == 1 ]]; then
  T_FORMAT=$SECONDS
  echo "=== dotnet format whitespace + style --verify-no-changes"
  dotnet format whitespace SocialFlow.sln --verify-no-changes --no-restore -v q || format_failed=1
  dotnet format style SocialFlow.sln --verify-no-changes --no-restore --severity warn -v q || format_failed=1
  echo "=== format check took $((SECONDS - T_FORMAT)) s"
fi

# ---- run each project
attr() { # attr NAME FILE: first value of NAME="..." on the <Counters> element
  sed -n 's/.*<Counters[^>]*[[:space:]]'"$1"'="\([0-9]*\)".*/\1/p' "$2" | head -n1
}
total_pass=0 total_fail=0 total_skip=0 any_fail=0
summary=()
if (( format_failed )); then
  total_fail=1 any_fail=1
  summary+=("$(printf '  %-28s %-6s (counted as 1 failure; run the same commands without --verify-no-changes)' "dotnet format" "FAILED")")
fi
for p in "${projects[@]}"; do
  name=$(basename "$p" .csproj)
  trx=$RESULTS/$name.trx
  rm -f "$trx"
  echo
  echo "=== dotnet test $p"
  t0=$SECONDS
  rc=0
  # shellcheck disable=SC2086
  dotnet test "$p" --no-build -c Release \
    --logger "console;verbosity=normal" \
    --logger "trx;LogFileName=$name.trx" \
    --results-directory "$RESULTS" \
    ${SF_TEST_ARGS:-} || rc=$?
  secs=$((SECONDS - t0))
  pass=0 fail=0 skip=0 note=""
  if [[ -f $trx ]]; then
    pass=$(attr passed "$trx"); pass=${pass:-0}
    fail=0
    for a in failed error timeout aborted; do v=$(attr "$a" "$trx"); fail=$((fail + ${v:-0})); done
    # VSTest's trx leaves notExecuted at 0 for skipped xUnit tests; total - executed counts them.
    tot=$(attr total "$trx"); exe=$(attr executed "$trx"); skip=$(( ${tot:-0} - ${exe:-0} ))
    v=$(attr notExecuted "$trx"); (( ${v:-0} > skip )) && skip=$v
  else
    note=" (no trx written)"
  fi
  if (( rc != 0 && fail == 0 )); then
    # Crash, hang-abort, or run failure without a failed test: still a failure.
    fail=1; note="$note (dotnet test exit $rc with no failed test recorded; counted as 1 failure)"
  fi
  (( fail > 0 || rc != 0 )) && any_fail=1
  total_pass=$((total_pass + pass)); total_fail=$((total_fail + fail)); total_skip=$((total_skip + skip))
  status=ok; (( fail > 0 || rc != 0 )) && status=FAILED
  summary+=("$(printf '  %-28s %-6s passed %4d  failed %4d  skipped %4d  %4ds%s' "$name" "$status" "$pass" "$fail" "$skip" "$secs" "$note")")
done

# CI shows only the end of the output, so the failures are repeated here, each with the start of its message.
failed_tests() { # failed_tests FILE
  awk '
    /<UnitTestResult / && /outcome="Failed"/ { match($0, /testName="[^"]*"/); name = substr($0, RSTART + 10, RLENGTH - 11); want = 1 }
    want && /<Message>/ { printf "  FAILED %s\n", name; lines = 0; inmsg = 1; want = 0 }
    inmsg { line = $0; sub(/.*<Message>/, "", line); gsub(/&#xD;/, "", line)
            done = sub(/<\/Message>.*/, "", line)
            if (lines++ < 4) printf "         %s\n", substr(line, 1, 300)
            if (done) inmsg = 0 }
  ' "$1"
}
echo
echo "=== failed tests"
for p in "${projects[@]}"; do f=$RESULTS/$(basename "$p" .csproj).trx; [[ -f $f ]] && failed_tests "$f"; done
if (( any_fail )) && compgen -G "$SF_TEST_LOGS/*.log" >/dev/null; then
  echo
  echo "=== last warnings of the test hosts (all in $SF_TEST_LOGS)"
  grep -h -v '^ ' "$SF_TEST_LOGS"/*.log | sort | tail -n 40 | cut -c1-400
fi

echo
echo "=== test summary (trx files in $RESULTS)"
printf '%s\n' "${summary[@]}"
if (( total_skip > 0 )); then
  echo "$total_pass passed, $total_fail failed, $total_skip skipped"
else
  echo "$total_pass passed, $total_fail failed"
fi
exit $any_fail
