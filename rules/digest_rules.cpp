// DIG-*: digests (descriptor.md § Digests). The grammar rules run on the
// `digest` of every descriptor; the same grammar on config diff_ids, the
// base.digest annotation and blob paths belongs to CFG-006, ANN-010 and
// LYT-006. DIG-007 compares each referenced blob's content with its name.
//
// DIG-008 (check the size before hashing) is the order the validator works
// in, not a property of the image, so it has no check. DIG-009 (submit a
// useful unregistered algorithm for registration) would fire on exactly the
// digests DIG-005 fires on, so it is registered for lookup but its advice is
// part of the DIG-005 message instead of a second finding.
#include <fmt/format.h>

#include "rules/families.hpp"
#include "rules/json_access.hpp"
#include "validator/digest/digest.hpp"

namespace ocv::rules {
namespace {

using engine::BlobView;
using engine::DescriptorView;
using engine::FindingSink;
using engine::Severity;

/// The rule that owns the encoded form of a registered algorithm.
std::string_view form_rule(std::string_view algorithm) {
  if (algorithm == "sha512") return "DIG-003";
  if (algorithm == "blake3") return "DIG-004";
  return "DIG-002";
}

// DIG-001 .. DIG-006 on a descriptor's digest. A missing or non-string
// digest is DESC-003's.
void check_digest(const DescriptorView& d, FindingSink& sink) {
  const auto text = d.string_member("digest");
  if (!text) return;
  const auto pointer = d.member_pointer("digest");
  // DIG-001: algorithm ":" encoded.
  const auto parsed = digest::parse(*text);
  if (!parsed) {
    sink.report("DIG-001", *d.parent, pointer,
                fmt::format("{} digest {} does not match algorithm \":\" encoded (algorithm: "
                            "lowercase letters and digits separated by + . _ -; encoded: letters, "
                            "digits, = _ -)",
                            d.label(), quoted_brief(*text)));
    return;
  }
  // DIG-002, DIG-003, DIG-004: the registered algorithms' encoded forms.
  if (const auto error = digest::algorithm_form_error(*parsed)) {
    sink.report(form_rule(parsed->algorithm), *d.parent, pointer,
                fmt::format("{} digest {}: {}", d.label(), quoted_brief(*text), *error));
  }
  // DIG-005 (+ DIG-009): an unregistered algorithm passes, unverified.
  if (!digest::is_registered(parsed->algorithm)) {
    sink.report("DIG-005", *d.parent, pointer,
                fmt::format("{} digest uses the unregistered algorithm \"{}\"; the content cannot "
                            "be verified (if the algorithm is useful, it should be submitted for "
                            "registration in the image-spec)",
                            d.label(), parsed->algorithm));
  }
  // DIG-006: sha256 is the portable choice.
  if (parsed->algorithm != "sha256") {
    sink.report("DIG-006", *d.parent, pointer,
                fmt::format("{} digest uses {}; implementations are expected to use sha256, and "
                            "other algorithms may not be supported by every tool",
                            d.label(), parsed->algorithm));
  }
}

// DIG-007: a referenced blob's content hashes to the digest that names it.
// Reported once per blob, however many descriptors reference it.
void check_content_digest(const BlobView& blob, FindingSink& sink) {
  if (blob.referrers.empty() || blob.facts == nullptr) return;
  const auto& f = *blob.facts;
  if (!f.readable || !f.actual_encoded || *f.actual_encoded == f.encoded) return;
  const auto& first = *blob.referrers.front();
  std::string by = fmt::format("{} of {}", first.label(), first.parent->blob);
  if (blob.referrers.size() > 1) by += fmt::format(" and {} more", blob.referrers.size() - 1);
  sink.report("DIG-007", blob, "",
              fmt::format("content does not match the digest: expected {}:{} (referenced by {}), "
                          "content hashes to {}:{}",
                          f.algorithm, f.encoded, by, f.algorithm, *f.actual_encoded));
}

}  // namespace

void register_digest_rules(engine::Registry& registry) {
  registry.add_rules({
      {.id = "DIG-001",
       .level = "MUST",
       .severity = Severity::error,
       .title = "A digest matches algorithm \":\" encoded",
       .spec = "descriptor.md#digests",
       .help =
           "Write the digest as <algorithm>:<encoded>, e.g. sha256: followed by 64 lowercase hex "
           "characters.",
       .catalogue = {.source = "descriptor.md § Digests (EBNF)",
                     .requirement = "the digest string matches `algorithm \":\" encoded`",
                     .applies_to =
                         "D*.digest, C.rootfs.diff_ids[], `base.digest` annotation, LY blob paths",
                     .check = "rx P-DIG"}},
      {.id = "DIG-002",
       .level = "MUST",
       .severity = Severity::error,
       .title = "A sha256 digest has exactly 64 lowercase hex characters",
       .spec = "descriptor.md#sha-256",
       .help = "Write the SHA-256 as 64 lowercase hex characters ([a-f0-9]); upper case is not "
               "allowed.",
       .catalogue = {.source = "descriptor.md § SHA-256",
                     .requirement = "for `sha256` the encoded part is exactly 64 lowercase hex "
                                    "characters; `[A-F]` MUST NOT be used",
                     .applies_to = "same",
                     .check =
                         "rx P-SHA256. The official Go validator checks this only for a "
                         "stand-alone descriptor (go-digest); nested descriptors get only P-DIG",
                     .level = "MUST / MUST NOT"}},
      {.id = "DIG-003",
       .level = "MUST",
       .severity = Severity::error,
       .title = "A sha512 digest has exactly 128 lowercase hex characters",
       .spec = "descriptor.md#sha-512",
       .help = "Write the SHA-512 as 128 lowercase hex characters ([a-f0-9]).",
       .catalogue = {.source = "descriptor.md § SHA-512",
                     .requirement =
                         "for `sha512` the encoded part is exactly 128 lowercase hex characters",
                     .applies_to = "same",
                     .check = "rx P-SHA512",
                     .level = "MUST / MUST NOT"}},
      {.id = "DIG-004",
       .level = "MUST",
       .severity = Severity::error,
       .title = "A blake3 digest has exactly 64 lowercase hex characters",
       .spec = "main:descriptor.md#blake3",
       .help = "Write the BLAKE3 (256-bit output) as 64 lowercase hex characters ([a-f0-9]).",
       .catalogue =
           {.source = "descriptor.md § BLAKE3",
            .requirement = "for `blake3` the encoded part is exactly 64 lowercase hex characters "
                           "(256-bit output)",
            .applies_to = "same",
            .check =
                "rx P-BLAKE3. Under a v1.1.1 profile `blake3` is unregistered, so apply DIG-005",
            .level = "MUST (main)"}},
      {.id = "DIG-005",
       .level = "SHOULD",
       .severity = Severity::note,
       .title = "A digest with an unregistered algorithm is accepted but cannot be verified",
       .spec = "descriptor.md#digests",
       .help =
           "Use a registered algorithm (sha256) so that every tool can verify the content; propose "
           "a useful new algorithm for registration in the image-spec.",
       .catalogue = {.source =
                         "descriptor.md § Digests (\"SHOULD allow digests with unrecognized "
                         "algorithms to pass validation if they comply with the above grammar\")",
                     .requirement = "an unregistered algorithm that fits P-DIG is accepted",
                     .applies_to = "same",
                     .check =
                         "doc: report that the content cannot be verified. Do NOT length-check "
                         "`sha384` (go-digest does; the OCI spec does not register it)"}},
      {.id = "DIG-006",
       .level = "SHOULD",
       .severity = Severity::warning,
       .title = "Content is addressed with sha256",
       .spec = "descriptor.md#registered-algorithms",
       .help = "Use sha256 digests for portability; sha512 and other algorithms are not supported "
               "everywhere.",
       .catalogue = {.source = "descriptor.md § Registered algorithms (\"compliant implementations "
                               "SHOULD use SHA-256\")",
                     .requirement = "content is addressed with sha256",
                     .applies_to = "same",
                     .check = "doc: flag any other algorithm (portability)"}},
      {.id = "DIG-007",
       .level = "MUST",
       .severity = Severity::error,
       .title = "A referenced blob's content matches its digest",
       .spec = "descriptor.md#verification",
       .help =
           "The blob is corrupt, or the descriptor names the wrong digest: restore the blob from a "
           "trusted source, or rebuild the descriptor from the blob.",
       .catalogue =
           {.source =
                "descriptor.md § Digest calculations / § Verification; image-layout.md § Blobs",
            .requirement = "H(blob bytes) encoded equals the digest's encoded part",
            .applies_to = "every D* whose blob is in LY",
            .check = "hash: sha256 and sha512 with Botan 2.19. Botan 2 has no BLAKE3 and Debian 12 "
                     "has no C BLAKE3 library (only Go, Rust sources and `b3sum`), so blake3 stays "
                     "unverified unless the project vendors code for it",
            .level = "MUST (def)"}},
      {.id = "DIG-009",
       .level = "SHOULD",
       .severity = Severity::note,
       .title = "A useful unregistered digest algorithm is submitted for registration",
       .spec = "descriptor.md#registered-algorithms",
       .help =
           "Reported as part of DIG-005: propose the algorithm for registration in the image-spec, "
           "or use sha256.",
       .catalogue =
           {.source = "descriptor.md § Registered algorithms",
            .requirement =
                "a useful algorithm that is not in the table is submitted for registration",
            .applies_to = "same",
            .check = "doc: unregistered algorithm seen"}},
  });
  registry.reported_as("DIG-009", "DIG-005");
  registry.on_descriptor(check_digest);
  registry.on_blob(check_content_digest);
}

}  // namespace ocv::rules
