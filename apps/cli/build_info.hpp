#pragma once
// Facts about the build that only the command line reports. The definition
// is generated at build time (cmake/BuildInfo.cmake).
#include <string_view>

namespace ocv::cli {

/// The git commit the binary was built from ("1a2b3c4d5e6f", with "-dirty"
/// when tracked files had changed), or "" for a source tree that is neither
/// a clone nor an archive made by `git archive`.
std::string_view git_revision();

}  // namespace ocv::cli
