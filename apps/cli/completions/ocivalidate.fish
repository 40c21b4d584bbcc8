# fish completion for ocivalidate. Installed as
# share/fish/vendor_completions.d/ocivalidate.fish.

# Rule IDs and families (ANN-*) from `ocivalidate rules`, run with the
# binary being completed; after a comma, the part before it is kept.
function __ocivalidate_rules
    set -l token (commandline -ct)
    set -l head (string replace -r -- '[^,]*$' '' $token)
    set -l bin (commandline -opc)[1]
    $bin rules 2>/dev/null | string match -r '^[A-Z]+-[0-9]+' | while read -l id
        echo $head$id
        echo $head(string replace -r -- '-.*' '-*' $id)
    end | sort -u
end

# Rule IDs only, for explain.
function __ocivalidate_rule_ids
    set -l bin (commandline -opc)[1]
    $bin rules 2>/dev/null | string match -r '^[A-Z]+-[0-9]+'
end

set -l subcommands rules conformance explain
set -l validating "not __fish_seen_subcommand_from $subcommands"

complete -c ocivalidate -n "$validating" -a "$subcommands" -k -d subcommand
complete -c ocivalidate -n "__fish_seen_subcommand_from rules" -f
complete -c ocivalidate -n "__fish_seen_subcommand_from explain" -f -a '(__ocivalidate_rule_ids)'
complete -c ocivalidate -n "$validating" -F

complete -c ocivalidate -s h -l help -d 'Print help and exit'
complete -c ocivalidate -n "$validating" -l version -d 'Print the version and git revision'
complete -c ocivalidate -n "$validating" -s f -l format -x -a 'text json sarif junit codequality' -d 'Report format on stdout'
complete -c ocivalidate -n "$validating" -l sarif -r -F -d 'Also write a SARIF 2.1.0 report'
complete -c ocivalidate -n "$validating" -l junit -r -F -d 'Also write a JUnit XML report'
complete -c ocivalidate -n "$validating" -l json -r -F -d 'Also write a JSON report'
complete -c ocivalidate -n "$validating" -l codequality -r -F -d 'Also write a GitLab Code Quality report'
complete -c ocivalidate -n "$validating" -l fail-on -x -a 'error warning note' -d 'Lowest severity that fails the run'
complete -c ocivalidate -n "$validating" -l disable -x -a '(__ocivalidate_rules)' -d 'Do not report a rule or family'
complete -c ocivalidate -n "$validating" -l enable -x -a '(__ocivalidate_rules)' -d 'Report a rule even if disabled or opt-in'
complete -c ocivalidate -n "$validating" -l config -r -F -d 'Policy file'
complete -c ocivalidate -n "$validating" -l no-config -d 'Ignore any policy file'
complete -c ocivalidate -n "$validating" -l rule-docs-url -x -d 'Base URL of the rule pages SARIF links'
complete -c ocivalidate -n "$validating" -l color -x -a 'auto always never' -d 'Colour the text report'
complete -c ocivalidate -n "$validating" -s j -l jobs -x -d 'Threads for hashing blobs'
complete -c ocivalidate -n "$validating" -l max-blob-size -x -d 'Blobs larger than this are not hashed'
complete -c ocivalidate -n "$validating" -l max-layer-size -x -d 'Uncompressed bytes read per layer'
complete -c ocivalidate -n "$validating" -l max-layer-index -x -d 'Memory for the member index of a layer'
complete -c ocivalidate -n "$validating" -l max-document-size -x -d 'Larger JSON documents are not parsed'
complete -c ocivalidate -n "$validating" -l max-json-depth -x -d 'JSON nested deeper is not parsed'
complete -c ocivalidate -n "$validating" -l max-json-values -x -d 'JSON documents with more values are not parsed'
complete -c ocivalidate -n "$validating" -l max-findings-per-rule -x -d 'findings listed per rule; one more counts the rest'
complete -c ocivalidate -n "$validating" -l max-index-depth -x -d 'Indexes nested deeper are not followed'
complete -c ocivalidate -n "$validating" -l max-documents -x -d 'JSON documents read and held for the checks'
complete -c ocivalidate -n "$validating" -l max-document-memory -x -d 'Memory the JSON documents held for the checks may take'
complete -c ocivalidate -n "$validating" -l max-blob-files -x -d 'Entries of blobs/ listed and examined'
complete -c ocivalidate -n "$validating" -l max-zstd-window -x -d 'Largest window a zstd frame may ask for'
complete -c ocivalidate -n "$validating" -l platform -x -d 'Validate only this platform (os/arch[/variant])'
complete -c ocivalidate -n "$validating" -l creds -x -d 'Registry credentials USER:PASSWORD'
complete -c ocivalidate -n "$validating" -l authfile -r -F -d 'Registry auth file'
complete -c ocivalidate -n "$validating" -l cert-dir -x -a '(__fish_complete_directories)' -d 'Registry CA and client certificate'
complete -c ocivalidate -n "$validating" -l tls-verify -x -a 'true false' -d 'Verify the registry TLS certificate'
complete -c ocivalidate -n "$validating" -l plain-http -d 'Speak plain http to the registry'
complete -c ocivalidate -n "$validating" -l timeout -x -d 'Seconds to wait for the registry'
complete -c ocivalidate -n "$validating" -l artifact-type -x -d 'Validate only referrers of this artifactType'
complete -c ocivalidate -n "$validating" -l no-referrers -d 'Do not look for referrers'

set -l conformance "__fish_seen_subcommand_from conformance"
complete -c ocivalidate -n "$conformance" -l tool -x -d 'A validator command to grade ({} is the case)'
complete -c ocivalidate -n "$conformance" -l junit -r -F -d 'Write a JUnit XML report'
complete -c ocivalidate -n "$conformance" -l markdown -r -F -d 'Write a Markdown matrix'
complete -c ocivalidate -n "$conformance" -l cases -x -a '(__fish_complete_directories)' -d 'Read the cases from DIR'
complete -c ocivalidate -n "$conformance" -l filter -x -d 'Only cases whose name contains TEXT'
complete -c ocivalidate -n "$conformance" -l keep -x -a '(__fish_complete_directories)' -d 'Materialise the cases into DIR'
complete -c ocivalidate -n "$conformance" -l timeout -x -d 'Seconds allowed per case for a --tool'
complete -c ocivalidate -n "$conformance" -l list -d 'List the cases and exit'
