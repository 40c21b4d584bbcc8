// Images in archives: every shape users meet (oci-archive with or without
// "./" or a leading directory, the three `docker save` shapes), plain or
// compressed, read in place; faults planted in each; hostile members.
#include <sys/stat.h>

#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <fstream>
#include <tuple>

#include <fmt/format.h>

#include "apps/conformance/archive_pack.hpp"
#include "rules/all_rules.hpp"
#include "tests/support/archive_run.hpp"
#include "tests/support/cli_runner.hpp"
#include "tests/support/findings.hpp"
#include "tests/support/harness.hpp"
#include "tests/support/layout_builder.hpp"
#include "tests/support/tar_writer.hpp"
#include "validator/archive/archive_source.hpp"
#include "validator/archive/input.hpp"
#include "validator/engine/validate.hpp"

namespace fs = std::filesystem;
using ocv::conformance::ArchiveEdit;
using ocv::conformance::ArchiveSpec;
using ocv::conformance::TarMember;
using ocv::test::dump;
using ocv::test::fired;
using ocv::test::TempDir;

namespace {

struct Run {
  std::vector<ocv::engine::Finding> findings;
  ocv::engine::Summary summary;
};

Run validate(const std::string& input, const std::string& ref = "",
             std::size_t max_document_bytes = 0) {
  auto r = ocv::test::validate_input(input, ref, max_document_bytes);
  return {std::move(r.findings), std::move(r.summary)};
}

std::size_t errors(const std::vector<ocv::engine::Finding>& f) {
  return static_cast<std::size_t>(std::count_if(f.begin(), f.end(), [](const auto& x) {
    return x.severity == ocv::engine::Severity::error;
  }));
}

/// A layout with two tags of two different images.
fs::path two_tag_layout(const fs::path& dir, ocv::test::BuiltImage* second = nullptr) {
  ocv::test::LayoutBuilder b(dir / "layout");
  const auto one = b.add_image("amd64", "linux", "one\n");
  const auto two = b.add_image("amd64", "linux", "two\n");
  if (second != nullptr) *second = two;
  const auto entry = [](const ocv::test::BuiltImage& i, std::string_view tag) {
    return fmt::format(
        R"({{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"{}","size":{},)"
        R"("platform":{{"architecture":"amd64","os":"linux"}},)"
        R"("annotations":{{"org.opencontainers.image.ref.name":"{}"}}}})",
        i.manifest_digest, i.manifest.size(), tag);
  };
  b.write_oci_layout();
  b.write_index({entry(one, "1.0"), entry(two, "2.0")});
  return b.root();
}

fs::path pack(const fs::path& layout, ArchiveSpec spec, const fs::path& out) {
  ocv::conformance::pack_archive(layout, spec, out);
  return out;
}

ArchiveSpec shape(std::string name, std::string compression = "none") {
  ArchiveSpec s;
  s.shape = std::move(name);
  s.compression = std::move(compression);
  return s;
}

ArchiveEdit set_json(std::string member, std::string pointer, std::string value) {
  ArchiveEdit e;
  e.member = std::move(member);
  e.pointer = std::move(pointer);
  e.value_json = std::move(value);
  return e;
}

ArchiveEdit add(TarMember m) {
  ArchiveEdit e;
  e.op = ArchiveEdit::Op::add_member;
  e.added = std::move(m);
  return e;
}

TarMember member(std::string path, char type = '0', std::string data = "", std::string link = "") {
  TarMember m;
  m.path = std::move(path);
  m.type = type;
  m.data = std::move(data);
  m.link = std::move(link);
  return m;
}

bool has_location(const std::vector<ocv::engine::Finding>& f, std::string_view rule,
                  std::string_view blob_prefix) {
  return std::any_of(f.begin(), f.end(), [&](const auto& x) {
    return x.rule_id == rule && x.location.blob.starts_with(blob_prefix);
  });
}

}  // namespace

BOOST_AUTO_TEST_SUITE(archive_inputs)

BOOST_AUTO_TEST_CASE(input_forms_are_parsed_as_skopeo_spells_them) {
  TempDir tmp;
  const auto file = (tmp.path() / "httpd.tar").string();
  std::ofstream(file) << "x";
  using T = ocv::archive::InputSpec::Transport;
  auto s = ocv::archive::parse_input(file + ":2.4.48");
  BOOST_TEST(s.path == file);
  BOOST_TEST(s.ref == "2.4.48");
  BOOST_TEST((s.transport == T::detect));
  s = ocv::archive::parse_input("oci-archive:" + file + ":2.4");
  BOOST_TEST((s.transport == T::oci_archive));
  BOOST_TEST(s.path == file);
  BOOST_TEST(s.ref == "2.4");
  s = ocv::archive::parse_input("docker-archive:" + file);
  BOOST_TEST((s.transport == T::docker_archive));
  BOOST_TEST(s.ref.empty());
  s = ocv::archive::parse_input("oci:" + tmp.path().string() + ":latest");
  BOOST_TEST((s.transport == T::oci));
  BOOST_TEST(s.ref == "latest");
  BOOST_TEST(ocv::archive::parse_input("-").path == "-");
  BOOST_CHECK_THROW(ocv::archive::parse_input("docker://localhost/x:1"), ocv::source::SourceError);
}

BOOST_AUTO_TEST_CASE(every_shape_and_compression_validates_without_errors) {
  TempDir tmp;
  const auto layout = two_tag_layout(tmp.path());
  for (const auto* name : {"oci-archive", "docker-archive", "docker-25", "docker-containerd"})
    for (const auto* compression : {"none", "gzip", "zstd"}) {
      const auto out = tmp.path() / fmt::format("{}.{}", name, compression);
      pack(layout, shape(name, compression), out);
      const auto r = validate(out.string());
      BOOST_TEST(errors(r.findings) == 0u, name << " " << compression << "\n" << dump(r.findings));
      BOOST_TEST(r.summary.images.size() == 2u, name << " " << compression);
      BOOST_TEST(r.summary.layers == 2u, name << " " << compression);
      BOOST_TEST(!fired(r.findings, "LYT-013"), name);
      const std::string kind = std::string(name) == "oci-archive" ? "oci-archive"
                               : std::string(name) == "docker-archive"
                                   ? "docker-archive"
                                   : "docker-archive with an OCI layout";
      BOOST_TEST(r.summary.archive_kind == kind);
    }
}

BOOST_AUTO_TEST_CASE(a_layout_below_dot_or_one_directory_is_found) {
  TempDir tmp;
  const auto layout = two_tag_layout(tmp.path());
  auto dot = shape("oci-archive");
  dot.prefix = "./";
  const auto r1 = validate(pack(layout, dot, tmp.path() / "dot.tar").string());
  BOOST_TEST(errors(r1.findings) == 0u, dump(r1.findings));
  BOOST_TEST(!fired(r1.findings, "LYT-013"));
  auto nested = shape("oci-archive");
  nested.prefix = "image/";
  const auto r2 = validate(pack(layout, nested, tmp.path() / "dir.tar").string());
  BOOST_TEST(errors(r2.findings) == 0u, dump(r2.findings));
  // skopeo and podman read the layout at the archive root only.
  BOOST_TEST(fired(r2.findings, "LYT-013"));
}

BOOST_AUTO_TEST_CASE(a_ref_selects_one_tag) {
  TempDir tmp;
  const auto layout = two_tag_layout(tmp.path());
  for (const auto* name : {"oci-archive", "docker-archive", "docker-25"}) {
    const auto out = pack(layout, shape(name), tmp.path() / name).string();
    const auto r = validate(out + ":2.0");
    BOOST_TEST(r.summary.images.size() == 1u, name);
    BOOST_TEST(errors(r.findings) == 0u, dump(r.findings));
    // Blobs of the other tag are not called unreferenced.
    BOOST_TEST(!fired(r.findings, "LYT-008"), name << "\n" << dump(r.findings));
    BOOST_CHECK_THROW(validate(out + ":3.0"), ocv::source::SourceError);
  }
}

BOOST_AUTO_TEST_CASE(findings_name_the_member_inside_the_archive) {
  TempDir tmp;
  const auto layout = two_tag_layout(tmp.path());
  // A byte of the first layer flipped after packing: the legacy archive's
  // layer file, or the OCI blob.
  const auto flip = [](const fs::path& p, std::string_view member) {
    // Find the member's data in the (uncompressed) archive: the first gzip
    // or tar stream after its header; flip a byte in the middle of it.
    std::fstream f(p, std::ios::in | std::ios::out | std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(f)), {});
    const auto at = bytes.find(std::string(member));
    BOOST_REQUIRE(at != std::string::npos);
    const auto data = (at / 512 + 1) * 512 + 600;
    bytes[data] = static_cast<char>(bytes[data] ^ 1);
    f.seekp(0);
    f.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  };
  const auto legacy = pack(layout, shape("docker-archive"), tmp.path() / "legacy.tar");
  flip(legacy, "/layer.tar");
  const auto r = validate(legacy.string());
  BOOST_TEST(fired(r.findings, "CFG-008"), dump(r.findings));
  BOOST_TEST(!fired(r.findings, "DIG-007"));  // the made-up name is not a claim
  BOOST_TEST(std::any_of(r.findings.begin(), r.findings.end(),
                         [](const auto& f) {
                           return f.location.blob.ends_with("/layer.tar") ||
                                  f.location.blob.ends_with(".json");
                         }),
             dump(r.findings));
  for (const auto& f : r.findings)
    BOOST_TEST(!f.location.blob.starts_with("blobs/"), dump(r.findings));

  auto nested = shape("oci-archive");
  nested.prefix = "image/";
  const auto oci = pack(layout, nested, tmp.path() / "oci.tar");
  std::ifstream in(oci, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), {});
  in.close();
  // The first gzip layer blob: flip a byte of its compressed data.
  const auto gz = bytes.find("\x1f\x8b\x08");
  BOOST_REQUIRE(gz != std::string::npos);
  bytes[gz + 40] = static_cast<char>(bytes[gz + 40] ^ 1);
  std::ofstream(oci, std::ios::binary | std::ios::trunc) << bytes;
  const auto r2 = validate(oci.string());
  BOOST_TEST(has_location(r2.findings, "LYT-005", "image/blobs/sha256/"), dump(r2.findings));
}

BOOST_AUTO_TEST_CASE(docker_archive_faults_are_found) {
  TempDir tmp;
  ocv::test::BuiltImage two;
  const auto layout = two_tag_layout(tmp.path(), &two);
  const auto blob = [](std::string_view digest) {
    return fmt::format("\"blobs/sha256/{}\"", digest.substr(7));
  };
  struct Fault {
    const char* shape;
    ArchiveEdit edit;
    const char* rule;
  };
  const std::vector<Fault> faults = {
      {"docker-archive", set_json("manifest.json", "/0/Layers/0", R"("../../etc/passwd")"),
       "ARC-002"},
      {"docker-25", set_json("manifest.json", "/0/Layers/0", R"("/etc/passwd")"), "ARC-002"},
      {"docker-archive", set_json("manifest.json", "/0/Layers/0", R"("nowhere/layer.tar")"),
       "ARC-002"},
      {"docker-containerd",
       set_json("manifest.json", "/1/Config", blob("sha256:" + std::string(64, '0'))), "ARC-002"},
      {"docker-archive", set_json("manifest.json", "", "null"), "ARC-001"},
      {"docker-25", set_json("manifest.json", "", R"({"Config":"x"})"), "ARC-001"},
      {"docker-archive", set_json("manifest.json", "/0/RepoTags/0", R"("Bad/Name:1.0")"),
       "ARC-004"},
      {"docker-archive", set_json("manifest.json", "/0/RepoTags/0", R"("ocivalidate/case")"),
       "ARC-004"},
      {"docker-archive", set_json("repositories", "/ocivalidate~1case/9.9", R"("ab")"), "ARC-006"},
      {"docker-25", set_json("manifest.json", "/0/RepoTags/0", R"("ocivalidate/case:9.9")"),
       "ARC-007"},
      {"docker-25", set_json("index.json", "/manifests", "null"), "ARC-007"},
      {"docker-25", set_json("manifest.json", "/0/Layers", "[]"), "ARC-005"},
      {"docker-25", set_json("manifest.json", "/0/Layers/0", blob(two.diff_id)), "ARC-005"},
      {"docker-containerd", set_json("manifest.json", "/0/Layers/0", blob(two.layer_digest)),
       "ARC-005"},
  };
  for (std::size_t i = 0; i < faults.size(); ++i) {
    auto spec = shape(faults[i].shape);
    spec.edits = {faults[i].edit};
    const auto out = pack(layout, spec, tmp.path() / fmt::format("fault{}.tar", i));
    const auto r = validate(out.string());
    BOOST_TEST(fired(r.findings, faults[i].rule), faults[i].shape << " fault " << i << " expects "
                                                                  << faults[i].rule << "\n"
                                                                  << dump(r.findings));
    // ARC-006 (the legacy repositories file) is a warning; the others fail the run.
    BOOST_TEST((errors(r.findings) > 0u) == (std::string_view(faults[i].rule) != "ARC-006"),
               i << "\n"
                 << dump(r.findings));
  }
}

BOOST_AUTO_TEST_CASE(archive_rules_are_silent_on_the_real_shapes) {
  TempDir tmp;
  const auto layout = two_tag_layout(tmp.path());
  for (const auto* name : {"docker-archive", "docker-25", "docker-containerd"}) {
    const auto r = validate(pack(layout, shape(name), tmp.path() / name).string());
    for (const auto* rule :
         {"ARC-001", "ARC-002", "ARC-003", "ARC-004", "ARC-005", "ARC-006", "ARC-007", "LYT-013"})
      BOOST_TEST(!fired(r.findings, rule), name << " " << rule << "\n" << dump(r.findings));
  }
}

// The ARC rules' other branches, each named at its place: manifest.json
// entries of the wrong shape (moby image/tarexport: [{Config, RepoTags,
// Layers}]), a repositories file of the wrong shape, and index.json names
// as Docker 25 writes them (io.containerd.image.name
// "docker.io/<repo>:<tag>", org.opencontainers.image.ref.name "<tag>").
BOOST_AUTO_TEST_CASE(archive_rule_findings_name_the_broken_part) {
  TempDir tmp;
  const auto layout = two_tag_layout(tmp.path());
  struct Case {
    const char* shape;
    std::vector<ArchiveEdit> edits;
    const char* rule;
    const char* pointer;
    std::string text;
  };
  constexpr const char* kRef = "/manifests/0/annotations/org.opencontainers.image.ref.name";
  constexpr const char* kName = "/manifests/0/annotations/io.containerd.image.name";
  ArchiveEdit drop_ref;
  drop_ref.op = ArchiveEdit::Op::remove_json;
  drop_ref.member = "index.json";
  drop_ref.pointer = kRef;
  auto drop_name = drop_ref;
  drop_name.pointer = kName;
  auto drop_annotations = drop_ref;
  drop_annotations.pointer = "/manifests/0/annotations";
  auto drop_config = drop_ref;
  drop_config.member = "manifest.json";
  drop_config.pointer = "/0/Config";
  auto drop_layers = drop_config;
  drop_layers.pointer = "/0/Layers";
  ArchiveEdit drop_manifest;
  drop_manifest.op = ArchiveEdit::Op::remove_member;
  drop_manifest.member = "manifest.json";
  const std::vector<Case> cases = {
      {"docker-archive",
       {set_json("manifest.json", "", "[]")},
       "ARC-001",
       "",
       "manifest.json lists no image"},
      {"docker-archive",
       {set_json("manifest.json", "", "[1]")},
       "ARC-001",
       "/0",
       "an entry of manifest.json must be an object"},
      {"docker-archive",
       {set_json("manifest.json", "/0/Config", "1")},
       "ARC-001",
       "/0",
       "Config must be a string naming the config file"},
      {"docker-archive",
       {set_json("manifest.json", "/0/Layers", "[1]")},
       "ARC-001",
       "/0/Layers",
       "Layers must be an array of strings naming the layer files"},
      {"docker-archive",
       {drop_config},
       "ARC-001",
       "/0",
       "Config must be a string naming the config file"},
      {"docker-archive",
       {drop_layers},
       "ARC-001",
       "/0/Layers",
       "Layers must be an array of strings naming the layer files"},
      {"docker-archive",
       {set_json("manifest.json", "/0/Layers", R"("layer.tar")")},
       "ARC-001",
       "/0/Layers",
       "Layers must be an array of strings naming the layer files"},
      {"docker-archive",
       {set_json("manifest.json", "/0/RepoTags", R"("x:1")")},
       "ARC-001",
       "/0/RepoTags",
       "RepoTags must be null or an array of strings"},
      {"docker-archive",
       {set_json("manifest.json", "/0/RepoTags", "[1]")},
       "ARC-001",
       "/0/RepoTags",
       "RepoTags must be null or an array of strings"},
      {"docker-archive",
       {drop_manifest, add(member("manifest.json", '0', "[{\"Config\":"))},
       "ARC-001",
       "",
       "manifest.json is not JSON: "},
      {"docker-archive",
       {add(member("dir", '5')), set_json("manifest.json", "/0/Layers/0", R"("dir")")},
       "ARC-002",
       "/0/Layers/0",
       "dir is a directory in the archive, not a regular file"},
      {"docker-archive",
       {set_json("repositories", "", "[]")},
       "ARC-006",
       "",
       "repositories must be a JSON object of {repository: {tag: layer id}}"},
      {"docker-archive",
       {set_json("repositories", "/ocivalidate~1case", "1")},
       "ARC-006",
       "/ocivalidate~1case",
       "each repository must map tags to layer IDs"},
      {"docker-archive",
       {set_json("repositories", "/ocivalidate~1case", "1")},
       "ARC-006",
       "",
       "manifest.json tags ocivalidate/case:1.0, which repositories does not list"},
      {"docker-25",
       {drop_ref, set_json("index.json", kName, R"("docker.io/other/app:1.0")")},
       "ARC-007",
       "/manifests/0",
       "index.json names the image docker.io/other/app:1.0, which no RepoTags entry of "
       "manifest.json tags"},
      {"docker-25",
       {drop_ref, set_json("index.json", kName, R"("docker.io/other/app:1.0")")},
       "ARC-007",
       "/0/RepoTags",
       "manifest.json tags ocivalidate/case:1.0, but no index.json entry names that tag"},
      {"docker-25",
       {drop_name, set_json("index.json", kRef, R"("9.9")")},
       "ARC-007",
       "/manifests/0",
       "index.json names the image 9.9, which no RepoTags entry"},
      // An entry without names names no image, and leaves its tag unnamed.
      {"docker-25",
       {drop_annotations},
       "ARC-007",
       "/0/RepoTags",
       "manifest.json tags ocivalidate/case:1.0, but no index.json entry names that tag"},
  };
  for (std::size_t i = 0; i < cases.size(); ++i) {
    auto spec = shape(cases[i].shape);
    spec.edits = cases[i].edits;
    const auto out = pack(layout, spec, tmp.path() / fmt::format("case{}.tar", i));
    const auto r = validate(out.string());
    const bool found = std::any_of(r.findings.begin(), r.findings.end(), [&](const auto& f) {
      return f.rule_id == cases[i].rule && f.location.pointer == cases[i].pointer &&
             f.message.find(cases[i].text) != std::string::npos;
    });
    BOOST_TEST(ocv::test::note_answer(cases[i].rule, found), i << ": " << cases[i].rule << " at \""
                                                               << cases[i].pointer
                                                               << "\": " << cases[i].text << "\n"
                                                               << dump(r.findings));
  }
  // Each of Docker 25's names on its own still names the tag: no ARC-007.
  for (const auto& edit : {drop_ref, drop_name}) {
    auto spec = shape("docker-25");
    spec.edits = {edit};
    const auto r = validate(pack(layout, spec, tmp.path() / "one-name.tar").string());
    BOOST_TEST(!fired(r.findings, "ARC-007"), edit.pointer << "\n" << dump(r.findings));
  }
}

// An untagged image: `docker save` of an image ID writes "RepoTags": null
// (moby image/tarexport), which ARC-001 accepts.
BOOST_AUTO_TEST_CASE(arc_001_accepts_null_repo_tags) {
  TempDir tmp;
  const auto layout = two_tag_layout(tmp.path());
  auto spec = shape("docker-archive");
  spec.edits = {set_json("manifest.json", "/0/RepoTags", "null")};
  const auto r = validate(pack(layout, spec, tmp.path() / "untagged.tar").string());
  BOOST_TEST(!fired(r.findings, "ARC-001"), dump(r.findings));
}

// How index.json names a RepoTag: the whole tag, the tag after a registry
// prefix, or the bare tag; a short name that is not the tag names another.
BOOST_AUTO_TEST_CASE(arc_007_matches_index_names_to_repo_tags) {
  TempDir tmp;
  const auto layout = two_tag_layout(tmp.path());
  ArchiveEdit drop_name;
  drop_name.op = ArchiveEdit::Op::remove_json;
  drop_name.member = "index.json";
  drop_name.pointer = "/manifests/0/annotations/io.containerd.image.name";
  const auto run_with = [&](std::string_view ref, std::string_view file) {
    auto spec = shape("docker-25");
    spec.edits = {drop_name, set_json("index.json",
                                      "/manifests/0/annotations/org.opencontainers.image.ref.name",
                                      fmt::format("\"{}\"", ref))};
    return validate(pack(layout, spec, tmp.path() / std::string(file)).string());
  };
  for (const std::string_view same : {"ocivalidate/case:1.0", "1.0"}) {
    const auto r = run_with(same, "same.tar");
    BOOST_TEST(!fired(r.findings, "ARC-007"), same << "\n" << dump(r.findings));
  }
  for (const std::string_view other : {"case:1.0", "other/1.0", "ocivalidate/case"}) {
    const auto r = run_with(other, "other.tar");
    const auto text = fmt::format("index.json names the image {}, which no RepoTags entry", other);
    const bool found = std::any_of(r.findings.begin(), r.findings.end(), [&](const auto& f) {
      return f.rule_id == "ARC-007" && f.location.pointer == "/manifests/0" &&
             f.message.find(text) != std::string::npos;
    });
    BOOST_TEST(found, other << "\n" << dump(r.findings));
  }
}

BOOST_AUTO_TEST_CASE(a_config_not_named_by_its_digest_is_a_warning) {
  TempDir tmp;
  const auto layout = two_tag_layout(tmp.path());
  auto spec = shape("docker-archive");
  const auto ok = pack(layout, spec, tmp.path() / "ok.tar");
  // The config member's name, from manifest.json in the archive.
  const auto list = tmp.path() / "list";
  BOOST_REQUIRE(
      std::system(
          fmt::format("tar -xOf {} manifest.json > {}", ok.string(), list.string()).c_str()) == 0);
  std::ifstream in(list);
  std::string text((std::istreambuf_iterator<char>(in)), {});
  const auto at = text.find("\"Config\":\"") + 10;
  const auto config_member = text.substr(at, text.find('"', at) - at);
  // The config's content changes after it was named (a label added).
  spec.edits = {set_json(config_member, "/config/Labels", R"({"a":"b"})")};
  const auto r = validate(pack(layout, spec, tmp.path() / "renamed.tar").string());
  BOOST_TEST(fired(r.findings, "ARC-003"), dump(r.findings));
}

BOOST_AUTO_TEST_CASE(hostile_members_give_findings) {
  TempDir tmp;
  const auto layout = two_tag_layout(tmp.path());
  const std::vector<std::pair<TarMember, std::string>> hostile = {
      {member("../escape", '0', "x"), "leaves the archive"},
      {member("/etc/passwd", '0', "x"), "leaves the archive"},
      {member("index.json", '0', "{}"), "more than once"},
      {member("blobs/sha256/link", '2', "", "/etc/passwd"), "link"},
      {member("blobs/sha256/up", '2', "", "../../../x"), "link"},
      {member("blobs/sha256/hard", '1', "", "../x"), "hard link"},
      {member("dev/null", '3'), "character device"},
      {member("fifo", '6'), "FIFO"},
  };
  for (std::size_t i = 0; i < hostile.size(); ++i) {
    auto spec = shape("oci-archive");
    spec.edits = {add(hostile[i].first)};
    const auto out = pack(layout, spec, tmp.path() / fmt::format("hostile{}.tar", i));
    const auto before = fs::file_size(out);
    const auto r = validate(out.string());
    const bool found = std::any_of(r.findings.begin(), r.findings.end(), [&](const auto& f) {
      return f.rule_id == "LYT-013" && f.message.find(hostile[i].second) != std::string::npos;
    });
    BOOST_TEST(found, i << ": " << hostile[i].second << "\n" << dump(r.findings));
    BOOST_TEST(fs::file_size(out) == before);
  }
  // Nothing was written next to the archives.
  std::size_t entries = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator(tmp.path())) ++entries;
  BOOST_TEST(entries == 1u + hostile.size());
}

BOOST_AUTO_TEST_CASE(a_truncated_archive_is_reported) {
  TempDir tmp;
  const auto layout = two_tag_layout(tmp.path());
  auto spec = shape("oci-archive");
  ArchiveEdit cut;
  cut.op = ArchiveEdit::Op::truncate;
  cut.size = -3000;  // into the last members
  spec.edits = {cut};
  const auto out = pack(layout, spec, tmp.path() / "cut.tar");
  const auto r = validate(out.string());
  BOOST_TEST(fired(r.findings, "LYT-013"), dump(r.findings));
  BOOST_TEST(errors(r.findings) > 0u);
}

BOOST_AUTO_TEST_CASE(what_is_not_an_image_archive_cannot_be_validated) {
  TempDir tmp;
  const auto layout = two_tag_layout(tmp.path());
  const auto inner = pack(layout, shape("oci-archive"), tmp.path() / "inner.tar");
  // An archive that holds only another archive.
  ocv::test::LayoutBuilder holder(tmp.path() / "holder");
  std::ifstream in(inner, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), {});
  holder.write_file("image.tar", bytes);
  const auto outer = tmp.path() / "outer.tar";
  BOOST_REQUIRE(
      std::system(fmt::format("tar -C {} -cf {} image.tar", holder.root().string(), outer.string())
                      .c_str()) == 0);
  try {
    validate(outer.string());
    BOOST_FAIL("a nested archive was accepted");
  } catch (const ocv::source::SourceError& e) {
    BOOST_TEST(std::string(e.what()).find("image.tar") != std::string::npos, e.what());
  }
  std::ofstream(tmp.path() / "text") << "not an archive";
  BOOST_CHECK_THROW(validate((tmp.path() / "text").string()), ocv::source::SourceError);
  BOOST_CHECK_THROW(validate("oci:" + outer.string()), ocv::source::SourceError);
  BOOST_CHECK_THROW(validate("oci-archive:" + layout.string()), ocv::source::SourceError);
}

// Every input that cannot be validated ends the run with a message that
// names it and says what would work.
BOOST_AUTO_TEST_CASE(inputs_that_cannot_be_opened_say_what_to_do) {
  TempDir tmp;
  const auto message = [](const std::string& input) {
    try {
      validate(input);
    } catch (const ocv::source::SourceError& e) {
      return std::string(e.what());
    }
    return std::string("validated");
  };
  const auto says = [&](const std::string& input, const std::string& part) {
    const auto m = message(input);
    BOOST_TEST(m.find(part) != std::string::npos, input << ": " << m);
  };
  says("oci-archive:", "oci-archive:: no path after oci-archive:");
  says("docker-archive::tag", "no path after docker-archive:");
  for (const char* transport : {"containers-storage", "docker-daemon", "dir", "ostree", "sif"})
    says(fmt::format("{}:{}", transport, (tmp.path() / "x").string()),
         fmt::format("the {} transport is not supported", transport));
  const auto absent = (tmp.path() / "absent.tar").string();
  says(absent, absent + ": no such file or directory");
  // A colon in a path that does not exist is not split off as a tag.
  const auto spec = ocv::archive::parse_input(absent + ":1.0");
  BOOST_TEST(spec.path == absent + ":1.0");
  BOOST_TEST(spec.ref.empty());
  const auto layout = two_tag_layout(tmp.path());
  says("docker-archive:" + layout.string(),
       fmt::format("{}: a directory, but docker-archive: names an archive file; use oci:{}",
                   layout.string(), layout.string()));
  says("oci-archive:" + layout.string(), "but oci-archive: names an archive file");
  const auto text = (tmp.path() / "text").string();
  std::ofstream(text) << "not an archive";
  says("oci:" + text,
       "not a directory (oci: names an image layout directory; for an archive of "
       "one use oci-archive:" +
           text + ")");
  says(text, text + ": neither an image layout directory nor a tar archive");
  std::ofstream(tmp.path() / "empty");
  says((tmp.path() / "empty").string(), "neither an image layout directory nor a tar archive");
  const auto fifo = tmp.path() / "fifo";
  BOOST_REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  says(fifo.string(), fifo.string() + ": not a regular file");
  // A tar archive of something else.
  const auto other = tmp.path() / "other.tar";
  std::ofstream(other, std::ios::binary)
      << ocv::conformance::tar_of({member("etc/", '5'), member("etc/passwd", '0', "root:x:0:0")});
  says(other.string(), "not an image archive (no oci-layout, index.json, blobs/ or manifest.json");
}

BOOST_AUTO_TEST_CASE(too_many_members_stop_with_a_message) {
  TempDir tmp;
  std::vector<TarMember> many;
  for (int i = 0; i < 2000; ++i) many.push_back(member(fmt::format("f{}", i)));
  const auto out = tmp.path() / "many.tar";
  std::ofstream(out, std::ios::binary) << ocv::conformance::tar_of(many);
  const auto file = std::make_shared<ocv::archive::OpenFile>(out.string());
  ocv::archive::IndexLimits limits;
  limits.max_members = 1000;
  try {
    ocv::archive::MemberIndex index(file->fd(), "many.tar", limits);
    BOOST_FAIL("the member limit was not applied");
  } catch (const ocv::source::SourceError& e) {
    BOOST_TEST(std::string(e.what()).find("more than 1000 members") != std::string::npos);
  }
}

BOOST_AUTO_TEST_CASE(member_index_reads_data_in_place) {
  TempDir tmp;
  const std::string long_name = "dir/" + std::string(150, 'n');
  std::vector<TarMember> members = {member("./a", '0', "alpha"), member(long_name, '0', "beta"),
                                    member("link", '2', "", "dir/../a"),
                                    member("hard", '1', "", "a")};
  const auto out = tmp.path() / "x.tar";
  std::ofstream(out, std::ios::binary) << ocv::conformance::tar_of(members);
  const auto file = std::make_shared<ocv::archive::OpenFile>(out.string());
  const auto index = std::make_shared<const ocv::archive::MemberIndex>(file->fd(), "x.tar");
  const ocv::archive::ArchiveSource source(file, index, "");
  BOOST_TEST(source.read_member("a", 100).bytes == "alpha");
  BOOST_TEST(source.read_member(long_name, 100).bytes == "beta");
  BOOST_TEST(source.read_member("link", 100).bytes == "alpha");
  BOOST_TEST(source.read_member("hard", 100).bytes == "alpha");
  BOOST_TEST(index->problems().empty());
}

BOOST_AUTO_TEST_CASE(non_ascii_member_names_are_no_problem) {
  // libarchive warns that such a name cannot be converted to the "C"
  // locale; the name is still read as its bytes, and is legal.
  TempDir tmp;
  const auto out = tmp.path() / "utf8.tar";
  std::ofstream(out, std::ios::binary) << ocv::conformance::tar_of(
      {member("F\xc5\x91tan\xc3\xbas\xc3\xadtv\xc3\xa1ny.txt", '0', "x")});
  const auto file = std::make_shared<ocv::archive::OpenFile>(out.string());
  const ocv::archive::MemberIndex index(file->fd(), "utf8.tar");
  BOOST_TEST(index.problems().empty());
  BOOST_TEST(index.members().size() == 1u);
}

BOOST_AUTO_TEST_CASE(a_stream_is_read_once_and_only_small_members_are_spooled) {
  TempDir tmp;
  ocv::test::LayoutBuilder b(tmp.path() / "layout");
  // A layer of 3 MiB that gzip cannot shrink, larger than any document
  // (2 MiB here): it passes through the layer pass as the stream is read,
  // instead of being spooled.
  constexpr std::size_t kDocumentCap = 2u << 20;
  const auto noise = ocv::test::incompressible(3u << 20);
  const auto image = b.add_image("amd64", "linux", noise);
  b.write_oci_layout();
  b.write_index({fmt::format(
      R"({{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"{}","size":{},)"
      R"("platform":{{"architecture":"amd64","os":"linux"}},)"
      R"("annotations":{{"org.opencontainers.image.ref.name":"1.0"}}}})",
      image.manifest_digest, image.manifest.size())});
  for (const auto* name : {"oci-archive", "docker-archive", "docker-25", "docker-containerd"}) {
    const auto out = pack(b.root(), shape(name, "gzip"), tmp.path() / fmt::format("{}.gz", name));
    const auto r = validate(out.string(), "", kDocumentCap);
    BOOST_TEST(errors(r.findings) == 0u, name << "\n" << dump(r.findings));
    BOOST_TEST(r.summary.layers == 1u, name);
    BOOST_TEST(r.summary.bytes_uncompressed > (3u << 20), name);
    BOOST_TEST(r.summary.spooled_bytes < (64u << 10), name << ": " << r.summary.spooled_bytes);
  }
  // A byte of the layer flipped before the archive is compressed: found
  // from the digest taken as the layer passed.
  const auto plain = pack(b.root(), shape("oci-archive"), tmp.path() / "plain.tar");
  std::ifstream in(plain, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), {});
  in.close();
  const auto gz = bytes.find("\x1f\x8b\x08");
  BOOST_REQUIRE(gz != std::string::npos);
  bytes[gz + (1u << 20)] = static_cast<char>(bytes[gz + (1u << 20)] ^ 1);
  std::ofstream(plain, std::ios::binary | std::ios::trunc) << bytes;
  BOOST_REQUIRE(std::system(fmt::format("gzip -k {}", plain.string()).c_str()) == 0);
  const auto r = validate(plain.string() + ".gz", "", kDocumentCap);
  BOOST_TEST(fired(r.findings, "LYT-005"), dump(r.findings));
  BOOST_TEST(r.summary.spooled_bytes < (64u << 10));
}

BOOST_AUTO_TEST_CASE(reports_name_the_member_in_every_format_and_stdin_is_read) {
  TempDir tmp;
  const auto layout = two_tag_layout(tmp.path());
  auto nested = shape("oci-archive");
  nested.prefix = "image/";
  const auto out = tmp.path() / "x.tar";
  pack(layout, nested, out);
  {
    std::ifstream in(out, std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), {});
    in.close();
    const auto gz = bytes.find("\x1f\x8b\x08");
    BOOST_REQUIRE(gz != std::string::npos);
    bytes[gz + 40] = static_cast<char>(bytes[gz + 40] ^ 1);
    std::ofstream(out, std::ios::binary | std::ios::trunc) << bytes;
  }
  const auto cwd = tmp.path().string();
  auto r = ocv::test::run_cli_in(
      cwd, {"x.tar", "--json", "r.json", "--sarif", "r.sarif", "--junit", "r.xml"});
  BOOST_TEST(r.exit_code == 1, r.out << r.err);
  BOOST_TEST(r.out.find("at x.tar:image/blobs/sha256/") != std::string::npos, r.out);
  BOOST_TEST(r.out.find("x.tar (oci-archive):") != std::string::npos, r.out);
  const auto read = [&](const char* name) {
    std::ifstream in(tmp.path() / name);
    return std::string((std::istreambuf_iterator<char>(in)), {});
  };
  BOOST_TEST(read("r.json").find(R"("path": "x.tar:image/blobs/sha256/)") != std::string::npos);
  const auto sarif = read("r.sarif");
  BOOST_TEST(sarif.find(R"("uri": "x.tar")") != std::string::npos);
  BOOST_TEST(sarif.find(R"("fullyQualifiedName": "image/blobs/sha256/)") != std::string::npos);
  const auto junit = read("r.xml");
  BOOST_TEST(junit.find("x.tar:image/blobs/sha256/") != std::string::npos);
  BOOST_TEST(junit.find(R"(<testsuite name="x.tar 1.0")") != std::string::npos);  // one per tag
  // The same archive piped in, gzip-compressed: read once from standard input.
  const auto piped = tmp.path() / "piped.txt";
  const int rc = std::system(
      fmt::format("cd {} && gzip -c x.tar | {} - > {} 2>&1", cwd, OCV_BINARY, piped.string())
          .c_str());
  BOOST_TEST(WEXITSTATUS(rc) == 1);
  const auto text = read("piped.txt");
  BOOST_TEST(text.find("at stdin:image/blobs/sha256/") != std::string::npos, text);
  // A report is never written over the archive being validated.
  r = ocv::test::run_cli_in(cwd, {"x.tar", "--json", "x.tar"});
  BOOST_TEST(r.exit_code == 2, r.out << r.err);
}

// blobs/ of an archive is listed as a directory's would be, from member
// names alone: a file directly in blobs/, and a directory of blobs/sha256/
// that has no member of its own, only a file below it.
BOOST_AUTO_TEST_CASE(blobs_of_an_archive_are_listed_from_member_names_alone) {
  TempDir tmp;
  const auto layout = two_tag_layout(tmp.path());
  auto spec = shape("oci-archive");
  spec.edits = {add(member("blobs/stray", '0', "x")), add(member("blobs/sha256/deep/z", '0', "y"))};
  const auto r = validate(pack(layout, spec, tmp.path() / "odd.tar").string());
  std::vector<std::string> layout_findings;
  for (const auto& f : r.findings)
    if (f.rule_id.starts_with("LYT-"))
      layout_findings.push_back(fmt::format("{} {} at {}", f.rule_id, f.message, f.location.blob));
  BOOST_TEST(layout_findings ==
                 (std::vector<std::string>{
                     "LYT-006 file name is not a valid sha256 digest: sha256 needs 64 lowercase "
                     "hex characters, found 4 characters, not all hex at blobs/sha256/deep",
                     "LYT-007 a blob should be a regular file, found a directory at "
                     "blobs/sha256/deep",
                     "LYT-007 blobs/ should hold only algorithm directories, found a regular "
                     "file at blobs/stray"}),
             dump(r.findings));
}

// A file or directory whose name starts like a transport is that file when
// it exists: a colon may be part of a file name.
BOOST_AUTO_TEST_CASE(an_existing_path_that_starts_like_a_transport_is_that_path) {
  TempDir tmp;
  const auto layout = two_tag_layout(tmp.path());
  fs::rename(layout, tmp.path() / "oci:image");
  pack(tmp.path() / "oci:image", shape("oci-archive"), tmp.path() / "containers-storage:x.tar");
  const auto cwd = tmp.path().string();
  auto r = ocv::test::run_cli_in(cwd, {"oci:image"});
  BOOST_TEST(r.exit_code == 0, r.out << r.err);
  BOOST_TEST(r.out.starts_with("oci:image: 0 errors, 0 warnings, 0 notes in 2 images"), r.out);
  r = ocv::test::run_cli_in(cwd, {"containers-storage:x.tar"});
  BOOST_TEST(r.exit_code == 0, r.out << r.err);
  BOOST_TEST(r.out.starts_with("containers-storage:x.tar (oci-archive): 0 errors, 0 warnings, "
                               "0 notes in 2 images"),
             r.out);
  // A tag after the name splits off only where the name before it exists.
  r = ocv::test::run_cli_in(cwd, {"oci:image:2.0"});
  BOOST_TEST(r.exit_code == 2, r.out << r.err);
  BOOST_TEST(r.err == "ocivalidate: cannot validate: image: no such file or directory\n", r.err);
}

// Without a transport, PATH:REF is split at the last colon, and only when
// the part before it exists (a colon may be part of a file name).
BOOST_AUTO_TEST_CASE(a_ref_is_split_off_only_where_the_path_before_it_exists) {
  TempDir tmp;
  const auto dir = tmp.path().string();
  std::ofstream(tmp.path() / "a.tar") << "x";
  std::ofstream(tmp.path() / "b.tar:1") << "x";
  const std::vector<std::tuple<std::string, std::string, std::string>> cases = {
      {dir + "/a.tar:1.0", dir + "/a.tar", "1.0"},
      {dir + "/a.tar:x:y", dir + "/a.tar:x:y", ""},
      {dir + "/b.tar:1:2", dir + "/b.tar:1", "2"},
      {dir + "/b.tar:1", dir + "/b.tar:1", ""},
      {":1.0", ":1.0", ""},
      {"-", "-", ""},
  };
  for (const auto& [text, path, ref] : cases) {
    const auto spec = ocv::archive::parse_input(text);
    BOOST_TEST(spec.path == path, text);
    BOOST_TEST(spec.ref == ref, text);
    BOOST_TEST((spec.transport == ocv::archive::InputSpec::Transport::detect), text);
  }
  // With a transport, at the first colon, as skopeo does.
  const auto oci = ocv::archive::parse_input("oci-archive:" + dir + "/a.tar:x:y");
  BOOST_TEST(oci.path == dir + "/a.tar");
  BOOST_TEST(oci.ref == "x:y");
}

BOOST_AUTO_TEST_SUITE_END()
