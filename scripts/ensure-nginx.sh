#!/usr/bin/env bash
# Install Debian's nginx where it is missing and we may (root + apt-get).
# The production front (deploy/nginx.conf) and its test (tests/security/test_front.py) use it.
set -u
if command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ]; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian's nginx-light (the production front and its test)…"
  bash "$(dirname "$0")/apt-install.sh" nginx-light && exit 0
  echo "warning: apt-get could not install nginx" >&2
else
  echo "note: nginx not found and not root: the front's test will be skipped (set CI=true to make that a failure)." >&2
fi
exit 0
