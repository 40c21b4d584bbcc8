#pragma once
// Report text comes partly from the image (member names, tar paths, JSON
// strings), which may hold invalid UTF-8. Every report format must stay
// well-formed, so such bytes are replaced before they are written.
#include <string>
#include <string_view>

namespace ocv::reports {

/// `text` with each invalid UTF-8 sequence replaced by U+FFFD.
std::string valid_utf8(std::string_view text);

}  // namespace ocv::reports
