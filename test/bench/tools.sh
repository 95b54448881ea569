#!/usr/bin/env bash
# Installs what the benchmark (npm run bench) needs beyond Node: wrk, from Debian's packages.
set -euo pipefail
command -v wrk >/dev/null 2>&1 && exit 0
if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "bench setup: wrk is missing: run 'sudo apt-get install -y --no-install-recommends wrk' (Debian/Ubuntu) and try again" >&2
  exit 1
fi
echo "bench setup: installing wrk from Debian's packages" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get install -y -qq --no-install-recommends wrk >/dev/null 2>&1 || { apt-get update -qq >/dev/null; apt-get install -y -qq --no-install-recommends wrk >/dev/null; }
command -v wrk >/dev/null
