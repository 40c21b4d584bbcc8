// CFG-*: the image configuration (config.md).
//
// These checks run only on documents of kind config, which the engine
// parses only when a manifest's config descriptor has an image config type
// (OCI or Docker); unknown config types stay opaque (MAN-019). Every OPTIONAL
// field may be null ("equivalent to being absent"), so null is accepted for
// all of them; the official schema rejects null for most fields.
//
// Not here: CFG-008 (diff_ids against the uncompressed layers) belongs to the
// layer pass. CFG-016 (Labels follow the annotation rules) is reported under
// the ANN-* IDs, including the type of Labels itself, and CFG-022 (a blob
// referenced as an image config is an object passing these rules) is the sum
// of MT-002, JSON-007 and the rules below, each reported on its own: both are
// registered for the catalogue but report nothing themselves.
// The platform values (architecture, os, variant, os.version, os.features)
// are checked by the PLAT-* rules.
#include <span>

#include <fmt/format.h>

#include "rules/families.hpp"
#include "rules/grammar.hpp"
#include "rules/json_access.hpp"
#include "validator/digest/digest.hpp"
#include "validator/model/image_facts.hpp"
#include "validator/model/media_types.hpp"

namespace ocv::rules {
namespace {

using engine::DescriptorRole;
using engine::DescriptorView;
using engine::DocKind;
using engine::DocumentView;
using engine::FindingSink;
using engine::ImageView;
using engine::Severity;
namespace mt = engine::mt;

/// Member `name` when present and not null (null means absent for the
/// optional fields of a config).
const rapidjson::Value* optional_member(const rapidjson::Value& object, std::string_view name) {
  const auto* v = member(object, name);
  return v == nullptr || v->IsNull() ? nullptr : v;
}

const rapidjson::Value* config_root(const DocumentView& doc) {
  return object_root(doc, DocKind::config);
}

/// The `config` object of a config document (execution parameters), or null.
const rapidjson::Value* exec_config(const rapidjson::Value& root) {
  const auto* v = optional_member(root, "config");
  return v != nullptr && v->IsObject() ? v : nullptr;
}

// CFG-001, CFG-002: architecture and os are present strings.
void check_required_strings(const DocumentView& doc, const rapidjson::Value& root,
                            FindingSink& sink) {
  for (const auto& [name, id] :
       {std::pair{"architecture", "CFG-001"}, std::pair{"os", "CFG-002"}}) {
    const auto* v = member(root, name);
    if (v == nullptr)
      sink.report(id, doc, json::pointer_append("", name),
                  fmt::format("the config has no {}; it is required", name));
    else if (!v->IsString())
      sink.report(id, doc, json::pointer_append("", name),
                  fmt::format("{} must be a string, found {}", name, type_name(*v)));
  }
}

// CFG-006: a diff_id is a digest, well-formed for its algorithm.
void check_diff_id(const DocumentView& doc, const rapidjson::Value& v, rapidjson::SizeType i,
                   FindingSink& sink) {
  const auto pointer = json::pointer_append("/rootfs/diff_ids", i);
  const auto text = as_view(v);
  const auto parsed = digest::parse(text);
  if (!parsed) {
    sink.report("CFG-006", doc, pointer,
                fmt::format("rootfs.diff_ids[{}] {} is not a digest (algorithm:encoded, e.g. "
                            "sha256:<64 hex>)",
                            i, quoted(text)));
    return;
  }
  if (const auto err = digest::algorithm_form_error(*parsed))
    sink.report("CFG-006", doc, pointer,
                fmt::format("rootfs.diff_ids[{}] is not a valid {} digest: {}", i,
                            parsed->algorithm, *err));
}

// CFG-003, CFG-004, CFG-005, CFG-006: rootfs is an object whose type is
// "layers" (an unknown type MUST be an error) and whose diff_ids is an
// array of digests.
void check_rootfs(const DocumentView& doc, const rapidjson::Value& root, FindingSink& sink) {
  const auto* rootfs = member(root, "rootfs");
  if (rootfs == nullptr || !rootfs->IsObject()) {
    sink.report("CFG-003", doc, "/rootfs",
                rootfs == nullptr
                    ? std::string("the config has no rootfs; it is required")
                    : fmt::format("rootfs must be an object, found {}", type_name(*rootfs)));
    return;
  }
  const auto* type = member(*rootfs, "type");
  if (type == nullptr)
    sink.report("CFG-004", doc, "/rootfs/type", "rootfs.type is missing; it must be \"layers\"");
  else if (!type->IsString())
    sink.report("CFG-004", doc, "/rootfs/type",
                fmt::format("rootfs.type must be \"layers\", found {}", type_name(*type)));
  else if (as_view(*type) != "layers")
    sink.report("CFG-004", doc, "/rootfs/type",
                fmt::format("rootfs.type must be \"layers\", found {}", quoted(as_view(*type))));

  const auto* diff_ids = member(*rootfs, "diff_ids");
  if (diff_ids == nullptr || !diff_ids->IsArray()) {
    sink.report("CFG-005", doc, "/rootfs/diff_ids",
                diff_ids == nullptr ? std::string("rootfs.diff_ids is missing; it is required")
                                    : fmt::format("rootfs.diff_ids must be an array of strings, "
                                                  "found {}",
                                                  type_name(*diff_ids)));
    return;
  }
  for (rapidjson::SizeType i = 0; i < diff_ids->Size(); ++i) {
    const auto& item = (*diff_ids)[i];
    if (item.IsString())
      check_diff_id(doc, item, i, sink);
    else
      sink.report(
          "CFG-005", doc, json::pointer_append("/rootfs/diff_ids", i),
          fmt::format("rootfs.diff_ids[{}] must be a digest string, found {}", i, type_name(item)));
  }
}

// CFG-012: the types of the optional fields.
enum class Want { string, boolean, integer, object, string_array, object_map, object_array };

struct FieldType {
  std::string_view name;
  Want want;
};

constexpr FieldType kTopFields[] = {
    {"author", Want::string},     {"variant", Want::string},
    {"os.version", Want::string}, {"os.features", Want::string_array},
    {"config", Want::object},     {"history", Want::object_array},
};
// config.Labels is an annotations map: its type and values are ANN-001's
// (CFG-016), so it is not in this table.
constexpr FieldType kExecFields[] = {
    {"User", Want::string},
    {"WorkingDir", Want::string},
    {"StopSignal", Want::string},
    {"Env", Want::string_array},
    {"Entrypoint", Want::string_array},
    {"Cmd", Want::string_array},
    {"ExposedPorts", Want::object_map},
    {"Volumes", Want::object_map},
    {"ArgsEscaped", Want::boolean},
    {"Memory", Want::integer},
    {"MemorySwap", Want::integer},
    {"CpuShares", Want::integer},
    {"Healthcheck", Want::object},
};
constexpr FieldType kHistoryFields[] = {
    {"author", Want::string},
    {"created_by", Want::string},
    {"comment", Want::string},
    {"empty_layer", Want::boolean},
};

std::string_view wanted(Want want) {
  switch (want) {
    case Want::string:
      return "a string";
    case Want::boolean:
      return "a boolean";
    case Want::integer:
      return "an integer";
    case Want::object:
      return "an object";
    case Want::string_array:
      return "an array of strings";
    case Want::object_map:
      return "an object whose values are objects";
    case Want::object_array:
      return "an array of objects";
  }
  return "";
}

bool has_type(const rapidjson::Value& v, Want want) {
  switch (want) {
    case Want::string:
      return v.IsString();
    case Want::boolean:
      return v.IsBool();
    case Want::integer:
      return v.IsInt64();
    case Want::object:
    case Want::object_map:
      return v.IsObject();
    case Want::string_array:
    case Want::object_array:
      return v.IsArray();
  }
  return false;
}

/// "config.Env" from the pointer "/config/Env": the dotted name a user knows.
std::string dotted(std::string_view pointer) {
  std::string out(pointer.substr(pointer.empty() ? 0 : 1));
  for (auto& c : out)
    if (c == '/') c = '.';
  return out;
}

void check_field_types(const DocumentView& doc, const rapidjson::Value& object,
                       std::string_view base, std::span<const FieldType> fields,
                       FindingSink& sink) {
  for (const auto& f : fields) {
    const auto* v = optional_member(object, f.name);
    if (v == nullptr) continue;
    const auto pointer = json::pointer_append(base, f.name);
    if (!has_type(*v, f.want)) {
      sink.report("CFG-012", doc, pointer,
                  fmt::format("{} must be {}, found {}", dotted(pointer), wanted(f.want),
                              v->IsNumber() && f.want == Want::integer ? "a non-integer number"
                                                                       : type_name(*v)));
      continue;
    }
    if (f.want == Want::string_array || f.want == Want::object_array) {
      const bool strings = f.want == Want::string_array;
      for (rapidjson::SizeType i = 0; i < v->Size(); ++i) {
        const auto& item = (*v)[i];
        if (strings ? item.IsString() : item.IsObject()) continue;
        sink.report("CFG-012", doc, json::pointer_append(pointer, i),
                    fmt::format("{}[{}] must be {}, found {}", dotted(pointer), i,
                                strings ? "a string" : "an object", type_name(item)));
      }
    } else if (f.want == Want::object_map) {
      // Go would read a null value as {}, but the official schema (and so
      // the official validator) requires objects.
      for (const auto& m : v->GetObject()) {
        if (m.value.IsObject()) continue;
        const auto item = json::pointer_append(pointer, as_view(m.name));
        sink.report("CFG-012", doc, item,
                    fmt::format("{}[{}] must be an object ({{}}), found {}", dotted(pointer),
                                quoted(as_view(m.name)), type_name(m.value)));
      }
    }
  }
}

void check_types(const DocumentView& doc, const rapidjson::Value& root, FindingSink& sink) {
  check_field_types(doc, root, "", kTopFields, sink);
  if (const auto* exec = exec_config(root))
    check_field_types(doc, *exec, "/config", kExecFields, sink);
  const auto* history = optional_member(root, "history");
  if (history == nullptr || !history->IsArray()) return;
  for (rapidjson::SizeType i = 0; i < history->Size(); ++i)
    if ((*history)[i].IsObject())
      check_field_types(doc, (*history)[i], json::pointer_append("/history", i), kHistoryFields,
                        sink);
}

// CFG-010, CFG-011: created dates are RFC 3339 date-times.
void check_date(const DocumentView& doc, const rapidjson::Value& object, std::string_view base,
                std::string_view id, FindingSink& sink) {
  const auto* v = optional_member(object, "created");
  if (v == nullptr) return;
  const auto pointer = json::pointer_append(base, "created");
  if (!v->IsString())
    sink.report(id, doc, pointer,
                fmt::format("{} must be an RFC 3339 date-time string, found {}", dotted(pointer),
                            type_name(*v)));
  else if (!grammar::is_rfc3339(as_view(*v)))
    sink.report(id, doc, pointer,
                fmt::format("{} {} is not an RFC 3339 date-time such as "
                            "2015-10-31T22:22:56.015925234Z",
                            dotted(pointer), quoted(as_view(*v))));
}

void check_dates(const DocumentView& doc, const rapidjson::Value& root, FindingSink& sink) {
  check_date(doc, root, "", "CFG-010", sink);
  const auto* history = optional_member(root, "history");
  if (history == nullptr || !history->IsArray()) return;
  for (rapidjson::SizeType i = 0; i < history->Size(); ++i)
    if ((*history)[i].IsObject())
      check_date(doc, (*history)[i], json::pointer_append("/history", i), "CFG-011", sink);
}

// CFG-009: one history entry per layer, besides those marked empty_layer.
void check_history_count(const DocumentView& doc, FindingSink& sink) {
  const auto* facts = doc.config_facts;
  if (facts == nullptr || !facts->history_layers || !facts->diff_ids) return;
  if (*facts->history_layers != facts->diff_ids->size())
    sink.report("CFG-009", doc, "/history",
                fmt::format("history has {} entry(ies) not marked empty_layer, but "
                            "rootfs.diff_ids lists {} layer(s)",
                            *facts->history_layers, facts->diff_ids->size()));
}

// CFG-013: every Env entry is NAME=VALUE. A value with a line break is
// legal (Docker writes them), but the official validator's regular
// expression rejects it.
void check_env(const DocumentView& doc, const rapidjson::Value& exec, FindingSink& sink) {
  const auto* env = optional_member(exec, "Env");
  if (env == nullptr || !env->IsArray()) return;
  for (rapidjson::SizeType i = 0; i < env->Size(); ++i) {
    const auto& item = (*env)[i];
    if (!item.IsString()) continue;  // CFG-012
    const auto entry = as_view(item);
    const auto pointer = json::pointer_append("/config/Env", i);
    const auto eq = entry.find('=');
    if (eq == std::string_view::npos || eq == 0)
      sink.report("CFG-013", doc, pointer,
                  fmt::format("config.Env[{}] {} is not in the form NAME=VALUE{}", i, quoted(entry),
                              eq == 0 ? " (the name is empty)" : ""));
    else if (entry.find('\n', eq) != std::string_view::npos)
      sink.report("CFG-013", doc, pointer,
                  fmt::format("config.Env[{}] (variable {}) has a value with a line break: "
                              "valid, but the official OCI validator would reject it",
                              i, quoted(entry.substr(0, eq))),
                  Severity::note);
  }
}

/// P-PORT: "80", "80/tcp", "53/udp" with a port of 1..65535. Returns the
/// protocol ("" for none), or nullopt when the key does not parse.
std::optional<std::string_view> parse_port(std::string_view key) {
  const auto slash = key.find('/');
  const auto number = key.substr(0, slash);
  if (number.empty() || number.size() > 5) return std::nullopt;
  unsigned value = 0;
  for (char c : number) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + static_cast<unsigned>(c - '0');
  }
  if (value < 1 || value > 65535) return std::nullopt;
  if (slash == std::string_view::npos) return std::string_view();
  if (slash + 1 == key.size()) return std::nullopt;  // "80/"
  return key.substr(slash + 1);
}

// CFG-014: ExposedPorts keys are port, port/tcp or port/udp.
void check_ports(const DocumentView& doc, const rapidjson::Value& exec, FindingSink& sink) {
  const auto* ports = optional_member(exec, "ExposedPorts");
  if (ports == nullptr || !ports->IsObject()) return;
  for (const auto& m : ports->GetObject()) {
    const auto key = as_view(m.name);
    const auto pointer = json::pointer_append("/config/ExposedPorts", key);
    const auto protocol = parse_port(key);
    if (protocol && (protocol->empty() || *protocol == "tcp" || *protocol == "udp")) continue;
    if (protocol && *protocol == "sctp")
      sink.report("CFG-014", doc, pointer,
                  fmt::format("config.ExposedPorts key {} uses sctp, a Docker extension the "
                              "spec does not list (port, port/tcp, port/udp)",
                              quoted(key)),
                  Severity::note);
    else
      sink.report("CFG-014", doc, pointer,
                  fmt::format("config.ExposedPorts key {} is not port, port/tcp or port/udp "
                              "with a port of 1-65535",
                              quoted(key)));
  }
}

// CFG-015: ExposedPorts and Volumes map their keys to empty objects.
void check_empty_values(const DocumentView& doc, const rapidjson::Value& exec, FindingSink& sink) {
  for (const char* name : {"ExposedPorts", "Volumes"}) {
    const auto* map = optional_member(exec, name);
    if (map == nullptr || !map->IsObject()) continue;
    for (const auto& m : map->GetObject()) {
      if (!m.value.IsObject() || m.value.MemberCount() == 0) continue;  // CFG-012 or fine
      sink.report("CFG-015", doc,
                  json::pointer_append(json::pointer_append("/config", name), as_view(m.name)),
                  fmt::format("config.{}[{}] should be an empty object {{}}, found an object "
                              "with {} member(s), which is ignored",
                              name, quoted(as_view(m.name)), m.value.MemberCount()));
    }
  }
}

/// SIGNAME as config.md shows it: "SIG" then upper-case letters or digits,
/// optionally "+n" or "-n" (SIGRTMIN+3).
bool is_signal_name(std::string_view s) {
  if (!s.starts_with("SIG") || s.size() == 3) return false;
  std::size_t i = 3;
  while (i < s.size() && ((s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= '0' && s[i] <= '9'))) ++i;
  if (i == 3) return false;
  if (i == s.size()) return true;
  if (s[i] != '+' && s[i] != '-') return false;
  if (++i == s.size()) return false;
  for (; i < s.size(); ++i)
    if (s[i] < '0' || s[i] > '9') return false;
  return true;
}

// CFG-017: StopSignal is a signal name like SIGTERM or SIGRTMIN+3.
void check_stop_signal(const DocumentView& doc, const rapidjson::Value& exec, FindingSink& sink) {
  const auto* v = optional_member(exec, "StopSignal");
  if (v == nullptr || !v->IsString() || v->GetStringLength() == 0) return;
  if (!is_signal_name(as_view(*v)))
    sink.report("CFG-017", doc, "/config/StopSignal",
                fmt::format("config.StopSignal {} is not a signal name in the form SIGNAME "
                            "(e.g. SIGTERM, SIGRTMIN+3)",
                            quoted(as_view(*v))));
}

// CFG-018: ArgsEscaped is deprecated and means something only on Windows.
void check_args_escaped(const DocumentView& doc, const rapidjson::Value& root,
                        const rapidjson::Value& exec, FindingSink& sink) {
  const auto* v = optional_member(exec, "ArgsEscaped");
  if (v == nullptr || !v->IsBool() || !v->GetBool()) return;
  const auto* os = member(root, "os");
  const std::string_view os_name = os != nullptr && os->IsString() ? as_view(*os) : "";
  if (os_name != "windows")
    sink.report("CFG-018", doc, "/config/ArgsEscaped",
                fmt::format("config.ArgsEscaped is true for os {}: the field is deprecated and "
                            "only meaningful on windows",
                            quoted(os_name)));
}

// CFG-019: User is user, uid, user:group, uid:gid, uid:group or user:gid.
void check_user(const DocumentView& doc, const rapidjson::Value& exec, FindingSink& sink) {
  const auto* v = optional_member(exec, "User");
  if (v == nullptr || !v->IsString() || v->GetStringLength() == 0) return;
  const auto user = as_view(*v);
  const auto colon = user.find(':');
  const bool ok =
      colon != 0 &&
      (colon == std::string_view::npos ||
       (colon + 1 < user.size() && user.find(':', colon + 1) == std::string_view::npos));
  if (!ok)
    sink.report(
        "CFG-019", doc, "/config/User",
        fmt::format("config.User {} is not user, uid, user:group or uid:gid", quoted(user)));
}

// CFG-020: Memory, MemorySwap, CpuShares and Healthcheck are reserved for
// Docker compatibility. Docker configs use them natively: no note there.
void check_reserved(const DocumentView& doc, const rapidjson::Value& exec, FindingSink& sink) {
  if (doc.claimed_media_type == mt::kDockerConfig) return;
  for (const char* name : {"Memory", "MemorySwap", "CpuShares", "Healthcheck"})
    if (optional_member(exec, name) != nullptr)
      sink.report("CFG-020", doc, json::pointer_append("/config", name),
                  fmt::format("config.{} is reserved for Docker compatibility; OCI runtimes "
                              "ignore it",
                              name));
}

void check_config_document(const DocumentView& doc, FindingSink& sink) {
  const auto* root = config_root(doc);
  if (root == nullptr) return;
  check_required_strings(doc, *root, sink);
  check_rootfs(doc, *root, sink);
  check_types(doc, *root, sink);
  check_dates(doc, *root, sink);
  check_history_count(doc, sink);
  if (const auto* exec = exec_config(*root)) {
    check_env(doc, *exec, sink);
    check_ports(doc, *exec, sink);
    check_empty_values(doc, *exec, sink);
    check_stop_signal(doc, *exec, sink);
    check_args_escaped(doc, *root, *exec, sink);
    check_user(doc, *exec, sink);
    check_reserved(doc, *exec, sink);
  }
}

// CFG-021: the ImageID is the sha256 of the config; a config addressed with
// another algorithm has a digest that is not its ImageID.
void check_config_descriptor(const DescriptorView& d, FindingSink& sink) {
  if (d.role != DescriptorRole::config || d.parent == nullptr ||
      d.parent->kind != DocKind::manifest || !mt::is_image_config(d.media_type()))
    return;
  const auto parsed = digest::parse(d.digest());
  if (!parsed || parsed->algorithm == "sha256") return;
  sink.report("CFG-021", *d.parent, d.member_pointer("digest"),
              fmt::format("the config is addressed with {}, but the ImageID is the sha256 of the "
                          "config, so tools will show an ID that differs from this digest",
                          quoted(parsed->algorithm)));
}

// CFG-007: one diff_id per layer of the manifest, in the same order.
void check_diff_id_count(const ImageView& image, FindingSink& sink) {
  if (image.config_facts == nullptr) return;
  const auto& manifest = *image.manifest_facts;
  const auto& diff_ids = image.config_facts->diff_ids;
  if (!manifest.config || !manifest.layer_count || !manifest.config->media_type ||
      !mt::is_image_config(*manifest.config->media_type) || !diff_ids)
    return;  // CFG-005 and the manifest rules report the missing parts
  if (diff_ids->size() != *manifest.layer_count)
    sink.report("CFG-007", *image.config, "/rootfs/diff_ids",
                fmt::format("rootfs.diff_ids has {} entry(ies) but the manifest {} has {} layer(s)",
                            diff_ids->size(), image.manifest->blob, *manifest.layer_count));
}

}  // namespace

void register_config_rules(engine::Registry& registry) {
  registry.add_rules({
      {.id = "CFG-001",
       .level = "MUST",
       .severity = Severity::error,
       .title = "architecture is present and is a string",
       .spec = "config.md#properties",
       .help =
           "Add \"architecture\" with the CPU architecture as a Go GOARCH value, e.g. \"amd64\".",
       .scope = engine::kScopeImage | engine::kScopeImageConfig,
       .catalogue = {.source = "config.md § Properties `architecture` (REQUIRED)",
                     .requirement = "`architecture` is present and is a string",
                     .applies_to = "C",
                     .check = "schema; values PLAT-003"}},
      {.id = "CFG-002",
       .level = "MUST",
       .severity = Severity::error,
       .title = "os is present and is a string",
       .spec = "config.md#properties",
       .help = "Add \"os\" with the operating system as a Go GOOS value, e.g. \"linux\".",
       .scope = engine::kScopeImage | engine::kScopeImageConfig,
       .catalogue = {.source = "config.md `os` (REQUIRED)",
                     .requirement = "`os` is present and is a string",
                     .applies_to = "C",
                     .check = "schema; values PLAT-004"}},
      {.id = "CFG-003",
       .level = "MUST",
       .severity = Severity::error,
       .title = "rootfs is present and is an object",
       .spec = "config.md#properties",
       .help =
           "Add \"rootfs\": {\"type\": \"layers\", \"diff_ids\": [...]} listing the uncompressed "
           "digest of each layer.",
       .scope = engine::kScopeImage | engine::kScopeImageConfig,
       .catalogue = {.source = "config.md `rootfs` (REQUIRED)",
                     .requirement = "`rootfs` is present and is an object",
                     .applies_to = "C",
                     .check = "schema"}},
      {.id = "CFG-004",
       .level = "MUST",
       .severity = Severity::error,
       .title = "rootfs.type is \"layers\"",
       .spec = "config.md#properties",
       .help = "Set rootfs.type to \"layers\", the only value defined; implementations must reject "
               "others.",
       .scope = engine::kScopeImage | engine::kScopeImageConfig,
       .catalogue = {.source = "config.md `rootfs.type`",
                     .requirement = "`rootfs.type` == `layers`; implementations MUST raise an "
                                    "error on an unknown value",
                     .applies_to = "C",
                     .check = "schema (enum)"}},
      {.id = "CFG-005",
       .level = "MUST",
       .severity = Severity::error,
       .title = "rootfs.diff_ids is present and is an array of strings",
       .spec = "config.md#properties",
       .help = "Add rootfs.diff_ids with one digest string per layer, in order from first to last.",
       .scope = engine::kScopeImage | engine::kScopeImageConfig,
       .catalogue = {.source = "config.md `rootfs.diff_ids` (REQUIRED)",
                     .requirement = "`rootfs.diff_ids` is present and is an array of strings",
                     .applies_to = "C",
                     .check = "schema"}},
      {.id = "CFG-006",
       .level = "MUST",
       .severity = Severity::error,
       .title = "Every diff_id is a well-formed digest",
       .spec = "config.md#layer-diffid",
       .help =
           "Write each diff_id as algorithm:encoded, e.g. sha256: followed by 64 lower-case hex "
           "characters of the uncompressed layer's digest.",
       .scope = engine::kScopeImage | engine::kScopeImageConfig,
       .catalogue =
           {.source = "config.md § Layer DiffID (\"serialized in the descriptor digest format\")",
            .requirement = "each diff_id matches P-DIG and the per-algorithm pattern",
            .applies_to = "C",
            .check = "rx (the schema only says \"string\")",
            .level = "MUST (def)"}},
      {.id = "CFG-007",
       .level = "MUST",
       .severity = Severity::error,
       .title = "There is one diff_id per manifest layer",
       .spec = "config.md#layer-diffid",
       .help =
           "rootfs.diff_ids and the manifest's layers must list the same layers in the same order; "
           "rebuild the config or the manifest so that the counts agree.",
       .scope = engine::kScopeImage | engine::kScopeImageConfig,
       .catalogue = {.source = "manifest.md `layers` + config.md `rootfs.diff_ids` (\"in order "
                               "from first to last\")",
                     .requirement = "`len(diff_ids) == len(manifest.layers)`",
                     .applies_to = "M + C (config type is the OCI/Docker image config)",
                     .check = "xdoc",
                     .level = "MUST (derived)"}},
      {.id = "CFG-009",
       .level = "SHOULD",
       .severity = Severity::warning,
       .title = "History has one non-empty entry per layer",
       .spec = "config.md#properties",
       .help = "Give each layer one history entry and mark entries that add no layer with "
               "\"empty_layer\": true; tools match history to layers by position.",
       .scope = engine::kScopeImage | engine::kScopeImageConfig,
       .catalogue =
           {.source = "config.md `history` (\"history of each layer\"), `empty_layer` (\"true if "
                      "this history item doesn't correspond to an actual layer\")",
            .requirement =
                "the number of history entries without `empty_layer: true` == `len(diff_ids)`",
            .applies_to = "C",
            .check = "doc (a single document; JSON Schema cannot count). The spec's own valid "
                     "vector config_test.go:156 breaks it (1 vs 2), so keep it a warning",
            .level = "SHOULD (derived)"}},
      {.id = "CFG-010",
       .level = "MUST",
       .severity = Severity::error,
       .title = "created is an RFC 3339 date-time",
       .spec = "config.md#properties",
       .help = "Write created as an RFC 3339 date-time, e.g. 2015-10-31T22:22:56.015925234Z.",
       .scope = engine::kScopeImage | engine::kScopeImageConfig,
       .catalogue = {.source =
                         "config.md `created` (\"formatted as defined by RFC 3339, section 5.6\")",
                     .requirement = "`created` is an RFC 3339 date-time",
                     .applies_to = "C",
                     .check = "schema `format: date-time` (valijson asserts it, with the quirks in "
                              "schema-notes.md) or rx P-RFC3339",
                     .level = "MUST (def)"}},
      {.id = "CFG-011",
       .level = "MUST",
       .severity = Severity::error,
       .title = "history[].created is an RFC 3339 date-time",
       .spec = "config.md#properties",
       .help = "Write each history[].created as an RFC 3339 date-time, e.g. 2015-10-31T22:22:54Z.",
       .scope = engine::kScopeImage | engine::kScopeImageConfig,
       .catalogue = {.source = "config.md `history[].created`",
                     .requirement = "each `history[].created` is an RFC 3339 date-time",
                     .applies_to = "C",
                     .check = "as CFG-010",
                     .level = "MUST (def)"}},
      {.id = "CFG-012",
       .level = "MUST",
       .severity = Severity::error,
       .title = "Optional config fields have their defined types",
       .spec = "config.md#properties",
       .help = "Give each field the type config.md defines (or null, which means absent): strings, "
               "arrays of strings, objects, booleans and integers as listed there.",
       .scope = engine::kScopeImage | engine::kScopeImageConfig,
       .catalogue =
           {.source = "config.md § Properties (types) + \"Any OPTIONAL field MAY also be set to "
                      "null, which is equivalent to being absent\"",
            .requirement =
                "field types: author, variant, os.version, config.User, config.WorkingDir, "
                "config.StopSignal, history[].{author, created_by, comment} strings; os.features, "
                "config.Env, config.Entrypoint, config.Cmd arrays of strings; config.ExposedPorts, "
                "config.Volumes objects of objects; config.Labels string map; config.ArgsEscaped "
                "and history[].empty_layer booleans; Memory, MemorySwap, CpuShares integers; "
                "Healthcheck object; history array of objects. **null is allowed for every "
                "OPTIONAL field**",
            .applies_to = "C",
            .check =
                "schema, **but the official schema rejects null** everywhere except Entrypoint, "
                "Cmd, Volumes and Labels (e.g. `\"config\": null`, `\"Env\": null`, `\"created\": "
                "null`): accept null in code before the schema runs, or use a patched schema",
            .level = "MUST (def) + MAY"}},
      {.id = "CFG-013",
       .level = "MUST",
       .severity = Severity::error,
       .title = "Every Env entry is NAME=VALUE",
       .spec = "config.md#properties",
       .help = "Write each config.Env entry as NAME=VALUE with a non-empty name.",
       .scope = engine::kScopeImage | engine::kScopeImageConfig,
       .catalogue = {.source =
                         "config.md `Env` (\"format of VARNAME=VARVALUE\"); schema/validator.go",
                     .requirement = "every Env entry matches P-ENV",
                     .applies_to = "C",
                     .check = "rx (Go-only check in the official validator; not in JSON Schema). A "
                              "value with a newline passes P-ENV but fails the official regex: "
                              "report it as a note \"official validator would reject\"",
                     .level = "MUST (def; the official validator enforces it)"}},
      {.id = "CFG-014",
       .level = "SHOULD",
       .severity = Severity::warning,
       .title = "ExposedPorts keys are port, port/tcp or port/udp",
       .spec = "config.md#properties",
       .help = "Write each config.ExposedPorts key as a port number 1-65535, optionally followed "
               "by /tcp or /udp.",
       .scope = engine::kScopeImage | engine::kScopeImageConfig,
       .catalogue = {.source = "config.md `ExposedPorts` (\"keys can be in the format of port/tcp, "
                               "port/udp, port\")",
                     .requirement = "ExposedPorts keys match P-PORT",
                     .applies_to = "C",
                     .check = "rx",
                     .level = "SHOULD (def)"}},
      {.id = "CFG-015",
       .level = "SHOULD",
       .severity = Severity::note,
       .title = "ExposedPorts and Volumes values are {}",
       .spec = "config.md#properties",
       .help = "Map each config.ExposedPorts and config.Volumes key to an empty object {}; other "
               "values are ignored.",
       .scope = engine::kScopeImage | engine::kScopeImageConfig,
       .catalogue = {.source = "config.md `ExposedPorts`/`Volumes` (Go `map[string]struct{}`, "
                               "\"mapping its keys to an empty object\")",
                     .requirement = "values are `{}`",
                     .applies_to = "C",
                     .check = "doc (the schema only says \"object\")",
                     .level = "SHOULD (def)"}},
      {.id = "CFG-017",
       .level = "MAY",
       .severity = Severity::note,
       .title = "StopSignal is a signal name",
       .spec = "config.md#properties",
       .help =
           "Write config.StopSignal as a signal name such as SIGTERM or SIGRTMIN+3; numbers depend "
           "on the platform.",
       .scope = engine::kScopeImage | engine::kScopeImageConfig,
       .catalogue = {.source =
                         "config.md `StopSignal` (\"can be a signal name in the format SIGNAME\")",
                     .requirement = "StopSignal looks like `SIG[A-Z0-9]+(\\+[0-9]+)?` (e.g. "
                                    "`SIGRTMIN+3`); numbers are common in Docker",
                     .applies_to = "C",
                     .check = "rx",
                     .level = "MAY (def)"}},
      {.id = "CFG-018",
       .level = "SHOULD NOT",
       .severity = Severity::note,
       .title = "ArgsEscaped is not set outside Windows",
       .spec = "config.md#properties",
       .help = "Drop config.ArgsEscaped: it is deprecated and only meaningful for Windows images.",
       .scope = engine::kScopeImage | engine::kScopeImageConfig,
       .catalogue = {.source = "config.md `ArgsEscaped` ([Deprecated])",
                     .requirement =
                         "new builders do not set ArgsEscaped; it is meaningful only for Windows",
                     .applies_to = "C",
                     .check = "doc: `true` with os != windows",
                     .level = "SHOULD NOT (lowercase \"should not\")"}},
      {.id = "CFG-019",
       .level = "MAY",
       .severity = Severity::note,
       .title = "User is user, uid, user:group or uid:gid",
       .spec = "config.md#properties",
       .help = "Write config.User as a user name or uid, optionally followed by :group or :gid.",
       .scope = engine::kScopeImage | engine::kScopeImageConfig,
       .catalogue =
           {.source = "config.md `User`",
            .requirement =
                "User is one of user, uid, user:group, uid:gid, uid:group, user:gid (Linux)",
            .applies_to = "C",
            .check = "rx `^[^:]+(:[^:]+)?$`",
            .level = "MAY (def)"}},
      {.id = "CFG-020",
       .level = "RESERVED",
       .severity = Severity::note,
       .title = "Memory, MemorySwap, CpuShares and Healthcheck are reserved",
       .spec = "config.md#properties",
       .help =
           "These fields exist for Docker compatibility and OCI runtimes ignore them; drop them "
           "unless Docker consumers need them.",
       .scope = engine::kScopeImage | engine::kScopeImageConfig,
       .catalogue = {.source = "config.md Memory, MemorySwap, CpuShares, Healthcheck; "
                               "media-types.md § Compatibility Matrix",
                     .requirement = "reserved for Docker compatibility",
                     .applies_to = "C",
                     .check = "doc: present → note; types integer/object"}},
      {.id = "CFG-021",
       .level = "informational",
       .severity = Severity::note,
       .title = "The config is addressed with sha256",
       .spec = "config.md#imageid",
       .help = "Address the config with sha256 so that its digest is also the image's ImageID.",
       .scope = engine::kScopeImage | engine::kScopeImageConfig,
       .catalogue = {.source = "config.md § ImageID (\"SHA256 hash of its configuration JSON\")",
                     .requirement = "ImageID = sha256(config bytes)",
                     .applies_to = "M.config",
                     .check = "doc: a config digest that is not sha256 means the ImageID is not "
                              "the config digest"}},
  });
  // Requirements whose findings carry other rules' IDs: listed so that the
  // catalogue is complete, with no check of their own (a second check would
  // report the same fault twice).
  registry.add_rules({
      {.id = "CFG-016",
       .level = "MUST",
       .severity = Severity::error,
       .title = "config.Labels follow the annotation rules (reported as ANN-*)",
       .spec = "config.md#properties",
       .help =
           "Never reported under this ID: problems with config.Labels are reported under the ANN-* "
           "rules.",
       .scope = engine::kScopeImage | engine::kScopeImageConfig,
       .catalogue = {.source = "config.md `Labels`",
                     .requirement = "`config.Labels` follow the annotation rules",
                     .applies_to = "C",
                     .check = "ANN-*"}},
      {.id = "CFG-022",
       .level = "MUST",
       .severity = Severity::error,
       .title =
           "A blob referenced as an image config is a config object (reported as MT-002, JSON-007, "
           "CFG-*)",
       .spec = "config.md#properties",
       .help = "Never reported under this ID: a config blob that is not JSON is reported as "
               "MT-002, one that is not an object as JSON-007, and each broken field under its "
               "CFG-* rule.",
       .scope = engine::kScopeImage | engine::kScopeImageConfig,
       .catalogue = {.source = "manifest.md `config` + config.md",
                     .requirement =
                         "a blob referenced as `application/vnd.oci.image.config.v1+json` is an "
                         "I-JSON object that passes CFG-001..016",
                     .applies_to = "M.config → C",
                     .check = "xdoc + schema",
                     .level = "MUST (derived)"}},
  });
  registry.reported_as("CFG-022", "MT-002, JSON-007, CFG-*");
  registry.reported_as("CFG-016", "ANN-*");
  registry.on_document(check_config_document);
  registry.on_descriptor(check_config_descriptor);
  registry.on_image(check_diff_id_count);
}

}  // namespace ocv::rules
