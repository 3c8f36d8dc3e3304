#!/usr/bin/env bash
# Backs up Prometheus: takes a TSDB snapshot through the admin API and copies it into a dated
# backup directory, then deletes backups older than the retention. docs/backup.md.
#
# Usage: scripts/backup_prometheus.sh
#
# Environment (all optional):
#   PROMETHEUS_URL        Prometheus base URL (default http://localhost:9090). Needs the flag
#                         --web.enable-admin-api (otherwise HTTP 500 "admin APIs disabled").
#   PROMETHEUS_CONTAINER  container running Prometheus: the snapshot is copied out with `docker cp`.
#                         Unset: PROMETHEUS_DATA_DIR is read on this host when it exists there;
#                         otherwise only the snapshot's name is recorded (it stays in Prometheus'
#                         data directory, which is not a backup: see docs/backup.md).
#   PROMETHEUS_DATA_DIR   Prometheus' --storage.tsdb.path, in the container or on this host
#                         (default /prometheus).
#   BACKUP_ROOT           directory holding the dated backups (default /var/backups/mcp-prometheus).
#   BACKUP_DIR            this backup's directory (default $BACKUP_ROOT/<UTC timestamp>); must be
#                         new or empty.
#   RETENTION_DAYS        backups in BACKUP_ROOT older than this many days are deleted (default 7;
#                         0 keeps everything).
#   CURL_MAX_TIME         seconds allowed per HTTP request (default 300: snapshots of a large TSDB
#                         take time).
#
# Requires: bash, curl, jq; docker when PROMETHEUS_CONTAINER is set.
# Output: progress on stderr; the backup directory on stdout. Exit status 0 on success.
set -euo pipefail

PROMETHEUS_URL=${PROMETHEUS_URL:-http://localhost:9090}
PROMETHEUS_URL=${PROMETHEUS_URL%/}
PROMETHEUS_CONTAINER=${PROMETHEUS_CONTAINER:-}
PROMETHEUS_DATA_DIR=${PROMETHEUS_DATA_DIR:-/prometheus}
PROMETHEUS_DATA_DIR=${PROMETHEUS_DATA_DIR%/}
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
if [[ -n ${BACKUP_DIR:-} ]]; then
  BACKUP_ROOT=${BACKUP_ROOT:-$(dirname "$BACKUP_DIR")}
else
  BACKUP_ROOT=${BACKUP_ROOT:-/var/backups/mcp-prometheus}
  BACKUP_DIR=$BACKUP_ROOT/$STAMP
fi
RETENTION_DAYS=${RETENTION_DAYS:-7}
CURL_MAX_TIME=${CURL_MAX_TIME:-300}

log() { printf '[backup_prometheus] %s\n' "$*" >&2; }
die() {
  printf '[backup_prometheus] ERROR: %s\n' "$*" >&2
  exit 1
}

for tool in curl jq; do
  command -v "$tool" >/dev/null || die "$tool is required (apt-get install $tool)"
done
[[ -z $PROMETHEUS_CONTAINER ]] || command -v docker >/dev/null || die "docker is required when PROMETHEUS_CONTAINER is set"
[[ $RETENTION_DAYS =~ ^[0-9]+$ ]] || die "RETENTION_DAYS must be a whole number of days, got '$RETENTION_DAYS'"
[[ $CURL_MAX_TIME =~ ^[0-9]+$ ]] || die "CURL_MAX_TIME must be a number of seconds, got '$CURL_MAX_TIME'"

# http METHOD PATH OUTFILE: prints the HTTP status; fails when Prometheus cannot be reached.
http() {
  curl -sS --max-time "$CURL_MAX_TIME" -X "$1" -o "$3" -w '%{http_code}' "$PROMETHEUS_URL$2"
}

if [[ -d $BACKUP_DIR ]] && [[ -n $(ls -A "$BACKUP_DIR") ]]; then
  die "$BACKUP_DIR already exists and is not empty"
fi
mkdir -p "$BACKUP_DIR"
# On failure, remove the partial backup so that it is never mistaken for a good one.
trap 'status=$?; if ((status != 0)); then rm -rf -- "$BACKUP_DIR"; fi' EXIT
log "backing up $PROMETHEUS_URL into $BACKUP_DIR"

# 1. Which Prometheus (and is it there at all).
code=$(http GET /api/v1/status/buildinfo "$BACKUP_DIR/buildinfo.json") || die "cannot reach $PROMETHEUS_URL"
[[ $code == 200 ]] || die "GET /api/v1/status/buildinfo answered HTTP $code"
version=$(jq -r '.data.version // "unknown"' "$BACKUP_DIR/buildinfo.json")

# 2. Its running configuration, for reference when restoring.
code=$(http GET /api/v1/status/config "$BACKUP_DIR/config.json") || die "cannot reach $PROMETHEUS_URL"
if [[ $code == 200 ]]; then
  jq -r '.data.yaml' "$BACKUP_DIR/config.json" >"$BACKUP_DIR/prometheus.yml"
fi
rm -f "$BACKUP_DIR/config.json"

# 3. The snapshot (hard links of the TSDB blocks plus the head, under <data>/snapshots/<name>).
code=$(http POST /api/v1/admin/tsdb/snapshot "$BACKUP_DIR/snapshot-response.json") || die "cannot reach $PROMETHEUS_URL"
if [[ $code != 200 ]]; then
  die "POST /api/v1/admin/tsdb/snapshot answered HTTP $code: $(jq -r '.error // empty' "$BACKUP_DIR/snapshot-response.json" 2>/dev/null) (is --web.enable-admin-api set?)"
fi
name=$(jq -r '.data.name // empty' "$BACKUP_DIR/snapshot-response.json")
[[ $name =~ ^[A-Za-z0-9_-]+$ ]] || die "unexpected snapshot name '$name'"
source_path=$PROMETHEUS_DATA_DIR/snapshots/$name
log "snapshot $name taken (Prometheus $version)"

# 4. Copy it out of Prometheus' data directory, then remove it there (snapshots hold disk space).
location=prometheus-data-dir
if [[ -n $PROMETHEUS_CONTAINER ]]; then
  docker cp "$PROMETHEUS_CONTAINER:$source_path" "$BACKUP_DIR/snapshot" >/dev/null ||
    die "docker cp $PROMETHEUS_CONTAINER:$source_path failed"
  location=backup-dir
  # The official image has a shell; images without one keep the snapshot (logged, not fatal).
  docker exec "$PROMETHEUS_CONTAINER" rm -rf "$source_path" >/dev/null 2>&1 ||
    log "could not remove $source_path inside $PROMETHEUS_CONTAINER; delete it by hand"
elif [[ -d $source_path ]]; then
  cp -a "$source_path" "$BACKUP_DIR/snapshot"
  location=backup-dir
  rm -rf "$source_path" || log "could not remove $source_path; delete it by hand"
else
  log "WARNING: $source_path is not on this host and PROMETHEUS_CONTAINER is not set:"
  log "WARNING: the snapshot stays in Prometheus' data directory; only its name is recorded"
fi

size=0
[[ ! -d $BACKUP_DIR/snapshot ]] || size=$(du -sb "$BACKUP_DIR/snapshot" | cut -f1)
jq -n \
  --arg created "$STAMP" --arg url "$PROMETHEUS_URL" --arg version "$version" \
  --arg name "$name" --arg source "$source_path" --arg container "$PROMETHEUS_CONTAINER" \
  --arg location "$location" --argjson size "$size" \
  '{type: "prometheus", created_at: $created, prometheus_url: $url, prometheus_version: $version,
    snapshot: $name, snapshot_source: $source, container: $container, location: $location,
    size_bytes: $size}' >"$BACKUP_DIR/backup-info.json"
log "backup complete: $location, $size bytes"

# 5. Retention: only dated directories written by this script (they hold backup-info.json).
if ((RETENTION_DAYS > 0)) && [[ -d $BACKUP_ROOT ]]; then
  while IFS= read -r -d '' old; do
    [[ $old -ef $BACKUP_DIR ]] && continue
    if [[ -f $old/backup-info.json ]] && jq -e '.type == "prometheus"' "$old/backup-info.json" >/dev/null 2>&1; then
      log "deleting backup older than $RETENTION_DAYS days: $old"
      rm -rf -- "$old"
    fi
  done < <(find "$BACKUP_ROOT" -mindepth 1 -maxdepth 1 -type d -name '[0-9]*T[0-9]*Z' -mmin +$((RETENTION_DAYS * 1440)) -print0)
fi

printf '%s\n' "$BACKUP_DIR"
