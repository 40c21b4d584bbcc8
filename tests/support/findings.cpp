#include "tests/support/findings.hpp"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <mutex>
#include <sstream>

namespace ocv::test {

const engine::Finding* first(const std::vector<engine::Finding>& findings, std::string_view id) {
  for (const auto& f : findings)
    if (f.rule_id == id) return &f;
  return nullptr;
}

std::optional<engine::Severity> severity_of(const std::vector<engine::Finding>& findings,
                                            std::string_view id) {
  const auto* f = first(findings, id);
  return f != nullptr ? std::optional(f->severity) : std::nullopt;
}

std::string message_of(const std::vector<engine::Finding>& findings, std::string_view id) {
  const auto* f = first(findings, id);
  return f != nullptr ? f->message : std::string();
}

bool note_answer(std::string_view rule, bool fired) {
  static const char* const path = std::getenv("OCV_RULE_EVIDENCE");
  if (path != nullptr && *path != '\0') {
    static std::mutex mutex;
    const std::lock_guard lock(mutex);
    // Appended line by line: CTest runs the suites as separate processes.
    std::ofstream(path, std::ios::app) << rule << (fired ? " fired\n" : " silent\n");
  }
  return fired;
}

bool fired_at(const std::vector<engine::Finding>& findings, std::string_view id,
              std::string_view pointer) {
  for (const auto& f : findings)
    if (f.rule_id == id && f.location.pointer == pointer) return note_answer(id, true);
  return note_answer(id, false);
}

bool fired_with(const std::vector<engine::Finding>& findings, std::string_view rule,
                engine::Severity severity, std::string_view text, std::string_view member) {
  for (const auto& f : findings)
    if (f.rule_id == rule && f.severity == severity && f.message.find(text) != std::string::npos &&
        (member.empty() || f.location.member == member))
      return note_answer(rule, true);
  return note_answer(rule, false);
}

bool has_error(const std::vector<engine::Finding>& findings) {
  for (const auto& f : findings)
    if (f.severity == engine::Severity::error) return true;
  return false;
}

bool family_error(const std::vector<engine::Finding>& findings,
                  std::initializer_list<std::string_view> families) {
  for (const auto& f : findings)
    for (auto family : families)
      if (f.rule_id.starts_with(family) && f.severity == engine::Severity::error) return true;
  return false;
}

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

std::filesystem::path vector_dir(const char* kind) {
  return std::filesystem::path(OCV_TEST_DATA_DIR) / "image-spec-vectors" / kind;
}

std::vector<std::filesystem::path> valid_vectors(const char* kind) {
  std::vector<std::filesystem::path> out;
  for (const auto& e : std::filesystem::directory_iterator(vector_dir(kind)))
    if (e.path().filename().string().find("-valid") != std::string::npos) out.push_back(e.path());
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace ocv::test
