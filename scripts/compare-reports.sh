#!/usr/bin/env bash
# Checks that a change leaves what ocivalidate reports unchanged: runs two
# builds with --format json (or --format FMT) over every conformance case
# (with the case's limits and enabled rules), the bundled sample image and
# images made here by real tools (scripts/make-compare-images.sh), and
# compares each report, byte for byte, and its exit code and standard
# error. What differs from run to run is left out: the start time and the
# duration (JSON "started" and "seconds", SARIF "startTimeUtc", JUnit's
# timestamp and time attributes); --ignore leaves out more of a JSON report,
# e.g. help fields a change adds on purpose (the reports then go through
# jq, which keeps the order of members).
#
# Usage:
#   scripts/compare-reports.sh BASE [HEAD]     build the commits BASE (and HEAD; default:
#                                              this tree's build/ocivalidate) in temporary
#                                              worktrees and compare them
#   scripts/compare-reports.sh --binary OLD [--binary NEW]   compare two built binaries
#   scripts/compare-reports.sh --save DIR      keep this build's reports and their inputs in DIR
#   scripts/compare-reports.sh --baseline DIR  compare this build with what --save kept
#                                              (with --binary B: B instead of this build)
# Options:
#   --format FMT       the report format compared (text, json, sarif, junit, codequality;
#                      default json); --baseline needs the format --save used
#   --filter TEXT      only the corpus cases whose name contains TEXT
#   --image PATH       one more input (repeatable): a layout, an archive, docker://...;
#                      --save does not keep it: give it again with --baseline
#   --no-real-images   leave out the images made with umoci and skopeo
#   --ignore FIELD     a jq path left out of every report (repeatable), e.g. .findings[].docs
#   --keep DIR         keep the normalised reports of both sides in DIR/old and DIR/new
# Exit 0: every report identical; 1: some differ (a diff of each is printed); 2: bad usage.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
usage() { sed -n '2,/^set -euo/p' "$0" | sed -e '$d' -e 's/^# \{0,1\}//' >&2; exit 2; }

binaries=() refs=() images=() ignores=()
filter="" save="" baseline="" keep="" real=1 format=json
while [ $# -gt 0 ]; do
  case "$1" in
    --binary) binaries+=("$(realpath "$2")"); shift 2 ;;
    --save) save="$2"; shift 2 ;;
    --baseline) baseline="$(realpath "$2")"; shift 2 ;;
    --filter) filter="$2"; shift 2 ;;
    --format) format="$2"; shift 2 ;;
    --image) images+=("$(realpath -m "$2" 2>/dev/null || echo "$2")"); shift 2 ;;
    --no-real-images) real=0; shift ;;
    --ignore) ignores+=("$2"); shift 2 ;;
    --keep) keep="$2"; shift 2 ;;
    -h | --help) usage ;;
    -*) echo "compare-reports: unknown option $1" >&2; usage ;;
    *) refs+=("$1"); shift ;;
  esac
done
if [ ${#refs[@]} -gt 2 ] || [ ${#binaries[@]} -gt 2 ]; then usage; fi
[[ -n $save$baseline || ${#refs[@]} -gt 0 || ${#binaries[@]} -gt 0 ]] || usage
case "$format" in text | json | sarif | junit | codequality) ;; *) usage ;; esac
[[ ${#ignores[@]} -eq 0 || $format == json ]] ||
  { echo "compare-reports: --ignore applies to JSON reports only" >&2; exit 2; }

work="$(mktemp -d "${TMPDIR:-/tmp}/ocv-compare.XXXXXX")"
worktrees=()
cleanup() {
  for w in "${worktrees[@]}"; do git -C "$ROOT" worktree remove --force "$w" >/dev/null 2>&1 || true; done
  rm -rf "$work"
}
trap cleanup EXIT

# build_ref REF: builds ocivalidate at REF in a temporary worktree; prints the binary.
build_ref() {
  local dir
  dir="$work/build-$(echo "$1" | tr -c 'A-Za-z0-9._-' _)"
  git -C "$ROOT" worktree add --detach "$dir" "$1" >/dev/null 2>&1 ||
    { echo "compare-reports: cannot check out $1" >&2; exit 2; }
  worktrees+=("$dir")
  echo "compare-reports: building $1 ($(git -C "$dir" rev-parse --short HEAD))" >&2
  cmake -S "$dir" -B "$dir/build" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build "$dir/build" --target ocivalidate -j"$(nproc)" >/dev/null
  echo "$dir/build/ocivalidate"
}

# The two sides: OLD and NEW binaries, and the source tree whose corpus is run.
tree="$ROOT"
this_build="$ROOT/${BUILD_DIR:-build}/ocivalidate"
if [ ${#refs[@]} -gt 0 ]; then
  old="$(build_ref "${refs[0]}")"
  if [ ${#refs[@]} -eq 2 ]; then
    new="$(build_ref "${refs[1]}")"
    tree="$(dirname "$(dirname "$new")")"
  else
    new="$this_build"
  fi
elif [ -n "$save$baseline" ]; then
  old="" new="${binaries[0]:-$this_build}"
else
  old="${binaries[0]}"
  new="${binaries[1]:-$this_build}"
fi
[ -x "$new" ] || { echo "compare-reports: $new is not built (scripts/build.sh)" >&2; exit 2; }

# --- Inputs: one "ID<TAB>INPUT<TAB>OPTIONS" line each, INPUT relative to $inputs.
list="$work/list"
if [ -n "$baseline" ]; then
  inputs="$baseline/inputs"
else
  inputs="${save:+$(realpath -m "$save")/inputs}"
  inputs="${inputs:-$work/inputs}"
  rm -rf "$inputs" && mkdir -p "$inputs"
  "$new" conformance --keep "$inputs/cases" ${filter:+--filter "$filter"} >/dev/null || true
  # The cases in the order the binary numbers them (file name order, then
  # order in the file), with the options each needs.
  i=0
  while IFS=$'\t' read -r name options; do
    [[ -z $filter || $name == *"$filter"* ]] || continue
    dir="cases/$(printf '%03d' "$i")"
    i=$((i + 1))
    [ -e "$inputs/$dir/image.tar" ] && input="$dir/image.tar" || input="$dir"
    printf 'case-%s\t%s\t%s\n' "${name//\//_}" "$input" "$options"
  done < <(LC_ALL=C; for f in "$tree"/corpus/cases/*.json; do
    jq -r '.cases[] | [.name, ([(.limits // {} | to_entries[] |
      "--\(.key | gsub("_"; "-")) \(.value)"), ((.enable // [])[] | "--enable \(.)")] | join(" "))] | @tsv' "$f"
  done) >"$inputs/list"
  [ -d "$inputs/cases/$(printf '%03d' "$i")" ] &&
    { echo "compare-reports: more cases materialised than $tree/corpus/cases lists" >&2; exit 2; }
  cp -r "$tree/corpus/sample" "$inputs/sample"
  printf 'sample\tsample\t\n' >>"$inputs/list"
  if [ "$real" = 1 ]; then
    "$ROOT/scripts/make-compare-images.sh" "$inputs/real" |
      while IFS=$'\t' read -r name path; do printf 'real-%s\treal/%s\t\n' "$name" "$path"; done >>"$inputs/list"
  fi
fi
cp "$inputs/list" "$list"
for image in "${images[@]}"; do printf 'image-%s\t%s\t\n' "$(basename "$image")" "$image" >>"$list"; done

# run BINARY OUTDIR: every input's report, its exit code and standard error.
run() {
  mkdir -p "$2"
  local id input options code
  while IFS=$'\t' read -r id input options; do
    code=0
    # shellcheck disable=SC2086 # the options are words
    (cd "$inputs" && "$1" --no-config --format "$format" $options -- "$input") \
      >"$2/$id.$format" 2>"$2/$id.stderr" </dev/null || code=$?
    echo "exit $code" >>"$2/$id.stderr"
  done <"$list"
}

# normalised DIR ID: the report without what differs from run to run (JSON
# reports are pretty-printed: one member per line) and without --ignore's fields.
normalised() {
  local report="$1/$2.$format"
  case "$format" in
    json)
      if [ ${#ignores[@]} -eq 0 ]; then
        sed -E '/^ {2}"started": /d; /^ {4}"seconds": /d' "$report"
      else
        sed -E '/^ {2}"started": /d; /^ {4}"seconds": /d' "$report" |
          jq "del($(IFS=,; echo "${ignores[*]}"))" 2>/dev/null || cat "$report"
      fi
      ;;
    sarif) sed -E '/^ {10}"startTimeUtc": /d' "$report" ;;
    junit) sed -E 's/ timestamp="[^"]*"//; s/ time="[^"]*">$/>/' "$report" ;;
    *) cat "$report" ;;
  esac
}

echo "compare-reports: $(wc -l <"$list") inputs" >&2
if [ -n "$save" ]; then
  run "$new" "$(realpath -m "$save")/reports"
  echo "compare-reports: reports of $new kept in $save" >&2
  exit 0
fi
if [ -n "$baseline" ]; then
  old_reports="$baseline/reports"
else
  run "$old" "$work/old"
  old_reports="$work/old"
fi
run "$new" "$work/new"
if [ -n "$keep" ]; then
  mkdir -p "$keep" && rm -rf "$keep/old" "$keep/new"
  cp -r "$old_reports" "$keep/old" && cp -r "$work/new" "$keep/new"
fi
differ=0
while IFS=$'\t' read -r id _; do
  if [ ! -e "$old_reports/$id.$format" ]; then
    echo "compare-reports: $id has no old report" >&2
    differ=$((differ + 1))
    continue
  fi
  same=1
  diff -u --label "old/$id.$format" --label "new/$id.$format" <(normalised "$old_reports" "$id") \
    <(normalised "$work/new" "$id") || same=0
  diff -u --label "old/$id.stderr" --label "new/$id.stderr" "$old_reports/$id.stderr" \
    "$work/new/$id.stderr" || same=0
  [ "$same" = 1 ] || differ=$((differ + 1))
done <"$list"
if [ "$differ" -ne 0 ]; then
  echo "compare-reports: $differ of $(wc -l <"$list") inputs differ" >&2
  exit 1
fi
echo "compare-reports: all $(wc -l <"$list") inputs give identical reports" >&2
