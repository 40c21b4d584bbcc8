# The common start of the script tests, sourced with the test's short name
# and its own arguments: strict mode, the binary and source directory, a
# failure helper, and a scratch directory removed on exit.
# Usage: source script_prelude.sh NAME OCIVALIDATE_BINARY SOURCE_DIR
set -euo pipefail
BIN="$2"
SRC="$3"
fail() { echo "FAIL: $*" >&2; exit 1; }
work="$(mktemp -d "${TMPDIR:-/tmp}/ocv-$1-test.XXXXXX")"
trap 'rm -rf "$work"' EXIT
