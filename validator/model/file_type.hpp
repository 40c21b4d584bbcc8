#pragma once
// What kind of file a source holds at a path. Shared by every source (a
// layout directory, an archive's members) and by the checks that judge it.
#include <string_view>

namespace ocv::source {

enum class FileType {
  missing,
  regular,
  directory,
  symlink,
  fifo,
  socket,
  block_device,
  char_device,
  other
};
std::string_view to_string(FileType type);

}  // namespace ocv::source
