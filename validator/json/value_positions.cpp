#include "validator/json/value_positions.hpp"

#include <algorithm>

namespace ocv::json {
namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

/// An RFC 6901 array index: "0" or digits without a leading zero.
std::optional<std::size_t> array_index(std::string_view token) {
  if (token.empty() || token.size() > 10 || (token.size() > 1 && token[0] == '0'))
    return std::nullopt;
  std::size_t i = 0;
  for (const char c : token) {
    if (c < '0' || c > '9') return std::nullopt;
    i = i * 10 + static_cast<std::size_t>(c - '0');
  }
  return i;
}

/// A reference token with "~1" and "~0" decoded.
std::string unescape(std::string_view token) {
  std::string out;
  out.reserve(token.size());
  for (std::size_t i = 0; i < token.size(); ++i) {
    if (token[i] == '~' && i + 1 < token.size() && (token[i + 1] == '0' || token[i + 1] == '1')) {
      out.push_back(token[i + 1] == '0' ? '~' : '/');
      ++i;
    } else {
      out.push_back(token[i]);
    }
  }
  return out;
}

/// The first member of `object` named `name` (the first occurrence of a
/// repeated name, as FindMember), as an index.
std::optional<std::size_t> member_index(const rapidjson::Value& object, std::string_view name) {
  const auto members = object.MemberBegin();
  for (std::size_t i = 0; i < object.MemberCount(); ++i) {
    const auto& n = members[i].name;
    if (std::string_view(n.GetString(), n.GetStringLength()) == name) return i;
  }
  return std::nullopt;
}

}  // namespace

std::size_t ValuePositions::plan(std::string_view bytes, std::size_t base, std::size_t max_values) {
  clear();
  max_values = std::min<std::size_t>(max_values, kNone - 1);
  // child_base_ holds each container's count of children while counting.
  std::vector<std::uint32_t> open;  // containers not yet closed
  std::size_t values = 0;
  bool in_string = false;
  bool escaped = false;
  const auto value_starts = [&] {
    if (open.empty()) {
      if (values == 0) values = 1;  // the top-level value
    } else if (child_base_[open.back()] == 0) {
      child_base_[open.back()] = 1;
      ++values;
    }
  };
  for (std::size_t i = base; i < bytes.size() && values <= max_values; ++i) {
    const char c = bytes[i];
    if (in_string) {
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    switch (c) {
      case '"':
        value_starts();  // a string value, or a member name
        in_string = true;
        break;
      case '[':
      case '{':
        value_starts();
        open.push_back(static_cast<std::uint32_t>(child_base_.size()));
        child_base_.push_back(0);
        break;
      case ']':
      case '}':
        if (!open.empty()) open.pop_back();
        break;
      case ',':
        if (!open.empty()) {
          ++child_base_[open.back()];
          ++values;
        }
        break;
      case ':':
        break;
      default:
        if (!is_space(c)) value_starts();
    }
  }
  if (values > max_values || bytes.size() > kNone) {
    clear();
    return values;
  }
  // Counts to the number of each container's first child: containers take
  // their blocks in the order they open, after the top-level value (0).
  std::uint32_t next = 1;
  for (auto& count : child_base_) {
    const auto n = count;
    count = next;
    next += n;
  }
  child_base_.push_back(next);
  end_.assign(child_base_.size() - 1, 0);
  begin_.assign(values, 0);
  extra_.assign(values, 0);
  usable_ = true;
  return values;
}

void ValuePositions::clear() {
  begin_.clear();
  extra_.clear();
  child_base_.clear();
  end_.clear();
  begin_.shrink_to_fit();
  extra_.shrink_to_fit();
  child_base_.shrink_to_fit();
  end_.shrink_to_fit();
  next_container_ = 0;
  usable_ = complete_ = false;
}

std::uint32_t ValuePositions::child(Parent& parent) {
  const auto index = parent.next++;
  if (!usable_) return kNone;
  if (parent.container == kNone) {
    if (index == 0 && !begin_.empty()) return 0;
  } else if (index < children(parent.container)) {
    return child_base_[parent.container] + index;
  }
  usable_ = false;
  return kNone;
}

void ValuePositions::scalar(std::uint32_t value, std::size_t begin, std::size_t end) {
  if (!usable_ || value == kNone) return;
  begin_[value] = static_cast<std::uint32_t>(begin);
  extra_[value] = static_cast<std::uint32_t>(end);
}

std::uint32_t ValuePositions::open(std::uint32_t value, std::size_t begin) {
  if (!usable_ || value == kNone) return kNone;
  if (next_container_ >= end_.size()) {
    usable_ = false;
    return kNone;
  }
  const auto container = next_container_++;
  begin_[value] = static_cast<std::uint32_t>(begin);
  extra_[value] = container;
  return container;
}

void ValuePositions::close(std::uint32_t container, std::size_t end) {
  if (usable_ && container != kNone) end_[container] = static_cast<std::uint32_t>(end);
}

std::optional<ValuePositions::Found> ValuePositions::find(const rapidjson::Value& root,
                                                          std::string_view pointer) const {
  if (!complete_) return std::nullopt;
  Found at{0, &root};
  if (pointer.empty()) return at;
  if (pointer.front() != '/') return std::nullopt;
  std::size_t pos = 1;
  while (true) {
    const auto slash = std::min(pointer.find('/', pos), pointer.size());
    const auto token = pointer.substr(pos, slash - pos);
    const auto& v = *at.dom;
    std::optional<std::size_t> i;
    if (v.IsObject()) {
      i = token.find('~') == std::string_view::npos ? member_index(v, token)
                                                    : member_index(v, unescape(token));
    } else if (v.IsArray()) {
      i = array_index(token);
      if (i && *i >= v.Size()) i.reset();
    }
    if (!i) return std::nullopt;
    const auto container = extra_[at.value];
    if (*i >= children(container)) return std::nullopt;
    at.value = child_base_[container] + static_cast<std::uint32_t>(*i);
    at.dom = v.IsObject() ? &v.MemberBegin()[*i].value : &v[static_cast<rapidjson::SizeType>(*i)];
    if (slash == pointer.size()) return at;
    pos = slash + 1;
  }
}

std::optional<Span> ValuePositions::span(const Found& at) const {
  if (!complete_ || at.value >= begin_.size()) return std::nullopt;
  const bool container = at.dom->IsObject() || at.dom->IsArray();
  return Span{begin_[at.value], container ? end_[extra_[at.value]] : extra_[at.value]};
}

std::optional<Span> ValuePositions::name_span(std::string_view bytes, std::uint32_t value) const {
  if (!complete_ || value == 0 || value >= begin_.size()) return std::nullopt;
  // Back from the value over `"name" :`. Inside a string every quote is
  // escaped, so the opening quote is the first one found that follows an
  // even number of backslashes.
  std::size_t p = std::min<std::size_t>(begin_[value], bytes.size());
  const auto skip_space = [&] {
    while (p > 0 && is_space(bytes[p - 1])) --p;
  };
  skip_space();
  if (p == 0 || bytes[p - 1] != ':') return std::nullopt;
  --p;
  skip_space();
  if (p == 0 || bytes[p - 1] != '"') return std::nullopt;
  const std::size_t end = p;
  --p;  // the closing quote
  while (p > 0) {
    --p;
    if (bytes[p] != '"') continue;
    std::size_t backslashes = 0;
    while (backslashes < p && bytes[p - 1 - backslashes] == '\\') ++backslashes;
    if (backslashes % 2 == 0) return Span{p, end};
  }
  return std::nullopt;
}

std::string ValuePositions::pointer_at(const rapidjson::Value& root, std::string_view bytes,
                                       std::size_t offset, bool names) const {
  std::string pointer;
  if (!complete_) return pointer;
  Found at{0, &root};
  while (at.dom->IsObject() || at.dom->IsArray()) {
    const auto container = extra_[at.value];
    const auto base = child_base_[container];
    const auto n = children(container);
    // Children start in increasing order: the first that starts after
    // `offset` may hold it in its name, the one before in its value.
    std::uint32_t lo = 0;
    std::uint32_t hi = n;
    while (lo < hi) {
      const auto mid = lo + (hi - lo) / 2;
      if (begin_[base + mid] <= offset) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    const bool object = at.dom->IsObject();
    const auto token = [&](std::uint32_t i) {
      pointer.push_back('/');
      if (object) {
        const auto& name = at.dom->MemberBegin()[i].name;
        append_escaped(pointer, {name.GetString(), name.GetStringLength()});
      } else {
        pointer += std::to_string(i);
      }
    };
    if (names && object && lo < n) {
      if (const auto name = name_span(bytes, base + lo);
          name && name->begin <= offset && offset < name->end) {
        token(lo);
        return pointer;
      }
    }
    if (lo == 0) return pointer;
    const auto i = lo - 1;
    const Found child{base + i, object ? &at.dom->MemberBegin()[i].value : &(*at.dom)[i]};
    const auto s = span(child);
    if (!s || offset >= s->end) return pointer;
    token(i);
    at = child;
  }
  return pointer;
}

void append_escaped(std::string& out, std::string_view token) {
  for (const char c : token) {
    if (c == '~') {
      out += "~0";
    } else if (c == '/') {
      out += "~1";
    } else {
      out.push_back(c);
    }
  }
}

std::string pointer_append(std::string_view pointer, std::string_view token) {
  std::string out(pointer);
  out.push_back('/');
  append_escaped(out, token);
  return out;
}

std::string pointer_append(std::string_view pointer, std::size_t index) {
  std::string out(pointer);
  out.push_back('/');
  out += std::to_string(index);
  return out;
}

}  // namespace ocv::json
