#include "validator/model/check_context.hpp"

#include <algorithm>
#include <stdexcept>

#include <fmt/format.h>

#include "validator/model/registry.hpp"

namespace ocv::engine {

std::string_view to_string(DocKind kind) {
  switch (kind) {
    case DocKind::layout_header:
      return "oci-layout";
    case DocKind::index:
      return "index";
    case DocKind::manifest:
      return "manifest";
    case DocKind::config:
      return "config";
    case DocKind::empty:
      return "empty";
    case DocKind::descriptor:
      return "descriptor";
  }
  return "document";
}

std::string_view to_string(DescriptorRole role) {
  switch (role) {
    case DescriptorRole::index_entry:
      return "manifests";
    case DescriptorRole::config:
      return "config";
    case DescriptorRole::layer:
      return "layers";
    case DescriptorRole::subject:
      return "subject";
    case DescriptorRole::standalone:
      return "descriptor";
  }
  return "descriptor";
}

Location Site::at(std::string_view pointer) const {
  Location loc;
  loc.blob = blob;
  loc.pointer = std::string(pointer);
  if (json != nullptr && !json->bytes.empty()) {
    const auto lc = json->locate(pointer);
    loc.line = lc.line;
    loc.column = lc.column;
  }
  return loc;
}

std::string Site::image_at(std::string_view pointer) const {
  constexpr std::string_view kPrefix = "/manifests/";
  if (entries == nullptr || !entries->IsArray() || !pointer.starts_with(kPrefix)) return image;
  std::size_t i = 0;
  std::size_t pos = kPrefix.size();
  if (pos >= pointer.size()) return image;
  for (; pos < pointer.size() && pointer[pos] >= '0' && pointer[pos] <= '9'; ++pos) {
    i = i * 10 + static_cast<std::size_t>(pointer[pos] - '0');
    if (i >= entries->Size()) return image;
  }
  if (pos < pointer.size() && pointer[pos] != '/') return image;
  if (i >= entries->Size()) return image;
  // An entry that is no descriptor starts no image.
  const auto& entry = (*entries)[static_cast<rapidjson::SizeType>(i)];
  if (!entry.IsObject()) return "";
  return index_entry_image(DescriptorView{nullptr, &entry, DescriptorRole::index_entry, i});
}

std::string index_entry_image(const DescriptorView& entry) {
  // Names are copied into every finding: long values from the image are
  // shortened (with a digest, so they stay distinct).
  const auto ref = entry.ref_name();
  return ref ? shortened(*ref) : entry.label();
}

void FindingSink::report(std::string_view rule_id, const Site& site, std::string_view pointer,
                         std::string message, std::optional<Severity> severity,
                         std::uint64_t unlisted) {
  Finding f;
  f.rule_id = std::string(rule_id);
  f.message = std::move(message);
  f.chain = site.chain;
  f.image = site.image_at(pointer);
  f.unlisted = unlisted;
  if (severity)
    f.severity = *severity;
  else if (const auto* r = registry_.find(rule_id))
    f.severity = r->severity;
  // Past the limit of a rule, or of a rule and blob, a finding is only
  // counted: its line and column, which cost a walk of the document, are
  // not looked up.
  f.location.blob = site.blob;
  f.location.pointer = std::string(pointer);
  if (!full(f.rule_id, f.location.blob)) f.location = site.at(pointer);
  add(std::move(f));
}

namespace {

/// The key of a rule and blob in FindingSink::per_rule_and_blob_.
std::uint64_t rule_and_blob(std::string_view rule_id, std::string_view blob) {
  std::string key(rule_id);
  key += '\0';
  key += blob;
  return std::hash<std::string>{}(key);
}

std::size_t severity_index(Severity s) { return static_cast<std::size_t>(s); }

/// One finding per severity that `more` counts, made from `sample` with
/// `message(n, severity, split)` (`split`: more than one severity, so the
/// message should name it).
template <typename Message>
void add_summaries(const Finding& sample, const std::array<std::uint64_t, 3>& more, Message message,
                   std::vector<Finding>& out) {
  const auto severities = std::count_if(more.begin(), more.end(), [](auto n) { return n != 0; });
  for (const auto s : {Severity::error, Severity::warning, Severity::note}) {
    const auto n = more[severity_index(s)];
    if (n == 0) continue;
    Finding f = sample;
    f.severity = s;
    f.location.pointer.clear();
    f.location.member.clear();
    f.location.line = f.location.column = 0;
    f.unlisted = n;
    f.message = message(n, s, severities > 1);
    out.push_back(std::move(f));
  }
}

/// " (errors)" where one rule's findings not listed have several severities.
std::string which(Severity s, bool split) {
  if (!split) return "";
  return fmt::format(" ({}s)", to_string(s));
}

}  // namespace

bool FindingSink::full(std::string_view rule_id, std::string_view blob) const {
  const auto key = rule_and_blob(rule_id, blob);
  std::lock_guard lock(mutex_);
  if (max_per_rule_ != 0) {
    const auto rule = per_rule_.find(rule_id);
    if (rule != per_rule_.end() && rule->second.listed >= max_per_rule_) return true;
  }
  const auto it = per_rule_and_blob_.find(key);
  return it != per_rule_and_blob_.end() && it->second.kept >= kMaxPerRuleAndBlob;
}

void FindingSink::report_member(std::string_view rule_id, const Site& site, std::string member,
                                std::string message, std::optional<Severity> severity) {
  Finding f;
  f.rule_id = std::string(rule_id);
  f.message = std::move(message);
  f.location.blob = site.blob;
  f.location.member = std::move(member);
  f.chain = site.chain;
  f.image = site.image;
  if (severity)
    f.severity = *severity;
  else if (const auto* r = registry_.find(rule_id))
    f.severity = r->severity;
  add(std::move(f));
}

bool FindingSink::wants(std::string_view rule_id) const {
  const auto* rule = registry_.find(rule_id);
  return rule == nullptr || !rule->opt_in || opt_in_.contains(rule_id);
}

void FindingSink::add(Finding finding) {
  if (registry_.find(finding.rule_id) == nullptr)
    throw std::logic_error("finding for an unregistered rule: " + finding.rule_id);
  if (!wants(finding.rule_id)) return;
  if (finding.message.size() > kMaxMessageBytes)
    finding.message = shortened(finding.message, kMaxMessageBytes);
  if (finding.location.member.size() > kMaxValueBytes)
    finding.location.member = shortened(finding.location.member, kMaxValueBytes);
  std::lock_guard lock(mutex_);
  // Before anything is counted: a finding the run does not report takes no
  // place in the lists and is in no count.
  if (admit_ && !admit_(finding)) return;
  std::string key = finding.rule_id;
  key += '\0';
  key += finding.location.blob;
  const auto blob_key = std::hash<std::string>{}(key);
  key += '\0';
  key += finding.location.pointer;
  key += '\0';
  key += finding.location.member;
  const auto finding_key = std::hash<std::string>{}(key);
  // A repeat of a finding listed already is no new finding, wherever the
  // lists stand.
  if (seen_.contains(finding_key)) return;
  const auto severity = severity_index(finding.severity);
  auto& rule = per_rule_[finding.rule_id];
  if (max_per_rule_ != 0 && rule.listed >= max_per_rule_) {
    // Counted: only its key is kept, to count it once.
    if (finding.unlisted != 0)
      rule.more[severity] += finding.unlisted;
    else
      rule.unlisted[severity].push_back(finding_key);
    return;
  }
  auto& overflow = per_rule_and_blob_[blob_key];
  if (overflow.kept >= kMaxPerRuleAndBlob) {
    if (!overflow.sample) overflow.sample = std::make_unique<Finding>(finding);
    overflow.more[severity] += finding.weight();
    return;
  }
  seen_.insert(finding_key);
  ++overflow.kept;
  ++rule.listed;
  findings_.push_back(std::move(finding));
}

void FindingSink::add_unlisted(std::string_view rule_id, const Site& site, std::uint64_t n,
                               std::optional<Severity> severity) {
  if (n == 0 || !wants(rule_id)) return;
  Finding f;
  f.rule_id = std::string(rule_id);
  f.location.blob = site.blob;
  f.chain = site.chain;
  f.image = site.image;
  f.severity = severity ? *severity : registry_.find(rule_id)->severity;
  f.unlisted = n;
  std::lock_guard lock(mutex_);
  if (admit_ && !admit_(f)) return;
  auto& overflow = per_rule_and_blob_[rule_and_blob(f.rule_id, f.location.blob)];
  overflow.more[severity_index(f.severity)] += n;
  if (!overflow.sample) overflow.sample = std::make_unique<Finding>(std::move(f));
}

std::vector<Finding> FindingSink::take() {
  std::lock_guard lock(mutex_);
  auto out = std::move(findings_);
  findings_.clear();
  decltype(seen_)().swap(seen_);  // its memory too, before the summaries are made
  // Listed findings differ in rule, blob, pointer or member, so finding_less
  // orders them totally: std::sort is as deterministic as a stable sort and
  // needs no buffer as large as the findings.
  std::sort(out.begin(), out.end(), finding_less);
  std::vector<Finding> summaries;
  // (No structured bindings: clang 14 does not let a lambda capture one.)
  for (const auto& entry : per_rule_and_blob_) {
    const auto& overflow = entry.second;
    if (!overflow.sample) continue;
    const Finding& sample = *overflow.sample;
    const std::string_view blob = sample.location.blob;
    add_summaries(
        sample, overflow.more,
        [&](std::uint64_t n, Severity s, bool split) {
          return fmt::format(
              "{} more {} findings{} in {} are not listed (the first {} "
              "are)",
              n, sample.rule_id, which(s, split), blob.empty() ? "the layout" : blob,
              overflow.kept);
        },
        summaries);
  }
  decltype(per_rule_and_blob_)().swap(per_rule_and_blob_);
  // After the findings they count, in a stable order whatever the hashing.
  std::sort(summaries.begin(), summaries.end(), finding_less);
  for (auto& f : summaries) out.push_back(std::move(f));
  // Then the rules past their limit, by rule ID: layout-wide findings of
  // the rule itself, so that a reader of any report format sees the rule,
  // how many were left out and the option that lists more.
  for (auto& entry : per_rule_) {
    for (std::size_t i = 0; i < entry.second.unlisted.size(); ++i) {
      auto& keys = entry.second.unlisted[i];
      std::sort(keys.begin(), keys.end());
      entry.second.more[i] += static_cast<std::uint64_t>(
          std::distance(keys.begin(), std::unique(keys.begin(), keys.end())));
      std::vector<std::uint64_t>().swap(keys);
    }
    Finding sample;
    sample.rule_id = entry.first;
    const auto listed = entry.second.listed;
    add_summaries(
        sample, entry.second.more,
        [&](std::uint64_t n, Severity s, bool split) {
          return fmt::format(
              "{} more {} findings{} are not listed: a run lists the first {} of each "
              "rule (--max-findings-per-rule)",
              n, sample.rule_id, which(s, split), listed);
        },
        out);
  }
  per_rule_.clear();
  return out;
}

std::size_t FindingSink::size() const {
  std::lock_guard lock(mutex_);
  return findings_.size();
}

std::optional<std::string_view> DescriptorView::string_member(std::string_view name) const {
  if (value == nullptr || !value->IsObject()) return std::nullopt;
  const auto it = value->FindMember(rapidjson::StringRef(name.data(), name.size()));
  if (it == value->MemberEnd() || !it->value.IsString()) return std::nullopt;
  return std::string_view(it->value.GetString(), it->value.GetStringLength());
}

std::optional<std::int64_t> DescriptorView::size() const {
  if (value == nullptr || !value->IsObject()) return std::nullopt;
  const auto it = value->FindMember("size");
  if (it == value->MemberEnd() || !it->value.IsInt64()) return std::nullopt;
  return it->value.GetInt64();
}

std::optional<std::string_view> DescriptorView::ref_name() const {
  if (value == nullptr || !value->IsObject()) return std::nullopt;
  const auto ann = value->FindMember("annotations");
  if (ann == value->MemberEnd() || !ann->value.IsObject()) return std::nullopt;
  const auto it = ann->value.FindMember("org.opencontainers.image.ref.name");
  if (it == ann->value.MemberEnd() || !it->value.IsString()) return std::nullopt;
  return std::string_view(it->value.GetString(), it->value.GetStringLength());
}

namespace {

/// Whether descriptors of `role` sit in an array (manifests[], layers[]).
bool in_array(DescriptorRole role) {
  return role == DescriptorRole::index_entry || role == DescriptorRole::layer;
}

}  // namespace

std::string DescriptorView::pointer() const {
  if (role == DescriptorRole::standalone) return "";
  if (in_array(role)) return fmt::format("/{}/{}", to_string(role), position);
  return fmt::format("/{}", to_string(role));
}

std::string DescriptorView::member_pointer(std::string_view name) const {
  return json::pointer_append(pointer(), name);
}

std::string DescriptorView::label() const {
  if (in_array(role)) return fmt::format("{}[{}]", to_string(role), position);
  return std::string(to_string(role));
}

Site ArchiveView::manifest_site(std::string_view image_name) const {
  Site site;
  site.blob = "manifest.json";
  site.chain = {"manifest.json"};
  site.image = std::string(image_name);
  site.json = facts != nullptr && facts->docker_manifest ? facts->docker_manifest.get() : nullptr;
  return site;
}

}  // namespace ocv::engine
