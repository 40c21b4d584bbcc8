// Fuzz target: a layer stream through the decoder the first byte picks
// (gzip, zstd or none), fed in uneven chunks, its output through the tar
// framing (pax bodies and their Windows records included).
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "validator/layer/decoder.hpp"
#include "validator/layer/tar_framing.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using ocv::engine::mt::Compression;
  if (size < 2) return 0;
  static constexpr Compression kKinds[] = {Compression::gzip, Compression::zstd, Compression::none};
  auto decoder = ocv::layer::make_decoder(kKinds[data[0] % 3]);
  const std::size_t chunk = 1 + data[1] % 97;
  data += 2;
  size -= 2;
  ocv::layer::TarFraming framing;
  std::vector<std::uint8_t> out(4096);
  for (std::size_t pos = 0; pos < size && decoder->error().empty(); pos += chunk) {
    decoder->set_input(data + pos, std::min(chunk, size - pos));
    // A decoder that neither takes input nor produces output is a bug.
    for (int guard = 0; !decoder->needs_input() && decoder->error().empty(); ++guard) {
      if (guard > 1'000'000) __builtin_trap();
      const std::size_t n = decoder->decode(out.data(), out.size());
      framing.feed(out.data(), n);
    }
  }
  if (decoder->error().empty()) decoder->end_of_input();
  return 0;
}
