// The layer pass: decoders, tar framing, and the one-pass scan.
#include <zstd.h>

#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <clocale>
#include <memory>
#include <string>
#include <tuple>
#include <vector>

#include <fmt/format.h>

#include "apps/conformance/tar_stream.hpp"
#include "tests/support/hostile_layouts.hpp"
#include "tests/support/layout_builder.hpp"
#include "validator/digest/digest.hpp"
#include "validator/layer/byte_names.hpp"
#include "validator/layer/decoder.hpp"
#include "validator/layer/layer_scan.hpp"
#include "validator/layer/tar_framing.hpp"
#include "validator/layer/windows_records.hpp"
#include "validator/source/layout_dir.hpp"

using ocv::engine::Magic;
using ocv::engine::mt::Compression;
using ocv::test::LayoutBuilder;
using ocv::test::TempDir;

namespace {

struct Decoded {
  std::string out;
  std::string error;
  std::uint64_t trailing = 0;
};

/// Feeds `input` in pieces of `chunk` bytes, as the layer pass does with file reads.
Decoded decode(Compression c, const std::string& input, std::size_t chunk) {
  auto d = ocv::layer::make_decoder(c);
  Decoded r;
  std::string buf(4096, '\0');
  auto* out = reinterpret_cast<std::uint8_t*>(buf.data());
  for (std::size_t pos = 0; pos < input.size() && d->error().empty(); pos += chunk) {
    d->set_input(reinterpret_cast<const std::uint8_t*>(input.data()) + pos,
                 std::min(chunk, input.size() - pos));
    // A decoder must always make progress: take all input or produce output.
    for (int guard = 0; !d->needs_input() && d->error().empty(); ++guard) {
      BOOST_REQUIRE(guard < 100000);
      const auto n = d->decode(out, buf.size());
      r.out.append(buf.data(), n);
    }
  }
  if (d->error().empty()) d->end_of_input();
  r.error = d->error();
  r.trailing = d->trailing_bytes();
  return r;
}

std::string zstd(const std::string& in) {
  std::string out(ZSTD_compressBound(in.size()), '\0');
  out.resize(ZSTD_compress(out.data(), out.size(), in.data(), in.size(), 3));
  return out;
}

std::string skippable_frame(const std::string& payload) {
  std::string f = "\x50\x2a\x4d\x18";
  const auto n = static_cast<std::uint32_t>(payload.size());
  for (int i = 0; i < 4; ++i) f += static_cast<char>((n >> (8 * i)) & 0xff);
  return f + payload;
}

std::string text(std::size_t n) {
  std::string s;
  for (std::size_t i = 0; s.size() < n; ++i) s += "line " + std::to_string(i) + "\n";
  return s;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(layer_scan)

BOOST_AUTO_TEST_CASE(gzip_decodes_in_any_chunking_including_multi_member) {
  const auto a = text(50000), b = text(3000);
  const auto gz = ocv::test::gzip(a) + ocv::test::gzip(b);
  for (std::size_t chunk : {1u, 7u, 4096u, 1u << 20}) {
    const auto r = decode(Compression::gzip, gz, chunk);
    BOOST_TEST(r.error.empty(), chunk << ": " << r.error);
    BOOST_TEST((r.out == a + b), "chunk " << chunk);
    BOOST_TEST(r.trailing == 0u);
  }
}

BOOST_AUTO_TEST_CASE(gzip_crc_mismatch_and_truncation_are_errors) {
  auto gz = ocv::test::gzip(text(20000));
  auto flipped = gz;
  flipped[flipped.size() - 6] ^= 0x01;  // inside the CRC-32 trailer
  BOOST_TEST(decode(Compression::gzip, flipped, 4096).error.find("CRC") != std::string::npos);
  auto body = gz;
  body[body.size() / 2] ^= 0x10;  // inside the deflate data
  BOOST_TEST(!decode(Compression::gzip, body, 4096).error.empty());
  const auto cut = gz.substr(0, gz.size() - 3);
  BOOST_TEST(decode(Compression::gzip, cut, 4096).error.find("truncated") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(gzip_trailing_garbage_is_counted_not_decoded) {
  const auto a = text(1000);
  const auto r = decode(Compression::gzip, ocv::test::gzip(a) + "garbage", 3);
  BOOST_TEST(r.error.empty(), r.error);
  BOOST_TEST(r.out == a);
  BOOST_TEST(r.trailing == 7u);
}

BOOST_AUTO_TEST_CASE(zstd_frames_skippable_frames_and_truncation) {
  const auto a = text(40000), b = text(100);
  const auto z = zstd(a) + skippable_frame("chunked metadata") + zstd(b);
  for (std::size_t chunk : {1u, 5u, 65536u}) {
    const auto r = decode(Compression::zstd, z, chunk);
    BOOST_TEST(r.error.empty(), chunk << ": " << r.error);
    BOOST_TEST((r.out == a + b), "chunk " << chunk);
  }
  BOOST_TEST(decode(Compression::zstd, z.substr(0, z.size() - 2), 4096).error.find("truncated") !=
             std::string::npos);
  BOOST_TEST(decode(Compression::zstd, zstd(a) + "junk", 4096).trailing == 4u);
}

BOOST_AUTO_TEST_CASE(magic_detection) {
  const auto tar = ocv::test::make_tar({{"a", "b"}});
  const auto m = [](const std::string& s) {
    return ocv::layer::detect_magic(reinterpret_cast<const std::uint8_t*>(s.data()), s.size());
  };
  BOOST_TEST((m(tar) == Magic::none));
  BOOST_TEST((m(ocv::test::gzip(tar)) == Magic::gzip));
  BOOST_TEST((m(zstd(tar)) == Magic::zstd));
  BOOST_TEST((m(std::string(600, 'x')) == Magic::other));
}

BOOST_AUTO_TEST_CASE(framing_finds_end_of_archive_and_trailing_data) {
  const auto tar = ocv::test::make_tar({{"dir/file", "content"}});
  ocv::layer::TarFraming ok;
  ok.feed(reinterpret_cast<const std::uint8_t*>(tar.data()), tar.size());
  BOOST_TEST(ok.end_of_archive());
  BOOST_TEST(ok.trailing_nonzero() == 0u);
  // Without the two zero blocks (what umoci 0.4.7 writes for some layers).
  const auto entries_only = tar.substr(0, ok.end_of_entries());
  ocv::layer::TarFraming cut;
  cut.feed(reinterpret_cast<const std::uint8_t*>(entries_only.data()), entries_only.size());
  BOOST_TEST(!cut.end_of_archive());
  BOOST_TEST(cut.end_of_entries() == entries_only.size());
  ocv::layer::TarFraming trailing;
  const auto with_junk = tar + "junk";
  trailing.feed(reinterpret_cast<const std::uint8_t*>(with_junk.data()), with_junk.size());
  BOOST_TEST(trailing.trailing_nonzero() == 4u);
}

// GNU tar writes a size of 8 GiB or more in base-256 (the high bit of the
// field's first byte set), an old GNU sparse member ('S') with blocks of
// sparse entries between its header and its data while byte 482 (then 504
// of each such block) is set, and a lone zero block is no end of archive.
BOOST_AUTO_TEST_CASE(framing_reads_base_256_sizes_gnu_sparse_blocks_and_lone_zero_blocks) {
  using ocv::test::hostile::padded;
  using ocv::test::hostile::tar_header;
  using ocv::test::hostile::with_checksum;
  const std::string zero_block(512, '\0');
  const auto framed = [](const std::string& tar) {
    auto framing = std::make_unique<ocv::layer::TarFraming>();
    framing->feed(reinterpret_cast<const std::uint8_t*>(tar.data()), tar.size());
    return framing;
  };
  const auto offsets = [](const ocv::layer::TarFraming& f) {
    std::vector<std::uint64_t> out;
    for (const auto& h : f.headers()) out.push_back(h.offset);
    return out;
  };
  auto big = tar_header("file", '0', 0);
  std::fill(big.begin() + 124, big.begin() + 136, '\0');
  big[124] = '\x80';
  big[134] = '\x04';
  big[135] = '\x05';  // 0x405 = 1029 bytes
  const auto base256 = framed(with_checksum(big) + padded(std::string(1029, 'a')) +
                              tar_header("next", '0', 0) + zero_block + zero_block);
  BOOST_TEST(base256->end_of_archive());
  BOOST_TEST(offsets(*base256) == (std::vector<std::uint64_t>{0, 512 + 1536}));

  auto sparse = tar_header("holes", 'S', 512);
  sparse[482] = 1;
  std::string more_entries(512, '\0');
  more_entries[504] = 1;
  const auto gnu =
      framed(with_checksum(sparse) + more_entries + zero_block + padded(std::string(512, 'd')) +
             tar_header("after", '0', 0) + zero_block + zero_block);
  BOOST_TEST(gnu->end_of_archive());
  BOOST_TEST(offsets(*gnu) == (std::vector<std::uint64_t>{0, 4 * 512}));

  const auto lone =
      framed(tar_header("a", '0', 0) + zero_block + tar_header("b", '0', 0) + zero_block);
  BOOST_TEST(!lone->end_of_archive());
  BOOST_TEST(lone->end_of_entries() == 3 * 512u);
  BOOST_TEST(offsets(*lone) == (std::vector<std::uint64_t>{0, 2 * 512}));
}

// A self-relative security descriptor: revision 1, SE_SELF_RELATIVE |
// SE_DACL_PRESENT, an empty DACL right after the 20-byte header.
constexpr const char* kGoodSd = "AQAEgAAAAAAAAAAAAAAAABQAAAACAAgAAAAAAA==";

std::string pax_body(const std::vector<std::pair<std::string, std::string>>& records) {
  std::string body;
  for (const auto& [k, v] : records) {
    const std::string rest = " " + k + "=" + v + "\n";
    std::size_t len = rest.size() + 1;
    while (std::to_string(len).size() + rest.size() != len) ++len;
    body += std::to_string(len) + rest;
  }
  return body;
}

BOOST_AUTO_TEST_CASE(windows_records_are_judged_by_their_formats) {
  using ocv::layer::windows_record_problems;
  BOOST_TEST(windows_record_problems(pax_body({{"MSWINDOWS.rawsd", kGoodSd},
                                               {"MSWINDOWS.fileattr", "32"},
                                               {"MSWINDOWS.mountpoint", "1"},
                                               {"LIBARCHIVE.creationtime", "1700000000.25"},
                                               {"path", "Files/x"}})) == "");
  BOOST_TEST(windows_record_problems(pax_body({{"MSWINDOWS.rawsd", "O:BAG:SY"}})) ==
             "MSWINDOWS.rawsd is not base64: it has ':' at offset 1, outside the base64 alphabet");
  BOOST_TEST(windows_record_problems(pax_body({{"MSWINDOWS.rawsd", "abcde"}})) ==
             "MSWINDOWS.rawsd is not base64: it is 5 characters long, not a multiple of 4");
  BOOST_TEST(windows_record_problems(pax_body({{"MSWINDOWS.rawsd", "c2hvcnQ="}})) ==
             "MSWINDOWS.rawsd decodes to 5 bytes, a security descriptor has at least 20");
  BOOST_TEST(windows_record_problems(
                 pax_body({{"MSWINDOWS.rawsd", "AgAEgAAAAAAAAAAAAAAAABQAAAACAAgAAAAAAA=="}})) ==
             "MSWINDOWS.rawsd decodes to a security descriptor of revision 2, not 1");
  BOOST_TEST(windows_record_problems(pax_body({{"MSWINDOWS.fileattr", "4294967296"},
                                               {"LIBARCHIVE.creationtime", "yesterday"}})) ==
             "MSWINDOWS.fileattr=\"4294967296\" is not a decimal 32-bit attribute mask; "
             "LIBARCHIVE.creationtime=\"yesterday\" is not a pax time (seconds[.fraction])");
  // The same keys in another vendor's namespace, and malformed records
  // (the tar reader's business), are not judged.
  BOOST_TEST(windows_record_problems(pax_body({{"SCHILY.fileattr", "x"}})) == "");
  BOOST_TEST(windows_record_problems("99 MSWINDOWS.rawsd=!!\n") == "");
  BOOST_TEST(windows_record_problems("x") == "");
  BOOST_TEST(windows_record_problems("") == "");
}

// The records are read up to the first malformed one (whose judging is the
// tar reader's business); the values at the edges of their formats.
BOOST_AUTO_TEST_CASE(windows_records_are_read_to_the_first_malformed_one) {
  using ocv::layer::windows_record_problems;
  const auto bad_attr = pax_body({{"MSWINDOWS.fileattr", "0x20"}});
  const auto first_only = "MSWINDOWS.fileattr=\"0x20\" is not a decimal 32-bit attribute mask";
  BOOST_TEST(windows_record_problems(bad_attr) == first_only);
  // After it: a length and nothing else, a length not followed by a space,
  // a length too short for its own field, one of more than 20 digits, a
  // record with no '=' or with an empty key, and one not ended by a newline.
  for (const auto* rest : {"12", "12x a=b\n", "1 a=b\n", "000000000000000000006 a=b\n", "6 abc\n",
                           "6 =bc\n", "6 a=bc"}) {
    BOOST_TEST(windows_record_problems(bad_attr + rest) == first_only, rest);
    BOOST_TEST(windows_record_problems(rest + bad_attr) == "", rest);
  }
  const auto problem = [&](std::string_view key, std::string_view value) {
    return windows_record_problems(pax_body({{std::string(key), std::string(value)}}));
  };
  BOOST_TEST(problem("MSWINDOWS.fileattr", "4294967295") == "");
  BOOST_TEST(problem("MSWINDOWS.fileattr", "") ==
             "MSWINDOWS.fileattr=\"\" is not a decimal 32-bit attribute mask");
  BOOST_TEST(problem("MSWINDOWS.fileattr", "00000000032") ==
             "MSWINDOWS.fileattr=\"00000000032\" is not a decimal 32-bit attribute mask");
  BOOST_TEST(problem("MSWINDOWS.fileattr", "-1") ==
             "MSWINDOWS.fileattr=\"-1\" is not a decimal 32-bit attribute mask");
  BOOST_TEST(problem("LIBARCHIVE.creationtime", "-1700000000") == "");
  BOOST_TEST(problem("LIBARCHIVE.creationtime", "-1700000000.5") == "");
  for (const auto* time : {"-", "", "1.", ".5", "1.5s", "1e9"})
    BOOST_TEST(
        problem("LIBARCHIVE.creationtime", time) ==
            fmt::format("LIBARCHIVE.creationtime=\"{}\" is not a pax time (seconds[.fraction])",
                        time),
        time);
  // A long value is shown by its first 40 bytes and its length.
  BOOST_TEST(problem("MSWINDOWS.fileattr", std::string(41, '9')) ==
             "MSWINDOWS.fileattr=\"9999999999999999999999999999999999999999\"... (41 bytes) is "
             "not a decimal 32-bit attribute mask");
}

BOOST_AUTO_TEST_CASE(framing_ties_windows_record_problems_to_their_entry) {
  using ocv::conformance::TarMember;
  std::vector<TarMember> members(3);
  members[0].path = "Files/";
  members[0].type = '5';
  members[0].pax = {{"MSWINDOWS.rawsd", kGoodSd}};
  members[1].path = "Files/bad.txt";
  members[1].data = "x";
  members[1].pax = {{"MSWINDOWS.rawsd", "not base64"}};
  members[2].path = "Files/big.txt";  // a pax header too large to be read for records
  members[2].pax = {{"MSWINDOWS.rawsd", "!"}, {"comment", std::string(70000, 'c')}};
  const auto tar = ocv::conformance::tar_of(members);
  ocv::layer::TarFraming framing;
  for (std::size_t pos = 0; pos < tar.size(); pos += 700)  // pax bodies split across feeds
    framing.feed(reinterpret_cast<const std::uint8_t*>(tar.data()) + pos,
                 std::min<std::size_t>(700, tar.size() - pos));
  const auto& headers = framing.headers();
  BOOST_REQUIRE(headers.size() == 3u);
  BOOST_TEST(headers[0].windows_problem == 0u);
  BOOST_REQUIRE(headers[1].windows_problem == 1u);
  BOOST_TEST(framing.windows_problems()[0] ==
             "MSWINDOWS.rawsd is not base64: it is 10 characters long, not a multiple of 4");
  BOOST_TEST(headers[2].windows_problem == 0u);
  const auto* second = &headers[1];
  BOOST_TEST(framing.header_from(second->offset - 1) == second);
  BOOST_TEST(headers.size() == 2u);  // the first one, asked past, is forgotten
  BOOST_TEST(framing.end_of_archive());

  // The layer pass hands the problem over with the member's path.
  TempDir tmp;
  LayoutBuilder b(tmp.path());
  const auto d = b.add_blob(ocv::test::gzip(tar));
  ocv::engine::BlobFacts facts;
  facts.algorithm = "sha256";
  facts.encoded = d.substr(7);
  const ocv::source::LayoutDir layout(tmp.path());
  const auto r = ocv::layer::scan_layer(layout, facts, Compression::gzip);
  BOOST_REQUIRE(r.facts.windows_problems.size() == 1u);
  BOOST_TEST(r.facts.windows_problems[0].path == "Files/bad.txt");
  BOOST_TEST(r.facts.windows_problems_dropped == 0u);
}

BOOST_AUTO_TEST_CASE(member_names_are_read_as_their_bytes_whatever_the_locale) {
  // pax names are UTF-8 by the standard, but readers take them as bytes;
  // libarchive converts them to the locale's charset, which fails in the
  // "C" locale and normalizes to NFC in a UTF-8 one. Neither may show.
  const std::string nfc = "etc/F\xc5\x91tan\xc3\xbas\xc3\xadtv\xc3\xa1ny.pem";
  const std::string nfd = "etc/cafe\xcc\x81";          // "e" + combining acute
  const std::string latin1 = "etc/gar\xe7on";          // not UTF-8, no hdrcharset
  const std::string ustar_bytes = "etc/\xff\xfe-raw";  // ustar name, no pax header
  std::vector<ocv::conformance::TarMember> members(5);
  members[0].path = "n1";
  members[0].pax = {{"path", nfc}};
  members[1].path = "n2";
  members[1].pax = {{"path", nfd}};
  members[2].path = "n3";
  members[2].pax = {{"path", latin1}};
  members[3].path = ustar_bytes;
  members[4].path = "etc/link";
  members[4].type = '2';
  members[4].link = "F.pem";  // what the ustar field holds; the pax record wins
  members[4].pax = {{"linkpath", nfc}, {"uname", "j\xc3\xb6rg"}};
  const auto tar = ocv::conformance::tar_of(members);
  TempDir tmp;
  LayoutBuilder b(tmp.path());
  const auto d = b.add_blob(tar);
  ocv::engine::BlobFacts facts;
  facts.algorithm = "sha256";
  facts.encoded = d.substr(7);
  const ocv::source::LayoutDir layout(tmp.path());
  const std::string before = std::setlocale(LC_ALL, nullptr);
  for (const char* locale : {"C", "C.UTF-8"}) {
    BOOST_TEST_CONTEXT("process locale " << locale) {
      if (std::setlocale(LC_ALL, locale) == nullptr) continue;  // not installed here
      const auto r = ocv::layer::scan_layer(layout, facts, Compression::none);
      BOOST_TEST(r.facts.header_problems.empty(),
                 (r.facts.header_problems.empty() ? "" : r.facts.header_problems[0].message));
      BOOST_REQUIRE(r.facts.entries.size() == 5u);
      BOOST_TEST(r.facts.entries[0].path == nfc);
      BOOST_TEST(r.facts.entries[1].path == nfd);
      BOOST_TEST(r.facts.entries[2].path == latin1);
      BOOST_TEST(r.facts.entries[3].path == ustar_bytes);
      BOOST_TEST(r.facts.entries[4].link == nfc);
    }
  }
  std::setlocale(LC_ALL, before.c_str());
}

BOOST_AUTO_TEST_CASE(name_conversion_warnings_are_told_from_header_warnings) {
  using ocv::layer::is_name_conversion_warning;
  BOOST_TEST(
      is_name_conversion_warning("Pathname can't be converted from UTF-8 to current locale."));
  BOOST_TEST(
      is_name_conversion_warning("Linkname can't be converted from UTF-8 to current locale."));
  BOOST_TEST(!is_name_conversion_warning("Ignoring malformed pax extended attribute"));
  BOOST_TEST(!is_name_conversion_warning("Rejecting pax extended attribute > 1MB"));
}

BOOST_AUTO_TEST_CASE(scan_computes_digest_diff_id_and_entries_in_one_pass) {
  TempDir tmp;
  LayoutBuilder b(tmp.path());
  const auto tar = ocv::test::make_tar({{"etc/a.txt", text(100000)}, {"etc/b.txt", "b"}});
  for (const auto& [blob_bytes, declared] :
       {std::pair{ocv::test::gzip(tar), Compression::gzip}, std::pair{zstd(tar), Compression::zstd},
        std::pair{tar, Compression::none}}) {
    const auto d = b.add_blob(blob_bytes);
    ocv::engine::BlobFacts facts;
    facts.algorithm = "sha256";
    facts.encoded = d.substr(7);
    const ocv::source::LayoutDir layout(tmp.path());
    const auto r = ocv::layer::scan_layer(layout, facts, declared);
    BOOST_TEST(r.read_error.empty());
    BOOST_TEST(r.compressed_encoded.value_or("") == facts.encoded);
    BOOST_TEST(r.facts.diff_id.value_or("") == ocv::test::sha256_digest(tar));
    BOOST_TEST(r.facts.uncompressed_bytes == tar.size());
    BOOST_TEST(r.facts.end_of_archive);
    BOOST_TEST(r.facts.tar_error.empty(), r.facts.tar_error);
    BOOST_REQUIRE(r.facts.entries.size() == 3u);  // etc/, etc/a.txt, etc/b.txt
    BOOST_TEST(r.facts.entries[1].normalized == "etc/a.txt");
  }
}

BOOST_AUTO_TEST_CASE(scan_hashes_other_diff_id_algorithms_only_when_asked) {
  TempDir tmp;
  LayoutBuilder b(tmp.path());
  const auto tar = ocv::test::make_tar({{"etc/a.txt", text(100000)}, {"etc/b.txt", "b"}});
  const auto sha512 = "sha512:" + ocv::digest::hash_hex("sha512", tar);
  const ocv::source::LayoutDir layout(tmp.path());
  for (const std::string_view algorithm : {"sha256", "sha512"}) {
    for (const auto& [blob_bytes, declared] :
         {std::pair{ocv::test::gzip(tar), Compression::gzip},
          std::pair{zstd(tar), Compression::zstd}, std::pair{tar, Compression::none}}) {
      // An uncompressed sha512 blob takes its sha512 diff_id from the blob's
      // own digest: both paths must agree with a plain hash.
      const auto d = b.add_blob(blob_bytes, algorithm);
      ocv::engine::BlobFacts facts;
      facts.algorithm = std::string(algorithm);
      facts.encoded = d.substr(algorithm.size() + 1);
      const auto usual = ocv::layer::scan_layer(layout, facts, declared);
      BOOST_TEST(usual.facts.other_diff_ids.empty());
      BOOST_TEST(!usual.facts.diff_id_with("sha512").has_value());
      BOOST_TEST(usual.facts.diff_id_with("sha256").value_or("") == ocv::test::sha256_digest(tar));
      for (const bool split : {false, true}) {
        ocv::layer::ScanOptions options;
        options.split_threads = split;
        // sha256 is always computed, an unknown algorithm cannot be: both
        // are ignored, and a repeated algorithm is hashed once.
        options.diff_id_algorithms = {"sha256", "sha512", "md5", "sha512"};
        const auto r = ocv::layer::scan_layer(layout, facts, declared, options);
        BOOST_TEST(r.compressed_encoded.value_or("") == facts.encoded);
        BOOST_TEST(r.facts.diff_id.value_or("") == ocv::test::sha256_digest(tar));
        BOOST_REQUIRE(r.facts.other_diff_ids.size() == 1u);
        BOOST_TEST(r.facts.other_diff_ids[0] == sha512, algorithm << " split " << split);
        BOOST_TEST(r.facts.diff_id_with("sha512").value_or("") == sha512);
        BOOST_TEST(!r.facts.diff_id_with("md5").has_value());
        BOOST_TEST(!r.facts.diff_id_with("sha").has_value());
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(scan_reports_wrong_compression_and_still_walks) {
  TempDir tmp;
  LayoutBuilder b(tmp.path());
  const auto tar = ocv::test::make_tar({{"x", "y"}});
  const auto d = b.add_blob(zstd(tar));
  ocv::engine::BlobFacts facts;
  facts.algorithm = "sha256";
  facts.encoded = d.substr(7);
  const ocv::source::LayoutDir layout(tmp.path());
  const auto r = ocv::layer::scan_layer(layout, facts, Compression::gzip);
  BOOST_TEST((r.facts.magic == Magic::zstd));
  BOOST_TEST(r.facts.declared_compression == "gzip");
  BOOST_TEST(r.facts.diff_id.value_or("") == ocv::test::sha256_digest(tar));
  BOOST_TEST(r.facts.entries.size() == 1u);
}

BOOST_AUTO_TEST_CASE(uncompressed_cap_stops_a_bomb) {
  TempDir tmp;
  LayoutBuilder b(tmp.path());
  const auto d = b.add_blob(ocv::test::gzip(std::string(8u << 20, '\0')));
  ocv::engine::BlobFacts facts;
  facts.algorithm = "sha256";
  facts.encoded = d.substr(7);
  const ocv::source::LayoutDir layout(tmp.path());
  ocv::layer::ScanOptions options;
  options.max_uncompressed_bytes = 1u << 20;
  options.diff_id_algorithms = {"sha512"};
  const auto r = ocv::layer::scan_layer(layout, facts, Compression::gzip, options);
  BOOST_TEST(r.facts.limit_hit);
  BOOST_TEST(r.facts.uncompressed_bytes <= (1u << 20));
  BOOST_TEST(!r.facts.diff_id.has_value());
  BOOST_TEST(r.facts.other_diff_ids.empty());
}

BOOST_AUTO_TEST_CASE(split_and_inline_passes_agree) {
  TempDir tmp;
  LayoutBuilder b(tmp.path());
  std::vector<std::pair<std::string, std::string>> files;
  for (int i = 0; i < 200; ++i) files.emplace_back("d/f" + std::to_string(i), text(5000 + i));
  const auto tar = ocv::test::make_tar(files);
  auto corrupt = ocv::test::gzip(tar);
  corrupt[corrupt.size() / 3] ^= 0x40;
  const auto truncated = ocv::test::gzip(tar).substr(0, corrupt.size() / 2);
  for (const auto& [bytes, declared] :
       {std::pair{ocv::test::gzip(tar), Compression::gzip}, std::pair{zstd(tar), Compression::zstd},
        std::pair{tar, Compression::none}, std::pair{corrupt, Compression::gzip},
        std::pair{truncated, Compression::gzip}, std::pair{std::string(), Compression::gzip},
        std::pair{text(3000), Compression::none}}) {
    const auto d = b.add_blob(bytes);
    ocv::engine::BlobFacts facts;
    facts.algorithm = "sha256";
    facts.encoded = d.substr(7);
    const ocv::source::LayoutDir layout(tmp.path());
    ocv::layer::ScanOptions inline_options, split_options;
    split_options.split_threads = true;
    for (const std::uint64_t cap : {std::uint64_t{64} << 30, std::uint64_t{100000}}) {
      inline_options.max_uncompressed_bytes = split_options.max_uncompressed_bytes = cap;
      const auto a = ocv::layer::scan_layer(layout, facts, declared, inline_options);
      const auto s = ocv::layer::scan_layer(layout, facts, declared, split_options);
      BOOST_TEST(a.compressed_encoded.value_or("") == facts.encoded);
      BOOST_TEST(s.compressed_encoded.value_or("") == facts.encoded);
      BOOST_TEST(a.facts.diff_id.value_or("-") == s.facts.diff_id.value_or("-"));
      BOOST_TEST(a.facts.uncompressed_bytes == s.facts.uncompressed_bytes);
      BOOST_TEST(a.facts.entries.size() == s.facts.entries.size());
      BOOST_TEST(a.facts.decompress_error == s.facts.decompress_error);
      BOOST_TEST(a.facts.tar_error.empty() == s.facts.tar_error.empty());
      BOOST_TEST(a.facts.limit_hit == s.facts.limit_hit);
    }
  }
}

// Each way a gzip or zstd layer can be broken has its own message (the
// layer rules quote it).
BOOST_AUTO_TEST_CASE(broken_compressed_streams_are_named_by_how_they_break) {
  const auto a = text(3000);
  const auto gz = ocv::test::gzip(a);
  auto method = gz;
  method[2] = 7;  // CM: 8 is deflate, the only method RFC 1952 defines
  const std::vector<std::tuple<Compression, std::string, std::string>> cases = {
      {Compression::gzip, "", "truncated gzip stream: it ends before the first member is complete"},
      {Compression::gzip, "plain text, not gzip", "invalid gzip header"},
      {Compression::gzip, method, "unsupported gzip compression method"},
      {Compression::gzip, gz.substr(0, 5),
       "truncated gzip stream: it ends before the first member is complete"},
      {Compression::gzip, gz + gz.substr(0, 5),
       "truncated gzip stream: it ends before the end of the compressed data and its CRC-32/length "
       "trailer"},
      {Compression::gzip, gz + gz.substr(0, 40),
       "truncated gzip stream: it ends before the end of the compressed data and its CRC-32/length "
       "trailer"},
      {Compression::zstd, "", "truncated zstd stream: it ends in the middle of a frame"},
      {Compression::zstd, "plain text, not zstd", "corrupt zstd stream: Unknown frame descriptor"},
  };
  for (const auto& [compression, input, error] : cases)
    for (std::size_t chunk : {1u, 4096u}) {
      const auto said = decode(compression, input, chunk).error;
      BOOST_TEST(said == error, error << " (chunks of " << chunk << "): " << said);
    }
  // Uncompressed layers pass through as they are.
  const auto plain = decode(Compression::none, a, 1000);
  BOOST_TEST(plain.out == a);
  BOOST_TEST(plain.error.empty());
}

// pax extended header records (POSIX.1-2008 pax, "%d %s=%s\n"): how each
// malformed record is told, and what a well-formed one sets.
BOOST_AUTO_TEST_CASE(pax_records_are_checked_one_byte_at_a_time) {
  const auto check = [](const std::string& body, std::size_t chunk) {
    ocv::layer::PaxRecordCheck c;
    for (std::size_t at = 0; at < body.size(); at += chunk)
      c.feed(reinterpret_cast<const std::uint8_t*>(body.data()) + at,
             std::min(chunk, body.size() - at));
    return c;
  };
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"12 path=a/b\n", ""},
      {"12 path=a/b\n16 size=4096000\n", ""},
      {"", ""},
      {"x path=a\n",
       "record 1 (at byte 0 of the header) does not start with a decimal length and "
       "a space"},
      {" 9 path=a\n",
       "record 1 (at byte 0 of the header) does not start with a decimal length "
       "and a space"},
      {"2 a=b\n",
       "record 1 (at byte 0 of the header) declares 2 bytes, fewer than its own length "
       "field"},
      {"5 a=bcd\n",
       "record 1 (at byte 0 of the header) declares 5 bytes, but its last byte is "
       "not the newline that ends a record"},
      {"4 a\n", "record 1 (at byte 0 of the header) has no '='"},
      {"12 path=a/b\n6 ab\n=\n", "record 2 (at byte 12 of the header) has no '='"},
      {"9 a=bcdef\n",
       "record 1 (at byte 0 of the header) declares 9 bytes, but its last byte is "
       "not the newline that ends a record"},
      {"99999999999999 a=b\n", "record 1 declares an absurd length"},
      {"12 path=a/b\n10 a=b",
       "record 2 (at byte 12 of the header) declares 10 bytes but the "
       "header ends after 6"},
      {"12", "record 1 (at byte 0 of the header) declares 12 bytes but the header ends after 2"},
  };
  for (const auto& [body, problem] : cases)
    for (std::size_t chunk : {1u, 512u}) {
      auto c = check(body, chunk);
      BOOST_TEST(c.finish() == problem, body);
    }
  // What the records set is read before finish(), which readies the check
  // for the next header.
  auto ok = check("12 path=a/b\n16 size=4096000\n", 3);
  BOOST_TEST(ok.path_value() == "a/b");
  BOOST_TEST(ok.size_value().value() == 4096000u);
  BOOST_TEST(ok.finish().empty());
  BOOST_TEST(ok.path_value().empty());
  BOOST_TEST(!ok.size_value().has_value());
  // A size that is not plain decimal digits, or too long for 64 bits, is
  // ignored (the header's own size field stays in force), as libarchive does.
  for (const auto* body :
       {"8 size=\n", "11 size=1x\n", "11 size=-1\n", "29 size=12345678901234567890\n"}) {
    auto c = check(body, 512);
    BOOST_TEST(!c.size_value().has_value(), body);
    BOOST_TEST(c.finish().empty(), body);
  }
  // The last path record is the one that counts; a key is not "path"
  // because it starts with it.
  auto two = check("10 path=a\n10 path=b\n13 pathx=c/d\n", 512);
  BOOST_TEST(two.path_value() == "b");
  BOOST_TEST(two.finish().empty());
}

// Each entry keeps the type its header gives: libarchive's reading of a
// standard typeflag, the raw letter of any other (a vendor extension that
// libarchive would read as a regular file), so that the type rules see
// what the archive says. Solaris tar's 'X' (pax) and 'A' (ACL) headers
// extend the entry after them, as libarchive reads them, and a GNU volume
// label is skipped: none gives the entry after it a type of its own.
BOOST_AUTO_TEST_CASE(entries_keep_the_type_their_header_gives) {
  TempDir tmp;
  LayoutBuilder b(tmp.path());
  const auto m = [](std::string path, char type, std::string link = "") {
    ocv::conformance::TarMember t;
    t.path = std::move(path);
    t.type = type;
    t.link = std::move(link);
    if (type == '0' || type == '\0' || type == 'Z' || type == '7') t.data = "data";
    return t;
  };
  const std::vector<std::pair<ocv::conformance::TarMember, char>> cases = {
      {m("file", '0'), '0'},         {m("old-file", '\0'), '0'}, {m("contiguous", '7'), '0'},
      {m("vendor", 'Z'), 'Z'},       {m("dir/", '5'), '5'},      {m("soft", '2', "file"), '2'},
      {m("hard", '1', "file"), '1'}, {m("fifo", '6'), '6'},
  };
  std::vector<ocv::conformance::TarMember> members;
  for (const auto& [member, type] : cases) {
    if (member.path == "dir/") {
      auto solaris = m("solaris-extension", 'X');
      solaris.data = "12 path=dir\n";
      members.push_back(solaris);
    }
    if (member.path == "fifo") {
      members.push_back(m("GNU volume label", 'V'));
    }
    if (member.path == "file") {
      // A Solaris ACL header: an octal ACL type and count, NUL, the ACL text.
      auto acl = m("solaris-acl", 'A');
      acl.data = std::string("1000003") + '\0' + "user::rw-,group::r--,other::r--";
      members.push_back(acl);
    }
    members.push_back(member);
  }
  const auto d = b.add_blob(ocv::conformance::tar_of(members));
  ocv::engine::BlobFacts facts;
  facts.algorithm = "sha256";
  facts.encoded = d.substr(7);
  const ocv::source::LayoutDir layout(tmp.path());
  const auto r = ocv::layer::scan_layer(layout, facts, Compression::none);
  BOOST_TEST(r.facts.tar_error.empty(), r.facts.tar_error);
  std::string seen;
  for (const auto& e : r.facts.entries) seen += e.path + " " + std::string(1, e.type) + "\n";
  BOOST_TEST_REQUIRE(r.facts.entries.size() == cases.size(), seen);
  for (std::size_t i = 0; i < cases.size(); ++i) {
    BOOST_TEST(r.facts.entries[i].type == cases[i].second, cases[i].first.path);
    BOOST_TEST(r.facts.entries[i].link == cases[i].first.link, cases[i].first.path);
  }
}

BOOST_AUTO_TEST_SUITE_END()
