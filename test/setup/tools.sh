#!/usr/bin/env bash
# Installs the real components the test suite runs (Prometheus, promtool, amtool) from Debian's
# packages when they are missing. Tests that need them fail loudly without them: nothing skips.
set -euo pipefail

need=()
command -v prometheus >/dev/null 2>&1 || need+=(prometheus)
command -v promtool >/dev/null 2>&1 || need+=(prometheus)
command -v amtool >/dev/null 2>&1 || need+=(prometheus-alertmanager)
[ ${#need[@]} -eq 0 ] && exit 0

mapfile -t need < <(printf '%s\n' "${need[@]}" | sort -u)
echo "test setup: installing ${need[*]} from Debian's packages" >&2
if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "test setup: cannot install ${need[*]}: run 'sudo apt-get install -y --no-install-recommends ${need[*]}' (Debian/Ubuntu) and try again" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
# The packages' own services are not wanted: the tests start their own instances on 127.0.0.1.
pkill -x prometheus 2>/dev/null || true
pkill -x prometheus-alertmanager 2>/dev/null || true
command -v prometheus >/dev/null && command -v promtool >/dev/null && command -v amtool >/dev/null
