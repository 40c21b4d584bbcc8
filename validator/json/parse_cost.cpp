#include "validator/json/parse_cost.hpp"

namespace ocv::json {

std::size_t parse_peak_bound(std::string_view bytes, std::size_t max_values) {
  // Values counted as ValuePositions::plan() counts them (the top-level
  // value, each container's first child, one more after each ','), and
  // members by their ':'.
  std::size_t values = 0;
  std::size_t members = 0;
  bool in_string = false;
  bool escaped = false;
  bool first_child = false;  // just after '[' or '{'
  for (const char c : bytes) {
    if (in_string) {
      if (escaped)
        escaped = false;
      else if (c == '\\')
        escaped = true;
      else if (c == '"')
        in_string = false;
      continue;
    }
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') continue;
    if (values == 0) values = 1;
    if (first_child && c != ']' && c != '}') ++values;
    first_child = c == '[' || c == '{';
    if (c == '"')
      in_string = true;
    else if (c == ',')
      ++values;
    else if (c == ':')
      ++members;
  }
  // Past the value limit the parse stops after counting: nothing is built.
  if (values > max_values) return bytes.size();
  const std::size_t elements = values > members ? values - members : 0;
  return bytes.size() + kParseBytesPerElement * elements + kParseBytesPerMember * members;
}

}  // namespace ocv::json
