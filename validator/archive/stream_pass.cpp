#include "validator/archive/stream_pass.hpp"

#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <vector>

#include <fmt/format.h>

#include "validator/layer/decoder.hpp"

namespace ocv::archive {
namespace {

constexpr std::size_t kChunk = 1u << 20;
constexpr std::size_t kPeek = 512;

/// Bytes already read, then the rest of a reader.
class PrefixedReader final : public source::BlobReader {
 public:
  PrefixedReader(std::string_view head, source::BlobReader& rest) : head_(head), rest_(rest) {}
  long read(void* buffer, std::size_t size) override {
    if (!head_.empty()) {
      const auto n = std::min(size, head_.size());
      std::memcpy(buffer, head_.data(), n);
      head_.remove_prefix(n);
      return static_cast<long>(n);
    }
    return rest_.read(buffer, size);
  }
  const std::string& error() const override { return rest_.error(); }

 private:
  std::string_view head_;
  source::BlobReader& rest_;
};

class DecompressingReader final : public source::BlobReader {
 public:
  DecompressingReader(source::BlobReader& raw, engine::mt::Compression c)
      : raw_(raw), decoder_(layer::make_decoder(c)), input_(kChunk) {}
  long read(void* buffer, std::size_t size) override {
    auto* out = static_cast<std::uint8_t*>(buffer);
    for (;;) {
      if (!decoder_->error().empty()) {
        error_ = "the compressed stream is corrupt: " + decoder_->error();
        return -1;
      }
      const auto n = decoder_->decode(out, size);
      if (n > 0) return static_cast<long>(n);
      if (!decoder_->needs_input() || ended_) {
        if (!decoder_->error().empty()) continue;
        return 0;
      }
      const long got = raw_.read(input_.data(), input_.size());
      if (got < 0) {
        error_ = raw_.error();
        return -1;
      }
      if (got == 0) {
        decoder_->end_of_input();
        ended_ = true;
        continue;
      }
      decoder_->set_input(input_.data(), static_cast<std::size_t>(got));
    }
  }
  const std::string& error() const override { return error_; }

 private:
  source::BlobReader& raw_;
  std::unique_ptr<layer::Decoder> decoder_;
  std::vector<std::uint8_t> input_;
  bool ended_ = false;
  std::string error_;
};

/// The digest algorithm a member's name gives (blobs/<alg>/<hex>), or
/// sha256 (a docker-archive layer file, named by its diff_id).
std::string algorithm_of(std::string_view name) {
  const auto at = name.rfind("blobs/");
  if (at == std::string_view::npos) return "sha256";
  const auto rest = name.substr(at + 6);
  const auto slash = rest.find('/');
  return slash == std::string_view::npos ? "sha256" : std::string(rest.substr(0, slash));
}

}  // namespace

std::unique_ptr<source::BlobReader> decompressing(source::BlobReader& raw,
                                                  engine::mt::Compression compression) {
  return std::make_unique<DecompressingReader>(raw, compression);
}

std::optional<std::uint64_t> StreamPass::take(const Member& m, source::BlobReader& data) {
  std::array<char, kPeek> head{};
  std::size_t got = 0;
  while (got < head.size()) {
    const long n = data.read(head.data() + got, head.size() - got);
    if (n <= 0) break;
    got += static_cast<std::size_t>(n);
  }
  const auto magic = layer::detect_magic(reinterpret_cast<const std::uint8_t*>(head.data()), got);
  PrefixedReader all({head.data(), got}, data);
  if (m.size >= kPassFrom && magic != engine::Magic::other) {
    layer::ScanOptions options;
    options.split_threads = true;  // the stream is the critical path: decode beside it
    const auto declared = magic == engine::Magic::gzip   ? engine::mt::Compression::gzip
                          : magic == engine::Magic::zstd ? engine::mt::Compression::zstd
                                                         : engine::mt::Compression::none;
    passed_[m.name] = layer::scan_layer(all, algorithm_of(m.name), declared, options);
    return std::nullopt;
  }
  const auto offset = spooled_;
  if (buffer_.empty()) buffer_.resize(kChunk);
  auto& buffer = buffer_;
  for (;;) {
    const long n = all.read(buffer.data(), buffer.size());
    if (n <= 0) break;
    for (long done = 0; done < n;) {
      const ssize_t w =
          ::write(spool_fd_, buffer.data() + done, static_cast<std::size_t>(n - done));
      if (w < 0 && errno == EINTR) continue;
      if (w < 0)
        throw source::SourceError(
            fmt::format("cannot write the spool file: {}", std::strerror(errno)));
      done += w;
    }
    spooled_ += static_cast<std::uint64_t>(n);
  }
  return offset;
}

}  // namespace ocv::archive
