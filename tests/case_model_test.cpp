// The conformance case files (corpus/cases/*.json, format in
// corpus/README.md): what a well-formed case sets, and the message, with
// the file and the JSON pointer, for each way a case can be malformed.
#include <boost/test/unit_test.hpp>
#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "apps/conformance/case_model.hpp"

using ocv::conformance::After;
using ocv::conformance::ArchiveEdit;
using ocv::conformance::Edit;
using ocv::conformance::parse_cases;

namespace {

/// A file of one case: `members` go into the case object beside a name.
std::string one_case(const std::string& members) {
  return fmt::format(R"({{"cases": [{{"name": "X/one", {}}}]}})", members);
}

/// The error parsing `text` ends with ("" when it parses).
std::string error_of(const std::string& text) {
  try {
    parse_cases(text, "cases.json");
  } catch (const std::runtime_error& e) {
    return e.what();
  }
  return "";
}

}  // namespace

BOOST_AUTO_TEST_SUITE(case_model)

BOOST_AUTO_TEST_CASE(a_full_case_is_read_member_by_member) {
  const auto cases = parse_cases(R"({"cases": [{
      "name": "LAY-001/example", "rule": "LAY-001", "about": "why", "base": "artifact",
      "algorithm": "sha512",
      "layers": [{"compression": "zstd", "mediaType": "application/x-tar", "end_blocks": false,
                  "tar_suffix_hex": "00ff", "blob_suffix": "tail",
                  "entries": [{"path": "a", "data_hex": "4142", "mode": 420,
                               "pax": {"path": "long"}},
                              {"path": "l", "type": "symlink", "link": "a"},
                              {"path": "x", "typeflag": "S"}]},
                 {"compression": "none", "raw": "not a tar"}],
      "edit": [{"doc": "manifest", "set": "/annotations", "value": {"a": "b"}},
               {"doc": "config", "remove": "/history"},
               {"doc": "index", "replace": "\"schemaVersion\"", "with_hex": "41"}],
      "after": [{"flip": "layer/0", "offset": -1}, {"truncate": "config", "size": 3},
                {"append": "config", "text": "x"}, {"write": "p", "hex": "0a"},
                {"remove": "index.json"}, {"symlink": "s", "to": "t"}, {"fifo": "f"},
                {"mkdir": "d"}, {"move": "a", "to": "b"}, {"add_blob": {"text": "extra"}}],
      "archive": {"shape": "docker-25", "prefix": "./", "compression": "gzip",
                  "edit": [{"member": "index.json", "set": "/x", "value": 1},
                           {"member": "index.json", "remove": "/y"},
                           {"add_member": {"path": "z", "type": "dir"}},
                           {"remove_member": "oci-layout"}, {"truncate": -10}]},
      "expect": ["LAY-001", "LAY-002"], "exit": 1,
      "limits": {"max_layer_size": 1, "max_blob_size": 2, "max_layer_index": 3,
                 "max_zstd_window": 4, "max_documents": 5, "max_document_memory": 6},
      "enable": ["ANN-099"]}]})",
                                 "f.json");
  BOOST_TEST_REQUIRE(cases.size() == 1u);
  const auto& c = cases[0];
  BOOST_TEST(c.origin == "f.json");
  BOOST_TEST(c.rule == "LAY-001");
  BOOST_TEST(c.base == "artifact");
  BOOST_TEST(c.algorithm == "sha512");
  BOOST_TEST_REQUIRE(c.layers.has_value());
  BOOST_TEST_REQUIRE(c.layers->size() == 2u);
  const auto& l = (*c.layers)[0];
  BOOST_TEST(l.compression == "zstd");
  BOOST_TEST(l.media_type.value() == "application/x-tar");
  BOOST_TEST(!l.end_blocks);
  BOOST_TEST(l.tar_suffix == std::string("\x00\xff", 2));
  BOOST_TEST(l.blob_suffix == "tail");
  BOOST_TEST(!l.raw.has_value());
  BOOST_TEST_REQUIRE(l.entries.size() == 3u);
  BOOST_TEST(l.entries[0].data == "AB");
  BOOST_TEST(l.entries[0].mode == 420u);
  BOOST_TEST(l.entries[0].pax.at("path") == "long");
  BOOST_TEST(l.entries[0].type == '0');
  BOOST_TEST(l.entries[1].type == '2');
  BOOST_TEST(l.entries[1].link == "a");
  BOOST_TEST(l.entries[2].type == 'S');
  BOOST_TEST((*c.layers)[1].raw.value() == "not a tar");
  BOOST_TEST_REQUIRE(c.edits.size() == 3u);
  BOOST_TEST((c.edits[0].op == Edit::Op::set));
  BOOST_TEST(c.edits[0].value_json == R"({"a":"b"})");
  BOOST_TEST((c.edits[1].op == Edit::Op::remove));
  BOOST_TEST(c.edits[1].pointer == "/history");
  BOOST_TEST((c.edits[2].op == Edit::Op::replace_text));
  BOOST_TEST(c.edits[2].to == "A");
  const std::vector<After::Op> ops = {After::Op::flip,    After::Op::truncate, After::Op::append,
                                      After::Op::write,   After::Op::remove,   After::Op::symlink,
                                      After::Op::fifo,    After::Op::mkdir,    After::Op::move,
                                      After::Op::add_blob};
  BOOST_TEST_REQUIRE(c.after.size() == ops.size());
  for (std::size_t i = 0; i < ops.size(); ++i) BOOST_TEST((c.after[i].op == ops[i]), i);
  BOOST_TEST(c.after[0].offset == -1);
  BOOST_TEST(c.after[1].offset == 3);
  BOOST_TEST(c.after[2].bytes == "x");
  BOOST_TEST(c.after[3].bytes == "\n");
  BOOST_TEST(c.after[5].bytes == "t");
  BOOST_TEST(c.after[8].bytes == "b");
  BOOST_TEST(c.after[9].bytes == "extra");
  BOOST_TEST_REQUIRE(c.archive.has_value());
  BOOST_TEST(c.archive->shape == "docker-25");
  BOOST_TEST(c.archive->prefix == "./");
  BOOST_TEST(c.archive->compression == "gzip");
  const std::vector<ArchiveEdit::Op> archive_ops = {
      ArchiveEdit::Op::set_json, ArchiveEdit::Op::remove_json, ArchiveEdit::Op::add_member,
      ArchiveEdit::Op::remove_member, ArchiveEdit::Op::truncate};
  BOOST_TEST_REQUIRE(c.archive->edits.size() == archive_ops.size());
  for (std::size_t i = 0; i < archive_ops.size(); ++i)
    BOOST_TEST((c.archive->edits[i].op == archive_ops[i]), i);
  BOOST_TEST(c.archive->edits[0].value_json == "1");
  BOOST_TEST(c.archive->edits[2].added.type == '5');
  BOOST_TEST(c.archive->edits[3].member == "oci-layout");
  BOOST_TEST(c.archive->edits[4].size == -10);
  BOOST_TEST((c.expect == std::set<std::string>{"LAY-001", "LAY-002"}));
  BOOST_TEST(c.exit_code == 1);
  BOOST_TEST(c.max_layer_bytes == 1u);
  BOOST_TEST(c.max_blob_bytes == 2u);
  BOOST_TEST(c.max_layer_index_bytes == 3u);
  BOOST_TEST(c.max_zstd_window == 4u);
  BOOST_TEST(c.max_documents == 5u);
  BOOST_TEST(c.max_document_memory == 6u);
  BOOST_TEST(c.enable == std::vector<std::string>{"ANN-099"});
}

BOOST_AUTO_TEST_CASE(defaults_of_a_minimal_case) {
  const auto cases = parse_cases(one_case(R"("expect": [], "exit": 0)"), "f.json");
  BOOST_TEST_REQUIRE(cases.size() == 1u);
  BOOST_TEST(cases[0].base == "image");
  BOOST_TEST(cases[0].algorithm == "sha256");
  BOOST_TEST(!cases[0].layers.has_value());
  BOOST_TEST(!cases[0].archive.has_value());
  BOOST_TEST(cases[0].max_layer_bytes == 0u);
  const auto archived =
      parse_cases(one_case(R"("archive": {}, "layers": [{}], "expect": [], "exit": 0)"), "f");
  BOOST_TEST(archived[0].archive->shape == "oci-archive");
  BOOST_TEST(archived[0].archive->compression == "none");
  BOOST_TEST(archived[0].layers->at(0).compression == "gzip");
  BOOST_TEST(archived[0].layers->at(0).end_blocks);
}

BOOST_AUTO_TEST_CASE(each_malformed_part_is_named_with_its_pointer) {
  const std::string tail = R"(, "expect": [], "exit": 0)";
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"{", "cases.json: line 1: unexpected end of input: missing a name for object member"},
      {R"({"cases": [], "cases": []})", R"(cases.json: /: "cases" appears twice)"},
      {"[]", R"(cases.json: /: a case file is {"cases": [...]})"},
      {R"({"cases": {}})", R"(cases.json: /: a case file is {"cases": [...]})"},
      {R"({"cases": [7]})", "cases.json: /cases/0: a case must be an object"},
      {R"({"cases": [{"expect": [], "exit": 0}]})", "cases.json: /cases/0: a case needs a name"},
      {R"({"cases": [{"name": 5}]})", "cases.json: /cases/0/name: must be a string"},
      {one_case(R"("base": "scratch")" + tail), R"(cases.json: /cases/0: unknown base "scratch")"},
      {one_case(R"("exit": 0)"), R"(cases.json: /cases/0: a case needs an "expect" array)"},
      {one_case(R"("expect": "LAY-001", "exit": 0)"),
       R"(cases.json: /cases/0: a case needs an "expect" array)"},
      {one_case(R"("expect": [1], "exit": 0)"), "cases.json: /cases/0: must be a string"},
      {one_case(R"("expect": [])"), R"(cases.json: /cases/0: a case needs an integer "exit")"},
      {one_case(R"("expect": [], "exit": "1")"),
       R"(cases.json: /cases/0: a case needs an integer "exit")"},
      {one_case(R"("enable": "ANN-099")" + tail),
       R"(cases.json: /cases/0: "enable" must be an array of rule IDs)"},
      {one_case(R"("limits": [1])" + tail), "cases.json: /cases/0/limits: must be an object"},
      {one_case(R"("limits": {"max_blob_size": -1})" + tail),
       "cases.json: /cases/0/limits/max_blob_size: must be an unsigned integer"},
      {one_case(R"("layers": {})" + tail), "cases.json: /cases/0/layers: must be an array"},
      {one_case(R"("layers": [1])" + tail),
       "cases.json: /cases/0/layers/0: a layer must be an object"},
      {one_case(R"("layers": [{"compression": "xz"}])" + tail),
       "cases.json: /cases/0/layers/0: compression must be gzip, zstd or none"},
      {one_case(R"("layers": [{"mediaType": 1}])" + tail),
       "cases.json: /cases/0/layers/0/mediaType: must be a string"},
      {one_case(R"("layers": [{"entries": {}}])" + tail),
       "cases.json: /cases/0/layers/0: entries must be an array"},
      {one_case(R"("layers": [{"end_blocks": "no"}])" + tail),
       "cases.json: /cases/0/layers/0/end_blocks: must be true or false"},
      {one_case(R"("layers": [{"raw_hex": "0g"}])" + tail),
       R"(cases.json: /cases/0/layers/0/raw_hex: "0g" is not hex)"},
      {one_case(R"("layers": [{"tar_suffix_hex": "abc"}])" + tail),
       "cases.json: /cases/0/layers/0/tar_suffix_hex: hex needs an even number of digits"},
      {one_case(R"("layers": [{"entries": ["a"]}])" + tail),
       "cases.json: /cases/0/layers/0/entries/0: a tar entry must be an object"},
      {one_case(R"("layers": [{"entries": [{"type": "door"}]}])" + tail),
       R"(cases.json: /cases/0/layers/0/entries/0/type: unknown entry type "door")"},
      {one_case(R"("layers": [{"entries": [{"typeflag": "xg"}]}])" + tail),
       "cases.json: /cases/0/layers/0/entries/0: typeflag must be one character"},
      {one_case(R"("layers": [{"entries": [{"mode": "0644"}]}])" + tail),
       "cases.json: /cases/0/layers/0/entries/0/mode: must be an unsigned integer"},
      {one_case(R"("layers": [{"entries": [{"pax": ["path"]}]}])" + tail),
       "cases.json: /cases/0/layers/0/entries/0/pax: must be an object"},
      {one_case(R"("layers": [{"entries": [{"pax": {"path": 1}}]}])" + tail),
       "cases.json: /cases/0/layers/0/entries/0/pax: must be a string"},
      {one_case(R"("edit": [1])" + tail), "cases.json: /cases/0/edit/0: an edit must be an object"},
      {one_case(R"("edit": [{"set": "/a", "value": 1}])" + tail),
       R"(cases.json: /cases/0/edit/0: an edit names its "doc")"},
      {one_case(R"("edit": [{"doc": "manifest", "set": "/a"}])" + tail),
       R"(cases.json: /cases/0/edit/0: "set" needs a "value")"},
      {one_case(R"("edit": [{"doc": "manifest"}])" + tail),
       "cases.json: /cases/0/edit/0: an edit needs set, remove or replace"},
      {one_case(R"("edit": [{"doc": "manifest", "remove": 1}])" + tail),
       "cases.json: /cases/0/edit/0/remove: must be a string"},
      {one_case(R"("after": [[]])" + tail),
       "cases.json: /cases/0/after/0: an after-step must be an object"},
      {one_case(R"("after": [{"flip": "config"}])" + tail),
       R"(cases.json: /cases/0/after/0: needs an integer "offset")"},
      {one_case(R"("after": [{"truncate": "config", "size": 1.5}])" + tail),
       R"(cases.json: /cases/0/after/0: needs an integer "size")"},
      {one_case(R"("after": [{"add_blob": "x"}])" + tail),
       R"(cases.json: /cases/0/after/0: add_blob takes {"text"} or {"hex"})"},
      {one_case(R"("after": [{"chmod": "x"}])" + tail),
       "cases.json: /cases/0/after/0: unknown after-step"},
      {one_case(R"("archive": [])" + tail),
       R"(cases.json: /cases/0/archive: "archive" must be an object)"},
      {one_case(R"("archive": {"shape": "zip"})" + tail),
       R"(cases.json: /cases/0/archive: unknown archive shape "zip")"},
      {one_case(R"("archive": {"compression": "bz2"})" + tail),
       R"(cases.json: /cases/0/archive: unknown compression "bz2")"},
      {one_case(R"("archive": {"edit": [1]})" + tail),
       "cases.json: /cases/0/archive/edit/0: an archive edit must be an object"},
      {one_case(R"("archive": {"edit": [{"member": "m", "set": "/a"}]})" + tail),
       R"(cases.json: /cases/0/archive/edit/0: "set" needs a "value")"},
      {one_case(R"("archive": {"edit": [{"set": "/a", "value": 1}]})" + tail),
       R"(cases.json: /cases/0/archive/edit/0: a JSON edit names its "member")"},
      {one_case(R"("archive": {"edit": [{"remove": "/a"}]})" + tail),
       R"(cases.json: /cases/0/archive/edit/0: a JSON edit names its "member")"},
      {one_case(R"("archive": {"edit": [{"truncate": "half"}]})" + tail),
       R"(cases.json: /cases/0/archive/edit/0: "truncate" takes the archive's new size )"
       "(negative: bytes dropped)"},
      {one_case(R"("archive": {"edit": [{"rename": "a"}]})" + tail),
       "cases.json: /cases/0/archive/edit/0: an archive edit needs set, remove, add_member, "
       "remove_member or truncate"},
      {one_case(R"("archive": {"edit": [{"add_member": 1}]})" + tail),
       "cases.json: /cases/0/archive/edit/0/add_member: a tar entry must be an object"},
  };
  for (const auto& [text, error] : cases) BOOST_TEST(error_of(text) == error, text);
}

BOOST_AUTO_TEST_CASE(the_embedded_case_files_parse) {
  const auto cases = ocv::conformance::embedded_cases();
  BOOST_TEST(cases.size() > 100u);
  for (const auto& c : cases) BOOST_TEST(c.origin.starts_with("corpus/cases/"), c.name);
}

BOOST_AUTO_TEST_SUITE_END()
