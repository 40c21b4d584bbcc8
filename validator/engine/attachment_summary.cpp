#include "validator/engine/attachment_summary.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <utility>

#include <fmt/format.h>

#include "validator/model/attachment_kind.hpp"

namespace ocv::engine {
namespace {

std::string string_of(const rapidjson::Value& object, const char* name) {
  if (!object.IsObject()) return {};
  const auto it = object.FindMember(name);
  return it != object.MemberEnd() && it->value.IsString()
             ? shortened({it->value.GetString(), it->value.GetStringLength()})
             : std::string();
}

/// One line about a payload: the predicate an in-toto statement carries,
/// the digest a cosign payload signs.
std::string describe(const Payload& p) {
  const json::ParsedJson* statement = p.inner ? p.inner.get() : p.parsed.get();
  if (statement == nullptr || !statement->ok() || !statement->dom.IsObject())
    return p.unread.empty() ? "unreadable payload" : "payload not read: " + p.unread;
  const auto& dom = statement->dom;
  if (auto predicate = string_of(dom, "predicateType"); !predicate.empty())
    return "predicate " + predicate;
  const auto critical = dom.FindMember("critical");
  if (critical != dom.MemberEnd() && critical->value.IsObject()) {
    const auto image = critical->value.FindMember("image");
    if (image != critical->value.MemberEnd())
      if (auto signed_digest = string_of(image->value, "docker-manifest-digest");
          !signed_digest.empty())
        return "signs " + signed_digest;
  }
  return "payload " + std::string(p.layer->media_type());
}

std::string place(std::string_view blob, std::string_view pointer) {
  std::string key(blob);
  key += '\0';
  key += pointer;
  return key;
}

void add_from(const std::map<std::string, std::set<std::string>, std::less<>>& map,
              std::string_view key, std::set<std::string>& to) {
  if (const auto it = map.find(key); it != map.end())
    to.insert(it->second.begin(), it->second.end());
}

}  // namespace

void AttachmentProblems::add(const Finding& f) {
  if (f.severity == Severity::note) return;
  const auto* rule = registry_.find(f.rule_id);
  if (rule == nullptr || (rule->scope & kScopeAttachments) == 0) return;
  // Keyed by blob, and by blob and pointer: each attachment looks up its
  // own places, so that a layout of 100,000 referrers does not compare
  // every finding with every attachment.
  by_blob_[f.location.blob].insert(f.rule_id);
  by_place_[place(f.location.blob, f.location.pointer)].insert(f.rule_id);
}

void AttachmentProblems::in_blob(std::string_view blob, std::set<std::string>& to) const {
  add_from(by_blob_, blob, to);
}

void AttachmentProblems::at(std::string_view blob, std::string_view pointer,
                            std::set<std::string>& to) const {
  add_from(by_place_, place(blob, pointer), to);
}

std::vector<AttachmentSummary> summarize_attachments(const AttachmentsView& view,
                                                     const AttachmentProblems& reported) {
  std::vector<AttachmentSummary> out;
  for (const auto& a : view.attachments) {
    AttachmentSummary s;
    s.kind = std::string(a.kind);
    s.manifest = a.manifest->blob;
    s.artifact_type = shortened(a.artifact_type);
    if (!a.links.empty()) {
      s.subject = shortened(a.links.front().digest);
      if (const auto* target = a.links.front().target) s.image = target->image;
    }
    // Where findings about this attachment sit: its manifest, its payload
    // blobs, and each claim written on an index entry.
    std::set<std::string> problems;
    reported.in_blob(a.manifest->blob, problems);
    for (const auto& p : a.payloads) {
      reported.in_blob(p.blob, problems);
      s.payloads.push_back(describe(p));
    }
    for (const auto& link : a.links) {
      s.links.push_back({std::string(to_string(link.via)), shortened(link.digest), link.present});
      if (link.site == nullptr || link.site->blob == a.manifest->blob) continue;
      const std::string_view blob = link.site->blob;
      reported.at(blob, link.pointer, problems);
      if (link.entry == nullptr) continue;
      for (const auto& pointer : {link.entry->pointer(), link.entry->member_pointer("annotations"),
                                  link.entry->member_pointer("platform")})
        reported.at(blob, pointer, problems);
    }
    s.problems.assign(problems.begin(), problems.end());
    out.push_back(std::move(s));
  }
  return out;
}

}  // namespace ocv::engine
