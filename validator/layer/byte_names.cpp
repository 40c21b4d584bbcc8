#include "validator/layer/byte_names.hpp"

#include <locale.h>

namespace ocv::layer {
namespace {

locale_t c_locale() {
  // Made once and kept for the life of the process (threads may hold it).
  static const locale_t c = newlocale(LC_ALL_MASK, "C", locale_t{});
  return c;
}

}  // namespace

ByteNames::ByteNames() : previous_(uselocale(c_locale())) {}

ByteNames::~ByteNames() { uselocale(previous_); }

bool is_name_conversion_warning(std::string_view message) {
  return message.find(" can't be converted from ") != std::string_view::npos &&
         message.ends_with(" to current locale.");
}

}  // namespace ocv::layer
