#!/bin/sh
# Checks the routing tree of config.yml against every case of routes.test.yaml with
# `amtool config routes test --verify.receivers=...`. POSIX sh + awk; no yq.
#
# Usage: monitoring/alertmanager/test-routes.sh
# Environment:
#   AMTOOL  amtool command (default: amtool)
#   CONFIG  Alertmanager configuration (default: config.yml beside this script)
#   CASES   routing cases (default: routes.test.yaml beside this script)
# Exit status: 0 all cases pass, 1 a case failed, 2 the cases file is unreadable or malformed.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
AMTOOL=${AMTOOL:-amtool}
CONFIG=${CONFIG:-$here/config.yml}
CASES=${CASES:-$here/routes.test.yaml}

if [ ! -r "$CASES" ]; then
  echo "test-routes: cannot read $CASES" >&2
  exit 2
fi

# One output line per case: "<receivers, comma-separated>|<k=v k=v ...>".
# A "labels" line without a following "receivers" line (or the reverse) is a format error.
parsed=$(awk '
  function inner(s) { sub(/^[^[{]*[[{][ ]*/, "", s); sub(/[ ]*[]}][ ]*$/, "", s); return s }
  /^[ ]*-[ ]*labels:[ ]*\{.*\}[ ]*$/ {
    if (labels != "") { print "ERROR line " NR ": labels without receivers"; exit }
    n = split(inner($0), kv, /[ ]*,[ ]*/); labels = ""
    for (i = 1; i <= n; i++) {
      if (kv[i] == "") continue
      k = kv[i]; sub(/[ ]*:.*$/, "", k); v = kv[i]; sub(/^[^:]*:[ ]*/, "", v)
      labels = labels (labels == "" ? "" : " ") k "=" v
    }
    if (labels == "") { print "ERROR line " NR ": empty labels"; exit }
    next
  }
  /^[ ]*receivers:[ ]*\[.*\][ ]*$/ {
    if (labels == "") { print "ERROR line " NR ": receivers without labels"; exit }
    r = inner($0); gsub(/[ ]*,[ ]*/, ",", r)
    print r "|" labels; labels = ""
    next
  }
  /^[ ]*-?[ ]*(labels|receivers):/ { print "ERROR line " NR ": not in the one-line flow format"; exit }
  END { if (labels != "") print "ERROR: last labels without receivers" }
' "$CASES")

case $parsed in
  *ERROR*)
    echo "test-routes: $CASES: $(printf '%s\n' "$parsed" | grep ERROR)" >&2
    exit 2
    ;;
  "")
    echo "test-routes: no cases in $CASES" >&2
    exit 2
    ;;
esac

total=0
failed=0
# The here-document keeps the loop in this shell, so the counters survive it.
while IFS='|' read -r receivers labels; do
  total=$((total + 1))
  # $AMTOOL and $labels are split on spaces on purpose (command words; k=v arguments).
  # shellcheck disable=SC2086
  if got=$($AMTOOL config routes test --config.file="$CONFIG" --verify.receivers="$receivers" $labels 2>/dev/null); then
    echo "ok   $labels -> $receivers"
  else
    failed=$((failed + 1))
    echo "FAIL $labels -> expected $receivers, got $(printf '%s' "$got" | head -n 1)"
  fi
done <<EOF_CASES
$parsed
EOF_CASES

echo "$((total - failed))/$total routing cases passed"
[ "$failed" -eq 0 ]
