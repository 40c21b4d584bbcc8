#!/usr/bin/env bash
# The install step of action.yml: builds ocivalidate from the action's own
# checkout (scripts/build.sh installs the Debian packages it needs), installs
# it with `cmake --install` under the runner's temporary directory and puts
# its bin/ on the PATH of the following steps ($GITHUB_PATH).
# Environment: GITHUB_ACTION_PATH, RUNNER_TEMP, GITHUB_PATH (set by the
# runner); OCV_BUILD_DIR (the build-dir input; empty for the default).
set -euo pipefail
: "${GITHUB_ACTION_PATH:?set by the runner}" "${RUNNER_TEMP:?set by the runner}" "${GITHUB_PATH:?set by the runner}"
build="${OCV_BUILD_DIR:-$RUNNER_TEMP/ocivalidate-build}"
prefix="$RUNNER_TEMP/ocivalidate"
BUILD_DIR="$build" "$GITHUB_ACTION_PATH/scripts/build.sh" --target ocivalidate ocv_man
cmake --install "$build" --prefix "$prefix" >/dev/null
"$prefix/bin/ocivalidate" --version
echo "$prefix/bin" >>"$GITHUB_PATH"
