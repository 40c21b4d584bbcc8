// An application left inside the core: the core may not render reports.
#include "reports/text_report.hpp"
