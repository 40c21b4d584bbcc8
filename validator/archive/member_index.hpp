#pragma once
// One pass over the headers of a tar file builds an index of its members
// (name -> data offset, size, type), so that every member can then be read
// in place, in parallel, without extracting anything. Nothing in the archive
// is trusted: names that leave the archive root, duplicates, links, devices,
// sparse members and members that run past the end of the file are recorded
// as problems, never followed, and the index is bounded in members and in
// name bytes.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "validator/model/archive_facts.hpp"
#include "validator/model/file_type.hpp"
#include "validator/source/source.hpp"

namespace ocv::archive {

struct Member {
  std::string name;  // as normalised by member_path::normalize
  source::FileType type = source::FileType::regular;
  char typeflag = '0';       // '1' hardlink, '2' symlink, as read
  std::uint64_t offset = 0;  // of the data in the file
  std::uint64_t size = 0;
  std::string link;     // hardlink or symlink target, as written
  bool sparse = false;  // a sparse member: its data is not stored contiguously
  /// Read from a stream and consumed as it passed (its digest and layer
  /// facts were taken then): there is nothing left to read.
  bool passed = false;
};

/// Where the data of a stream's members goes: kept (spooled) to be read
/// later, or consumed as it passes.
class MemberData {
 public:
  virtual ~MemberData() = default;
  /// Reads the data of regular member `m` from `data` (once). Returns the
  /// offset at which it was kept, or nullopt when it was consumed.
  virtual std::optional<std::uint64_t> take(const Member& m, source::BlobReader& data) = 0;
};

using source::MemberProblem;

struct IndexLimits {
  std::size_t max_members = 200000;
  std::size_t max_name_bytes = 32u << 20;  // all names together
  std::size_t max_problems = 1000;         // kept; the others are counted
};

class MemberIndex {
 public:
  /// Indexes the tar file open at `fd` (read with pread; never written).
  /// Throws source::SourceError when the file is not a tar archive, or has
  /// more members or longer names than `limits` allow.
  MemberIndex(int fd, std::string_view display_name, const IndexLimits& limits = {});
  /// Indexes a tar stream read once from `stream`, handing every regular
  /// member's data to `data`; offsets are those `data` returns.
  MemberIndex(source::BlobReader& stream, MemberData& data, std::string_view display_name,
              const IndexLimits& limits = {});

  /// Every member by normalised name; for a duplicate, the last one (what
  /// extracting the archive leaves on disk).
  const std::map<std::string, Member, std::less<>>& members() const { return members_; }
  const Member* find(std::string_view name) const;
  /// Follows hardlinks and symbolic links (at most 16 steps) to the member
  /// whose data is read, without ever leaving the archive. Null when the
  /// chain breaks, loops or leaves it.
  const Member* resolve(std::string_view name) const;
  const std::vector<MemberProblem>& problems() const { return problems_; }
  std::size_t problems_dropped() const { return problems_dropped_; }
  /// Members in archive order (normalised names), for the order checks.
  std::size_t member_count() const { return count_; }
  std::uint64_t file_size() const { return file_size_; }

 private:
  /// The header pass over libarchive's reader (kept out of this header,
  /// where its global name `archive` would clash with this namespace);
  /// `data` is null for a file (data skipped).
  void build(void* reader, MemberData* data, std::string_view display_name,
             const IndexLimits& limits);
  void add_problem(MemberProblem::Kind kind, std::string_view member, std::string detail);

  std::map<std::string, Member, std::less<>> members_;
  std::vector<MemberProblem> problems_;
  std::size_t problems_dropped_ = 0;
  std::size_t max_problems_ = 0;
  std::size_t count_ = 0;
  std::uint64_t file_size_ = 0;
};

/// The target of symbolic link `link_name` -> `target`, resolved against
/// the link's directory; "" when it leaves the archive root.
std::string resolve_link_target(std::string_view link_name, std::string_view target);

}  // namespace ocv::archive
