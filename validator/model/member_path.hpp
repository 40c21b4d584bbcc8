#pragma once
// Paths of tar members, as layers and image archives write them. The layer
// pass, the archive reader and the layer checks must agree on which names
// are the same file and which leave the root, so they all use these.
#include <optional>
#include <string>
#include <string_view>

namespace ocv::member_path {

/// `path` without leading "/" or "./", without "." components, with
/// repeated and trailing slashes dropped: "" for the root itself. ".."
/// components are kept (see resolve_dotdot).
std::string normalize(std::string_view path);

/// True when `path` has a ".." component.
bool has_dotdot(std::string_view path);

/// A normalized path with its ".." components resolved lexically; nullopt
/// when they climb above the root.
std::optional<std::string> resolve_dotdot(std::string_view normalized);

/// Whether a name as written leaves the root when extracted: absolute, or
/// with a ".." component.
bool leaves_root(std::string_view path);

}  // namespace ocv::member_path
