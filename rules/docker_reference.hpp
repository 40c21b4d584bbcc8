#pragma once
// The image reference grammar of distribution/reference (the one docker load
// parses RepoTags with), checked by hand: the text is untrusted.
//   reference   := name [ ":" tag ] [ "@" digest ]
//   name        := [ domain "/" ] path-component ( "/" path-component )*
//   domain      := host [ ":" port ]   (the first component, when it has a
//                  "." or ":", or is "localhost", or has upper case)
//   host        := domain-name | "[" [a-fA-F0-9:]+ "]"   (an IPv6 address)
//   path-component := [a-z0-9]+ ( ( "." | "_" | "__" | "-"+ ) [a-z0-9]+ )*
//   tag         := [A-Za-z0-9_] [A-Za-z0-9_.-]{0,127}
#include <optional>
#include <string>
#include <string_view>

namespace ocv::rules::docker_reference {

/// Why `text` is not NAME:TAG (a tagged reference without digest), or
/// nullopt when it is.
std::optional<std::string> tagged_reference_error(std::string_view text);

}  // namespace ocv::rules::docker_reference
