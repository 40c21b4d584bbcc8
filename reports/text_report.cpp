#include "reports/text_report.hpp"

#include <algorithm>
#include <map>
#include <ostream>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "reports/utf8.hpp"

namespace ocv::reports {
namespace {

using engine::Severity;

struct Style {
  bool on;
  std::string paint(std::string_view text, std::string_view code) const {
    return on ? fmt::format("\x1b[{}m{}\x1b[0m", code, text) : std::string(text);
  }
  std::string severity(Severity s) const {
    const auto text = fmt::format("{:<7}", engine::to_string(s));
    switch (s) {
      case Severity::error:
        return paint(text, "1;31");
      case Severity::warning:
        return paint(text, "33");
      case Severity::note:
        return paint(text, "36");
    }
    return text;
  }
};

std::string where(const engine::Finding& f, const ReportInput& input) {
  std::string out = printable(f.location.blob);
  if (input.archive) {
    const auto name = input.layout == "-" ? std::string("stdin") : printable(input.layout);
    out = out.empty() ? name : fmt::format("{}:{}", name, out);
  }
  // A finding about the input as a whole (one that counts a rule's
  // findings not listed) is at the input itself.
  if (out.empty()) out = input.layout == "-" ? std::string("stdin") : printable(input.layout);
  if (!f.location.member.empty()) out += fmt::format(" [{}]", printable(f.location.member));
  if (!f.location.pointer.empty()) {
    out += '#';
    out += printable(f.location.pointer);
  }
  if (f.location.line > 0) out += fmt::format(" ({}:{})", f.location.line, f.location.column);
  return out;
}

std::string plural(std::size_t n, std::string_view word) {
  return fmt::format("{} {}{}", n, word, n == 1 ? "" : "s");
}

/// What is attached to each image and whether each link holds: one line
/// per image counting its attachments by kind, one line per attachment.
std::string render_attachments(const engine::ValidateResult& result, const Style& style) {
  const auto& all = result.summary.attachments;
  if (all.empty()) return {};
  // By the image they are attached to (or the absent subject's digest).
  std::map<std::string, std::vector<const engine::AttachmentSummary*>> by_image;
  for (const auto& a : all)
    by_image[a.image.empty() ? fmt::format("{} (not in the layout)", a.subject)
                             : "image " + a.image]
        .push_back(&a);
  std::string out = style.paint("attachments", "1") + "\n";
  for (const auto& [image, attachments] : by_image) {
    std::map<std::string, std::size_t> kinds;
    for (const auto* a : attachments) ++kinds[a->kind];
    std::string counts;
    for (const auto& [kind, n] : kinds)
      counts += fmt::format("{}{} {}", counts.empty() ? "" : ", ", n, printable(kind));
    out += fmt::format("  {}: {}\n", printable(image), counts);
    for (const auto* a : attachments) {
      std::string vias;
      for (const auto& link : a->links)
        vias += fmt::format("{}{}{}", vias.empty() ? "" : ", ", link.via,
                            link.present ? "" : " (subject absent)");
      std::string says;
      for (const auto& p : a->payloads) says += "; " + printable(p);
      const auto verdict =
          a->problems.empty()
              ? style.paint("links hold", "32")
              : style.paint(fmt::format("broken: {}", fmt::join(a->problems, ", ")), "31");
      out += fmt::format("    {} {} by {}{}: {}\n", printable(a->kind), printable(a->manifest),
                         vias.empty() ? std::string("nothing") : vias, says, verdict);
    }
  }
  return out + "\n";
}

}  // namespace

void write_text(const ReportInput& input, bool color, std::ostream& out) {
  if (input.result == nullptr) return;
  const auto& result = *input.result;
  const Style style{color};
  std::map<std::string, std::vector<const engine::Finding*>> groups;
  for (const auto& f : result.findings) groups[f.image].push_back(&f);
  // Within a section the errors come first, then warnings, then notes, each
  // in the findings' own order (by blob and location).
  for (auto& [image, findings] : groups)
    std::stable_sort(findings.begin(), findings.end(),
                     [](const engine::Finding* a, const engine::Finding* b) {
                       return a->severity > b->severity;  // error > warning > note
                     });

  // Written finding by finding: 100,000 findings make a report of 50 MB,
  // which need not be held whole.
  std::string line;
  for (const auto& [image, findings] : groups) {
    // Everything that comes from the image goes through printable(): a
    // member name must not be able to clear the terminal or forge a line.
    out << style.paint(
               image.empty() ? std::string("layout") : fmt::format("image {}", printable(image)),
               "1")
        << "\n";
    for (const auto* f : findings) {
      line = fmt::format("  {} {:<9} {}\n", style.severity(f->severity), f->rule_id,
                         printable(f->message));
      line += fmt::format("          at {}\n", where(*f, input));
      if (f->chain.size() > 1) {
        std::string chain;
        for (const auto& step : f->chain) chain += (chain.empty() ? "" : " > ") + printable(step);
        line += style.paint(fmt::format("          via {}\n", chain), "2");
      }
      out << line;
    }
    out << "\n";
  }
  out << render_attachments(result, style);
  const auto c = engine::count(result.findings);
  const bool failed = input.verdict != engine::Verdict::valid;
  const auto hidden =
      input.suppressed == 0 ? std::string() : fmt::format(", {} suppressed", input.suppressed);
  std::string name = input.layout == "-" ? std::string("stdin") : printable(input.layout);
  if (!result.summary.archive_kind.empty())
    name += fmt::format(" ({})", result.summary.archive_kind);
  const auto spooled = result.summary.spooled_bytes == 0
                           ? std::string()
                           : fmt::format(", {:.1f} MB spooled",
                                         static_cast<double>(result.summary.spooled_bytes) / 1e6);
  out << fmt::format("{}: {}, {}, {}{} in {}, {} ({:.1f} MB hashed{}) — {}\n", name,
                     plural(c.errors, "error"), plural(c.warnings, "warning"),
                     plural(c.notes, "note"), hidden, plural(result.summary.images.size(), "image"),
                     plural(result.summary.blobs, "blob"),
                     static_cast<double>(result.summary.bytes_hashed) / 1e6, spooled,
                     failed ? style.paint("INVALID", "1;31") : style.paint("VALID", "1;32"));
}

}  // namespace ocv::reports
