#include "apps/conformance/tar_stream.hpp"

#include <zlib.h>
#include <zstd.h>

#include <algorithm>
#include <cstring>
#include <stdexcept>

#include <fmt/format.h>

namespace ocv::conformance {
namespace {

void put_octal(std::string& block, std::size_t at, std::size_t width, std::uint64_t value) {
  const auto text = fmt::format("{:0{}o}", value, width - 1);
  std::memcpy(block.data() + at, text.data(), std::min(text.size(), width - 1));
}

void put_text(std::string& block, std::size_t at, std::size_t width, std::string_view text) {
  std::memcpy(block.data() + at, text.data(), std::min(text.size(), width));
}

std::string header(std::string_view path, char type, std::uint64_t size, std::string_view link,
                   std::uint32_t mode) {
  std::string h(512, '\0');
  put_text(h, 0, 100, path);
  put_octal(h, 100, 8, mode != 0 ? mode : (type == '5' ? 0755 : 0644));
  put_octal(h, 108, 8, 0);
  put_octal(h, 116, 8, 0);
  put_octal(h, 124, 12, size);
  put_octal(h, 136, 12, 1700000000);
  h[156] = type;
  put_text(h, 157, 100, link);
  put_text(h, 257, 8,
           std::string_view("ustar\0"
                            "00",
                            8));
  std::memset(h.data() + 148, ' ', 8);
  unsigned sum = 0;
  for (const unsigned char c : h) sum += c;
  put_octal(h, 148, 7, sum);
  return h;
}

void append_padded(std::string& out, std::string_view data) {
  out += data;
  out.append((512 - data.size() % 512) % 512, '\0');
}

/// A pax record "<len> key=value\n", where len counts the whole record.
std::string pax_record(std::string_view key, std::string_view value) {
  const auto body = fmt::format(" {}={}\n", key, value);
  auto len = body.size() + 1;
  while (std::to_string(len).size() + body.size() != len) ++len;
  return std::to_string(len) + body;
}

}  // namespace

std::string tar_of(const std::vector<TarMember>& members, bool end_blocks) {
  std::string out;
  for (const auto& m : members) {
    auto records = m.pax;
    if (m.path.size() > 100) records.emplace("path", m.path);
    if (m.link.size() > 100) records.emplace("linkpath", m.link);
    if (!records.empty()) {
      std::string body;
      for (const auto& [k, v] : records) body += pax_record(k, v);
      out += header("PaxHeaders/member", 'x', body.size(), "", 0644);
      append_padded(out, body);
    }
    out += header(m.path, m.type, m.data.size(), m.link, m.mode);
    append_padded(out, m.data);
  }
  if (end_blocks) out.append(1024, '\0');
  return out;
}

std::string gzip(std::string_view bytes) {
  z_stream zs{};
  // windowBits 15 + 16 selects the gzip wrapper.
  if (deflateInit2(&zs, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
    throw std::runtime_error("deflateInit2 failed");
  std::string out(deflateBound(&zs, static_cast<uLong>(bytes.size())) + 32, '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
  zs.avail_in = static_cast<uInt>(bytes.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  const int rc = deflate(&zs, Z_FINISH);
  deflateEnd(&zs);
  if (rc != Z_STREAM_END) throw std::runtime_error("deflate failed");
  out.resize(zs.total_out);
  return out;
}

std::string zstd(std::string_view bytes) {
  std::string out(ZSTD_compressBound(bytes.size()), '\0');
  const auto n = ZSTD_compress(out.data(), out.size(), bytes.data(), bytes.size(), 3);
  if (ZSTD_isError(n)) throw std::runtime_error("zstd compression failed");
  out.resize(n);
  return out;
}

}  // namespace ocv::conformance
