#pragma once
// Blob facts as the layout source would report them, for edge checks run
// without a layout on disk.
#include <cstdint>
#include <string>

#include "validator/model/check_context.hpp"

namespace ocv::test {

/// Facts of blobs/sha256/<hex>: a file of `type` holding `size` bytes.
engine::BlobFacts sha256_blob(const std::string& hex, engine::FileType type, std::uint64_t size);

}  // namespace ocv::test
