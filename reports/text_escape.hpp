#pragma once
// Plain text made safe where it is embedded: in Markdown (SARIF's
// help.markdown, the rule pages) and in URIs (SARIF locations, helpUri).
#include <string>
#include <string_view>

namespace ocv::reports {

/// Backslash-escapes the characters that would turn plain text into
/// markup ("<hex>" would otherwise vanish as an HTML tag, "|" end a table
/// cell). For one line of text: only its first character can start a
/// heading or a list item.
std::string markdown_escaped(std::string_view text);

/// RFC 3986 percent-encoding of a path for a URI reference: unreserved
/// characters and '/' stay, every other byte becomes %XX.
std::string percent_encoded(std::string_view path);

}  // namespace ocv::reports
