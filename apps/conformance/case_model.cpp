#include "apps/conformance/case_model.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include <fmt/format.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "apps/conformance/embedded_cases.hpp"
#include "validator/json/strict_json.hpp"

namespace ocv::conformance {
namespace {

using Value = rapidjson::Value;

class Reader {
 public:
  explicit Reader(std::string_view origin) : origin_(origin) {}

  [[noreturn]] void fail(std::string_view pointer, std::string_view what) const {
    throw std::runtime_error(fmt::format("{}: {}: {}", origin_, pointer, what));
  }

  std::string str(const Value& v, std::string_view pointer) const {
    if (!v.IsString()) fail(pointer, "must be a string");
    return {v.GetString(), v.GetStringLength()};
  }

  const Value* member(const Value& obj, const char* name) const {
    const auto it = obj.FindMember(name);
    return it == obj.MemberEnd() ? nullptr : &it->value;
  }

  std::string opt_str(const Value& obj, const char* name, std::string_view pointer,
                      std::string fallback = "") const {
    const auto* v = member(obj, name);
    return v == nullptr ? fallback : str(*v, json::pointer_append(pointer, name));
  }

  /// Pairs of hex digits; anything else would silently become other bytes.
  std::string from_hex(std::string_view hex, std::string_view pointer) const {
    const auto digit = [](char c) {
      return c >= '0' && c <= '9'   ? c - '0'
             : c >= 'a' && c <= 'f' ? c - 'a' + 10
             : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                    : -1;
    };
    if (hex.size() % 2 != 0) fail(pointer, "hex needs an even number of digits");
    std::string out;
    for (std::size_t i = 0; i < hex.size(); i += 2) {
      const int high = digit(hex[i]), low = digit(hex[i + 1]);
      if (high < 0 || low < 0) fail(pointer, fmt::format("\"{}\" is not hex", hex.substr(i, 2)));
      out += static_cast<char>(high * 16 + low);
    }
    return out;
  }

  /// Bytes from "text" or "hex" (both optional; hex wins).
  std::string bytes(const Value& obj, std::string_view pointer, const char* text_key = "text",
                    const char* hex_key = "hex") const {
    if (const auto* h = member(obj, hex_key)) {
      const auto at = json::pointer_append(pointer, hex_key);
      return from_hex(str(*h, at), at);
    }
    return opt_str(obj, text_key, pointer);
  }

  /// An optional member of a given JSON type: a case that misspells a
  /// value's type must not silently lose it.
  const Value* typed(const Value& obj, const char* name, std::string_view pointer,
                     bool (Value::*is)() const, std::string_view what) const {
    const auto* v = member(obj, name);
    if (v != nullptr && !(v->*is)())
      fail(json::pointer_append(pointer, name), fmt::format("must be {}", what));
    return v;
  }

  static std::string json_text(const Value& v) {
    rapidjson::StringBuffer buffer;
    rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
    v.Accept(w);
    return {buffer.GetString(), buffer.GetSize()};
  }

  TarMember entry(const Value& v, std::string_view pointer) const {
    if (!v.IsObject()) fail(pointer, "a tar entry must be an object");
    TarMember m;
    m.path = opt_str(v, "path", pointer);
    const auto type = opt_str(v, "type", pointer, "file");
    static const std::map<std::string, char, std::less<>> kTypes = {
        {"file", '0'},  {"hardlink", '1'}, {"symlink", '2'}, {"char", '3'},
        {"block", '4'}, {"dir", '5'},      {"fifo", '6'}};
    if (const auto* flag = member(v, "typeflag")) {
      const auto f = str(*flag, json::pointer_append(pointer, "typeflag"));
      if (f.size() != 1) fail(pointer, "typeflag must be one character");
      m.type = f[0];
    } else if (const auto it = kTypes.find(type); it != kTypes.end()) {
      m.type = it->second;
    } else {
      fail(json::pointer_append(pointer, "type"), fmt::format("unknown entry type \"{}\"", type));
    }
    m.data = bytes(v, pointer, "data", "data_hex");
    m.link = opt_str(v, "link", pointer);
    if (const auto* mode = typed(v, "mode", pointer, &Value::IsUint, "an unsigned integer"))
      m.mode = mode->GetUint();
    if (const auto* pax = typed(v, "pax", pointer, &Value::IsObject, "an object"))
      for (const auto& p : pax->GetObject())
        m.pax[std::string(p.name.GetString(), p.name.GetStringLength())] =
            str(p.value, json::pointer_append(pointer, "pax"));
    return m;
  }

  LayerSpec layer(const Value& v, std::string_view pointer) const {
    if (!v.IsObject()) fail(pointer, "a layer must be an object");
    LayerSpec l;
    l.compression = opt_str(v, "compression", pointer, "gzip");
    if (l.compression != "gzip" && l.compression != "zstd" && l.compression != "none")
      fail(pointer, "compression must be gzip, zstd or none");
    if (const auto* mt = member(v, "mediaType"))
      l.media_type = str(*mt, json::pointer_append(pointer, "mediaType"));
    if (const auto* entries = member(v, "entries")) {
      if (!entries->IsArray()) fail(pointer, "entries must be an array");
      for (rapidjson::SizeType i = 0; i < entries->Size(); ++i)
        l.entries.push_back(entry((*entries)[i], fmt::format("{}/entries/{}", pointer, i)));
    }
    if (const auto* e = typed(v, "end_blocks", pointer, &Value::IsBool, "true or false"))
      l.end_blocks = e->GetBool();
    l.tar_suffix = bytes(v, pointer, "tar_suffix", "tar_suffix_hex");
    l.blob_suffix = bytes(v, pointer, "blob_suffix", "blob_suffix_hex");
    if (member(v, "raw") != nullptr || member(v, "raw_hex") != nullptr)
      l.raw = bytes(v, pointer, "raw", "raw_hex");
    return l;
  }

  Edit edit(const Value& v, std::string_view pointer) const {
    if (!v.IsObject()) fail(pointer, "an edit must be an object");
    Edit e;
    e.doc = opt_str(v, "doc", pointer);
    if (e.doc.empty()) fail(pointer, "an edit names its \"doc\"");
    if (const auto* set = member(v, "set")) {
      e.op = Edit::Op::set;
      e.pointer = str(*set, json::pointer_append(pointer, "set"));
      const auto* value = member(v, "value");
      if (value == nullptr) fail(pointer, "\"set\" needs a \"value\"");
      e.value_json = json_text(*value);
    } else if (const auto* remove = member(v, "remove")) {
      e.op = Edit::Op::remove;
      e.pointer = str(*remove, json::pointer_append(pointer, "remove"));
    } else if (const auto* replace = member(v, "replace")) {
      e.op = Edit::Op::replace_text;
      e.from = str(*replace, json::pointer_append(pointer, "replace"));
      e.to = bytes(v, pointer, "with", "with_hex");
    } else {
      fail(pointer, "an edit needs set, remove or replace");
    }
    return e;
  }

  After after(const Value& v, std::string_view pointer) const {
    if (!v.IsObject()) fail(pointer, "an after-step must be an object");
    After a;
    const auto target = [&](const char* key) { return opt_str(v, key, pointer); };
    const auto number = [&](const char* key) -> long long {
      const auto* n = member(v, key);
      if (n == nullptr || !n->IsInt64()) fail(pointer, fmt::format("needs an integer \"{}\"", key));
      return n->GetInt64();
    };
    if (member(v, "flip") != nullptr) {
      a = {After::Op::flip, target("flip"), number("offset"), ""};
    } else if (member(v, "truncate") != nullptr) {
      a = {After::Op::truncate, target("truncate"), number("size"), ""};
    } else if (member(v, "append") != nullptr) {
      a = {After::Op::append, target("append"), 0, bytes(v, pointer)};
    } else if (member(v, "write") != nullptr) {
      a = {After::Op::write, target("write"), 0, bytes(v, pointer)};
    } else if (member(v, "remove") != nullptr) {
      a = {After::Op::remove, target("remove"), 0, ""};
    } else if (member(v, "symlink") != nullptr) {
      a = {After::Op::symlink, target("symlink"), 0, opt_str(v, "to", pointer)};
    } else if (member(v, "fifo") != nullptr) {
      a = {After::Op::fifo, target("fifo"), 0, ""};
    } else if (member(v, "mkdir") != nullptr) {
      a = {After::Op::mkdir, target("mkdir"), 0, ""};
    } else if (member(v, "move") != nullptr) {
      a = {After::Op::move, target("move"), 0, opt_str(v, "to", pointer)};
    } else if (const auto* blob = member(v, "add_blob")) {
      if (!blob->IsObject()) fail(pointer, "add_blob takes {\"text\"} or {\"hex\"}");
      a = {After::Op::add_blob, "", 0, bytes(*blob, json::pointer_append(pointer, "add_blob"))};
    } else {
      fail(pointer, "unknown after-step");
    }
    return a;
  }

  ArchiveEdit archive_edit(const Value& v, std::string_view pointer) const {
    if (!v.IsObject()) fail(pointer, "an archive edit must be an object");
    ArchiveEdit e;
    if (const auto* set = member(v, "set")) {
      e.op = ArchiveEdit::Op::set_json;
      e.member = opt_str(v, "member", pointer);
      e.pointer = str(*set, json::pointer_append(pointer, "set"));
      const auto* value = member(v, "value");
      if (value == nullptr) fail(pointer, "\"set\" needs a \"value\"");
      e.value_json = json_text(*value);
    } else if (const auto* remove = member(v, "remove")) {
      e.op = ArchiveEdit::Op::remove_json;
      e.member = opt_str(v, "member", pointer);
      e.pointer = str(*remove, json::pointer_append(pointer, "remove"));
    } else if (const auto* add = member(v, "add_member")) {
      e.op = ArchiveEdit::Op::add_member;
      e.added = entry(*add, json::pointer_append(pointer, "add_member"));
    } else if (member(v, "remove_member") != nullptr) {
      e.op = ArchiveEdit::Op::remove_member;
      e.member = opt_str(v, "remove_member", pointer);
    } else if (const auto* n = member(v, "truncate")) {
      if (!n->IsInt64())
        fail(pointer, "\"truncate\" takes the archive's new size (negative: bytes dropped)");
      e.op = ArchiveEdit::Op::truncate;
      e.size = n->GetInt64();
    } else {
      fail(pointer, "an archive edit needs set, remove, add_member, remove_member or truncate");
    }
    if ((e.op == ArchiveEdit::Op::set_json || e.op == ArchiveEdit::Op::remove_json) &&
        e.member.empty())
      fail(pointer, "a JSON edit names its \"member\"");
    return e;
  }

  ArchiveSpec archive(const Value& v, std::string_view pointer) const {
    if (!v.IsObject()) fail(pointer, "\"archive\" must be an object");
    ArchiveSpec a;
    a.shape = opt_str(v, "shape", pointer, "oci-archive");
    if (a.shape != "oci-archive" && a.shape != "docker-archive" && a.shape != "docker-25" &&
        a.shape != "docker-containerd")
      fail(pointer, fmt::format("unknown archive shape \"{}\"", a.shape));
    a.prefix = opt_str(v, "prefix", pointer);
    a.compression = opt_str(v, "compression", pointer, "none");
    if (a.compression != "none" && a.compression != "gzip" && a.compression != "zstd")
      fail(pointer, fmt::format("unknown compression \"{}\"", a.compression));
    a.edits = list<ArchiveEdit>(v, "edit", pointer, &Reader::archive_edit);
    return a;
  }

  template <typename T, typename F>
  std::vector<T> list(const Value& obj, const char* key, std::string_view pointer, F read) const {
    std::vector<T> out;
    const auto* v = member(obj, key);
    if (v == nullptr) return out;
    const auto at = json::pointer_append(pointer, key);
    if (!v->IsArray()) fail(at, "must be an array");
    for (rapidjson::SizeType i = 0; i < v->Size(); ++i)
      out.push_back((this->*read)((*v)[i], json::pointer_append(at, i)));
    return out;
  }

  Case one(const Value& v, std::string_view pointer) const {
    if (!v.IsObject()) fail(pointer, "a case must be an object");
    Case c;
    c.origin = std::string(origin_);
    c.name = opt_str(v, "name", pointer);
    if (c.name.empty()) fail(pointer, "a case needs a name");
    c.rule = opt_str(v, "rule", pointer);
    c.about = opt_str(v, "about", pointer);
    c.base = opt_str(v, "base", pointer, "image");
    static const std::set<std::string, std::less<>> kBases = {
        "image", "multi-platform", "artifact", "referrers", "buildkit", "cosign", "notation"};
    if (!kBases.contains(c.base)) fail(pointer, fmt::format("unknown base \"{}\"", c.base));
    c.algorithm = opt_str(v, "algorithm", pointer, "sha256");
    if (member(v, "layers") != nullptr)
      c.layers = list<LayerSpec>(v, "layers", pointer, &Reader::layer);
    c.edits = list<Edit>(v, "edit", pointer, &Reader::edit);
    c.after = list<After>(v, "after", pointer, &Reader::after);
    if (const auto* a = member(v, "archive"))
      c.archive = archive(*a, json::pointer_append(pointer, "archive"));
    const auto* expect = member(v, "expect");
    if (expect == nullptr || !expect->IsArray()) fail(pointer, "a case needs an \"expect\" array");
    for (const auto& id : expect->GetArray()) c.expect.insert(str(id, pointer));
    const auto* exit = member(v, "exit");
    if (exit == nullptr || !exit->IsInt()) fail(pointer, "a case needs an integer \"exit\"");
    c.exit_code = exit->GetInt();
    if (const auto* limits = typed(v, "limits", pointer, &Value::IsObject, "an object")) {
      const auto at = json::pointer_append(pointer, "limits");
      using Limit = std::pair<const char*, std::uint64_t*>;
      for (const auto& [key, field] :
           {Limit{"max_layer_size", &c.max_layer_bytes}, Limit{"max_blob_size", &c.max_blob_bytes},
            Limit{"max_layer_index", &c.max_layer_index_bytes},
            Limit{"max_zstd_window", &c.max_zstd_window}, Limit{"max_documents", &c.max_documents},
            Limit{"max_document_memory", &c.max_document_memory},
            Limit{"max_blob_files", &c.max_blob_files}})
        if (const auto* n = typed(*limits, key, at, &Value::IsUint64, "an unsigned integer"))
          *field = n->GetUint64();
    }
    if (const auto* enable = member(v, "enable"); enable != nullptr) {
      if (!enable->IsArray()) fail(pointer, "\"enable\" must be an array of rule IDs");
      for (const auto& id : enable->GetArray()) c.enable.push_back(str(id, pointer));
    }
    return c;
  }

 private:
  std::string_view origin_;
};

}  // namespace

std::vector<Case> parse_cases(std::string_view text, std::string_view origin) {
  const auto parsed = json::parse_strict(std::string(text));
  const Reader reader(origin);
  if (!parsed->ok())
    reader.fail(fmt::format("line {}", parsed->line_col(parsed->error->offset).line),
                parsed->error->message);
  if (!parsed->duplicates.empty())
    reader.fail(parsed->duplicates.front().object_pointer.empty()
                    ? std::string("/")
                    : parsed->duplicates.front().object_pointer,
                fmt::format("\"{}\" appears twice", parsed->duplicates.front().name));
  const auto& root = parsed->dom;
  if (!root.IsObject() || !root.HasMember("cases") || !root["cases"].IsArray())
    reader.fail("/", "a case file is {\"cases\": [...]}");
  std::vector<Case> out;
  for (rapidjson::SizeType i = 0; i < root["cases"].Size(); ++i)
    out.push_back(reader.one(root["cases"][i], fmt::format("/cases/{}", i)));
  return out;
}

std::vector<Case> embedded_cases() {
  std::vector<Case> out;
  for (const auto& [name, text] : embedded_case_files()) {
    auto cases = parse_cases(text, fmt::format("corpus/cases/{}", name));
    out.insert(out.end(), cases.begin(), cases.end());
  }
  return out;
}

std::vector<Case> cases_from_directory(const std::string& dir) {
  std::vector<std::filesystem::path> files;
  for (const auto& e : std::filesystem::directory_iterator(dir))
    if (e.path().extension() == ".json") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  std::vector<Case> out;
  for (const auto& f : files) {
    std::ifstream in(f, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    auto cases = parse_cases(text.str(), f.string());
    out.insert(out.end(), cases.begin(), cases.end());
  }
  return out;
}

}  // namespace ocv::conformance
