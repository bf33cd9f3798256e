// Tokens of the label selector syntax, scanned exactly as upstream's labels.Lexer so that error
// messages (which quote token literals) come out the same.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace kapi::registry::selector {

enum class LabelToken {
  kError, kEndOfString, kClosedPar, kComma, kDoesNotExist, kDoubleEquals, kEquals, kGreaterThan,
  kIdentifier, kIn, kLessThan, kNotEquals, kNotIn, kOpenPar,
};

struct ScannedToken {
  LabelToken token;
  std::string literal;
};

// All tokens of `input`, ending with kEndOfString.
std::vector<ScannedToken> scan_label_selector(std::string_view input);

}  // namespace kapi::registry::selector
