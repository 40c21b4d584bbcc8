// Fuzz target: an image archive. The input is the archive (any bytes; the
// seeds are real archives): its member index is built both ways a file can
// be read (in place, and once as a stream with members passed through the
// layer pass or spooled), manifest.json is parsed and its paths resolved,
// and the whole archive is validated with every rule.
#include <sys/mman.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>

#include "rules/all_rules.hpp"
#include "validator/archive/archive_source.hpp"
#include "validator/archive/docker_archive.hpp"
#include "validator/archive/input.hpp"
#include "validator/archive/stream_pass.hpp"
#include "validator/engine/validate.hpp"

namespace {

/// Reads bytes held in memory, in small steps (stream boundaries anywhere).
class Bytes final : public ocv::source::BlobReader {
 public:
  Bytes(const std::uint8_t* data, std::size_t size) : data_(data), size_(size) {}
  long read(void* buffer, std::size_t n) override {
    n = std::min({n, size_ - at_, std::size_t{7919}});
    std::memcpy(buffer, data_ + at_, n);
    at_ += n;
    return static_cast<long>(n);
  }
  const std::string& error() const override { return error_; }

 private:
  const std::uint8_t* data_;
  std::size_t size_;
  std::size_t at_ = 0;
  std::string error_;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace ocv;
  // The archive as a file (an unnamed memory file, so nothing is written).
  const int fd = ::memfd_create("archive", MFD_CLOEXEC);
  if (fd < 0) return 0;
  for (std::size_t done = 0; done < size;) {
    const auto n = ::write(fd, data + done, size - done);
    if (n <= 0) break;
    done += static_cast<std::size_t>(n);
  }
  const auto path = "/proc/self/fd/" + std::to_string(fd);
  try {
    archive::InputSpec spec;
    spec.path = path;
    const auto opened = archive::open_input(spec);
    engine::ValidateOptions options;
    options.jobs = 1;
    options.passed = opened.passed.get();
    engine::validate(*opened.source, "fuzz", rules::default_registry(), options);
  } catch (const source::SourceError&) {
  }
  // The same bytes as a stream: members spooled or passed as they come.
  const int spool = ::memfd_create("spool", MFD_CLOEXEC);
  if (spool >= 0) {
    try {
      Bytes stream(data, size);
      archive::StreamPass pass(spool, archive::OpenOptions{}.max_document_bytes);
      const auto index = std::make_shared<const archive::MemberIndex>(stream, pass, "fuzz");
      auto file = std::make_shared<archive::OpenFile>(spool);
      archive::ArchiveSource source(file, index, archive::layout_root(*index));
      archive::read_docker_manifest(source, source.facts());
    } catch (const source::SourceError&) {
      ::close(spool);
    }
  }
  ::close(fd);
  return 0;
}
