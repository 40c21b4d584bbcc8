#include "validator/registry/blob_stream.hpp"

#include <array>
#include <charconv>

#include <fmt/format.h>

#include "validator/registry/registry_source.hpp"

namespace ocv::registry {
namespace {

/// The start and total of "Content-Range: bytes START-END/TOTAL".
std::optional<std::pair<std::uint64_t, std::optional<std::uint64_t>>> content_range(
    std::string_view v) {
  if (!v.starts_with("bytes ")) return std::nullopt;
  v.remove_prefix(6);
  std::uint64_t start = 0;
  auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), start);
  if (ec != std::errc()) return std::nullopt;
  const auto slash = v.find('/');
  if (slash == std::string_view::npos) return std::nullopt;
  std::uint64_t total = 0;
  const auto t = v.substr(slash + 1);
  if (std::from_chars(t.data(), t.data() + t.size(), total).ec != std::errc())
    return std::pair{start, std::optional<std::uint64_t>()};
  return std::pair{start, std::optional<std::uint64_t>(total)};
}

}  // namespace

BlobStream::BlobStream(const RegistrySource& source, std::string digest, std::string path,
                       bool manifest)
    : source_(source),
      digest_(std::move(digest)),
      path_(std::move(path)),
      request_path_(fmt::format("/v2/{}/{}/{}", source.reference().repository,
                                manifest ? "manifests" : "blobs", digest_)),
      manifest_(manifest) {}

BlobStream::~BlobStream() = default;

bool BlobStream::open() {
  try {
    std::string final_url;
    std::vector<std::string> headers;
    if (manifest_) headers.push_back(manifest_accept());
    stream_ = source_.client().open(request_path_, received_, headers, final_url);
  } catch (const RegistryError& e) {
    source_.fail(e.what());
    error_ = e.what();
    return false;
  }
  const auto& r = stream_->response();
  if (r.status == 206) {
    const auto range = content_range(r.header("content-range").value_or(""));
    if (!range || range->first != received_) {
      error_ = fmt::format("{} answered a Range request for {} from byte {} with another range",
                           source_.reference().registry, digest_, received_);
      return false;
    }
    if (!total_) total_ = range->second;
  } else if (r.status == 200) {
    if (!total_) total_ = r.content_length();
    if (received_ > 0) {
      // The registry ignores Range: skip what was read already.
      std::array<char, 64 * 1024> skip{};
      std::uint64_t left = received_;
      while (left > 0) {
        const long n = stream_->read(skip.data(), std::min<std::uint64_t>(left, skip.size()));
        if (n <= 0) {
          error_ = fmt::format("the answer for {} ended again before byte {}", digest_, received_);
          return false;
        }
        left -= static_cast<std::uint64_t>(n);
      }
    }
  } else {
    error_ = fmt::format("{} answered {} for GET {}", source_.reference().registry,
                         RegistryClient::describe(r, ""), request_path_);
    return false;
  }
  if (header_digest_.empty()) {
    header_digest_ = std::string(r.header("docker-content-digest").value_or(""));
    // distribution-spec § Pulling blobs: the header "MUST be a digest
    // matching that of the response body", in whatever algorithm it is.
    const auto header = digest::parse(header_digest_);
    const auto own = digest::parse(digest_);
    if (received_ == 0 && header && own && header->algorithm != own->algorithm) {
      header_hasher_ = digest::make_hasher(header->algorithm);
      header_algorithm_ = header->algorithm;
    }
  }
  if (content_type_.empty()) content_type_ = std::string(r.header("content-type").value_or(""));
  return true;
}

void BlobStream::finish(bool truncated, const std::string& why) {
  if (finished_) return;
  finished_ = true;
  source::WireAnswer wire;
  wire.path = path_;
  wire.request = "GET " + request_path_;
  wire.manifest = manifest_;
  wire.content_type = content_type_;
  wire.header_digest = header_digest_;
  wire.content_length = total_;
  wire.body_bytes = received_;
  wire.truncated = truncated;
  wire.why = why;
  // Only a body read whole hashes to what the header names.
  if (header_hasher_ && !truncated && why.empty() && (!total_ || received_ == *total_))
    wire.body_digest = fmt::format("{}:{}", header_algorithm_, header_hasher_->finish_hex());
  source_.record(std::move(wire));
}

long BlobStream::read(void* buffer, std::size_t size) {
  if (finished_) return error_.empty() ? 0 : -1;
  if (!stream_ && !open()) {
    finish(false, error_);
    return -1;
  }
  for (;;) {
    const long n = stream_->read(buffer, size);
    if (n > 0) {
      received_ += static_cast<std::uint64_t>(n);
      if (header_hasher_) header_hasher_->update(buffer, static_cast<std::size_t>(n));
      return n;
    }
    TransportError failure;
    if (n == 0) {
      if (!total_ || received_ >= *total_) {
        finish(false, "");
        return 0;
      }
      failure = {TransportError::Kind::interrupted,
                 fmt::format("the answer ended after {} of {} bytes", received_, *total_)};
    } else {
      failure = stream_->error();
    }
    stream_.reset();
    if (source_.client().may_retry(attempt_++, failure)) {
      ++reopened_;
      if (open()) continue;
      finish(false, error_);
      return -1;
    }
    if (failure.kind == TransportError::Kind::interrupted) {
      // The registry keeps ending this blob early: its content cannot be
      // pulled, which is a finding, not a reason to stop the run.
      error_ = fmt::format("{} ended the blob after {} of {} bytes, {} times ({})",
                           source_.reference().registry, received_,
                           total_ ? fmt::format("{}", *total_) : std::string("?"), attempt_ - 1,
                           failure.message);
      finish(true, error_);
      return -1;
    }
    error_ = fmt::format("{}: {} while reading {}", source_.reference().registry, failure.message,
                         request_path_);
    if (failure.kind == TransportError::Kind::timeout)
      source_.fail(fmt::format(
          "{}: no data for {} s while reading {}: the registry or the network is stalled; try "
          "again, or raise --timeout",
          source_.reference().registry,
          std::chrono::duration_cast<std::chrono::seconds>(
              source_.client().options().transport.timeout)
              .count(),
          request_path_));
    else
      source_.fail(fmt::format("{}: the connection failed while reading {} ({}); try again later",
                               source_.reference().registry, request_path_, failure.message));
    finish(false, error_);
    return -1;
  }
}

}  // namespace ocv::registry
