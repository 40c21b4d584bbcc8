#include "validator/engine/run.hpp"

#include <utility>

#include "validator/engine/policy_file.hpp"

namespace ocv::engine {

RunResult run(const source::Source& source, std::string_view name, const Registry& registry,
              const Policy& policy, ValidateOptions options) {
  options.opt_in = enabled_opt_in(policy, registry);
  // The policy is applied as findings are found, before they are counted
  // and listed (FindingSink): a suppressed finding must not take the place
  // of one the report would list, nor count in what is not listed.
  PolicyFilter filter(policy, options.max_findings_per_rule);
  options.admit = [&filter](Finding& f) { return filter.admit(f); };
  RunResult out;
  out.validation = validate(source, name, registry, options);
  auto applied = filter.take();
  out.suppressed = applied.suppressed;
  out.disabled = applied.disabled;
  out.suppressed_findings = std::move(applied.suppressed_findings);
  out.verdict = verdict(out.validation.findings, policy);
  return out;
}

}  // namespace ocv::engine
