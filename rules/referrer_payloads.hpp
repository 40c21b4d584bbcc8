#pragma once
// The REF-* rules about what attachments carry (rules/referrer_payloads.cpp):
// BuildKit attestation entries and in-toto statements, cosign's signing
// payloads and DSSE envelopes, notation's signature envelope. Registered by
// register_referrer_rules (rules/referrer_rules.cpp), the family's one entry.
#include <string>
#include <string_view>

#include "validator/model/attachments.hpp"
#include "validator/model/registry.hpp"

namespace ocv::rules {

void register_referrer_payload_rules(engine::Registry& registry);

/// "sha256:0123456789ab": a digest shortened for messages.
std::string brief_digest(std::string_view digest);

/// "cosign signature sha256:0123456789ab": an attachment in messages.
std::string attachment_label(const engine::Attachment& a);

}  // namespace ocv::rules
