// A CSV reader with Go's encoding/csv rules (RFC 4180, as the upstream token file is read):
// quoted fields may hold commas, doubled quotes and newlines; blank lines are skipped; spaces
// are kept; there are no comment lines. Errors read like Go's: `parse error on line 3, column 7:
// bare " in non-quoted-field`.
#pragma once

#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace kapi::apiserver::authn {

struct CsvRecord {
  int line;  // 1-based line where the record starts
  std::vector<std::string> fields;
};

std::variant<std::vector<CsvRecord>, std::string> read_csv(std::string_view content);

}  // namespace kapi::apiserver::authn
