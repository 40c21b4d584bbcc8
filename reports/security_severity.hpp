#pragma once
// GitHub code scanning's `security-severity` for the rules whose violation
// has a security consequence, so that their alerts are ranked as security
// alerts (GitHub: above 9.0 critical, 7.0 to 8.9 high, 4.0 to 6.9 medium,
// 0.1 to 3.9 low). A spec violation without one (a malformed annotation, a
// missing platform field) gets none: calling it a security issue of any
// level would make the security view noise.
#include <string_view>

namespace ocv::reports {

/// The score as GitHub documents it, a decimal string ("7.5"), or "" for a
/// rule without a security consequence.
std::string_view security_severity(std::string_view rule_id);

}  // namespace ocv::reports
