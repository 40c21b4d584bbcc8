#pragma once
// Where SARIF's helpUri sends a reader: the published rule pages
// (docs/rules/<ID>.md). SARIF 2.1.0 § 3.49.12 asks for an absolute URI
// (the schema's "format": "uri"), so a repository-relative path will not do.
#include <string>

namespace ocv::cli {

/// The base URL of the rule pages, ending in "/": `option` (--rule-docs-url)
/// when given; else the URL the build was configured with (OCV_RULE_DOCS_URL);
/// else the pages installed beside the binary (<prefix>/share/doc/ocivalidate/rules
/// for <prefix>/bin/ocivalidate, as cmake --install and the Debian package
/// put them) as a file: URI; else the configured install prefix's.
/// Throws CLI::ValidationError when `option` is not an absolute URI.
std::string rule_docs_url(const std::string& option);

/// "file://" + `path` with the characters a URI cannot hold percent-encoded.
std::string file_uri(const std::string& path);

}  // namespace ocv::cli
