#include "validator/engine/run.hpp"

#include <utility>

#include "validator/engine/policy_file.hpp"

namespace ocv::engine {

RunResult run(const source::Source& source, std::string_view name, const Registry& registry,
              const Policy& policy, ValidateOptions options) {
  options.opt_in = enabled_opt_in(policy, registry);
  RunResult out;
  out.validation = validate(source, name, registry, options);
  auto applied = apply(policy, std::move(out.validation.findings));
  out.validation.findings = std::move(applied.findings);
  out.suppressed = applied.suppressed;
  out.disabled = applied.disabled;
  out.suppressed_findings = std::move(applied.suppressed_findings);
  out.verdict = verdict(out.validation.findings, policy);
  return out;
}

}  // namespace ocv::engine
