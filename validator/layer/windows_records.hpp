#pragma once
// The pax vendor records of Windows layers (layer.md § Platform-specific
// attributes): MSWINDOWS.fileattr, MSWINDOWS.rawsd, MSWINDOWS.mountpoint
// and LIBARCHIVE.creationtime. The layer pass reads the records of each pax
// extended header and keeps only what is wrong with these values, so that
// a layer with a security descriptor on every file costs no memory.
#include <string>
#include <string_view>

namespace ocv::layer {

/// What is wrong with the Windows vendor records in the body of one pax
/// extended header ("" when nothing is, or when there are none). Records
/// that are not "<length> <key>=<value>\n" end the reading: the tar reader
/// reports those.
std::string windows_record_problems(std::string_view pax_body);

}  // namespace ocv::layer
