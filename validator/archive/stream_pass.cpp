#include "validator/archive/stream_pass.hpp"

#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <vector>

#include <fmt/format.h>

#include "validator/digest/digest.hpp"
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

/// The layer pass over a member that looks like a layer (`magic`).
layer::ScanResult scan_member(const Member& m, engine::Magic magic, source::BlobReader& all,
                              std::vector<std::string> algorithms) {
  layer::ScanOptions options;
  options.split_threads = true;  // the stream is the critical path: decode beside it
  options.diff_id_algorithms = std::move(algorithms);
  const auto declared = magic == engine::Magic::gzip   ? engine::mt::Compression::gzip
                        : magic == engine::Magic::zstd ? engine::mt::Compression::zstd
                                                       : engine::mt::Compression::none;
  return layer::scan_layer(all, algorithm_of(m.name), declared, options);
}

/// The first bytes of a member, to tell what it is.
struct Peek {
  std::array<char, kPeek> head{};
  std::size_t size = 0;
  engine::Magic magic = engine::Magic::other;
  explicit Peek(source::BlobReader& data) {
    while (size < head.size()) {
      const long n = data.read(head.data() + size, head.size() - size);
      if (n <= 0) break;
      size += static_cast<std::size_t>(n);
    }
    magic = layer::detect_magic(reinterpret_cast<const std::uint8_t*>(head.data()), size);
  }
};

/// The second read: only the wanted members go through the layer pass.
class DigestAgain final : public MemberData {
 public:
  DigestAgain(const std::map<std::string, std::set<std::string>>& wanted,
              const std::map<std::string, std::string>& diff_ids)
      : wanted_(wanted), diff_ids_(diff_ids) {}
  std::optional<std::uint64_t> take(const Member& m, source::BlobReader& data) override {
    const auto want = wanted_.find(m.name);
    if (want == wanted_.end() || found_.contains(m.name)) return std::nullopt;
    Peek peek(data);
    if (peek.magic == engine::Magic::other) return std::nullopt;
    PrefixedReader all({peek.head.data(), peek.size}, data);
    auto r = scan_member(m, peek.magic, all, {want->second.begin(), want->second.end()});
    const auto expected = diff_ids_.find(m.name);
    if (expected != diff_ids_.end() && r.facts.diff_id == expected->second)
      found_[m.name] = std::move(r.facts.other_diff_ids);
    return std::nullopt;
  }
  std::map<std::string, std::vector<std::string>>& found() { return found_; }

 private:
  const std::map<std::string, std::set<std::string>>& wanted_;
  const std::map<std::string, std::string>& diff_ids_;
  std::map<std::string, std::vector<std::string>> found_;
};

}  // namespace

std::map<std::string, std::vector<std::string>> digest_members_again(
    source::BlobReader& stream, const std::map<std::string, std::set<std::string>>& wanted,
    const std::map<std::string, std::string>& diff_ids, std::string_view display_name,
    const IndexLimits& limits) {
  DigestAgain again(wanted, diff_ids);
  const MemberIndex index(stream, again, display_name, limits);
  return std::move(again.found());
}

std::unique_ptr<source::BlobReader> decompressing(source::BlobReader& raw,
                                                  engine::mt::Compression compression) {
  return std::make_unique<DecompressingReader>(raw, compression);
}

void StreamPass::learn_algorithms(std::string_view chunk) {
  // Only algorithms the layer pass can compute; sha256 it always does.
  static constexpr std::string_view kOthers[] = {"sha512"};
  for (const auto algorithm : kOthers) {
    if (std::find(learned_.begin(), learned_.end(), algorithm) != learned_.end() ||
        !digest::can_verify(algorithm))
      continue;
    const auto needle = std::string(algorithm) + ":";
    if ((carry_ + std::string(chunk.substr(0, std::min(chunk.size(), needle.size()))))
                .find(needle) != std::string::npos ||
        chunk.find(needle) != std::string_view::npos)
      learned_.emplace_back(algorithm);
  }
  const auto keep = std::min<std::size_t>(chunk.size(), 16);
  carry_.assign(chunk.substr(chunk.size() - keep));
}

std::optional<std::uint64_t> StreamPass::take(const Member& m, source::BlobReader& data) {
  const Peek peek(data);
  PrefixedReader all({peek.head.data(), peek.size}, data);
  if (m.size >= pass_from_ && peek.magic != engine::Magic::other) {
    passed_[m.name] = scan_member(m, peek.magic, all, learned_);
    return std::nullopt;
  }
  const auto offset = spooled_;
  if (buffer_.empty()) buffer_.resize(kChunk);
  auto& buffer = buffer_;
  carry_.clear();
  for (;;) {
    const long n = all.read(buffer.data(), buffer.size());
    if (n <= 0) break;
    learn_algorithms({buffer.data(), static_cast<std::size_t>(n)});
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
