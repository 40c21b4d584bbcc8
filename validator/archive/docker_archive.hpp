#pragma once
// `docker save` archives. Every shape has a manifest.json: a list of
// {Config, RepoTags, Layers} naming members of the archive (Docker's image
// spec v1.2, "Combined Image JSON + Filesystem Changeset Format"; moby
// image/tarexport/save.go). Before Docker 25 (and in podman's and skopeo's
// docker-archive output) that is all there is; Docker 25 and later also
// write an OCI layout beside it. Paths are always taken from manifest.json,
// never guessed from file names.
//
// A legacy archive has no layout of its own, so LegacyDockerSource makes one
// up from manifest.json: index.json with one entry per tag, one manifest per
// image whose config descriptor names the config file by its digest and
// whose layers name the layer files by the config's diff_ids (as skopeo's
// docker-archive reader does). The checks then judge the config and every
// layer as they would in a layout; findings on the made-up files are not
// reported, and the made-up layer names are never compared with content.
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "validator/archive/archive_source.hpp"
#include "validator/model/archive_facts.hpp"
#include "validator/source/source.hpp"

namespace ocv::archive {

/// Reads manifest.json and repositories (when present) into `facts`,
/// resolving every path manifest.json names inside `archive`.
void read_docker_manifest(const ArchiveSource& archive, source::ArchiveFacts& facts);

class LegacyDockerSource final : public source::Source {
 public:
  /// `facts` must have been filled by read_docker_manifest; the made-up blob
  /// paths are recorded in it.
  LegacyDockerSource(std::unique_ptr<ArchiveSource> archive, source::ArchiveFacts facts);

  std::vector<std::pair<std::string, source::FileType>> list_root() const override;
  source::BlobScan scan_blobs(std::uint64_t max_entries) const override;
  source::BlobEntry blob_entry(std::string_view alg, std::string_view encoded) const override;
  source::ReadResult read_root_file(std::string_view name, std::size_t cap) const override;
  source::ReadResult read_blob(std::string_view alg, std::string_view encoded,
                               std::size_t cap) const override;
  std::unique_ptr<source::BlobReader> open_blob(std::string_view alg, std::string_view encoded,
                                                std::string& why) const override;
  std::string location_of(std::string_view path) const override;
  /// The layout path a member is known by ("" when none).
  std::string blob_of_member(std::string_view member) const;
  const source::ArchiveFacts* archive_facts() const override { return &facts_; }

 private:
  void synthesize();
  source::ReadResult read_made_up(const std::string& bytes, std::size_t cap) const;

  std::unique_ptr<ArchiveSource> archive_;
  source::ArchiveFacts facts_;
  std::map<std::string, std::string, std::less<>> made_up_;  // path -> bytes
  std::map<std::string, std::string, std::less<>> members_;  // blob path -> member path
};

}  // namespace ocv::archive
