#!/usr/bin/env bash
# Install everything the tests need (Python packages, Debian's chromium, npm packages), then run them all.
set -euo pipefail
cd "$(dirname "$0")/.."

python3 -m pip install --quiet --disable-pip-version-check --root-user-action=ignore -e '.[test]'

if [ -f tests/browser/package.json ]; then
  if ! command -v /usr/bin/chromium >/dev/null 2>&1; then
    export DEBIAN_FRONTEND=noninteractive
    SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    $SUDO apt-get update -qq
    $SUDO apt-get install -y -qq chromium >/dev/null
  fi
  (cd tests/browser && npm ci --silent --no-audit --no-fund)
fi

exec python3 -m pytest "$@"
