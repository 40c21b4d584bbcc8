# bash completion for ocivalidate                          -*- shell-script -*-
# Installed as share/bash-completion/completions/ocivalidate (bash-completion
# loads it on first use); also works when sourced on its own.
# Rule IDs for --disable/--enable and explain come from `ocivalidate rules`,
# run with the same binary that is being completed.

_ocivalidate_rules() {
  local bin="$1"
  "$bin" rules 2>/dev/null | awk '$1 ~ /^[A-Z]+-[0-9]+$/ {
      print $1; family = $1; sub(/-.*/, "-*", family); if (!(family in seen)) { seen[family]; print family } }'
}

# Rule IDs only, without families: what `ocivalidate explain` takes.
_ocivalidate_rule_ids() {
  "$1" rules 2>/dev/null | awk '$1 ~ /^[A-Z]+-[0-9]+$/ { print $1 }'
}

_ocivalidate() {
  local cur="${COMP_WORDS[COMP_CWORD]}" prev="" i word sub="" after_dashdash=0 have_input=0
  ((COMP_CWORD > 0)) && prev="${COMP_WORDS[COMP_CWORD - 1]}"
  # "--format=json": bash splits at "=" (COMP_WORDBREAKS), so the option is
  # two words back.
  if [[ $cur == "=" ]]; then
    prev="${COMP_WORDS[COMP_CWORD - 1]}"
    cur=""
  elif [[ $prev == "=" ]] && ((COMP_CWORD > 1)); then
    prev="${COMP_WORDS[COMP_CWORD - 2]}"
  fi

  local value_options="-f --format --sarif --junit --json --codequality --fail-on --disable --enable
    --config --rule-docs-url --color -j --jobs --max-blob-size --max-layer-size --max-layer-index
    --max-document-size --max-json-depth --max-json-values --max-index-depth --max-zstd-window
    --max-findings-per-rule --max-documents --max-document-memory --max-blob-files
    --platform --creds --authfile --cert-dir --artifact-type
    --tool --markdown --cases --filter --keep --timeout"
  # The subcommand, if one was typed (not a value of an option, nor after --).
  for ((i = 1; i < COMP_CWORD; i++)); do
    word="${COMP_WORDS[i]}"
    if [[ $word == "--" ]]; then
      after_dashdash=1
      break
    fi
    if [[ " $value_options " == *" $word "* ]]; then
      ((i++))
      continue
    fi
    case "$word" in
      rules | conformance | explain)
        sub="$word"
        break
        ;;
      -*) ;;
      *)
        have_input=1 # the input path: no subcommand after it
        break
        ;;
    esac
  done

  case "$prev" in
    -f | --format)
      COMPREPLY=($(compgen -W "text json sarif junit codequality" -- "$cur"))
      return
      ;;
    --fail-on)
      COMPREPLY=($(compgen -W "error warning note" -- "$cur"))
      return
      ;;
    --color)
      COMPREPLY=($(compgen -W "auto always never" -- "$cur"))
      return
      ;;
    --disable | --enable)
      # Comma-separated: complete the part after the last comma.
      local head=""
      [[ $cur == *,* ]] && head="${cur%,*},"
      COMPREPLY=($(compgen -P "$head" -W "$(_ocivalidate_rules "${COMP_WORDS[0]}")" -- "${cur##*,}"))
      return
      ;;
    --sarif | --junit | --json | --codequality | --config | --markdown | --authfile)
      compopt -o filenames 2>/dev/null
      COMPREPLY=($(compgen -f -- "$cur"))
      return
      ;;
    --cases | --keep | --cert-dir)
      compopt -o filenames 2>/dev/null
      COMPREPLY=($(compgen -d -- "$cur"))
      return
      ;;
    -j | --jobs | --max-* | --tool | --filter | --timeout | --platform | --creds | --artifact-type | --rule-docs-url)
      return
      ;;
  esac

  local options
  case "$sub" in
    rules | explain) options="-h --help" ;;
    conformance)
      options="-h --help --tool --junit --markdown --cases --filter --keep --timeout --list"
      ;;
    *)
      options="-h --help --version -f --format --sarif --junit --json --codequality --fail-on
        --disable --enable --config --no-config --rule-docs-url --color -j --jobs --max-blob-size
        --max-layer-size --max-layer-index --max-document-size --max-json-depth
        --max-json-values --max-index-depth --max-zstd-window --max-findings-per-rule
        --max-documents --max-document-memory --max-blob-files --platform
        --creds --authfile --cert-dir
        --tls-verify --plain-http --timeout --artifact-type --no-referrers"
      ;;
  esac
  if [[ $cur == -* ]] && ((!after_dashdash)); then
    COMPREPLY=($(compgen -W "$options" -- "$cur"))
    return
  fi
  if [[ $sub == explain ]]; then
    COMPREPLY=($(compgen -W "$(_ocivalidate_rule_ids "${COMP_WORDS[0]}")" -- "$cur"))
    return
  fi
  [[ $sub == rules || $sub == conformance ]] && return
  # The input: a layout directory, an archive, or a transport spelling.
  compopt -o filenames 2>/dev/null
  COMPREPLY=($(compgen -f -- "$cur"))
  if [[ -z $sub ]] && ((!after_dashdash && !have_input)); then
    COMPREPLY+=($(compgen -W "rules conformance explain" -- "$cur"))
  fi
}

complete -F _ocivalidate ocivalidate
