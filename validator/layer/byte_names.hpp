#pragma once
// Tar member names are bytes, and container runtimes read them as bytes
// (Go's archive/tar keeps a pax `path` as the string it holds). libarchive
// instead converts the UTF-8 names of pax headers (path, linkpath, uname,
// gname) to the charset of the current locale. In the "C" locale that fails
// for any non-ASCII name, and libarchive then keeps the header's own bytes
// and warns "Pathname can't be converted from UTF-8 to current locale.";
// in a UTF-8 locale it succeeds but first normalizes the name to Unicode
// NFC, so that a decomposed "é" is read as another name than the one the
// layer holds. Reading under the "C" locale is therefore what gives the
// bytes every time, and its conversion warning says nothing about the
// archive. (libarchive converts after it has parsed every record of the
// header, and gives up on a malformed record before: such a warning is
// never hidden by a conversion one.)
#include <clocale>
#include <string_view>

namespace ocv::layer {

/// Puts the calling thread in the "C" locale while alive (uselocale), so
/// that libarchive readers used from it, whatever the process's locale,
/// keep member names as their bytes. libarchive reads the locale's charset
/// once per reader, at its first header: keep the scope around the whole
/// header walk.
class ByteNames {
 public:
  ByteNames();
  ~ByteNames();
  ByteNames(const ByteNames&) = delete;
  ByteNames& operator=(const ByteNames&) = delete;

 private:
  locale_t previous_;
};

/// Whether a libarchive warning only says that a name could not be
/// converted to the locale's charset ("%s can't be converted from %s to
/// current locale."), which under ByteNames means the name was kept as its
/// bytes.
bool is_name_conversion_warning(std::string_view message);

}  // namespace ocv::layer
