#!/usr/bin/env bash
# Vendor the browser assets papercat's built site needs (KaTeX, lunr.js) from
# npm into templates/static/vendor/, so generated sites make no external
# requests.  Idempotent: the katex/ and lunr/ folders are recreated from
# scratch on every run; vendor/README.md is left alone (update it by hand
# when you change a version).
#
# To upgrade: edit the versions below, run this script, update
# templates/static/vendor/README.md, and review the diff.
#
# Needs: bash, npm (registry access), tar, python3.
set -euo pipefail

KATEX_VERSION="0.16.47"
LUNR_VERSION="2.3.9"

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENDOR_DIR="${REPO_ROOT}/templates/static/vendor"

WORK_DIR="$(mktemp -d "${TMPDIR:-/tmp}/papercat-vendor.XXXXXX")"
trap 'rm -rf "${WORK_DIR}"' EXIT

# Fetch a package tarball with `npm pack` (no install, no lifecycle scripts,
# no dependencies) and unpack it to ${WORK_DIR}/<name>/.
fetch() {
    local name="$1" version="$2" tarball
    tarball="$(cd "${WORK_DIR}" && npm pack --silent "${name}@${version}" | tail -n 1)"
    mkdir -p "${WORK_DIR}/${name}"
    tar -xzf "${WORK_DIR}/${tarball}" -C "${WORK_DIR}/${name}" --strip-components=1
    local got
    got="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["version"])' \
        "${WORK_DIR}/${name}/package.json")"
    if [[ "${got}" != "${version}" ]]; then
        echo "error: asked for ${name}@${version}, got ${got}" >&2
        exit 1
    fi
    echo "fetched ${name}@${got}"
}

fetch katex "${KATEX_VERSION}"
fetch lunr "${LUNR_VERSION}"

# --- KaTeX -------------------------------------------------------------------
KSRC="${WORK_DIR}/katex"
KDST="${VENDOR_DIR}/katex"
rm -rf "${KDST}"
mkdir -p "${KDST}/fonts"
cp "${KSRC}/dist/katex.min.js" "${KDST}/katex.min.js"
cp "${KSRC}/dist/fonts/"*.woff2 "${KDST}/fonts/"
cp "${KSRC}/LICENSE" "${KDST}/LICENSE"

# Rewrite katex.min.css so each @font-face src lists only the woff2 file
# (we ship no .woff/.ttf), then check every url() resolves on disk.
python3 - "${KSRC}/dist/katex.min.css" "${KDST}/katex.min.css" <<'EOF'
import re
import sys
from pathlib import Path

src, dst = Path(sys.argv[1]), Path(sys.argv[2])
css = src.read_text(encoding="utf-8")
count = 0


def fix_face(m):
    global count

    def fix_src(s):
        entries = [e.strip() for e in re.split(r",(?=\s*url\()", s.group(1))]
        keep = [e for e in entries
                if 'format("woff2")' in e or "format('woff2')" in e]
        if len(keep) != 1:
            sys.exit("unexpected @font-face src list: " + s.group(1))
        return "src:" + keep[0]

    new, k = re.subn(r"src:([^;}]*)", fix_src, m.group(0))
    if k != 1:
        sys.exit("expected exactly one src in @font-face: " + m.group(0))
    count += 1
    return new


out = re.sub(r"@font-face\{[^}]*\}", fix_face, css)
if count == 0:
    sys.exit("no @font-face rules found in " + str(src))
with open(dst, "w", encoding="utf-8", newline="") as f:
    f.write(out)

urls = [u for _, u in re.findall(r"url\(\s*(['\"]?)(.*?)\1\s*\)", out)]
missing = [u for u in urls if not (dst.parent / u).is_file()]
if missing:
    sys.exit("katex.min.css references missing files: " + ", ".join(missing))
print(f"katex.min.css: {count} @font-face rules reduced to woff2; "
      f"all {len(urls)} url()s exist")
EOF

# --- lunr --------------------------------------------------------------------
LSRC="${WORK_DIR}/lunr"
LDST="${VENDOR_DIR}/lunr"
rm -rf "${LDST}"
mkdir -p "${LDST}"
if [[ -f "${LSRC}/lunr.min.js" ]]; then
    cp "${LSRC}/lunr.min.js" "${LDST}/lunr.min.js"
else
    echo "warning: lunr ${LUNR_VERSION} ships no lunr.min.js; copying lunr.js" >&2
    cp "${LSRC}/lunr.js" "${LDST}/lunr.js"
fi
cp "${LSRC}/LICENSE" "${LDST}/LICENSE"

echo "vendored into ${VENDOR_DIR}:"
(cd "${VENDOR_DIR}" && find katex lunr -type f | LC_ALL=C sort)
