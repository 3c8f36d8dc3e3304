#!/usr/bin/env bash
# Builds the images the reference stack runs (docs/dev/contracts-internal.md, "Local images").
#
#   scripts/build-images.sh              local images from Debian packages, no registry needed:
#                                          checklist-local/node:20, checklist-local/prometheus:debian,
#                                          checklist-local/alertmanager:debian, then the three node fixtures
#                                          FROM checklist-local/node:20
#   scripts/build-images.sh --official   only the three node fixtures, FROM the official node image
#                                          (its Dockerfiles' default NODE_IMAGE; needs registry access)
#   --no-cache                           rebuild every layer (docker build --no-cache)
#
# Idempotent: contexts are staged in a temporary directory and Docker's layer cache makes a rebuild of unchanged
# inputs a no-op. Prints the time of every step and the total. Exits non-zero, with the build log, on any failure.
set -Eeuo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
MODE=local
NODE_IMAGE=checklist-local/node:20
CACHE_ARGS=()

usage() { sed -n '2,13p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }

while [[ $# -gt 0 ]]; do
  case "$1" in
    --official) MODE=official ;;
    --no-cache) CACHE_ARGS=(--no-cache) ;;
    -h | --help) usage; exit 0 ;;
    *) echo "build-images: unknown option '$1'" >&2; usage >&2; exit 2 ;;
  esac
  shift
done

now_ms() { date +%s%3N; }
T0="$(now_ms)"
log() { printf '[build-images] %s\n' "$*" >&2; }
die() { printf '\n[build-images] ERROR: %s\n' "$*" >&2; exit 1; }
trap 'rc=$?; printf "\n[build-images] ERROR: line %s: \`%s\` exited with %s\n" "$LINENO" "$BASH_COMMAND" "$rc" >&2' ERR

STAGE="$(mktemp -d "${TMPDIR:-/tmp}/checklist-images.XXXXXX")"
trap 'rm -rf "$STAGE"' EXIT

require() {
  local path
  for path in "$@"; do
    [[ -e "$path" ]] || die "missing $path (install the Debian package that provides it: scripts/setup.sh)"
  done
}

# copy_binary SRC ROOTFS TARGET — installs SRC at ROOTFS/TARGET plus every library `ldd` names (dereferenced, same
# absolute paths) and the dynamic loader.
copy_binary() {
  local src="$1" rootfs="$2" target="$3" lib
  mkdir -p "$rootfs$(dirname "$target")"
  cp -L "$src" "$rootfs$target"
  chmod 0755 "$rootfs$target"
  # `ldd` exits 1 for static binaries ("not a dynamic executable"): nothing to copy then.
  for lib in $( (ldd "$src" 2>/dev/null || true) | awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// { print $1 }'); do
    mkdir -p "$rootfs$(dirname "$lib")"
    cp -L "$lib" "$rootfs$lib"
  done
}

# docker_build TAG CONTEXT [docker build args...] — quiet on success, whole log on failure.
docker_build() {
  local tag="$1" context="$2" t logfile
  shift 2
  t="$(now_ms)"
  logfile="$STAGE/build-${tag//[\/:]/_}.log"
  if ! docker build --tag "$tag" "${CACHE_ARGS[@]}" "$@" "$context" >"$logfile" 2>&1; then
    cat "$logfile" >&2
    die "docker build of $tag (context $context) failed; its log is above"
  fi
  log "built $tag in $(($(now_ms) - t)) ms ($(docker image inspect --format '{{.Size}}' "$tag" | awk '{ printf "%.0f MB", $1 / 1e6 }'))"
}

command -v docker >/dev/null || die "docker CLI not found"
docker info >/dev/null 2>&1 || die "the Docker engine does not answer (is dockerd running? DOCKER_HOST=${DOCKER_HOST:-unset})"

if [[ "$MODE" == local ]]; then
  # checklist-local/node:20 ----------------------------------------------------------------------------------------
  require /usr/bin/node
  ctx="$STAGE/node"
  mkdir -p "$ctx/rootfs/tmp" "$ctx/rootfs/app"
  chmod 1777 "$ctx/rootfs/tmp"
  copy_binary /usr/bin/node "$ctx/rootfs" /usr/local/bin/node
  cp "$ROOT/images/node/Dockerfile" "$ctx/"
  docker_build "$NODE_IMAGE" "$ctx"

  # checklist-local/prometheus:debian ------------------------------------------------------------------------------
  require /usr/bin/prometheus /usr/bin/promtool /usr/share/prometheus/web
  ctx="$STAGE/prometheus"
  mkdir -p "$ctx/rootfs/prometheus" "$ctx/rootfs/etc/prometheus" "$ctx/rootfs/tmp" "$ctx/rootfs/usr/share/prometheus"
  chmod 1777 "$ctx/rootfs/tmp"
  copy_binary /usr/bin/prometheus "$ctx/rootfs" /bin/prometheus
  copy_binary /usr/bin/promtool "$ctx/rootfs" /bin/promtool
  # The classic UI's assets are symlinks into /usr/share/javascript: copy them dereferenced (tar -h), without
  # moment-timezone's 214 MB of raw zone data (the UI loads only moment-timezone-with-data.min.js).
  tar -C /usr/share/prometheus --dereference --exclude='web/static/moment-timezone/data' -cf - web |
    tar -C "$ctx/rootfs/usr/share/prometheus" -xf -
  cp "$ROOT/images/prometheus/prometheus.yml" "$ctx/rootfs/etc/prometheus/prometheus.yml"
  cp "$ROOT/images/prometheus/Dockerfile" "$ctx/"
  docker_build checklist-local/prometheus:debian "$ctx"

  # checklist-local/alertmanager:debian ----------------------------------------------------------------------------
  require /usr/bin/prometheus-alertmanager /usr/bin/amtool /usr/share/prometheus/alertmanager/default.tmpl
  ctx="$STAGE/alertmanager"
  mkdir -p "$ctx/rootfs/alertmanager" "$ctx/rootfs/etc/alertmanager" "$ctx/rootfs/tmp" \
    "$ctx/rootfs/usr/share/prometheus/alertmanager"
  chmod 1777 "$ctx/rootfs/tmp"
  copy_binary /usr/bin/prometheus-alertmanager "$ctx/rootfs" /bin/alertmanager
  copy_binary /usr/bin/amtool "$ctx/rootfs" /bin/amtool
  cp /usr/share/prometheus/alertmanager/*.tmpl "$ctx/rootfs/usr/share/prometheus/alertmanager/"
  cp "$ROOT/images/alertmanager/config.yml" "$ctx/rootfs/etc/alertmanager/config.yml"
  cp "$ROOT/images/alertmanager/Dockerfile" "$ctx/"
  docker_build checklist-local/alertmanager:debian "$ctx"
fi

# Node fixtures ----------------------------------------------------------------------------------------------------
# A fixture without a Dockerfile is still being written: skip it (bundle and image) with a warning.
fixtures=(app:mcp-memory-server:1.0.0 grafana-standin:checklist-local/grafana-standin:1
  alert-receiver:checklist-local/alert-receiver:1)
ready=() workspaces=() skipped=()
for spec in "${fixtures[@]}"; do
  dir="fixtures/${spec%%:*}"
  if [[ -f "$ROOT/$dir/Dockerfile" ]]; then
    ready+=("$spec")
    workspaces+=(--workspace "$dir")
  else
    log "WARNING: $ROOT/$dir/Dockerfile does not exist yet: ${spec#*:} NOT BUILT"
    skipped+=("${spec#*:}")
  fi
done

if [[ ${#ready[@]} -gt 0 ]]; then
  # = npm run build --workspaces --if-present, restricted to the fixtures that have a Dockerfile
  t="$(now_ms)"
  logfile="$STAGE/npm-build.log"
  if ! (cd "$ROOT" && npm run build "${workspaces[@]}" --if-present) >"$logfile" 2>&1; then
    cat "$logfile" >&2
    die "npm run build ${workspaces[*]} --if-present failed; its log is above"
  fi
  log "built the bundles of ${#ready[@]} fixture(s) in $(($(now_ms) - t)) ms"
fi

build_args=()
[[ "$MODE" == local ]] && build_args=(--build-arg "NODE_IMAGE=$NODE_IMAGE")
for spec in "${ready[@]}"; do
  dir="$ROOT/fixtures/${spec%%:*}"
  [[ -d "$dir/dist" ]] || die "$dir/dist does not exist: its workspace has no working \"build\" script (esbuild bundle)"
  docker_build "${spec#*:}" "$dir" "${build_args[@]}"
done

log "total $(($(now_ms) - T0)) ms (mode: $MODE)"
if [[ ${#skipped[@]} -gt 0 ]]; then
  log "WARNING: ${#skipped[@]} fixture image(s) skipped (no Dockerfile): ${skipped[*]}"
fi
