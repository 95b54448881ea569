#!/usr/bin/env bash
# Installs the real components the test suite runs (Prometheus, promtool, amtool, openssl, tinyproxy) from Debian's
# packages when they are missing. Tests that need them fail loudly without them: nothing skips.
#
# It never stops a process it did not start: the packages would start their own services, which
# the tests do not want (they start their own instances on 127.0.0.1), so a policy-rc.d that
# denies every service start (exit 101, see invoke-rc.d(8)) is in place while apt-get runs; a
# policy-rc.d the machine already had is put back afterwards, one it did not have is removed.
set -euo pipefail

need=()
command -v prometheus >/dev/null 2>&1 || need+=(prometheus)
command -v promtool >/dev/null 2>&1 || need+=(prometheus)
command -v amtool >/dev/null 2>&1 || need+=(prometheus-alertmanager)
command -v openssl >/dev/null 2>&1 || need+=(openssl)
command -v tinyproxy >/dev/null 2>&1 || need+=(tinyproxy)
[ ${#need[@]} -eq 0 ] && exit 0

mapfile -t need < <(printf '%s\n' "${need[@]}" | sort -u)
echo "test setup: installing ${need[*]} from Debian's packages" >&2
if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "test setup: cannot install ${need[*]}: run 'sudo apt-get install -y --no-install-recommends ${need[*]}' (Debian/Ubuntu) and try again" >&2
  exit 1
fi

# POLICY_RC_D is for the setup's own test; invoke-rc.d reads /usr/sbin/policy-rc.d.
policy=${POLICY_RC_D:-/usr/sbin/policy-rc.d}
saved=
if [ -e "$policy" ]; then
  saved=$(mktemp)
  cp -p "$policy" "$saved"
fi
restore() {
  if [ -n "$saved" ]; then cp -p "$saved" "$policy" && rm -f "$saved"; else rm -f "$policy"; fi
}
trap restore EXIT
printf '#!/bin/sh\n# Written by test/setup/tools.sh while it installs packages: no service starts.\nexit 101\n' >"$policy"
chmod 755 "$policy"

export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
command -v prometheus >/dev/null && command -v promtool >/dev/null && command -v amtool >/dev/null \
  && command -v openssl >/dev/null && command -v tinyproxy >/dev/null
