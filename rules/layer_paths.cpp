#include "rules/layer_paths.hpp"

#include <fmt/format.h>

#include "validator/digest/digest.hpp"

namespace ocv::rules::layer_paths {

std::string_view shown(std::string_view path) { return path.empty() ? "." : path; }

std::string layer_digest(const engine::BlobFacts& blob) {
  return blob.algorithm + ":" + blob.encoded;
}

engine::Site layer_site(const engine::ImageView& image, std::size_t i) {
  engine::Site site;
  const auto* d = image.layers[i];
  if (const auto parsed = digest::parse(d->digest())) site.blob = parsed->path();
  if (image.manifest != nullptr) {
    site.chain = image.manifest->chain;
    site.image = image.manifest->image;
  }
  site.chain.push_back(d->label());
  return site;
}

void MemberReports::add(std::string_view rule, const std::string& member, std::string message,
                        std::optional<engine::Severity> severity) {
  auto& count = counts_[rule];
  if (count.listed < kMaxListed) {
    ++count.listed;
    sink_.report_member(rule, site_, member, std::move(message), severity);
    return;
  }
  ++count.more;
  if (severity && (!count.severity || *severity > *count.severity)) count.severity = severity;
}

void MemberReports::add_unlisted(std::string_view rule, std::uint64_t n) {
  counts_[rule].more += n;
}

void MemberReports::finish() {
  for (const auto& [rule, count] : counts_) {
    if (count.more == 0) continue;
    sink_.report(rule, site_, "",
                 fmt::format("{} more members of layer {} break {}; the first {} are listed",
                             count.more, digest_, rule, count.listed),
                 count.severity, count.more);
  }
  counts_.clear();
}

std::string_view type_name(char type) {
  switch (type) {
    case '0':
    case '\0':
    case '7':
      return "regular file";
    case '1':
      return "hardlink";
    case '2':
      return "symlink";
    case '3':
      return "character device";
    case '4':
      return "block device";
    case '5':
      return "directory";
    case '6':
      return "FIFO";
    default:
      return "member of an unusual type";
  }
}

}  // namespace ocv::rules::layer_paths
