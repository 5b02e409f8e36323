#!/usr/bin/env bash
# Takes the JavaScript that graph-mtl's pages and API docs use from npm, at pinned
# versions, with their licences, into api/static/vendor/, and writes the files'
# SHA-256 sums to api/static/vendor/SHA256SUMS (tests/unit/test_vendored.py checks
# them). Run it only to change a version; `graph-mtl serve` never fetches anything.
set -euo pipefail
cd "$(dirname "$0")/.."
out=api/static/vendor
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# package@version, then the files to keep (relative to the package folder).
fetch() {
    local spec=$1 dest=$2; shift 2
    (cd "$work" && npm pack --silent "$spec" >/dev/null)
    local tgz; tgz=$(ls "$work"/*.tgz)
    mkdir -p "$work/x" "$out/$dest"
    tar xzf "$tgz" -C "$work/x"
    for file in "$@"; do cp "$work/x/package/$file" "$out/$dest/"; done
    echo "$spec" > "$out/$dest/VERSION"
    rm -rf "$tgz" "$work/x"
}

fetch cytoscape@3.34.4 cytoscape dist/cytoscape.min.js LICENSE
fetch swagger-ui-dist@5.35.0 swagger-ui swagger-ui-bundle.js swagger-ui-bundle.js.LICENSE.txt \
    swagger-ui.css favicon-32x32.png LICENSE NOTICE
fetch redoc@2.5.4 redoc bundles/redoc.standalone.js bundles/redoc.standalone.js.LICENSE.txt LICENSE

(cd "$out" && find . -type f ! -name SHA256SUMS ! -name README.md | sort | xargs sha256sum > SHA256SUMS)
echo "vendored into $out:"; cat "$out/SHA256SUMS"
