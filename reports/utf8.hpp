#pragma once
// Report text comes partly from the image (member names, tar paths, JSON
// strings), which may hold invalid UTF-8. Every report format must stay
// well-formed, so such bytes are replaced before they are written.
#include <string>
#include <string_view>

namespace ocv::reports {

/// `text` with each invalid UTF-8 sequence replaced by U+FFFD.
std::string valid_utf8(std::string_view text);

/// `text` made safe for a terminal or a CI log: valid UTF-8 as above, and
/// every control character (C0 including tab and newline, DEL, C1) written
/// as a visible escape ("\n", "\x1b", "\u009b"). Names from an image can
/// then neither move the cursor, clear the screen, nor start a line that
/// looks like the validator's own summary.
std::string printable(std::string_view text);

}  // namespace ocv::reports
