#include "tests/support/real_tools.hpp"

#include <cstdlib>
#include <map>
#include <mutex>

#include <fmt/format.h>

#include "tests/support/layout_builder.hpp"

namespace ocv::test {

bool sh(const std::string& command) {
  return std::system(("{ set -e; " + command + "; } >/dev/null 2>&1").c_str()) == 0;
}

boost::test_tools::assertion_result tool_on_path(std::string_view tool) {
  boost::test_tools::assertion_result r(sh(fmt::format("command -v {}", tool)));
  if (!r) r.message() << tool << " is not installed (scripts/setup-test-tools.sh installs it)";
  return r;
}

std::string vfs_storage(const std::string& dir) {
  return fmt::format("--storage-driver vfs --root {0}/storage --runroot {0}/run", dir);
}

boost::test_tools::assertion_result builds_with_vfs(std::string_view tool) {
  static std::mutex mutex;
  static std::map<std::string, bool, std::less<>> probed;
  const std::lock_guard lock(mutex);
  auto it = probed.find(tool);
  if (it == probed.end()) {
    bool works = false;
    if (tool_on_path(tool)) {
      const TempDir tmp;
      const auto d = tmp.path().string();
      const auto t = fmt::format("{} {}", tool, vfs_storage(d));
      // The least either tool must do for the tests: an image from scratch
      // with one file, committed to its storage.
      works = tool == "buildah"
                  ? sh(fmt::format("cd {0} && echo x > f && c=$({1} from scratch) && "
                                   "{1} copy $c f / && {1} commit -q $c probe && {1} rm -a && "
                                   "{1} rmi -a -f",
                                   d, t))
                  : sh(fmt::format("cd {0} && mkdir ctx && echo x > ctx/f && "
                                   "printf 'FROM scratch\\nCOPY f /f\\n' > ctx/Containerfile && "
                                   "{1} build -q -t localhost/probe ctx && {1} rmi -a -f",
                                   d, t));
    }
    it = probed.emplace(std::string(tool), works).first;
  }
  boost::test_tools::assertion_result r(it->second);
  if (!r)
    r.message() << tool
                << " cannot build here (not installed, or no usable vfs storage: it needs root "
                   "or a user namespace)";
  return r;
}

}  // namespace ocv::test
