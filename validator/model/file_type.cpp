#include "validator/model/file_type.hpp"

namespace ocv::source {

std::string_view to_string(FileType type) {
  switch (type) {
    case FileType::missing:
      return "missing";
    case FileType::regular:
      return "regular file";
    case FileType::directory:
      return "directory";
    case FileType::symlink:
      return "symbolic link";
    case FileType::fifo:
      return "FIFO";
    case FileType::socket:
      return "socket";
    case FileType::block_device:
      return "block device";
    case FileType::char_device:
      return "character device";
    case FileType::other:
      return "special file";
  }
  return "file";
}

}  // namespace ocv::source
