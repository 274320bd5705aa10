#!/usr/bin/env bash
# Fetch axe-core VERSION from the npm registry with `npm pack`, check the tarball against the registry's
# INTEGRITY (sha512, as in package-lock files), and put axe.min.js and its licences into DEST.
# Usage: scripts/vendor-axe.sh VERSION INTEGRITY DEST
set -euo pipefail
version="$1"; integrity="$2"; dest="$3"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "axe-core@${version}" >/dev/null)
tarball="$work/axe-core-${version}.tgz"
actual="sha512-$(openssl dgst -sha512 -binary "$tarball" | base64 -w0)"
if [ "$actual" != "$integrity" ]; then
  echo "axe-core ${version}: integrity ${actual} is not the expected ${integrity}" >&2
  exit 1
fi
tar -xzf "$tarball" -C "$work"
mkdir -p "$dest"
cp "$work/package/axe.min.js" "$work/package/LICENSE" "$work/package/LICENSE-3RD-PARTY.txt" "$dest/"
echo "axe-core ${version} in ${dest} (integrity checked)"
