#!/usr/bin/env bash
# Installs the Debian packages the test suite drives for real, when missing: PostgreSQL 15 (graph-node's store) and
# Chromium (the SDK's browser smoke test). Idempotent; needs root or passwordless sudo; prints what it does.
set -euo pipefail
need=()
[ -x /usr/lib/postgresql/15/bin/postgres ] || need+=(postgresql-15)
command -v chromium >/dev/null 2>&1 || need+=(chromium)
if [ ${#need[@]} -eq 0 ]; then
  echo "install-system-deps: postgresql-15 and chromium present"
  exit 0
fi
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
echo "install-system-deps: installing ${need[*]} (apt-get)"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
echo "install-system-deps: done"
