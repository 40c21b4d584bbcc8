#!/usr/bin/env bash
# Builds ocivalidate and validates an image layout: the bundled sample image
# by default, or the path given (any further arguments go to ocivalidate).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
"$ROOT/scripts/build.sh" --target ocivalidate >/dev/null
if [ $# -eq 0 ]; then
  set -- "$ROOT/corpus/sample"
fi
exec "$ROOT/${BUILD_DIR:-build}/ocivalidate" "$@"
