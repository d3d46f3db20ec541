#!/usr/bin/env bash
# Quick start: the bot on the embedded store with the sample committee in demo mode, plus Microsoft's
# Agents Playground (a local Teams-like client) at http://localhost:56150. Ctrl+C stops both.
set -euo pipefail
cd "$(dirname "$0")"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
# Keep the playground's telemetry off: it must not contact anything outside this machine.
export APPLICATION_INSIGHTS_NO_STATSBEAT=1

[ -d node_modules ] || npm ci --no-audit --no-fund --loglevel=error
dotnet build Bot --nologo -v quiet

dotnet run --project Bot --no-build &
bot=$!
trap 'kill $bot 2>/dev/null || true' EXIT INT TERM

until curl -sf http://127.0.0.1:3978/healthz >/dev/null; do
  kill -0 $bot 2>/dev/null || { echo "The bot did not start; see the messages above." >&2; exit 1; }
  sleep 0.5
done

echo
echo "CooperationBot is running on http://127.0.0.1:3978 (demo mode: you are a contact of 大连化物所 and an organiser)."
echo "Open http://localhost:56150 and type 填报 (or report) in Personal Chat."
echo
node_modules/.bin/agentsplayground -p 56150 -e http://127.0.0.1:3978/api/messages -c msteams --dt
