#pragma once
// What the records the graph keeps take on the heap, from their real sizes:
// capacities and sizeof, with what glibc's malloc adds to each allocation.
// Used to charge a document's records to the DocumentBudget with it.
#include <algorithm>
#include <cstddef>
#include <string>
#include <vector>

#include "validator/model/finding.hpp"

namespace ocv::graph {

/// What malloc takes for a request of `n` bytes: the request and an
/// 8-byte header in steps of 16, at least 32 (glibc on 64-bit).
constexpr std::size_t heap_bytes(std::size_t n) {
  return n == 0 ? 0 : std::max<std::size_t>(32, (n + 8 + 15) / 16 * 16);
}

/// A string's allocation (none when it is short enough to be inline).
inline std::size_t string_bytes(const std::string& s) {
  return s.capacity() > std::string().capacity() ? heap_bytes(s.capacity() + 1) : 0;
}

/// An entry of an unordered map: its node (the next pointer, the key and
/// value, the hash it may cache) and a bucket.
template <class Map>
constexpr std::size_t map_entry_bytes() {
  return heap_bytes(sizeof(void*) + sizeof(typename Map::value_type) + sizeof(std::size_t)) +
         sizeof(void*);
}

/// A chain of `chain`'s steps and `more` short ones (a label): the block
/// holding the steps (a chain holds exactly its steps, Chain::push_back),
/// and the steps that are not inline.
inline std::size_t chain_bytes(const engine::Chain& chain, std::size_t more = 0) {
  std::size_t n = heap_bytes(2 * sizeof(long) + sizeof(void*) + sizeof(std::vector<std::string>)) +
                  heap_bytes((chain.size() + more) * sizeof(std::string));
  for (const auto& step : chain) n += string_bytes(step);
  return n;
}

}  // namespace ocv::graph
