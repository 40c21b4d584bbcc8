#!/usr/bin/env bash
# The shell completions (apps/cli/completions): each offers exactly the
# options that `--help` lists, at the top level and for each subcommand, and
# completes values (formats, severities, rule IDs from `ocivalidate rules`,
# also for explain).
# bash: loaded into a bash subshell, registered (complete -p) and asked for
# completions as readline would; fish: asked with `complete -C`; zsh:
# syntax-checked and registered by compinit. A shell that is not installed
# fails the test: scripts/setup-test-tools.sh installs them.
# Usage: completions.sh OCIVALIDATE_BINARY SOURCE_DIR
# shellcheck source=script_prelude.sh
source "$(dirname "$0")/script_prelude.sh" completions "$@"
DIR="$SRC/apps/cli/completions"
for shell in bash zsh fish; do
  command -v "$shell" >/dev/null || fail "$shell is not installed (scripts/setup-test-tools.sh installs it)"
done

# The long options --help lists, one per line, sorted.
help_options() { "$BIN" "$@" --help | grep -oE '^ +(-[a-zA-Z],)?--[a-z][a-z0-9-]*' | grep -oE -- '--[a-z0-9-]+' | sort -u; }
help_options >"$work/help.top"
help_options conformance >"$work/help.conformance"
"$BIN" --help | sed -n '/^Subcommands:/,/^$/p' | awk 'NR > 1 && NF { print $1 }' | sort >"$work/help.subcommands"
[ -s "$work/help.top" ] && [ -s "$work/help.subcommands" ] || fail "could not read the options from --help"

# has LINE: the input has LINE. Reads all of it (grep -q would stop early
# and fail the writer of the pipe, which pipefail reports).
has() { grep -Fx -- "$1" >/dev/null; }

same() {  # same WHAT EXPECTED ACTUAL
  diff -u "$2" "$3" >"$work/diff" || { cat "$work/diff" >&2; fail "$1 differs from --help (- help, + completion)"; }
}

# --- bash --------------------------------------------------------------------
bash -n "$DIR/ocivalidate.bash" || fail "bash: syntax error"
cat >"$work/bash-complete.sh" <<'SH'
source "$1"
complete -p ocivalidate
# The words of a command line; the last one is being completed.
comp() { COMP_WORDS=("$@"); COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); COMPREPLY=(); _ocivalidate; printf '%s\n' "${COMPREPLY[@]}"; }
SH
bashcomp() {  # bashcomp WORDS...: the completions, one per line
  bash --norc --noprofile -c 'source "$0" "$1" >/dev/null; shift; comp "$@"' \
    "$work/bash-complete.sh" "$DIR/ocivalidate.bash" "$@"
}
bash --norc --noprofile -c 'source "$0" "$1"' "$work/bash-complete.sh" "$DIR/ocivalidate.bash" \
  >"$work/complete-p" || fail "bash: the completion does not load"
grep -qx 'complete -F _ocivalidate ocivalidate' "$work/complete-p" ||
  fail "bash: complete -p says $(cat "$work/complete-p")"
bashcomp "$BIN" -- | grep -- '^--' | sort -u >"$work/bash.top"
same "bash: the options of ocivalidate" "$work/help.top" "$work/bash.top"
bashcomp "$BIN" conformance -- | grep -- '^--' | sort -u >"$work/bash.conformance"
same "bash: the options of ocivalidate conformance" "$work/help.conformance" "$work/bash.conformance"
(cd "$work" && bashcomp "$BIN" '') | grep -vE '^(bash|help|diff|complete)' | sort >"$work/bash.subcommands" || true
same "bash: the subcommands" "$work/help.subcommands" "$work/bash.subcommands"
[ "$(bashcomp "$BIN" --format '' | sort | tr '\n' ' ')" = "codequality json junit sarif text " ] ||
  fail "bash: --format values: $(bashcomp "$BIN" --format '')"
[ "$(bashcomp "$BIN" --format = j | tr '\n' ' ')" = "json junit " ] || fail "bash: --format=j"
[ "$(bashcomp "$BIN" --fail-on w)" = "warning" ] || fail "bash: --fail-on w"
bashcomp "$BIN" --disable DIG-00 | has 'DIG-007' || fail "bash: --disable does not offer DIG-007"
bashcomp "$BIN" --enable JSON- | has 'JSON-*' || fail "bash: --enable does not offer the JSON-* family"
bashcomp "$BIN" --disable ANN-003,DIG-00 | has 'ANN-003,DIG-007' || fail "bash: comma-separated rules"
[ "$(bashcomp "$BIN" explain DIG-00 | grep -c .)" -ge 7 ] || fail "bash: explain does not offer the DIG-00x rules"
bashcomp "$BIN" explain DIG-00 | has 'DIG-007' || fail "bash: explain does not offer DIG-007"
bashcomp "$BIN" explain D | has 'DIG-*' && fail "bash: explain offers a family"
mkdir "$work/images" "$work/images/httpd"
(cd "$work/images" && bashcomp "$BIN" --fail-on error ht) | has 'httpd' || fail "bash: the input path"
# "rules" as the value of --config is no subcommand; after the input path
# none is offered.
(cd "$work/images" && bashcomp "$BIN" --config rules ru) | has 'rules' ||
  fail "bash: takes the value of --config for a subcommand"
(cd "$work/images" && bashcomp "$BIN" httpd ru) | has 'rules' &&
  fail "bash: offers a subcommand after the input path"

# --- fish --------------------------------------------------------------------
fish --no-execute "$DIR/ocivalidate.fish" || fail "fish: syntax error"
fishcomp() {  # fishcomp COMMANDLINE: the completions, without descriptions
  fish --no-config -c 'source $argv[1]; complete -C$argv[2]' "$DIR/ocivalidate.fish" "$1" | cut -f1
}
fishcomp "$BIN --" | grep -- '^--' | sort -u >"$work/fish.top"
same "fish: the options of ocivalidate" "$work/help.top" "$work/fish.top"
fishcomp "$BIN conformance --" | grep -- '^--' | sort -u >"$work/fish.conformance"
same "fish: the options of ocivalidate conformance" "$work/help.conformance" "$work/fish.conformance"
(cd "$work/images" && fishcomp "$BIN ") | grep -vE '/$' | sort >"$work/fish.subcommands"
same "fish: the subcommands" "$work/help.subcommands" "$work/fish.subcommands"
[ "$(fishcomp "$BIN --format " | sort | tr '\n' ' ')" = "codequality json junit sarif text " ] ||
  fail "fish: --format values"
fishcomp "$BIN --disable ANN-003,DIG-00" | has 'ANN-003,DIG-007' || fail "fish: comma-separated rules"
(cd "$work/images" && fishcomp "$BIN ht") | has 'httpd/' || fail "fish: the input path"
fishcomp "$BIN explain DIG-00" | has 'DIG-007' || fail "fish: explain does not offer DIG-007"

# --- zsh ---------------------------------------------------------------------
zsh -n "$DIR/_ocivalidate" || fail "zsh: syntax error"
mkdir "$work/zfunc"
cp "$DIR/_ocivalidate" "$work/zfunc/"
registered="$(zsh -f -c 'fpath=($1 $fpath); autoload -Uz compinit; compinit -u -d $2/zcompdump; print -r -- $_comps[ocivalidate]' \
  zsh "$work/zfunc" "$work")"
[ "$registered" = "_ocivalidate" ] || fail "zsh: compinit registers '$registered' for ocivalidate"
# Every option --help lists is in the zsh completion, and no other.
grep -oE -- "--[a-z][a-z0-9-]*" "$DIR/_ocivalidate" | sort -u >"$work/zsh.all"
sort -u "$work/help.top" "$work/help.conformance" >"$work/help.all"
same "zsh: the options" "$work/help.all" "$work/zsh.all"
for sub in $(cat "$work/help.subcommands"); do
  grep -q "$sub\\\\:" "$DIR/_ocivalidate" || fail "zsh: the subcommand $sub is not offered"
done
echo "PASS: completions"
