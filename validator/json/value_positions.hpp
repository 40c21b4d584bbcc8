#pragma once
// Where every value of a parsed JSON document sits in its bytes, kept in
// about 8 bytes per value. A finding needs the line and column of one value,
// but a 16 MiB document can hold millions of values: a map from each value's
// JSON pointer to its span took over 100 bytes per value, gigabytes for a
// hostile document.
//
// Values are numbered so that the children of a container have consecutive
// numbers: a pre-scan of the bytes counts the children of every container
// (plan()), which fixes where each container's block of numbers starts. A
// JSON pointer is then resolved by walking the DOM alongside (child i of a
// container is number child_base + i), and member names, which are not
// stored, are found from their value by reading the bytes backwards.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <rapidjson/document.h>

namespace ocv::json {

/// Byte span [begin, end) of a value (or of a member name) in the input.
struct Span {
  std::size_t begin = 0;
  std::size_t end = 0;
};

class ValuePositions {
 public:
  /// Counts the values of `bytes` from `base` and the children of each
  /// container, in the order the containers open. Returns the number of
  /// values (an upper bound for text that is not JSON). Positions are kept
  /// only while that number fits `max_values`, and the text 4 GiB.
  std::size_t plan(std::string_view bytes, std::size_t base, std::size_t max_values);
  void clear();

  // Recording, in parse order. A value gets its number from its parent
  // (kRoot for the top-level value) with child().
  static constexpr std::uint32_t kNone = UINT32_MAX;
  struct Parent {
    std::uint32_t container = kNone;  // the parent's container number; kNone = the root
    std::uint32_t next = 0;           // index of the next child
  };
  /// The number of the next child of `parent` (kNone when the parse and
  /// the plan disagree, which the parse of invalid text may do).
  std::uint32_t child(Parent& parent);
  void scalar(std::uint32_t value, std::size_t begin, std::size_t end);
  /// A container opens: returns its container number.
  std::uint32_t open(std::uint32_t value, std::size_t begin);
  void close(std::uint32_t container, std::size_t end);
  /// Called once the whole document was read: positions are usable.
  void finish() { complete_ = usable_; }

  // Lookups. `root` is the DOM the positions were recorded for.
  /// The number of the value at `pointer` (RFC 6901), and the value.
  struct Found {
    std::uint32_t value = 0;
    const rapidjson::Value* dom = nullptr;
  };
  std::optional<Found> find(const rapidjson::Value& root, std::string_view pointer) const;
  std::optional<Span> span(const Found& at) const;
  /// The number of the first child of a container (its children follow).
  std::uint32_t first_child(const Found& container) const {
    return child_base_[extra_[container.value]];
  }
  /// The span of the member name before value `value` (an object member).
  std::optional<Span> name_span(std::string_view bytes, std::uint32_t value) const;
  /// The pointer of the innermost value holding byte `offset` (with
  /// `names`, also of the member whose name holds it); "" for the root or
  /// when positions are not known.
  std::string pointer_at(const rapidjson::Value& root, std::string_view bytes, std::size_t offset,
                         bool names) const;
  bool usable() const { return complete_; }
  /// The memory the positions take (their vectors' capacities).
  std::size_t held_bytes() const {
    return (begin_.capacity() + extra_.capacity() + child_base_.capacity() + end_.capacity()) *
           sizeof(std::uint32_t);
  }

 private:
  std::uint32_t children(std::uint32_t container) const {
    return child_base_[container + 1] - child_base_[container];
  }

  std::vector<std::uint32_t> begin_;       // per value
  std::vector<std::uint32_t> extra_;       // per value: end (scalar) or container number
  std::vector<std::uint32_t> child_base_;  // per container, + 1: first child's number
  std::vector<std::uint32_t> end_;         // per container
  std::uint32_t next_container_ = 0;
  bool usable_ = false;
  bool complete_ = false;
};

/// Appends an RFC 6901 reference token to a pointer ("~" -> "~0", "/" -> "~1").
std::string pointer_append(std::string_view pointer, std::string_view token);
std::string pointer_append(std::string_view pointer, std::size_t index);
void append_escaped(std::string& out, std::string_view token);

}  // namespace ocv::json
