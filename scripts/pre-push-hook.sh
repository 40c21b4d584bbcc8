#!/usr/bin/env bash
# Git pre-push hook: refuses a push when an OCI image layout tracked in a
# pushed commit fails ocivalidate.
#
# Install (from the repository that tracks image layouts):
#   ln -s /path/to/ocivalidate/scripts/pre-push-hook.sh .git/hooks/pre-push
# or copy the file there. Each layout (a directory holding an `oci-layout`
# file) is validated as it is in the commit being pushed, not as it is in
# the working tree, so uncommitted changes cannot hide or cause a failure.
#
# Environment:
#   OCIVALIDATE             the ocivalidate binary (default: ocivalidate on PATH)
#   OCIVALIDATE_ARGS        extra options, e.g. "--fail-on warning"
#   OCIVALIDATE_REPORT_DIR  also write <dir>/<layout>.sarif and <layout>.junit.xml
#                           (layout path with "/" replaced by "_")
# `git push --no-verify` skips the hook.
set -euo pipefail

OCIVALIDATE="${OCIVALIDATE:-ocivalidate}"
read -r -a EXTRA <<<"${OCIVALIDATE_ARGS:-}"
ZERO=0000000000000000000000000000000000000000
status=0

work="$(mktemp -d "${TMPDIR:-/tmp}/ocivalidate-hook.XXXXXX")"
trap 'rm -rf "$work"' EXIT

validate_commit() {  # validate_commit SHA REF
  local sha="$1" ref="$2" layouts dir tree name reports=()
  layouts="$(git ls-tree -r --name-only "$sha" | sed -n 's#^\(.*/\)\{0,1\}oci-layout$#\1#p')"
  [ -n "$layouts" ] || return 0
  tree="$work/$sha"
  mkdir -p "$tree"
  git archive "$sha" | tar -x -C "$tree"
  while IFS= read -r dir; do
    dir="${dir%/}"
    [ -n "$dir" ] || dir="."
    name="${dir//\//_}"
    reports=()
    if [ -n "${OCIVALIDATE_REPORT_DIR:-}" ]; then
      mkdir -p "$OCIVALIDATE_REPORT_DIR"
      reports=(--sarif "$OCIVALIDATE_REPORT_DIR/$name.sarif"
        --junit "$OCIVALIDATE_REPORT_DIR/$name.junit.xml")
    fi
    echo "ocivalidate: $ref: $dir" >&2
    # Run from the extracted tree so that report paths are repository-relative.
    if ! (cd "$tree" && "$OCIVALIDATE" --color never "${EXTRA[@]}" "${reports[@]}" "$dir") >&2; then
      echo "ocivalidate: push refused: $dir in $ref does not validate" >&2
      status=1
    fi
  done <<<"$layouts"
}

while read -r local_ref local_sha remote_ref remote_sha; do
  [ "$local_sha" = "$ZERO" ] && continue  # a deleted ref has nothing to validate
  validate_commit "$local_sha" "$local_ref"
done
exit "$status"
