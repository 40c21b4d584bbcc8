#include "validator/layer/tar_framing.hpp"

#include <algorithm>
#include <cstring>
#include <string_view>
#include <utility>

#include <fmt/format.h>

#include "validator/layer/windows_records.hpp"

namespace ocv::layer {
namespace {

constexpr std::uint64_t kBlock = 512;

std::uint64_t round_up(std::uint64_t n) { return (n + kBlock - 1) / kBlock * kBlock; }

/// Numeric header field: octal text, or GNU base-256 when the high bit of
/// the first byte is set.
std::uint64_t parse_number(const std::uint8_t* field, std::size_t len) {
  if ((field[0] & 0x80) != 0) {
    std::uint64_t v = field[0] & 0x7f;
    for (std::size_t i = 1; i < len; ++i) v = (v << 8) | field[i];
    return v;
  }
  std::uint64_t v = 0;
  std::size_t i = 0;
  while (i < len && (field[i] == ' ' || field[i] == 0)) ++i;
  for (; i < len && field[i] >= '0' && field[i] <= '7'; ++i) v = v * 8 + (field[i] - '0');
  return v;
}

bool checksum_ok(const std::array<std::uint8_t, 512>& b) {
  const std::uint64_t stored = parse_number(b.data() + 148, 8);
  std::uint64_t sum = 0;
  for (std::size_t i = 0; i < 512; ++i) sum += (i >= 148 && i < 156) ? ' ' : b[i];
  return sum == stored;
}

bool has_data(char type) {
  // Links, devices, directories and FIFOs carry no data in the archive.
  return !(type == '1' || type == '2' || type == '3' || type == '4' || type == '5' || type == '6');
}

/// Headers that libarchive reads as part of the entry after them, or skips,
/// rather than as entries: pax 'x' and 'g', GNU long names 'L' and 'K',
/// Solaris tar's 'X' (read as pax 'x') and ACL 'A', and the GNU volume
/// label 'V'. Such a header must not be paired with an entry.
bool is_extension(char type) {
  return type == 'x' || type == 'g' || type == 'L' || type == 'K' || type == 'X' || type == 'A' ||
         type == 'V';
}

}  // namespace

void PaxRecordCheck::fail(std::string why) {
  if (problem_.empty()) problem_ = std::move(why);
}

void PaxRecordCheck::take_size() {
  capturing_size_ = false;
  // Decimal digits only, as libarchive reads them; anything else leaves the
  // header's own size field in force.
  if (size_text_.empty() || size_text_.size() > 19 ||
      !std::all_of(size_text_.begin(), size_text_.end(),
                   [](char c) { return c >= '0' && c <= '9'; }))
    return;
  size_ = std::stoull(size_text_);
}

void PaxRecordCheck::feed(const std::uint8_t* data, std::size_t n) {
  for (std::size_t i = 0; i < n && problem_.empty(); ++i) {
    const auto c = static_cast<char>(data[i]);
    ++consumed_;
    switch (state_) {
      case State::length:
        if (c >= '0' && c <= '9') {
          if (length_ > (1ull << 40))
            fail(fmt::format("record {} declares an absurd length", records_ + 1));
          length_ = length_ * 10 + static_cast<std::uint64_t>(c - '0');
        } else if (c == ' ' && consumed_ > 1) {
          if (consumed_ >= length_) {
            fail(
                fmt::format("record {} (at byte {} of the header) declares {} bytes, fewer than "
                            "its own length field",
                            records_ + 1, offset_, length_));
            break;
          }
          state_ = State::key;
          key_.clear();
        } else {
          fail(
              fmt::format("record {} (at byte {} of the header) does not start with a decimal "
                          "length and a space",
                          records_ + 1, offset_));
        }
        break;
      case State::key:
        if (c == '=') {
          state_ = State::value;
          capturing_path_ = key_ == "path";
          if (capturing_path_) path_.clear();
          capturing_size_ = key_ == "size";
          size_text_.clear();
        } else if (c == '\n') {
          fail(fmt::format("record {} (at byte {} of the header) has no '='", records_ + 1,
                           offset_));
        } else if (key_.size() < 64) {
          key_ += c;
        }
        break;
      case State::value:
        if (capturing_path_ && path_.size() < 256 && consumed_ < length_) path_ += c;
        if (capturing_size_ && size_text_.size() <= 20 && consumed_ < length_) size_text_ += c;
        break;
    }
    if (!problem_.empty()) break;
    if (state_ != State::length && consumed_ == length_) {
      if (state_ != State::value || c != '\n') {
        fail(
            fmt::format("record {} (at byte {} of the header) declares {} bytes, but its "
                        "last byte is not the newline that ends a record",
                        records_ + 1, offset_, length_));
        break;
      }
      if (capturing_size_) take_size();
      ++records_;
      offset_ += consumed_;
      state_ = State::length;
      length_ = 0;
      consumed_ = 0;
    }
    // A record never runs past its length: the key starts before it (or
    // the length field is too short) and its last byte ends it or fails.
  }
}

std::string PaxRecordCheck::finish() {
  if (problem_.empty() && consumed_ != 0)
    fail(
        fmt::format("record {} (at byte {} of the header) declares {} bytes but the header "
                    "ends after {}",
                    records_ + 1, offset_, length_, consumed_));
  auto out = std::move(problem_);
  *this = PaxRecordCheck();
  return out;
}

void TarFraming::feed(const std::uint8_t* data, std::size_t size) {
  while (size > 0) {
    if (end_seen_ || lost_) {
      if (end_seen_) {
        trailing_nonzero_ += static_cast<std::uint64_t>(
            std::count_if(data, data + size, [](std::uint8_t c) { return c != 0; }));
      }
      pos_ += size;
      return;
    }
    if (skip_ > 0) {
      const auto n = static_cast<std::size_t>(std::min<std::uint64_t>(skip_, size));
      if (checking_pax_) {
        const auto body = static_cast<std::size_t>(std::min<std::uint64_t>(n, pax_left_));
        pax_check_.feed(data, body);
        pax_left_ -= body;
        if (pax_left_ == 0) end_pax_body();
      }
      if (capturing_) capture(data, n);
      skip_ -= n;
      pos_ += n;
      data += n;
      size -= n;
      continue;
    }
    const std::size_t n = std::min(size, static_cast<std::size_t>(kBlock) - filled_);
    std::memcpy(block_.data() + filled_, data, n);
    filled_ += n;
    pos_ += n;
    data += n;
    size -= n;
    if (filled_ == kBlock) {
      filled_ = 0;
      on_header();
    }
  }
}

const RawHeader* TarFraming::header_from(std::uint64_t offset) {
  while (!headers_.empty() && headers_.front().offset < offset) headers_.pop_front();
  return headers_.empty() ? nullptr : &headers_.front();
}

void TarFraming::end_pax_body() {
  checking_pax_ = false;
  if (!pax_check_.path_value().empty()) pending_pax_path_ = pax_check_.path_value();
  if (pax_is_local_ && pax_check_.size_value()) pending_pax_size_ = pax_check_.size_value();
  auto problem = pax_check_.finish();
  if (!problem.empty() && pending_extension_problem_.empty())
    pending_extension_problem_ = "its pax extended header is malformed: " + problem;
}

void TarFraming::capture(const std::uint8_t* data, std::size_t n) {
  const auto wanted = static_cast<std::size_t>(pax_size_ - pax_body_.size());
  pax_body_.append(reinterpret_cast<const char*>(data), std::min(n, wanted));
  if (pax_body_.size() < pax_size_) return;
  capturing_ = false;
  auto problem = windows_record_problems(pax_body_);
  pax_body_.clear();
  if (problem.empty()) return;
  if (windows_problems_.size() >= kMaxWindowsProblems) {
    ++windows_problems_dropped_;
    return;
  }
  windows_problems_.push_back(std::move(problem));
  pending_problem_ = static_cast<std::uint32_t>(windows_problems_.size());
}

void TarFraming::on_header() {
  if (in_sparse_extension_) {
    // GNU sparse extension block: another follows while byte 504 is set.
    in_sparse_extension_ = block_[504] != 0;
    if (!in_sparse_extension_) skip_ = pending_skip_;
    end_of_entries_ = pos_ + pending_skip_;
    return;
  }
  const bool zero =
      std::all_of(block_.begin(), block_.end(), [](std::uint8_t c) { return c == 0; });
  if (zero) {
    if (++zero_blocks_ == 2) end_seen_ = true;
    return;
  }
  if (zero_blocks_ == 1) end_of_entries_ = pos_ - kBlock;  // a lone zero block is not the end
  zero_blocks_ = 0;
  if (!checksum_ok(block_)) {
    lost_ = true;
    return;
  }
  const char type = static_cast<char>(block_[156]);
  const std::uint64_t size = parse_number(block_.data() + 124, 12);
  skip_ = has_data(type) ? round_up(size) : 0;
  if (type == 'S') {
    // GNU sparse: the size field is the stored size; extension blocks may follow.
    // The extension blocks come before the data.
    in_sparse_extension_ = block_[482] != 0;
    if (in_sparse_extension_) {
      pending_skip_ = skip_;
      skip_ = 0;
    }
  }
  capturing_ = false;
  pax_body_.clear();
  if (checking_pax_) end_pax_body();  // a header cut short by the next one
  // A pax size record overrides the size field of the entry it extends.
  if (!is_extension(type)) {
    if (pending_pax_size_ && has_data(type) && type != 'S') skip_ = round_up(*pending_pax_size_);
    pending_pax_size_.reset();
  }
  if (type == 'x' && size > 0 && size <= kMaxPaxBody) {
    capturing_ = true;
    pax_size_ = size;
  }
  if (type == 'x' || type == 'g') {
    checking_pax_ = size > 0;
    pax_left_ = size;
    pax_is_local_ = type == 'x';
  }
  if (is_extension(type)) {
    extension_bytes_ += size;
    if (extension_bytes_ > kMaxExtendedHeader && pending_extension_problem_.empty())
      pending_extension_problem_ = fmt::format(
          "its extended headers hold {} bytes, more than the {} bytes Go's archive/tar "
          "(containerd, Docker, podman) accepts, so readers disagree on the member",
          extension_bytes_, kMaxExtendedHeader);
  } else {
    headers_.push_back({pos_ - kBlock, type, std::exchange(pending_problem_, 0),
                        std::exchange(pending_extension_problem_, std::string()),
                        std::exchange(pending_pax_path_, std::string())});
    extension_bytes_ = 0;
  }
  end_of_entries_ = pos_ + skip_;
}

}  // namespace ocv::layer
