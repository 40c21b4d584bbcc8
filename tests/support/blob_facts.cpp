#include "tests/support/blob_facts.hpp"

namespace ocv::test {

engine::BlobFacts sha256_blob(const std::string& hex, engine::FileType type, std::uint64_t size) {
  engine::BlobFacts b;
  b.path = "blobs/sha256/" + hex;
  b.algorithm = "sha256";
  b.encoded = hex;
  b.type = type;
  b.readable = type == engine::FileType::regular;
  b.size = size;
  return b;
}

}  // namespace ocv::test
