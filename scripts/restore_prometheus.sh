#!/usr/bin/env bash
# Restores a Prometheus backup made by scripts/backup_prometheus.sh: stops Prometheus, copies the
# snapshot's blocks into its data directory, starts it and waits until it is ready. docs/backup.md.
#
# Usage: scripts/restore_prometheus.sh <backup-dir>
#
# Two ways to reach Prometheus' data directory:
#   PROMETHEUS_CONTAINER set  (Docker) the container is stopped, the blocks are copied in with
#                             `docker cp`, the container is started again. Works on a fresh,
#                             empty container as well as on the running one.
#   PROMETHEUS_CONTAINER unset (host install) PROMETHEUS_DATA_DIR is a directory on this host.
#                             PROMETHEUS_SERVICE (a systemd unit) is stopped and started if set;
#                             otherwise Prometheus must already be stopped. The current content
#                             of the data directory is moved aside to <data-dir>.pre-restore-<time>.
#
# Environment:
#   PROMETHEUS_URL        base URL used to wait for readiness (default http://localhost:9090)
#   PROMETHEUS_CONTAINER  container name or id (see above)
#   PROMETHEUS_DATA_DIR   --storage.tsdb.path (default /prometheus)
#   PROMETHEUS_SERVICE    systemd unit for host installs (e.g. prometheus)
#   PROMETHEUS_UID, PROMETHEUS_GID  owner of the copied files in a container (default 65534, the
#                         official image's "nobody"; the checklist's local image runs as root: 0)
#   READY_TIMEOUT         seconds to wait for /-/ready after the start (default 120)
#   CURL_MAX_TIME         seconds allowed per HTTP request (default 5)
#
# Blocks already in the data directory are kept: Prometheus merges overlapping blocks at the next
# compaction, so data written after the snapshot is not lost.
#
# Requires: bash, curl, jq; docker when PROMETHEUS_CONTAINER is set. Exit status 0 when Prometheus
# is ready on the restored data.
set -euo pipefail

PROMETHEUS_URL=${PROMETHEUS_URL:-http://localhost:9090}
PROMETHEUS_URL=${PROMETHEUS_URL%/}
PROMETHEUS_CONTAINER=${PROMETHEUS_CONTAINER:-}
PROMETHEUS_DATA_DIR=${PROMETHEUS_DATA_DIR:-/prometheus}
PROMETHEUS_DATA_DIR=${PROMETHEUS_DATA_DIR%/}
PROMETHEUS_SERVICE=${PROMETHEUS_SERVICE:-}
PROMETHEUS_UID=${PROMETHEUS_UID:-65534}
PROMETHEUS_GID=${PROMETHEUS_GID:-65534}
READY_TIMEOUT=${READY_TIMEOUT:-120}
CURL_MAX_TIME=${CURL_MAX_TIME:-5}

log() { printf '[restore_prometheus] %s\n' "$*" >&2; }
die() {
  printf '[restore_prometheus] ERROR: %s\n' "$*" >&2
  exit 1
}

[[ $# -eq 1 ]] || die "usage: $0 <backup-dir>"
BACKUP=${1%/}
for tool in curl jq; do
  command -v "$tool" >/dev/null || die "$tool is required (apt-get install $tool)"
done
[[ $READY_TIMEOUT =~ ^[0-9]+$ ]] || die "READY_TIMEOUT must be a number of seconds, got '$READY_TIMEOUT'"
[[ $CURL_MAX_TIME =~ ^[0-9]+$ ]] || die "CURL_MAX_TIME must be a number of seconds, got '$CURL_MAX_TIME'"
[[ -f $BACKUP/backup-info.json ]] || die "$BACKUP/backup-info.json is missing: not a backup made by backup_prometheus.sh"
jq -e '.type == "prometheus"' "$BACKUP/backup-info.json" >/dev/null || die "$BACKUP is not a Prometheus backup"
if [[ ! -d $BACKUP/snapshot ]]; then
  die "$BACKUP holds no snapshot copy (only its name, $(jq -r .snapshot "$BACKUP/backup-info.json")): it was taken without access to the data directory"
fi
snapshot=$(jq -r .snapshot "$BACKUP/backup-info.json")

ready() { curl -fsS --max-time "$CURL_MAX_TIME" -o /dev/null "$PROMETHEUS_URL/-/ready" 2>/dev/null; }
wait_ready() {
  local deadline=$((SECONDS + READY_TIMEOUT))
  until ready; do
    ((SECONDS < deadline)) || die "Prometheus at $PROMETHEUS_URL not ready after ${READY_TIMEOUT}s"
    sleep 1
  done
}

WORK=$(mktemp -d "${TMPDIR:-/tmp}/restore_prometheus.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

if [[ -n $PROMETHEUS_CONTAINER ]]; then
  command -v docker >/dev/null || die "docker is required when PROMETHEUS_CONTAINER is set"
  docker inspect "$PROMETHEUS_CONTAINER" >/dev/null 2>&1 || die "no container '$PROMETHEUS_CONTAINER'"
  # Stage a copy owned by the user Prometheus runs as; `docker cp -a` keeps that ownership.
  cp -a "$BACKUP/snapshot/." "$WORK/"
  if [[ $(id -u) == 0 ]]; then
    chown -R "$PROMETHEUS_UID:$PROMETHEUS_GID" "$WORK"
  else
    log "not root: cannot chown the blocks to $PROMETHEUS_UID:$PROMETHEUS_GID; Prometheus may fail to compact them"
  fi
  log "stopping container $PROMETHEUS_CONTAINER"
  docker stop --time 30 "$PROMETHEUS_CONTAINER" >/dev/null
  log "copying snapshot $snapshot into $PROMETHEUS_CONTAINER:$PROMETHEUS_DATA_DIR"
  docker cp -a "$WORK/." "$PROMETHEUS_CONTAINER:$PROMETHEUS_DATA_DIR/" >/dev/null
  log "starting container $PROMETHEUS_CONTAINER"
  docker start "$PROMETHEUS_CONTAINER" >/dev/null
else
  [[ -d $PROMETHEUS_DATA_DIR ]] || die "data directory $PROMETHEUS_DATA_DIR does not exist on this host (set PROMETHEUS_CONTAINER for Docker)"
  if [[ -n $PROMETHEUS_SERVICE ]]; then
    log "stopping $PROMETHEUS_SERVICE"
    systemctl stop "$PROMETHEUS_SERVICE"
  elif ready; then
    die "Prometheus at $PROMETHEUS_URL is running: stop it first, or set PROMETHEUS_SERVICE"
  fi
  aside=$PROMETHEUS_DATA_DIR.pre-restore-$(date -u +%Y%m%dT%H%M%SZ)
  mkdir -p "$aside"
  find "$PROMETHEUS_DATA_DIR" -mindepth 1 -maxdepth 1 -exec mv -t "$aside" {} +
  log "previous data moved to $aside (delete it once the restore is verified)"
  cp -a "$BACKUP/snapshot/." "$PROMETHEUS_DATA_DIR/"
  chown -R --reference="$PROMETHEUS_DATA_DIR" "$PROMETHEUS_DATA_DIR" 2>/dev/null ||
    log "could not chown the restored blocks like $PROMETHEUS_DATA_DIR; check their owner"
  if [[ -z $PROMETHEUS_SERVICE ]]; then
    log "snapshot $snapshot copied into $PROMETHEUS_DATA_DIR: start Prometheus now"
    exit 0
  fi
  log "starting $PROMETHEUS_SERVICE"
  systemctl start "$PROMETHEUS_SERVICE"
fi

wait_ready
# The oldest sample Prometheus now holds tells whether the restored history is there.
oldest=$(curl -sS --max-time "$CURL_MAX_TIME" --data-urlencode 'query=prometheus_tsdb_lowest_timestamp_seconds' \
  "$PROMETHEUS_URL/api/v1/query" | jq -r '.data.result[0].value[1] // empty' 2>/dev/null || true)
if [[ -n $oldest ]]; then
  log "Prometheus ready; oldest sample: $(date -u -d "@${oldest%.*}" +%Y-%m-%dT%H:%M:%SZ)"
else
  log "Prometheus ready"
fi
