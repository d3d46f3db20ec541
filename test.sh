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
set +e
dotnet test CooperationBot.sln --logger "console;verbosity=normal" "$@" 2>&1 | tee /tmp/cooperationbot-test.log
status=${PIPESTATUS[0]}
set -e

# One plain summary line for readers and CI: "N passed, N failed".
summary=$(grep -E "^(Passed|Failed)! +- Failed: +[0-9]+, Passed: +[0-9]+" /tmp/cooperationbot-test.log | tail -n 1 || true)
if [ -n "$summary" ]; then
  failed=$(sed -E 's/.*Failed: +([0-9]+),.*/\1/' <<<"$summary")
  passed=$(sed -E 's/.*Passed: +([0-9]+),.*/\1/' <<<"$summary")
  echo "$passed passed, $failed failed"
fi
exit "$status"
