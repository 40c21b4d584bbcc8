#include "reports/json_report.hpp"

#include "reports/json_writer.hpp"

namespace ocv::reports {
namespace {

using Writer = JsonWriter;

void key_uint(Writer& w, const char* key, std::uint64_t value) {
  w.Key(key);
  w.Uint64(value);
}

void write_policy(Writer& w, const ReportInput& in) {
  w.Key("policy");
  w.StartObject();
  write_member(w, "failOn", engine::to_string(in.policy->fail_on));
  w.Key("disabled");
  w.StartArray();
  for (const auto& id : in.policy->disabled) write_string(w, id);
  w.EndArray();
  key_uint(w, "suppressed", in.suppressed);
  w.EndObject();
}

void write_summary(Writer& w, const engine::ValidateResult& result) {
  const auto counts = engine::count(result.findings);
  w.Key("summary");
  w.StartObject();
  key_uint(w, "errors", counts.errors);
  key_uint(w, "warnings", counts.warnings);
  key_uint(w, "notes", counts.notes);
  key_uint(w, "blobs", result.summary.blobs);
  key_uint(w, "documents", result.summary.documents);
  key_uint(w, "layers", result.summary.layers);
  key_uint(w, "bytesRead", result.summary.bytes_hashed);
  key_uint(w, "bytesUncompressed", result.summary.bytes_uncompressed);
  w.Key("seconds");
  w.Double(result.summary.seconds);
  if (!result.summary.archive_kind.empty()) {
    write_member(w, "archive", result.summary.archive_kind);
    key_uint(w, "bytesSpooled", result.summary.spooled_bytes);
  }
  w.EndObject();
}

void write_images(Writer& w, const engine::ValidateResult& result) {
  w.Key("images");
  w.StartArray();
  for (const auto& image : result.summary.images) {
    w.StartObject();
    write_member(w, "name", image.name);
    write_member(w, "manifest", image.manifest);
    key_uint(w, "layers", image.layers);
    w.Key("artifact");
    w.Bool(image.artifact);
    w.EndObject();
  }
  w.EndArray();
}

void write_attachments(Writer& w, const engine::ValidateResult& result) {
  w.Key("attachments");
  w.StartArray();
  for (const auto& a : result.summary.attachments) {
    w.StartObject();
    write_member(w, "kind", a.kind);
    write_member(w, "manifest", a.manifest);
    write_member(w, "artifactType", a.artifact_type);
    write_member(w, "subject", a.subject);
    write_member(w, "image", a.image);
    w.Key("links");
    w.StartArray();
    for (const auto& link : a.links) {
      w.StartObject();
      write_member(w, "via", link.via);
      write_member(w, "digest", link.digest);
      w.Key("present");
      w.Bool(link.present);
      w.EndObject();
    }
    w.EndArray();
    w.Key("payloads");
    w.StartArray();
    for (const auto& p : a.payloads) write_string(w, p);
    w.EndArray();
    w.Key("problems");
    w.StartArray();
    for (const auto& p : a.problems) write_string(w, p);
    w.EndArray();
    w.Key("holds");
    w.Bool(a.problems.empty());
    w.EndObject();
  }
  w.EndArray();
}

void write_finding(Writer& w, const ReportInput& in, const engine::Finding& f) {
  const auto* rule = in.registry->find(f.rule_id);
  w.StartObject();
  write_member(w, "ruleId", f.rule_id);
  write_member(w, "severity", engine::to_string(f.severity));
  if (rule != nullptr) {
    write_member(w, "level", rule->level);
    write_member(w, "title", rule->title);
    write_member(w, "helpUri", rule->spec_url());
  }
  write_member(w, "message", f.message);
  write_member(w, "blob", f.location.blob);
  write_member(w, "path", in.path_of(f.location.blob.empty() ? "index.json" : f.location.blob));
  write_member(w, "pointer", f.location.pointer);
  write_member(w, "member", f.location.member);
  key_uint(w, "line", f.location.line);
  key_uint(w, "column", f.location.column);
  write_member(w, "image", f.image);
  w.Key("chain");
  w.StartArray();
  for (const auto& step : f.chain) write_string(w, step);
  w.EndArray();
  if (f.unlisted != 0) key_uint(w, "unlisted", f.unlisted);
  w.EndObject();
}

std::string_view verdict_name(engine::Verdict verdict) {
  switch (verdict) {
    case engine::Verdict::valid:
      return "valid";
    case engine::Verdict::invalid:
      return "invalid";
    case engine::Verdict::cannot_validate:
      break;
  }
  return "error";
}

}  // namespace

void write_json(const ReportInput& in, std::ostream& out) {
  JsonOutput stream(out);
  Writer w(stream);
  w.SetIndent(' ', 2);
  w.StartObject();
  w.Key("reportVersion");
  w.Int(kJsonReportVersion);
  w.Key("tool");
  w.StartObject();
  write_member(w, "name", "ocivalidate");
  write_member(w, "version", in.tool_version);
  w.EndObject();
  write_member(w, "layout", in.layout);  // as the user gave it; "path"s are normalised
  write_member(w, "started", in.started_utc);
  write_member(w, "verdict", verdict_name(in.verdict));
  w.Key("exitCode");
  w.Int(engine::exit_code(in.verdict));
  if (!in.error.empty()) write_member(w, "error", in.error);
  write_policy(w, in);
  if (in.result != nullptr) {
    write_summary(w, *in.result);
    write_images(w, *in.result);
    write_attachments(w, *in.result);
  }
  w.Key("findings");
  w.StartArray();
  if (in.result != nullptr)
    for (const auto& f : in.result->findings) write_finding(w, in, f);
  w.EndArray();
  w.EndObject();
  stream.Put('\n');
}

}  // namespace ocv::reports
