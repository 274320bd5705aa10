#!/usr/bin/env bash
# Build the partial plotly.js bundle the app serves (assets/vendor/plotly-partial.min.js): only the trace
# types the app draws, from the npm package plotly.js VERSION (the version plotly.py bundles).
#
# Fetches plotly.js VERSION with `npm pack`, checks the tarball against the registry's INTEGRITY (sha512,
# as in package-lock files), installs its build dependencies (npm install --ignore-scripts), then does what
# plotly.js's own `npm run custom-bundle -- --traces TRACES` does (tasks/partial_bundle.mjs in its
# repository; the npm package ships neither tasks/ nor a way to run it): an index made from lib/index.js
# keeping only the requires of TRACES (and calendars, as custom bundles do), bundled and minified by esbuild
# with the package's own esbuild-config.js (whose dev configs want tasks/util/constants.js: a one-line
# stand-in is written). One difference: plotly.js's build also strips attribute descriptions (its
# compress_attributes transform, ~3% of the size), not available outside its repository.
# Writes plotly-partial.min.js (license header naming the version and traces), PLOTLY-LICENSE and
# PLOTLY-NOTE.md into DEST. Needs node >= 20 and npm, and the npm registry; not run by the tests.
#
# Usage: scripts/vendor-plotly.sh VERSION INTEGRITY TRACES DEST
#   e.g. make vendor-plotly
set -euo pipefail
version="$1"; integrity="$2"; traces="$3"; dest="$4"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "plotly.js@${version}" >/dev/null)
tarball="$work/plotly.js-${version}.tgz"
actual="sha512-$(openssl dgst -sha512 -binary "$tarball" | base64 -w0)"
if [ "$actual" != "$integrity" ]; then
  echo "plotly.js ${version}: integrity ${actual} is not the expected ${integrity}" >&2
  exit 1
fi
tar -xzf "$tarball" -C "$work"
pkg="$work/package"
(cd "$pkg" && npm install --ignore-scripts --no-audit --no-fund --loglevel=error >/dev/null)
mkdir -p "$pkg/tasks/util"
echo "module.exports = { pathToRoot: require('path').join(__dirname, '..', '..') };" > "$pkg/tasks/util/constants.js"
esbuild_version="$(cd "$pkg" && node -p "require('esbuild/package.json').version")"

(cd "$pkg" && TRACES="$traces" VERSION="$version" node --input-type=module -e '
import fs from "fs";
import { createRequire } from "module";
const require = createRequire(process.cwd() + "/");
const { build } = require("esbuild");
const { esbuildConfig } = require("./esbuild-config.js");
const keep = new Set(["scatter", ...process.env.TRACES.split(","), "calendars"]);
const index = fs.readFileSync("lib/index.js", "utf8");
const names = [...index.matchAll(/require\(\x27\.\/(\w+)\x27\)/g)].map((m) => m[1]).filter((n) => n !== "core");
const unknown = [...keep].filter((t) => t !== "scatter" && !names.includes(t));
if (unknown.length) { console.error("not a trace of plotly.js: " + unknown.join(", ")); process.exit(1); }
const partial = index.replace(/\s*require\(\x27\.\/(\w+)\x27\),/g, (m, n) => (keep.has(n) ? m : ""));
fs.writeFileSync("lib/index-partial.js", partial);
const traces = [...keep].filter((t) => t !== "calendars").sort().join(", ");
const header = `/**\n* plotly.js v${process.env.VERSION} (partial bundle, minified; traces: ${traces})\n`
  + "* Copyright 2012-2026, Plotly, Inc.\n* All rights reserved.\n* Licensed under the MIT license\n*/";
await build({ ...esbuildConfig, entryPoints: ["lib/index-partial.js"], outfile: "dist/plotly-partial.min.js",
  minify: true, sourcemap: false, logLevel: "warning",
  banner: { js: header }, footer: { js: "window.Plotly = Plotly;" } });
')

mkdir -p "$dest"
cp "$pkg/dist/plotly-partial.min.js" "$dest/plotly-partial.min.js"
# offline: the default topojson URL (plotly's CDN) becomes the app's own assets; the app sets it anyway
sed -i -e 's#dflt:"https://cdn.plot.ly/un/"#dflt:"/assets/topojson/"#' \
       -e 's#By default, the topojson files are fetched from cdn.plot.ly.#By default, the topojson files are fetched from the app.#' \
       "$dest/plotly-partial.min.js"
cp "$pkg/LICENSE" "$dest/PLOTLY-LICENSE"
cat > "$dest/PLOTLY-NOTE.md" <<EOF
# plotly-partial.min.js

plotly.js ${version} (npm package \`plotly.js@${version}\`, integrity \`${integrity}\`), MIT
(PLOTLY-LICENSE; the licences of the libraries it bundles are at the end of the file), with only
the trace types the app draws: ${traces} (scatter and calendars are in every custom bundle).
Minified by esbuild ${esbuild_version} with plotly.js's own esbuild-config.js.

Dash serves it from assets/; it defines \`window.Plotly\` before the page's graphs load, so
dcc.Graph uses it and never fetches the full plotly.min.js (4.8 MB). Its version must be the one
plotly.py bundles (tests/app/test_plotly_bundle.py checks).

Made by:

    scripts/vendor-plotly.sh ${version} '${integrity}' ${traces} ${dest}

(\`make vendor-plotly\`). A new trace type in the app's figures goes into PLOTLY_TRACES in the
Makefile, then the bundle is made again.
EOF
echo "plotly.js ${version} (${traces}) in ${dest}/plotly-partial.min.js: $(wc -c < "$dest/plotly-partial.min.js") bytes"
