#include "validator/model/attachments.hpp"

namespace ocv::engine {

std::string_view to_string(LinkVia via) {
  switch (via) {
    case LinkVia::subject:
      return "subject";
    case LinkVia::containerd_annotation:
      return "containerd annotation";
    case LinkVia::cosign_tag:
      return "cosign tag";
    case LinkVia::cosign_save:
      return "cosign save";
    case LinkVia::buildkit_reference:
      return "BuildKit reference";
  }
  return "subject";
}

}  // namespace ocv::engine
