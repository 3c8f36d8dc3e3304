#!/usr/bin/env bash
# Restores a backup made by scripts/backup_grafana.sh into a Grafana through its HTTP API:
# folders, then data sources, then dashboards (saved with overwrite: true). docs/backup.md.
#
# Usage: scripts/restore_grafana.sh <backup-dir>
#
# Environment: GRAFANA_URL (default http://localhost:3000), GRAFANA_USER (default admin),
# GRAFANA_PASSWORD or GRAFANA_TOKEN, CURL_MAX_TIME (default 30). The password goes to curl through a
# private temporary config file, never on a command line.
#
# Idempotent: a folder or data source that already exists (HTTP 409/412) counts as restored; a
# dashboard provisioned from files (HTTP 400 "Cannot save provisioned dashboard") is skipped, since
# provisioning restores it from monitoring/grafana/dashboards/. Data source secrets are not in
# backups: the data sources that had some are listed at the end, to re-enter by hand.
#
# Requires: bash, curl, jq. Exit status: 0 everything restored or already there, 1 otherwise.
set -euo pipefail

GRAFANA_URL=${GRAFANA_URL:-http://localhost:3000}
GRAFANA_URL=${GRAFANA_URL%/}
GRAFANA_USER=${GRAFANA_USER:-admin}
CURL_MAX_TIME=${CURL_MAX_TIME:-30}

log() { printf '[restore_grafana] %s\n' "$*" >&2; }
die() {
  printf '[restore_grafana] ERROR: %s\n' "$*" >&2
  exit 1
}

[[ $# -eq 1 ]] || die "usage: $0 <backup-dir>"
BACKUP=${1%/}
for tool in curl jq; do
  command -v "$tool" >/dev/null || die "$tool is required (apt-get install $tool)"
done
[[ -n ${GRAFANA_TOKEN:-} || -n ${GRAFANA_PASSWORD:-} ]] || die "set GRAFANA_PASSWORD (or GRAFANA_TOKEN)"
[[ $CURL_MAX_TIME =~ ^[0-9]+$ ]] || die "CURL_MAX_TIME must be a number of seconds, got '$CURL_MAX_TIME'"
for f in backup-info.json folders.json datasources.json; do
  [[ -f $BACKUP/$f ]] || die "$BACKUP/$f is missing: not a backup made by backup_grafana.sh"
done
jq -e '.type == "grafana"' "$BACKUP/backup-info.json" >/dev/null || die "$BACKUP is not a Grafana backup"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/restore_grafana.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
curl_quote() {
  local s=${1//\\/\\\\}
  printf '"%s"' "${s//\"/\\\"}"
}
(
  umask 077
  if [[ -n ${GRAFANA_TOKEN:-} ]]; then
    printf 'header = %s\n' "$(curl_quote "Authorization: Bearer $GRAFANA_TOKEN")"
  else
    printf 'user = %s\n' "$(curl_quote "$GRAFANA_USER:$GRAFANA_PASSWORD")"
  fi
) >"$WORK/auth.conf"

# post PATH BODYFILE: POSTs JSON, leaves the answer in $WORK/answer.json, prints the HTTP status.
post() {
  curl -sS --max-time "$CURL_MAX_TIME" --config "$WORK/auth.conf" -X POST \
    -H 'Content-Type: application/json' --data-binary "@$2" \
    -o "$WORK/answer.json" -w '%{http_code}' "$GRAFANA_URL$1"
}
message() { jq -r '.message // empty' "$WORK/answer.json" 2>/dev/null | head -c 300; }

code=$(curl -sS --max-time "$CURL_MAX_TIME" --config "$WORK/auth.conf" -o /dev/null -w '%{http_code}' \
  "$GRAFANA_URL/api/datasources") || die "cannot reach $GRAFANA_URL"
[[ $code == 200 ]] || die "GET /api/datasources answered HTTP $code (credentials? not retried: repeated failures lock the user)"

failures=0
log "restoring $BACKUP into $GRAFANA_URL"

# Folders: create the ones this Grafana does not have yet (provisioning may have made some).
code=$(curl -sS --max-time "$CURL_MAX_TIME" --config "$WORK/auth.conf" -o "$WORK/folders.json" -w '%{http_code}' \
  "$GRAFANA_URL/api/folders") || die "cannot reach $GRAFANA_URL"
[[ $code == 200 ]] || die "GET /api/folders answered HTTP $code"
while IFS= read -r folder; do
  printf '%s' "$folder" >"$WORK/body.json"
  title=$(jq -r .title "$WORK/body.json")
  if jq -e --arg uid "$(jq -r .uid "$WORK/body.json")" 'any(.[]; .uid == $uid)' "$WORK/folders.json" >/dev/null; then
    log "folder '$title' already there"
    continue
  fi
  code=$(post /api/folders "$WORK/body.json") || die "cannot reach $GRAFANA_URL"
  case $code in
    200) log "folder '$title' created" ;;
    409 | 412) log "folder '$title' already there" ;;
    *)
      log "folder '$title' FAILED: HTTP $code $(message)"
      failures=$((failures + 1))
      ;;
  esac
done < <(jq -c '.[] | {uid, title}' "$BACKUP/folders.json")

# Data sources (without their read-only and generated fields).
while IFS= read -r ds; do
  printf '%s' "$ds" >"$WORK/body.json"
  name=$(jq -r .name "$WORK/body.json")
  code=$(post /api/datasources "$WORK/body.json") || die "cannot reach $GRAFANA_URL"
  case $code in
    200) log "data source '$name' created" ;;
    409) log "data source '$name' already there" ;;
    *)
      log "data source '$name' FAILED: HTTP $code $(message)"
      failures=$((failures + 1))
      ;;
  esac
done < <(jq -c '.[] | {name, type, uid, access, url, isDefault, basicAuth, basicAuthUser, database, user,
  withCredentials, jsonData} | with_entries(select(.value != null))' "$BACKUP/datasources.json")

# Dashboards, in their folders, overwriting what is there. A dashboard whose folder could not be
# created goes to the General folder rather than not at all (the folder failure is counted above).
code=$(curl -sS --max-time "$CURL_MAX_TIME" --config "$WORK/auth.conf" -o "$WORK/folders.json" -w '%{http_code}' \
  "$GRAFANA_URL/api/folders") || die "cannot reach $GRAFANA_URL"
[[ $code == 200 ]] || die "GET /api/folders answered HTTP $code"
restored=0
skipped=0
shopt -s nullglob
for file in "$BACKUP"/dashboards/*.json; do
  folder=$(jq -r '.meta.folderUid // ""' "$file")
  if [[ -n $folder ]] && ! jq -e --arg uid "$folder" 'any(.[]; .uid == $uid)' "$WORK/folders.json" >/dev/null; then
    log "folder $folder is missing: restoring $(basename "$file") into the General folder"
    folder=
  fi
  jq --arg msg "restored by restore_grafana.sh from $(basename "$BACKUP")" --arg folder "$folder" \
    '{dashboard: (.dashboard | .id = null), overwrite: true, message: $msg}
     + (if $folder != "" then {folderUid: $folder} else {} end)' \
    "$file" >"$WORK/body.json"
  title=$(jq -r '.dashboard.title' "$WORK/body.json")
  code=$(post /api/dashboards/db "$WORK/body.json") || die "cannot reach $GRAFANA_URL"
  if [[ $code == 200 ]]; then
    log "dashboard '$title' restored"
    restored=$((restored + 1))
  elif [[ $code == 400 && $(message) == *[Pp]rovisioned* ]]; then
    log "dashboard '$title' is provisioned from files: skipped (provisioning restores it)"
    skipped=$((skipped + 1))
  else
    log "dashboard '$title' FAILED: HTTP $code $(message)"
    failures=$((failures + 1))
  fi
done

secrets=$(jq -r '[.[] | select((.secureJsonFields // {}) | length > 0) | .name] | join(", ")' "$BACKUP/datasources.json")
[[ -z $secrets ]] || log "re-enter the secrets of these data sources in Grafana: $secrets"

log "done: $restored dashboards restored, $skipped provisioned and skipped, $failures failures"
((failures == 0))
