#!/usr/bin/env bash
# Backs up Grafana through its HTTP API: folders, data sources and every dashboard (the full
# GET /api/dashboards/uid/:uid answer, dashboard and meta), into a dated backup directory, then
# deletes backups older than the retention. docs/backup.md.
#
# Usage: scripts/backup_grafana.sh
#
# Environment:
#   GRAFANA_URL       Grafana base URL (default http://localhost:3000)
#   GRAFANA_USER      admin user (default admin)
#   GRAFANA_PASSWORD  its password (required unless GRAFANA_TOKEN is set). Passed to curl through
#                     a private temporary config file: never on a command line, never printed.
#   GRAFANA_TOKEN     service-account token (Bearer), used instead of user and password
#   BACKUP_ROOT       directory holding the dated backups (default /var/backups/mcp-grafana)
#   BACKUP_DIR        this backup's directory (default $BACKUP_ROOT/<UTC timestamp>); new or empty
#   RETENTION_DAYS    backups in BACKUP_ROOT older than this many days are deleted (default 7;
#                     0 keeps everything)
#   CURL_MAX_TIME     seconds allowed per HTTP request (default 30)
#
# Data source secrets (secureJsonData) are never returned by Grafana, so they are not in the
# backup; restore_grafana.sh lists the data sources that need them re-entered.
#
# Requires: bash, curl, jq. Output: progress on stderr; the backup directory on stdout.
set -euo pipefail

GRAFANA_URL=${GRAFANA_URL:-http://localhost:3000}
GRAFANA_URL=${GRAFANA_URL%/}
GRAFANA_USER=${GRAFANA_USER:-admin}
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
if [[ -n ${BACKUP_DIR:-} ]]; then
  BACKUP_ROOT=${BACKUP_ROOT:-$(dirname "$BACKUP_DIR")}
else
  BACKUP_ROOT=${BACKUP_ROOT:-/var/backups/mcp-grafana}
  BACKUP_DIR=$BACKUP_ROOT/$STAMP
fi
RETENTION_DAYS=${RETENTION_DAYS:-7}
CURL_MAX_TIME=${CURL_MAX_TIME:-30}
PAGE_SIZE=1000

log() { printf '[backup_grafana] %s\n' "$*" >&2; }
die() {
  printf '[backup_grafana] ERROR: %s\n' "$*" >&2
  exit 1
}

for tool in curl jq; do
  command -v "$tool" >/dev/null || die "$tool is required (apt-get install $tool)"
done
[[ -n ${GRAFANA_TOKEN:-} || -n ${GRAFANA_PASSWORD:-} ]] || die "set GRAFANA_PASSWORD (or GRAFANA_TOKEN)"
[[ $RETENTION_DAYS =~ ^[0-9]+$ ]] || die "RETENTION_DAYS must be a whole number of days, got '$RETENTION_DAYS'"
[[ $CURL_MAX_TIME =~ ^[0-9]+$ ]] || die "CURL_MAX_TIME must be a number of seconds, got '$CURL_MAX_TIME'"

# Credentials go into a curl config file readable only by us, removed on exit.
WORK=$(mktemp -d "${TMPDIR:-/tmp}/backup_grafana.XXXXXX")
CREATED=
# On failure, remove the partial backup so that it is never mistaken for a good one.
cleanup() {
  local status=$?
  rm -rf "$WORK"
  if ((status != 0)) && [[ -n $CREATED ]]; then rm -rf -- "$BACKUP_DIR"; fi
}
trap cleanup EXIT
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

# get PATH OUTFILE: GET with authentication; dies on anything but 200.
get() {
  local code
  code=$(curl -sS --max-time "$CURL_MAX_TIME" --config "$WORK/auth.conf" -o "$2" -w '%{http_code}' \
    "$GRAFANA_URL$1") || die "cannot reach $GRAFANA_URL"
  case $code in
    200) ;;
    401) die "GET $1: HTTP 401, wrong GRAFANA_USER/GRAFANA_PASSWORD or token (not retried: repeated failures lock the user)" ;;
    *) die "GET $1: HTTP $code $(head -c 300 "$2" 2>/dev/null)" ;;
  esac
}

if [[ -d $BACKUP_DIR ]] && [[ -n $(ls -A "$BACKUP_DIR") ]]; then
  die "$BACKUP_DIR already exists and is not empty"
fi
mkdir -p "$BACKUP_DIR/dashboards"
CREATED=1
log "backing up $GRAFANA_URL into $BACKUP_DIR"

get /api/health "$BACKUP_DIR/health.json"
version=$(jq -r '.version // "unknown"' "$BACKUP_DIR/health.json")
get /api/folders "$BACKUP_DIR/folders.json"
get /api/datasources "$BACKUP_DIR/datasources.json"

# Every dashboard, page by page.
echo '[]' >"$BACKUP_DIR/search.json"
page=1
while :; do
  get "/api/search?type=dash-db&limit=$PAGE_SIZE&page=$page" "$WORK/page.json"
  jq -s '.[0] + .[1]' "$BACKUP_DIR/search.json" "$WORK/page.json" >"$WORK/search.json"
  mv "$WORK/search.json" "$BACKUP_DIR/search.json"
  (($(jq length "$WORK/page.json") == PAGE_SIZE)) || break
  page=$((page + 1))
done

count=0
while IFS= read -r uid; do
  if [[ ! $uid =~ ^[A-Za-z0-9_-]{1,40}$ ]]; then
    log "skipping dashboard with an unexpected uid: '$uid'"
    continue
  fi
  get "/api/dashboards/uid/$uid" "$BACKUP_DIR/dashboards/$uid.json"
  count=$((count + 1))
done < <(jq -r '.[].uid' "$BACKUP_DIR/search.json")

jq -n \
  --arg created "$STAMP" --arg url "$GRAFANA_URL" --arg version "$version" \
  --argjson dashboards "$count" \
  --argjson datasources "$(jq length "$BACKUP_DIR/datasources.json")" \
  --argjson folders "$(jq length "$BACKUP_DIR/folders.json")" \
  '{type: "grafana", created_at: $created, grafana_url: $url, grafana_version: $version,
    dashboards: $dashboards, datasources: $datasources, folders: $folders}' >"$BACKUP_DIR/backup-info.json"
log "backup complete: $count dashboards, $(jq length "$BACKUP_DIR/datasources.json") data sources, $(jq length "$BACKUP_DIR/folders.json") folders (Grafana $version)"

# Retention: only dated directories written by this script (they hold backup-info.json).
if ((RETENTION_DAYS > 0)) && [[ -d $BACKUP_ROOT ]]; then
  while IFS= read -r -d '' old; do
    [[ $old -ef $BACKUP_DIR ]] && continue
    if [[ -f $old/backup-info.json ]] && jq -e '.type == "grafana"' "$old/backup-info.json" >/dev/null 2>&1; then
      log "deleting backup older than $RETENTION_DAYS days: $old"
      rm -rf -- "$old"
    fi
  done < <(find "$BACKUP_ROOT" -mindepth 1 -maxdepth 1 -type d -name '[0-9]*T[0-9]*Z' -mmin +$((RETENTION_DAYS * 1440)) -print0)
fi

printf '%s\n' "$BACKUP_DIR"
