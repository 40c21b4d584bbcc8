#include "ruledocs/case_examples.hpp"

#include <fmt/format.h>
#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "apps/conformance/case_model.hpp"
#include "apps/conformance/embedded_cases.hpp"

namespace ocv::ruledocs {
namespace {

std::string scalar_text(const rapidjson::Value& v) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
  v.Accept(w);
  return {buffer.GetString(), buffer.GetSize()};
}

bool all_scalars(const rapidjson::Value& array) {
  for (const auto& v : array.GetArray())
    if (v.IsObject() || v.IsArray()) return false;
  return true;
}

/// Two-space indentation as the case files have, but an array of scalars
/// ("expect") on one line, which keeps a page's examples short.
void format(const rapidjson::Value& v, int depth, std::string& out) {
  const std::string inner(static_cast<std::size_t>(depth + 1) * 2, ' ');
  const std::string outer(static_cast<std::size_t>(depth) * 2, ' ');
  if (v.IsObject()) {
    if (v.MemberCount() == 0) {
      out += "{}";
      return;
    }
    out += "{\n";
    bool first = true;
    for (const auto& m : v.GetObject()) {
      out += first ? "" : ",\n";
      first = false;
      out += inner + scalar_text(m.name) + ": ";
      format(m.value, depth + 1, out);
    }
    out += "\n" + outer + "}";
  } else if (v.IsArray() && v.Size() != 0 && !all_scalars(v)) {
    out += "[\n";
    for (rapidjson::SizeType i = 0; i < v.Size(); ++i) {
      out += (i == 0 ? "" : ",\n") + inner;
      format(v[i], depth + 1, out);
    }
    out += "\n" + outer + "]";
  } else if (v.IsArray()) {
    out += "[";
    for (rapidjson::SizeType i = 0; i < v.Size(); ++i)
      out += (i == 0 ? "" : ", ") + scalar_text(v[i]);
    out += "]";
  } else {
    out += scalar_text(v);
  }
}

CorpusExamples read_corpus() {
  CorpusExamples out;
  for (const auto& [file, text] : conformance::embedded_case_files()) {
    const auto origin = fmt::format("corpus/cases/{}", file);
    const auto cases = conformance::parse_cases(text, origin);
    rapidjson::Document doc;
    doc.Parse(text.data(), text.size());
    // parse_cases accepted the text, so the document has its "cases" array,
    // one object per case in the same order.
    const auto& objects = doc["cases"];
    for (std::size_t i = 0; i < cases.size(); ++i) {
      const auto& c = cases[i];
      if (c.name == "valid/" + c.base && c.expect.empty() && c.exit_code == 0)
        out.valid_bases.insert(c.base);
      if (c.rule.empty()) continue;
      CaseExample e{c.name,      origin, c.about, c.base, {c.expect.begin(), c.expect.end()},
                    c.exit_code, {}};
      format(objects[static_cast<rapidjson::SizeType>(i)], 0, e.json);
      out.by_rule[c.rule].push_back(std::move(e));
    }
  }
  return out;
}

}  // namespace

const CorpusExamples& corpus_examples() {
  static const CorpusExamples corpus = read_corpus();
  return corpus;
}

}  // namespace ocv::ruledocs
