#!/usr/bin/env bash
# Builds the Teams app package for one environment:
#   manifest/package.sh manifest/env/dev.env   ->  manifest/build/appPackage.dev.zip
# Fills ${{BOT_ID}}, ${{TEAMS_APP_ID}} and ${{BOT_DOMAIN}} in manifest.json and zh-cn.json from the
# env file (KEY=VALUE lines; '#' comments). Set OUT_DIR to write somewhere other than manifest/build.
# Needs: bash, sed, zip.
set -euo pipefail

if [[ $# -ne 1 || ! -f "$1" ]]; then
  echo "usage: $0 <env-file>   (e.g. $0 manifest/env/dev.env)" >&2
  exit 2
fi

env_file="$1"
env_name="$(basename "$env_file" .env)"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out_dir="${OUT_DIR:-$here/build}"

# Read only the three keys we know, so the env file is data, never executed.
read_key() {
  local value
  value="$(grep -E "^$1=" "$env_file" | tail -n 1 | cut -d= -f2- | tr -d '\r' | sed -e 's/^[[:space:]]*//' -e 's/[[:space:]]*$//')"
  if [[ -z "$value" ]]; then
    echo "error: $1 is missing in $env_file" >&2
    exit 1
  fi
  printf '%s' "$value"
}

bot_id="$(read_key BOT_ID)"
teams_app_id="$(read_key TEAMS_APP_ID)"
bot_domain="$(read_key BOT_DOMAIN)"

# Teams rejects non-GUID ids only at upload time; fail here instead. The checks also make the
# values safe to use in the sed replacement below.
guid='^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$'
host='^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$'
[[ "$bot_id" =~ $guid ]] || { echo "error: BOT_ID '$bot_id' is not a GUID" >&2; exit 1; }
[[ "$teams_app_id" =~ $guid ]] || { echo "error: TEAMS_APP_ID '$teams_app_id' is not a GUID" >&2; exit 1; }
[[ "$bot_domain" =~ $host ]] || { echo "error: BOT_DOMAIN '$bot_domain' is not a host name (no scheme, no path)" >&2; exit 1; }

mkdir -p "$out_dir"
out_dir="$(cd "$out_dir" && pwd)"  # absolute: zip runs from inside the staging folder
stage="$out_dir/$env_name"
rm -rf "$stage"
mkdir -p "$stage"

for file in manifest.json zh-cn.json; do
  sed -e "s/\${{BOT_ID}}/$bot_id/g" \
      -e "s/\${{TEAMS_APP_ID}}/$teams_app_id/g" \
      -e "s/\${{BOT_DOMAIN}}/$bot_domain/g" \
      "$here/$file" > "$stage/$file"
  if grep -q '\${{' "$stage/$file"; then
    echo "error: unfilled placeholder left in $file:" >&2
    grep -n '\${{' "$stage/$file" >&2
    exit 1
  fi
done
cp "$here/color.png" "$here/outline.png" "$stage/"

zip_path="$out_dir/appPackage.$env_name.zip"
rm -f "$zip_path"
# -j: files at the zip root (Teams requires it); -X: no extra attributes; -q: quiet.
(cd "$stage" && zip -q -X -j "$zip_path" manifest.json color.png outline.png zh-cn.json)
echo "$zip_path"
