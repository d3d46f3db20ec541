#!/usr/bin/env bash
# Runs every test: installs the npm tools the tests start (Azurite, Agents Playground, Teams manifest
# schemas), restores NuGet packages, then runs the whole xunit suite. The tests start and stop the
# services they use themselves, on loopback only.
set -euo pipefail
cd "$(dirname "$0")"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 APPLICATION_INSIGHTS_NO_STATSBEAT=1

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "== npm ci"
  npm ci --no-audit --no-fund --loglevel=error
fi

echo "== dotnet test"
log=$(mktemp -t cooperationbot-test.XXXXXX.log)
set +e
dotnet test CooperationBot.sln --logger "console;verbosity=normal" "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e

# One plain summary line for readers and CI: "N passed, N failed".
if grep -qE "^Total tests: [0-9]+" "$log"; then
  passed=$(grep -E "^ +Passed: [0-9]+" "$log" | tail -n 1 | grep -oE "[0-9]+" || echo 0)
  failed=$(grep -E "^ +Failed: [0-9]+" "$log" | tail -n 1 | grep -oE "[0-9]+" || echo 0)
  echo "${passed:-0} passed, ${failed:-0} failed"
fi
exit "$status"
