#pragma once
// What tests that run the real image tools installed here (umoci, skopeo,
// buildah, podman) need: a quiet shell, and Boost.Test preconditions that
// skip a test visibly ("skipped because precondition failed: ...", which
// CTest reports as skipped) when a tool is missing or cannot run, instead
// of letting it pass without checking anything.
#include <boost/test/unit_test.hpp>
#include <string>
#include <string_view>

namespace ocv::test {

/// Runs `command` with `sh -c` under `set -e`, its output discarded; true
/// when it exits 0.
bool sh(const std::string& command);

/// `tool` is on PATH.
boost::test_tools::assertion_result tool_on_path(std::string_view tool);

/// buildah or podman is installed and can build an image from scratch with
/// vfs storage in a private directory (root, or a user namespace, is
/// needed). Probed once per tool and process.
boost::test_tools::assertion_result builds_with_vfs(std::string_view tool);

/// The storage options that keep buildah or podman inside `dir`.
std::string vfs_storage(const std::string& dir);

}  // namespace ocv::test
