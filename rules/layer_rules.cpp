// LAY-*: layer blobs and their tar changesets (layer.md), plus CFG-008.
//
// Everything here reads the facts of the one streaming pass over each layer
// blob (validator/layer/layer_scan): the compression the bytes really use,
// the tar framing, and the compact member list. Checks of one layer run once
// per blob (on_layer); checks that need the layers below (hardlink targets,
// symlinks created earlier in the stack, diff_ids) run once per image, since
// a blob can sit at different positions in different images.
//
// CFG-008 lives here rather than with the other CFG-* rules: it compares the
// config with the digest of each decompressed layer, which only the layer
// pass computes.
//
// Not registered: LAY-011 (a flow rule: a missing non-distributable blob with
// urls is reported by LYT-009 as a note) and LAY-012 (semantics the stack
// simulation follows, not a violation). A NUL byte inside a member path
// (LAY-013) cannot occur in what the pass records: libarchive hands paths
// over as C strings.
#include <algorithm>
#include <optional>
#include <string_view>
#include <unordered_map>

#include <fmt/format.h>

#include "rules/families.hpp"
#include "rules/json_access.hpp"
#include "rules/layer_paths.hpp"
#include "validator/digest/digest.hpp"
#include "validator/model/image_facts.hpp"
#include "validator/model/media_types.hpp"
#include "validator/model/member_path.hpp"

namespace ocv::rules {
namespace {

using engine::DescriptorRole;
using engine::DescriptorView;
using engine::DocKind;
using engine::FindingSink;
using engine::ImageView;
using engine::LayerFacts;
using engine::LayerView;
using engine::Magic;
using engine::Severity;
using engine::TarEntry;
using layer_paths::LayerIndex;
using layer_paths::LayerStack;
using layer_paths::MemberReports;
using layer_paths::shown;
namespace mt = engine::mt;

std::string_view magic_description(Magic magic, std::string_view declared) {
  switch (magic) {
    case Magic::gzip:
      return "its bytes are gzip (magic 1f 8b)";
    case Magic::zstd:
      return "its bytes are zstd (magic 28 b5 2f fd)";
    case Magic::none:
      return "its bytes are an uncompressed tar archive";
    case Magic::other:
      break;
  }
  if (declared == "gzip") return "its bytes do not start with the gzip magic 1f 8b 08";
  if (declared == "zstd") return "its bytes do not start with the zstd magic 28 b5 2f fd";
  return "its bytes start with neither a tar header (with a valid checksum) nor gzip or zstd magic";
}

bool magic_matches(Magic magic, std::string_view declared) {
  if (declared == "gzip") return magic == Magic::gzip;
  if (declared == "zstd") return magic == Magic::zstd;
  return magic == Magic::none;
}

/// LAY-001 and LAY-002 are errors for an image, whose layers a runtime
/// unpacks. A layer only artifacts list is never unpacked as a filesystem
/// changeset (engine::is_artifact_manifest), and older oras versions pushed
/// plain files with an image layer media type (notation's test signatures
/// were made so): there the finding stays, as a warning naming the habit.
struct ContentVerdict {
  std::optional<Severity> severity;
  std::string_view why;
};

ContentVerdict content_verdict(const LayerView& layer) {
  if (!layer.artifact_only) return {};
  return {Severity::warning,
          "; only artifacts list this layer, and artifacts are not unpacked (older oras versions "
          "pushed plain files with an image layer media type)"};
}

/// The blob could not be read to its end, so its facts say nothing about
/// its content (LIMIT-004 reports that).
bool unreadable(const LayerView& layer) {
  return !layer.blob_facts->unhashed_reason.empty() && !layer.blob_facts->actual_encoded;
}

// LAY-002: the compression the bytes use is the one the media type
// declares. Docker's rootfs.diff.tar.gzip declares gzip like tar+gzip.
// Returns true when it reported, so that LAY-001 does not report the same
// bytes a second time as undecodable.
bool check_compression(const LayerView& layer, const std::string& digest, FindingSink& sink) {
  const auto& f = *layer.facts;
  if (f.compressed_bytes == 0 || magic_matches(f.magic, f.declared_compression)) return false;
  const auto media_type = layer.descriptor != nullptr ? layer.descriptor->media_type() : "";
  const auto verdict = content_verdict(layer);
  sink.report(
      "LAY-002", layer, "",
      fmt::format("layer {} has media type {}, which declares {}, but {}{}", digest, media_type,
                  f.declared_compression == "none" ? "an uncompressed tar"
                                                   : f.declared_compression + " compression",
                  magic_description(f.magic, f.declared_compression), verdict.why),
      verdict.severity);
  return true;
}

std::string decompress_problem(const std::string& error) {
  if (error.find("CRC") != std::string::npos) return "gzip CRC mismatch: " + error;
  return error;
}

std::string where_in_tar(const LayerFacts& f) {
  if (f.last_entry() == nullptr) return "before the first member";
  const auto& last = *f.last_entry();
  return fmt::format("after member {} (header at byte {})", last.path, last.offset);
}

// LAY-001: the (decompressed) payload is a tar archive that ends with the
// two zero blocks of its end-of-archive marker.
//
// A corrupt or truncated gzip/zstd stream is reported here, not under
// LAY-002: the bytes do use the declared compression (LAY-002 holds), but
// they do not decompress to the tar archive the media type promises. When
// the magic already disagrees with the media type, LAY-002 has said why the
// stream does not decode and nothing more is reported.
void check_tar_stream(const LayerView& layer, const std::string& digest, bool compression_reported,
                      FindingSink& sink) {
  const auto& f = *layer.facts;
  const bool undecodable = compression_reported && f.magic == Magic::other;
  const auto verdict = content_verdict(layer);
  const auto report = [&](std::string message) {
    sink.report("LAY-001", layer, "", message.append(verdict.why), verdict.severity);
  };
  if (!f.decompress_error.empty()) {
    if (!undecodable)
      report(
          fmt::format("layer {} does not decompress to a tar archive: {} (after {} "
                      "decompressed bytes)",
                      digest, decompress_problem(f.decompress_error), f.uncompressed_bytes));
    return;
  }
  // Past the uncompressed-bytes cap, or at a zstd window over the limit,
  // the stream was not read (LIMIT-005, LIMIT-007).
  if (f.limit_hit || f.window_over_limit != 0) return;
  // A stream cut short after the last member's data makes libarchive
  // report a truncated archive too; the framing says more precisely what
  // is missing.
  const bool cut_after_data = layer_paths::ends_after_last_data(f);
  if (!f.tar_error.empty() && !cut_after_data) {
    if (!undecodable)
      report(fmt::format("layer {} is not a valid tar archive: {} ({})", digest, f.tar_error,
                         where_in_tar(f)));
    return;
  }
  if (f.end_of_archive) return;
  if (f.uncompressed_bytes == 0) {
    report(
        fmt::format("layer {} is empty: a tar archive holds at least the two zero blocks "
                    "that end it",
                    digest));
  } else if (f.uncompressed_bytes == f.end_of_entries) {
    report(
        fmt::format("layer {}: the tar stream ends at byte {} right after the last entry, "
                    "without the two zero blocks that end a tar archive (umoci 0.4.7 "
                    "writes opaque-whiteout layers like this)",
                    digest, f.uncompressed_bytes));
  } else if (cut_after_data) {
    report(
        fmt::format("layer {}: the tar stream ends at byte {} right after the data of the "
                    "last entry ({}), without padding it to a 512-byte block and without "
                    "the two zero blocks that end a tar archive (umoci 0.4.7 writes "
                    "opaque-whiteout layers like this)",
                    digest, f.uncompressed_bytes, f.last_entry()->path));
  } else {
    // Past the last entry: a stream that stops inside an entry is one
    // libarchive reports as truncated (tar_error, above), and the framing
    // reads each entry's size as libarchive does (a pax size included).
    report(
        fmt::format("layer {}: the tar stream ends at byte {}, {} bytes after the last "
                    "entry, without the two zero blocks that end a tar archive",
                    digest, f.uncompressed_bytes, f.uncompressed_bytes - f.end_of_entries));
  }
}

// LAY-014: nothing after the compressed stream, nothing but zeros after the
// tar end-of-archive blocks.
void check_trailing(const LayerView& layer, const std::string& digest, FindingSink& sink) {
  const auto& f = *layer.facts;
  if (f.trailing_compressed > 0) {
    const bool zstd = f.magic == Magic::zstd;
    sink.report("LAY-014", layer, "",
                fmt::format("layer {}: {} bytes follow the last complete {} and start no new one; "
                            "{}",
                            digest, f.trailing_compressed, zstd ? "zstd frame" : "gzip member",
                            zstd ? "strict decoders reject them"
                                 : "containerd's Go gzip reader fails on them"));
  }
  if (f.trailing_nonzero > 0)
    sink.report("LAY-014", layer, "",
                fmt::format("layer {}: {} non-zero bytes follow the tar end-of-archive blocks "
                            "(the last entry ends at byte {}); they are part of the diff_id but "
                            "no extractor reads them",
                            digest, f.trailing_nonzero, f.end_of_entries),
                Severity::note);
}

bool standard_type(char type) {
  return std::string_view("01234567").find(type) != std::string_view::npos || type == '\0';
}

// LAY-003: no two members with the same normalized path.
void check_duplicates(const LayerFacts& f, MemberReports& out) {
  std::unordered_map<std::string_view, std::size_t> first;
  std::unordered_map<std::string_view, std::vector<std::size_t>> repeats;
  std::vector<std::string_view> order;  // duplicated paths by first occurrence
  first.reserve(f.entries.size());
  for (std::size_t i = 0; i < f.entries.size(); ++i) {
    const auto [it, inserted] = first.emplace(f.entries[i].normalized, i);
    if (inserted) continue;
    auto& list = repeats[it->first];
    if (list.empty()) {
      list.push_back(it->second);
      order.push_back(it->first);
    }
    list.push_back(i);
  }
  for (const auto path : order) {
    const auto& list = repeats[path];
    bool all_dirs = true;
    std::string offsets;
    for (std::size_t k = 0; k < list.size(); ++k) {
      all_dirs = all_dirs && f.entries[list[k]].type == '5';
      if (k < 5) offsets += fmt::format("{}{}", k == 0 ? "" : ", ", f.entries[list[k]].offset);
    }
    if (list.size() > 5) offsets += ", ...";
    out.add("LAY-003", f.entries[list[1]],
            fmt::format("{} {} appears {} times in layer {} (headers at bytes {}){}",
                        all_dirs ? "directory" : "path", shown(path), list.size(), out.digest(),
                        offsets,
                        all_dirs ? "; a repeated directory entry is a duplicate too, although "
                                   "extractors only apply the last one's attributes"
                                 : "; extractors keep whichever comes last"));
  }
}

// LAY-004, LAY-005, LAY-006, LAY-013 (paths on their own): one pass over
// the members: those of the index, then those past it that the layer pass
// kept because they need a look (every member is checked on its own, even
// when the index is full).
void check_member_forms(const LayerFacts& f, MemberReports& out) {
  std::size_t absolute = 0;
  const TarEntry* first_absolute = nullptr;
  for (const auto* list : {&f.entries, &f.unindexed})
    for (const auto& e : *list) {
      // LAY-004
      if (!standard_type(e.type)) {
        out.add("LAY-004", e,
                e.type == '?'
                    ? fmt::format("member {} of layer {} has a type the tar reader cannot classify "
                                  "as a file, directory, link, device or FIFO (a '1' hardlink "
                                  "header with an empty linkname reads like this too)",
                                  e.path, out.digest())
                    : fmt::format("member {} of layer {} has tar typeflag '{}', which is not a "
                                  "file, directory, link, device or FIFO",
                                  e.path, out.digest(), e.type));
      }
      // LAY-005
      if (e.sparse)
        out.add("LAY-005", e,
                fmt::format("member {} of layer {} is a sparse file; tar implementations support "
                            "sparse files inconsistently",
                            e.path, out.digest()));
      // LAY-006
      if ((e.type == '1' || e.type == '2') && e.link.empty())
        out.add("LAY-006", e,
                fmt::format("{} {} of layer {} has an empty linkname",
                            layer_paths::type_name(e.type), e.path, out.digest()));
      // LAY-013: absolute paths are stripped by every common extractor, so
      // they are listed once per layer; ".." out of the root is an attack.
      if (e.path.starts_with('/')) {
        if (absolute++ == 0) first_absolute = &e;
      }
      if (member_path::has_dotdot(e.normalized) && !member_path::resolve_dotdot(e.normalized))
        out.add("LAY-013", e,
                fmt::format("member {} of layer {} climbs out of the root with \"..\"", e.path,
                            out.digest()));
      if (e.type == '1' && !e.link.empty()) {
        const auto link = member_path::normalize(e.link);
        if (member_path::has_dotdot(link) && !member_path::resolve_dotdot(link))
          out.add("LAY-013", e,
                  fmt::format("hardlink {} of layer {} targets {}, which climbs out of the root "
                              "with \"..\"",
                              e.path, out.digest(), e.link));
      }
    }
  if (first_absolute != nullptr)
    out.add("LAY-013", *first_absolute,
            fmt::format("{} of layer {} {} an absolute path (first: {}); common "
                        "extractors strip the leading \"/\", tools that do not write outside "
                        "their target directory",
                        absolute == 1 ? "one member" : fmt::format("{} members", absolute),
                        out.digest(), absolute == 1 ? "has" : "have", first_absolute->path),
            Severity::warning);
}

// LAY-001 (headers): a header that tar readers read differently (a
// malformed or oversized pax extended header, anything libarchive warned
// about but a name it kept as bytes, see layer/byte_names.hpp) makes the member's path or type
// depend on the reader, which is where a path traversal hides from a validator that reads it one
// way.
void check_headers(const LayerFacts& f, MemberReports& out) {
  for (const auto& problem : f.header_problems)
    out.add("LAY-001", problem.path,
            fmt::format("member {} of layer {}: {}", problem.path, out.digest(), problem.message));
  out.add_unlisted("LAY-001", f.header_problems_dropped);
}

void check_layer(const LayerView& layer, FindingSink& sink) {
  if (layer.facts == nullptr || layer.blob_facts == nullptr || unreadable(layer)) return;
  const auto digest = layer_paths::layer_digest(*layer.blob_facts);
  const bool compression_reported = check_compression(layer, digest, sink);
  check_tar_stream(layer, digest, compression_reported, sink);
  check_trailing(layer, digest, sink);
  MemberReports out(sink, layer, digest);
  check_headers(*layer.facts, out);
  check_duplicates(*layer.facts, out);
  check_member_forms(*layer.facts, out);
  out.finish();
}

// LAY-010: no new non-distributable layers.
void check_nondistributable(const DescriptorView& d, FindingSink& sink) {
  if (d.role != DescriptorRole::layer || !mt::is_nondistributable(d.media_type())) return;
  const auto type = d.media_type();
  std::string replacement;
  if (type == mt::kDockerForeignLayerGzip) {
    replacement = std::string(mt::kDockerLayerGzip);
  } else {
    replacement = std::string(type);
    const std::string_view from = "nondistributable.";
    if (const auto pos = replacement.find(from); pos != std::string::npos)
      replacement.erase(pos, from.size());
  }
  sink.report("LAY-010", *d.parent, d.member_pointer("mediaType"),
              fmt::format("{} has the non-distributable media type {}, deprecated since "
                          "image-spec v1.1.0; new images use {}",
                          d.label(), type, replacement));
}

/// What the hardlink and symlink checks of one layer need.
struct StackLayer {
  const ImageView& image;
  std::size_t k;
  const LayerIndex& index;
  const LayerStack& stack;
  bool lower_complete;  // every lower layer was read completely
  MemberReports& out;
};

std::string lower_label(const LayerStack::Found& found) {
  return fmt::format("layers[{}]", found.layer);
}

// LAY-007 and LAY-008: hardlinks resolve to a non-directory, preferably
// earlier in their own layer.
void check_hardlinks(const StackLayer& s) {
  const auto& members = s.index.members();
  for (std::size_t i = 0; i < members.size(); ++i) {
    const auto& e = s.index.entry(i);
    if (e.type != '1' || e.link.empty() || members[i].escapes) continue;
    auto target = member_path::normalize(e.link);
    if (member_path::has_dotdot(target)) {
      auto resolved = member_path::resolve_dotdot(target);
      if (!resolved) continue;  // LAY-013
      target = std::move(*resolved);
    }
    const auto same = s.index.first(target);
    const bool same_is_dir = target.empty() || (same && s.index.entry(*same).type == '5') ||
                             (!same && s.index.has_below(target));
    if (same_is_dir) {
      s.out.add("LAY-007", e,
                fmt::format("hardlink {} of layers[{}] ({}) targets {}, a directory in the same "
                            "layer; hardlinks to directories are not possible",
                            e.path, s.k, s.out.digest(), shown(target)));
      continue;
    }
    if (same && *same < i) continue;
    const auto lower = s.stack.find(target);
    if (lower && lower->type == '5') {
      s.out.add("LAY-007", e,
                fmt::format("hardlink {} of layers[{}] ({}) targets {}, a directory from {}; "
                            "hardlinks to directories are not possible",
                            e.path, s.k, s.out.digest(), target, lower_label(*lower)));
    } else if (lower) {
      s.out.add("LAY-008", e,
                fmt::format("hardlink {} of layers[{}] ({}) targets {}, which is only in a lower "
                            "layer ({}){}; extractors that unpack one layer on its own fail",
                            e.path, s.k, s.out.digest(), target, lower_label(*lower),
                            same ? " until this layer writes it again later" : ""),
                Severity::note);
    } else if (same) {
      s.out.add("LAY-008", e,
                fmt::format("hardlink {} of layers[{}] ({}) targets {}, which comes only later in "
                            "the layer (header at byte {}); extracting in order fails",
                            e.path, s.k, s.out.digest(), target, s.index.entry(*same).offset),
                Severity::warning);
    } else if (s.lower_complete) {
      s.out.add("LAY-008", e,
                fmt::format("hardlink {} of layers[{}] ({}) targets {}, which neither this layer "
                            "nor a lower one holds",
                            e.path, s.k, s.out.digest(), target),
                Severity::warning);
    }
  }
}

/// True when a symlink at `path` pointing at `target` leads out of the root
/// for an extractor that follows it: an absolute target is resolved against
/// the host's root, a relative one may climb out with "..".
bool symlink_escapes(std::string_view path, std::string_view target) {
  if (target.empty()) return false;  // LAY-006
  if (target.starts_with('/')) return true;
  const auto joined = member_path::normalize(layer_paths::join(layer_paths::dirname(path), target));
  return member_path::has_dotdot(joined) && !member_path::resolve_dotdot(joined);
}

// LAY-013 (stack part): no member is written through a symlink, left at one
// of its parent directories by an earlier member of the layer or by a lower
// layer, that leads out of the root. An extractor that follows it writes
// outside the filesystem being built. Symlinks that stay inside the root
// (usr-merge's lib -> usr/lib) only redirect within the image and are not
// reported; chains of symlinks are not followed.
void check_symlink_parents(const StackLayer& s) {
  const auto& members = s.index.members();
  for (std::size_t i = 0; i < members.size(); ++i) {
    const auto& m = members[i];
    if (m.escapes || m.path.find('/') == std::string_view::npos) continue;
    bool lower_hidden = s.index.opaque("").has_value();
    std::string finding;
    const auto report = [&](std::string_view prefix, std::string_view link, std::string_view from) {
      finding =
          fmt::format("member {} of layers[{}] ({}) is written through {}, a symlink to {} {}",
                      s.index.entry(i).path, s.k, s.out.digest(), prefix, link, from);
    };
    s.stack.for_each_ancestor(m.path, [&](std::string_view prefix,
                                          const std::optional<LayerStack::Found>& lower) {
      if (const auto j = s.index.first(prefix); j && *j < i) {
        // An earlier member of the layer replaced what the lower layers had.
        const auto& parent = s.index.entry(*j);
        if (parent.type != '2' || !symlink_escapes(prefix, parent.link)) return true;
        report(prefix, parent.link, "created earlier in the same layer");
        return false;
      }
      if (const auto w = s.index.first_whiteout(prefix); w && *w < i) lower_hidden = true;
      if (s.index.opaque(layer_paths::dirname(prefix))) lower_hidden = true;
      if (lower_hidden || !lower || lower->type != '2' || lower->member == LayerStack::kImplicit)
        return true;
      const auto* facts = s.image.layer_facts[static_cast<std::size_t>(lower->layer)];
      const auto& link = facts->entries[lower->member].link;
      if (!symlink_escapes(prefix, link)) return true;
      report(prefix, link, "from " + lower_label(*lower));
      return false;
    });
    if (!finding.empty()) s.out.add("LAY-013", s.index.entry(i), std::move(finding));
  }
}

void check_layer_stack(const engine::StackLayerView& layer, FindingSink& sink) {
  const auto site = layer_paths::layer_site(layer.image, layer.k);
  MemberReports out(sink, site, std::string(layer.image.layers[layer.k]->digest()));
  const StackLayer s{layer.image, layer.k, layer.index, layer.stack, layer.lower_complete, out};
  check_hardlinks(s);
  check_symlink_parents(s);
  out.finish();
}

// LAY-009: the Windows vendor records of the layers' pax headers are
// well-formed (the layer pass keeps only what is wrong with them). They
// only mean something to Windows runtimes, so only Windows images (config
// os "windows") are judged.
void check_windows_records(const ImageView& image, FindingSink& sink) {
  if (image.config_facts == nullptr || image.config_facts->os != "windows") return;
  for (std::size_t k = 0; k < image.layers.size() && k < image.layer_facts.size(); ++k) {
    const auto* facts = image.layer_facts[k];
    if (facts == nullptr) continue;
    const auto site = layer_paths::layer_site(image, k);
    MemberReports out(sink, site, std::string(image.layers[k]->digest()));
    for (const auto& problem : facts->windows_problems)
      out.add("LAY-009", problem.path,
              fmt::format("{} of layer {}: {}", problem.path, out.digest(), problem.message));
    out.add_unlisted("LAY-009", facts->windows_problems_dropped);
    out.finish();
  }
}

// CFG-008: rootfs.diff_ids[i] is the digest of layers[i] decompressed,
// with the diff_id's own algorithm. The layer pass hashes with sha256, and
// with another algorithm only for the layers whose configs use it (see
// LayerFacts::other_diff_ids). A diff_id in an algorithm the pass cannot
// compute (blake3, an unregistered one) is not compared: nothing to compare
// it with.
void check_diff_ids(const ImageView& image, FindingSink& sink) {
  if (image.config_facts == nullptr || !image.config_facts->diff_ids) return;  // CFG-003, CFG-005
  const auto& diff_ids = *image.config_facts->diff_ids;
  const std::size_t n =
      std::min<std::size_t>({image.layers.size(), image.layer_facts.size(), diff_ids.size()});
  for (std::size_t i = 0; i < n; ++i) {
    const auto* facts = image.layer_facts[i];
    if (facts == nullptr || !diff_ids[i]) continue;
    const std::string_view declared = *diff_ids[i];
    const auto parsed = digest::parse(declared);
    if (!parsed || digest::algorithm_form_error(*parsed))
      continue;  // CFG-006 reports malformed diff_ids
    const auto actual = facts->diff_id_with(parsed->algorithm);
    if (!actual || declared == *actual) continue;
    const bool plain = facts->declared_compression == "none" && facts->magic == Magic::none;
    sink.report("CFG-008", *image.config, fmt::format("/rootfs/diff_ids/{}", i),
                fmt::format("layers[{}] diff_id: config rootfs.diff_ids[{}]={}, {}({}layers[{}])"
                            "={} (layer {})",
                            i, i, declared, parsed->algorithm, plain ? "" : "uncompressed ", i,
                            *actual, image.layers[i]->digest()));
  }
}

}  // namespace

void register_layer_rules(engine::Registry& registry) {
  registry.add_rules({
      {.id = "LAY-001",
       .level = "MUST",
       .severity = Severity::error,
       .title =
           "A layer is a tar archive (after decompression for +gzip and +zstd) that ends with its "
           "end-of-archive blocks",
       .spec = "layer.md#distributable-format",
       .help =
           "Rebuild the layer with a tar writer that finishes the archive (two 512-byte zero "
           "blocks); a corrupt or truncated compressed layer has to be produced again from its "
           "tar. A layer that only artifacts list (artifactType set, or a config that is no image "
           "config) is never unpacked, so there a payload that is no tar is a warning: older oras "
           "versions pushed plain files with an image layer media type; give such files their own "
           "type.",
       .scope = engine::kScopeImage | engine::kScopeLayers,
       .catalogue =
           {.source = "layer.md § Distributable Format",
            .requirement = "a `…tar` changeset is a tar archive; the `+gzip`/`+zstd` payload after "
                           "decompression is a tar archive",
            .applies_to = "L",
            .check = "tar: libarchive limited to tar formats (ustar/pax/gnu); the whole stream "
                     "must parse to end-of-archive. A layer that only artifacts list (see MAN-008 "
                     "for the definition) is never unpacked, and older oras versions pushed plain "
                     "files with an image layer type (notation's test signatures): there a stream "
                     "that is no tar is a warning that says so (sev: warning)",
            .severity = "error (warning for artifact-only layers)"}},
      {.id = "LAY-002",
       .level = "MUST",
       .severity = Severity::error,
       .title = "A layer's compression matches its media type",
       .spec = "layer.md#gzip-media-types",
       .help = "Give the layer the media type of its bytes (...tar, ...tar+gzip, ...tar+zstd) or "
               "recompress it; the diff_id does not change, it hashes the uncompressed tar. For a "
               "layer only artifacts list this is a warning (see LAY-001).",
       .scope = engine::kScopeImage | engine::kScopeLayers,
       .catalogue = {.source = "layer.md § `+gzip` / § `+zstd` Media Types; media-types.md",
                     .requirement =
                         "the compression matches the media type: `+gzip` → RFC 1952 (magic `1f 8b "
                         "08`); `+zstd` → zstd frame (magic `28 b5 2f fd`); `…tar` → uncompressed "
                         "(no gzip/zstd magic; first header has a valid checksum, usually with "
                         "`ustar` magic at offset 257). Docker `rootfs.diff.tar.gzip` ≡ `tar+gzip`",
                     .applies_to = "L",
                     .check = "magic + full decompress. For a layer only artifacts list, a "
                              "mismatch is a warning (as LAY-001)",
                     .level = "MUST (def)",
                     .severity = "error (warning for artifact-only layers)"}},
      {.id = "LAY-003",
       .level = "MUST NOT",
       .severity = Severity::error,
       .title = "No two members of a layer have the same path",
       .spec = "layer.md#distributable-format",
       .help = "Write every path once. Layers built by appending to a tar keep every version of a "
               "changed file or directory: rebuild them so that only the final one remains.",
       .scope = engine::kScopeImage | engine::kScopeLayers,
       .catalogue =
           {.source = "layer.md § Distributable Format",
            .requirement = "no duplicate entries for a file path",
            .applies_to = "L",
            .check =
                "tar: normalize (strip leading `./` and `/`, drop a trailing `/`, collapse `//`) "
                "and detect repeats. Metadata headers (`x`, `g`, `L`, `K`) are not entries"}},
      {.id = "LAY-004",
       .level = "MUST",
       .severity = Severity::warning,
       .title = "Members are regular files, directories, links, devices or FIFOs",
       .spec = "layer.md#file-types",
       .help = "Use the standard tar typeflags only; GNU and vendor types (multi-volume, dump "
               "directories, volume labels) are read differently by each extractor.",
       .scope = engine::kScopeImage | engine::kScopeLayers,
       .catalogue = {.source = "layer.md § File Types",
                     .requirement = "entries are regular files, directories, symlinks, hardlinks, "
                                    "char/block devices or FIFOs (sockets cannot be stored in tar)",
                     .applies_to = "L",
                     .check = "tar typeflag ∈ {`0`, `\\0`, `7`, `1`, `2`, `3`, `4`, `5`, `6`} plus "
                              "metadata `x`/`g`/`L`/`K`; anything else (`S`, `M`, `V`, `D`, `N`, "
                              "vendor letters) is flagged",
                     .level = "MUST (def)"}},
      {.id = "LAY-005",
       .level = "SHOULD NOT",
       .severity = Severity::warning,
       .title = "No sparse files",
       .spec = "layer.md#file-attributes",
       .help = "Store sparse files as regular files (e.g. GNU tar without --sparse); sparse "
               "formats lack consistent support across tar implementations.",
       .scope = engine::kScopeImage | engine::kScopeLayers,
       .catalogue = {.source = "layer.md § File Attributes",
                     .requirement = "no sparse files",
                     .applies_to = "L",
                     .check = "tar: GNU `S` typeflag or PAX `GNU.sparse.*` keys"}},
      {.id = "LAY-006",
       .level = "MUST",
       .severity = Severity::error,
       .title = "Symlinks and hardlinks carry their linkname",
       .spec = "layer.md#file-attributes",
       .help =
           "Record the target of every symlink and hardlink in the header's linkname (or the PAX "
           "linkpath record).",
       .scope = engine::kScopeImage | engine::kScopeLayers,
       .catalogue = {.source = "layer.md § File Attributes",
                     .requirement = "additions carry mtime, uid, gid, mode, xattrs, and linkname "
                                    "for symlinks and hardlinks",
                     .applies_to = "L",
                     .check = "tar: symlink/hardlink entries with an empty linkname → error; the "
                              "other attributes are always in a tar header",
                     .level = "MUST (where supported)"}},
      {.id = "LAY-007",
       .level = "MUST",
       .severity = Severity::error,
       .title = "Hardlinks never target a directory",
       .spec = "layer.md#hardlinks",
       .help =
           "Hardlinks are possible with every file type except directories: replace the link with "
           "a symlink or a copy of the directory.",
       .scope = engine::kScopeImage | engine::kScopeLayers,
       .catalogue =
           {.source = "layer.md § Hardlinks (\"possible with all file types except directories\")",
            .requirement = "a hardlink does not target a directory",
            .applies_to = "L (+ lower layers)",
            .check = "tar + layer stack: resolve the linkname",
            .level = "MUST (def)"}},
      {.id = "LAY-008",
       .level = "informational",
       .severity = Severity::note,
       .title = "Hardlink targets come earlier in the same layer",
       .spec = "layer.md#hardlinks",
       .help =
           "A link to a file of a lower layer only works when the layers are applied in order on "
           "one filesystem; a link to nothing fails everywhere. Put the target in the layer before "
           "the link.",
       .scope = engine::kScopeImage | engine::kScopeLayers,
       .catalogue =
           {.source = "layer.md § Hardlinks (\"Extracting a layer with hardlink references to "
                      "files outside of the layer may fail\")",
            .requirement = "hardlink targets are present earlier in the same layer",
            .applies_to = "L (+ lower)",
            .check = "tar: target only in a lower layer → note; target absent everywhere → warning",
            .severity = "note/warning"}},
      {.id = "LAY-009",
       .level = "MUST",
       .severity = Severity::warning,
       .title = "Windows layers carry well-formed MSWINDOWS.* PAX records",
       .spec = "layer.md#platform-specific-attributes",
       .help = "Write MSWINDOWS.rawsd as the base64 (RFC 4648, padded) of a self-relative security "
               "descriptor, MSWINDOWS.fileattr as a decimal attribute mask and "
               "LIBARCHIVE.creationtime as a pax time (seconds[.fraction]), as the Windows tools "
               "that read them expect.",
       .scope = engine::kScopeImage | engine::kScopeLayers | engine::kScopeWindows,
       .catalogue = {.source = "layer.md § Platform-specific attributes",
                     .requirement =
                         "Windows PAX vendor keys: `MSWINDOWS.fileattr`, `MSWINDOWS.rawsd` (base64 "
                         "security descriptor), `MSWINDOWS.mountpoint`, `LIBARCHIVE.creationtime`",
                     .applies_to = "L when config.os == windows",
                     .check = "tar: `MSWINDOWS.rawsd` decodes as base64",
                     .level = "MUST (Windows implementations)"}},
      {.id = "LAY-010",
       .level = "SHOULD NOT",
       .severity = Severity::warning,
       .title = "No new non-distributable layers",
       .spec = "layer.md#non-distributable-layers",
       .help =
           "Non-distributable layer types are deprecated: use the ordinary layer media type and "
           "push the layer like any other.",
       .scope = engine::kScopeImage | engine::kScopeLayers,
       .catalogue = {.source = "layer.md § Non-Distributable Layers (deprecated in v1.1.0+)",
                     .requirement = "no new non-distributable layers (`…nondistributable…` types, "
                                    "Docker `…foreign.diff.tar.gzip`)",
                     .applies_to = "M.layers[]",
                     .check = "doc"}},
      {.id = "LAY-013",
       .level = "HARDENING",
       .severity = Severity::error,
       .title = "Member paths are relative and stay inside the root, also through symlinks",
       .spec = "layer.md#distributable-format",
       .help =
           "Write relative paths without \"..\" out of the root, and never write below a path that "
           "an earlier member or lower layer made a symlink: extractors that follow it write "
           "outside the image's filesystem.",
       .scope = engine::kScopeImage | engine::kScopeLayers,
       .catalogue = {.source = "(not in spec)",
                     .requirement = "entry paths are relative and stay inside the root: no `..` "
                                    "component that escapes, no absolute path, no NUL, no path "
                                    "through a symlink created earlier in the stack",
                     .applies_to = "L",
                     .check = "tar + stack: absolute → warning; escaping `..` → error; "
                              "symlink-parent escape → error"}},
      {.id = "LAY-014",
       .level = "HARDENING",
       .severity = Severity::warning,
       .title = "No bytes after the compressed stream or after the tar end-of-archive",
       .spec = "layer.md#distributable-format",
       .help = "Strip what follows the last gzip member or zstd frame and the tar end-of-archive "
               "blocks; some readers fail on it and it hides data from every extractor.",
       .scope = engine::kScopeImage | engine::kScopeLayers,
       .catalogue =
           {.source = "(not in spec)",
            .requirement = "no bytes after the compressed stream or after the tar end-of-archive",
            .applies_to = "L",
            .check =
                "magic/tar: trailing data after a gzip member (containerd's Go gzip reader fails "
                "on it) → warning; trailing non-zero data after the tar EOF blocks → note"}},
      {.id = "CFG-008",
       .level = "MUST",
       .severity = Severity::error,
       .title = "Each diff_id is the digest of the uncompressed layer at the same position",
       .spec = "config.md#layer-diffid",
       .help =
           "Recompute rootfs.diff_ids from the layers as they are (the digest of each decompressed "
           "tar with the diff_id's algorithm, normally sha256, in manifest order), or put the "
           "right layers in the manifest.",
       .scope = engine::kScopeImage | engine::kScopeLayers,
       .catalogue = {.source = "config.md § Layer DiffID (\"digest over the layer's uncompressed "
                               "tar archive\") + manifest.md `layers` stack order",
                     .requirement =
                         "`diff_ids[i]` == digest(decompressed bytes of `layers[i]`), using the "
                         "diff_id's algorithm; for `…tar` layers it equals the layer digest",
                     .applies_to = "M + C + L",
                     .check = "hash of the decompressed stream (gzip/zstd); hash all decompressed "
                              "bytes, including tar padding and trailing zero blocks",
                     .level = "MUST (derived)"}},
  });
  registry.on_image(check_windows_records);
  registry.on_layer(check_layer);
  registry.on_descriptor(check_nondistributable);
  registry.on_stack_layer(check_layer_stack);
  registry.on_image(check_diff_ids);
}

}  // namespace ocv::rules
