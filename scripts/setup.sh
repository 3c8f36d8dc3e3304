#!/usr/bin/env bash
# Prepares this machine for the checklist: Debian packages, a running Docker engine, npm packages
# and the local images. Idempotent: each step is skipped when already done. Fails loudly.
set -euo pipefail
cd "$(dirname "$0")/.."
step() { printf '\n== %s\n' "$*"; }
started=$(date +%s)

PACKAGES=(docker.io chromium prometheus prometheus-alertmanager docker-registry)
missing=()
for p in "${PACKAGES[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  step "installing Debian packages: ${missing[*]}"
  [ "$(id -u)" = 0 ] || { echo "need root to install ${missing[*]} (or install them yourself)"; exit 1; }
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

if ! docker info >/dev/null 2>&1; then
  step "starting dockerd"
  command -v dockerd >/dev/null || { echo "dockerd not found (package docker.io)"; exit 1; }
  nohup dockerd >/var/log/dockerd-checklist.log 2>&1 &
  deadline=$(( $(date +%s) + 60 ))
  until docker info >/dev/null 2>&1; do
    [ "$(date +%s)" -lt "$deadline" ] || { echo "dockerd did not answer within 60 s:"; tail -20 /var/log/dockerd-checklist.log; exit 1; }
    sleep 0.2  # polling dockerd's socket, with the deadline above
  done
fi

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ] || [ "${CI:-}" = true ]; then
  step "npm ci"
  npm ci --no-audit --no-fund
fi

step "building local images"
bash scripts/build-images.sh

echo "setup done in $(( $(date +%s) - started )) s"
