// ocv-rule-docs: writes docs/rules/ from the rule definitions and the
// conformance corpus, and the requirements catalogue from its template and
// the definitions, or checks that they hold exactly what it would write (the
// tests that keep the committed files in step with the code).
//
//   ocv-rule-docs write DIR   writes every page, removes pages of rules that are gone
//   ocv-rule-docs check DIR   exit 1 and the stale files when DIR is out of date
//   ocv-rule-docs write-catalogue TEMPLATE FILE   writes the catalogue
//   ocv-rule-docs check-catalogue TEMPLATE FILE   exit 1 when FILE is out of date
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>

#include "ruledocs/catalogue.hpp"
#include "ruledocs/rule_docs.hpp"
#include "rules/all_rules.hpp"

namespace {

namespace fs = std::filesystem;

constexpr const char* kRegenerate = "cmake --build build --target rule-docs";

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

/// The .md files in `dir` that no rule (nor the index) produces.
std::vector<fs::path> extra_pages(const fs::path& dir,
                                  const std::map<std::string, std::string>& files) {
  std::vector<fs::path> out;
  if (!fs::is_directory(dir)) return out;
  for (const auto& entry : fs::directory_iterator(dir))
    if (entry.path().extension() == ".md" && !files.contains(entry.path().filename().string()))
      out.push_back(entry.path());
  return out;
}

int write(const fs::path& dir, const std::map<std::string, std::string>& files) {
  fs::create_directories(dir);
  for (const auto& path : extra_pages(dir, files)) fs::remove(path);
  for (const auto& [name, text] : files) {
    if (fs::exists(dir / name) && read_file(dir / name) == text) continue;
    std::ofstream out(dir / name, std::ios::binary | std::ios::trunc);
    out << text;
    if (!out.flush()) {
      std::cerr << "ocv-rule-docs: cannot write " << (dir / name).string() << "\n";
      return 2;
    }
  }
  std::cout << "ocv-rule-docs: " << files.size() << " files in " << dir.string() << "\n";
  return 0;
}

int check(const fs::path& dir, const std::map<std::string, std::string>& files) {
  std::size_t stale = 0;
  for (const auto& [name, text] : files) {
    const auto path = dir / name;
    if (!fs::exists(path)) {
      std::cerr << path.string() << ": missing\n";
      ++stale;
    } else if (read_file(path) != text) {
      std::cerr << path.string() << ": differs from the rule's definition or its cases\n";
      ++stale;
    }
  }
  for (const auto& path : extra_pages(dir, files)) {
    std::cerr << path.string() << ": names no rule\n";
    ++stale;
  }
  if (stale == 0) return 0;
  std::cerr << "ocv-rule-docs: " << stale << " file(s) of " << dir.string()
            << " are out of date; regenerate them with: " << kRegenerate << "\n";
  return 1;
}

/// The catalogue commands: FILE written from TEMPLATE, or checked against it.
int catalogue(const std::string& command, const fs::path& tmpl, const fs::path& file) {
  if (!fs::is_regular_file(tmpl)) {
    std::cerr << "ocv-rule-docs: cannot read " << tmpl.string() << "\n";
    return 2;
  }
  const auto text = ocv::ruledocs::catalogue(ocv::rules::default_registry(), read_file(tmpl));
  if (command == "check-catalogue") {
    if (fs::exists(file) && read_file(file) == text) return 0;
    std::cerr << file.string()
              << ": differs from the rule definitions and the template; regenerate it with: "
              << kRegenerate << "\n";
    return 1;
  }
  if (fs::exists(file) && read_file(file) == text) return 0;
  std::ofstream out(file, std::ios::binary | std::ios::trunc);
  out << text;
  if (!out.flush()) {
    std::cerr << "ocv-rule-docs: cannot write " << file.string() << "\n";
    return 2;
  }
  std::cout << "ocv-rule-docs: wrote " << file.string() << "\n";
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string command = argc >= 2 ? argv[1] : "";
  const bool pages = argc == 3 && (command == "write" || command == "check");
  const bool list = argc == 4 && (command == "write-catalogue" || command == "check-catalogue");
  if (!pages && !list) {
    std::cerr << "usage: ocv-rule-docs write|check DIR\n"
                 "       ocv-rule-docs write-catalogue|check-catalogue TEMPLATE FILE\n";
    return 2;
  }
  try {
    if (list) return catalogue(command, argv[2], argv[3]);
    const auto files = ocv::ruledocs::rule_doc_files(ocv::rules::default_registry(),
                                                     ocv::ruledocs::corpus_examples());
    return command == "write" ? write(argv[2], files) : check(argv[2], files);
  } catch (const std::exception& e) {
    std::cerr << "ocv-rule-docs: " << e.what() << "\n";
    return 2;
  }
}
