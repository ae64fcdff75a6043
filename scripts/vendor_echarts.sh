#!/usr/bin/env bash
# Vendors the charting library of the HTML report (scripts/report.py): `npm pack`s a PINNED
# version of ECharts from the npm registry, checks the tarball's SHA-256 against the one
# pinned here, and unpacks dist/echarts.min.js and the licence into vendor/echarts/
# (gitignored). The report inlines that file, so the HTML opens offline and never loads
# the library from the network. Idempotent: nothing is fetched when the pinned version is
# already there. Needs Node's npm (`apt-get install npm` on Debian).
# To move to another version: change both pins, run `make vendor`, run tests/pytest/test_report.py.
set -euo pipefail

ECHARTS_VERSION=5.6.0
ECHARTS_SHA256=e1b82487dd7f8d9f0438eec1f1433051148e0095ac7a15d4db890afda45cf610

root="$(cd "$(dirname "$0")/.." && pwd)"
target="$root/vendor/echarts"
if [ -f "$target/echarts.min.js" ] && [ "$(cat "$target/VERSION" 2>/dev/null)" = "$ECHARTS_VERSION" ]; then
    exit 0
fi
command -v npm >/dev/null 2>&1 || { echo "vendor_echarts: npm is missing (Debian: apt-get install npm)" >&2; exit 1; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
echo "vendor_echarts: npm pack echarts@$ECHARTS_VERSION"
(cd "$work" && npm pack --silent "echarts@$ECHARTS_VERSION" >/dev/null)
tarball="$work/echarts-$ECHARTS_VERSION.tgz"
actual="$(sha256sum "$tarball" | cut -d' ' -f1)"
if [ "$actual" != "$ECHARTS_SHA256" ]; then
    echo "vendor_echarts: echarts-$ECHARTS_VERSION.tgz has SHA-256 $actual, expected $ECHARTS_SHA256: refusing it" >&2
    exit 1
fi
tar -xzf "$tarball" -C "$work" package/dist/echarts.min.js package/LICENSE package/NOTICE
rm -rf "$target.tmp"
mkdir -p "$target.tmp"
cp "$work/package/dist/echarts.min.js" "$work/package/LICENSE" "$work/package/NOTICE" "$target.tmp/"
echo "$ECHARTS_VERSION" > "$target.tmp/VERSION"
rm -rf "$target"
mv "$target.tmp" "$target"
echo "vendor_echarts: ECharts $ECHARTS_VERSION in ${target#"$root"/}"
