#!/usr/bin/env bash
# Runs every benchmark and prints one table (see README, "Benchmarks"): BenchmarkDotNet for in-process
# costs, a storage-call count per card action, and an autocannon load run against the bot (committees
# of 50, 1,000 and 10,000 units) and a minimal echo bot, all started here on 127.0.0.1 and stopped at
# the end. Takes about 15 minutes. Extra arguments go to BenchmarkDotNet (e.g. --filter '*Report*').
# LOAD_ARGS overrides the load run's settings (e.g. LOAD_ARGS="--duration 5 --rounds 1").
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

if [ ! -d node_modules/autocannon ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
for project in Bot/Bot.csproj bench/EchoBot/EchoBot.csproj bench/Bot.Benchmarks/Bot.Benchmarks.csproj bench/Outbox/OutboxBench.csproj; do
  dotnet build -c Release -v quiet -nologo "$project" >/dev/null
done

bench=bench/Bot.Benchmarks/bin/Release/net10.0/CooperationBot.Benchmarks.dll
dotnet "$bench" --storage-calls "$out/calls.json"
dotnet "$bench" --filter '*' --artifacts "$out/bdn" "$@" >"$out/bdn.log" || { tail -n 50 "$out/bdn.log"; exit 1; }
# shellcheck disable=SC2086
node bench/load.mjs --bot Bot/bin/Release/net10.0/CooperationBot.dll --echo bench/EchoBot/bin/Release/net10.0/EchoBot.dll \
  --out "$out/load.json" ${LOAD_ARGS:-} >"$out/load.log" || { cat "$out/load.log"; exit 1; }
node bench/table.mjs "$out/bdn/results" "$out/calls.json" "$out/load.json"

# The outbox: its own ceiling (Teams' limits lifted) on both stores, and 10,000 reminders through a fake
# that throttles like Teams (at 50/s that alone takes 200 s). Each run stops by itself.
echo
echo "Outbox (bench/Outbox; goals: ceiling >= 10x Teams' 50/s, Teams-limited run within 1.1x of what the limits allow, 0 lost, 0 doubled)"
echo
for run in "ceiling embedded 2000" "ceiling azurite 2000" "teams embedded 10000"; do
  # shellcheck disable=SC2086
  dotnet bench/Outbox/bin/Release/net10.0/OutboxBench.dll $run | grep -v '^info\|^warn\|^      ' || true
done
