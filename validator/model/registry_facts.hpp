#pragma once
// What a registry source learnt on the wire, beyond the content it serves:
// the headers each answer carried, the content the registry does not have,
// and the referrers lists it gave. Plain data: the registry rules judge it,
// the content itself is judged by every other rule.
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "validator/json/strict_json.hpp"

namespace ocv::source {

/// One answer of the registry that carried content.
struct WireAnswer {
  std::string path;           // the content's layout path, "blobs/sha256/<hex>"
  std::string request;        // "GET /v2/app/manifests/1.0"
  bool manifest = false;      // from the manifests endpoint
  std::string content_type;   // Content-Type ("" when absent)
  std::string header_digest;  // Docker-Content-Digest ("" when absent)
  /// The body's digest with the header digest's algorithm, when it was
  /// computed here (manifests; "" otherwise: a blob's is the engine's).
  std::string body_digest;
  std::optional<std::uint64_t> content_length;  // the header, when present
  std::uint64_t body_bytes = 0;                 // bytes received
  /// The body did not arrive whole (the connection ended before
  /// Content-Length, after every retry); `why` says how.
  bool truncated = false;
  std::string why;
  /// For a HEAD answer about a blob: the size it announced.
  bool head = false;
};

/// A referrers list: the referrers API's answer, or the index at the
/// fallback tag (distribution-spec § Listing Referrers, § Unavailable
/// Referrers API).
struct ReferrersListing {
  std::string subject;  // "sha256:<hex>", the digest asked about
  std::string path;     // where findings about the list are anchored: "referrers/sha256/<hex>"
  std::string request;  // "GET /v2/app/referrers/sha256:..." or "GET /v2/app/manifests/sha256-..."
  bool fallback_tag = false;
  std::string content_type;
  std::shared_ptr<const json::ParsedJson> list;  // the body, parsed
  std::string artifact_type_filter;              // asked for ("" = none)
  bool filter_applied = false;                   // OCI-Filters-Applied: artifactType
};

/// A request the registry answered with an error instead of the content: for
/// a manifest a descriptor names (distribution 2.8 answers 500 when the
/// digest is a blob that is not a manifest), or for a referrers list.
struct ServerError {
  /// The content ("blobs/sha256/<hex>") or the listing ("referrers/sha256/<hex>").
  std::string path;
  std::string request;  // "GET /v2/app/manifests/sha256:..."
  std::string answer;   // "500 Internal Server Error (UNKNOWN: unknown error)"
  std::string instead;  // what the run did instead ("read it from the blobs endpoint")
  std::string subject;  // for a referrers lookup: the digest asked about
  /// The answer came after the client's retries (429 and 5xx it retries),
  /// not as the first and only answer (501, or a 4xx at the fallback tag).
  bool retried = false;
};

struct RegistryFacts {
  std::string reference;  // "localhost:5000/app:1.0"
  std::vector<WireAnswer> answers;
  /// Content a descriptor names that the registry answered 404 for, by
  /// layout path: the request and the answer ("404 Not Found (BLOB_UNKNOWN: ...)").
  std::map<std::string, std::pair<std::string, std::string>, std::less<>> not_found;
  std::vector<ReferrersListing> referrers;
  std::vector<ServerError> server_errors;
  bool referrers_api = false;  // the registry answered the referrers API
};

}  // namespace ocv::source
