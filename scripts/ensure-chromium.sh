#!/usr/bin/env bash
# Install Debian's Chromium where it is missing and we may (root + apt-get).
# Browser tests and image export use it; nothing here downloads a browser build.
set -u
for b in chromium chromium-browser google-chrome; do
  if command -v "$b" >/dev/null 2>&1; then exit 0; fi
done
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian's chromium (needed for browser tests and image export)…"
  bash "$(dirname "$0")/apt-install.sh" chromium fonts-dejavu-core && exit 0
  echo "warning: apt-get could not install chromium" >&2
else
  echo "note: Chromium not found and not root: browser tests will be skipped (set CI=true to make that a failure)." >&2
fi
exit 0
