#include "registry/selector/label_lexer.h"

#include <optional>

namespace kapi::registry::selector {
namespace {

bool is_whitespace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

bool is_special_symbol(char c) {
  switch (c) {
    case '=': case '!': case '(': case ')': case ',': case '>': case '<': return true;
    default: return false;
  }
}

// Literal tokens: operators, punctuation and the two keywords.
std::optional<LabelToken> literal_token(std::string_view s) {
  if (s == ")") return LabelToken::kClosedPar;
  if (s == ",") return LabelToken::kComma;
  if (s == "!") return LabelToken::kDoesNotExist;
  if (s == "==") return LabelToken::kDoubleEquals;
  if (s == "=") return LabelToken::kEquals;
  if (s == ">") return LabelToken::kGreaterThan;
  if (s == "in") return LabelToken::kIn;
  if (s == "<") return LabelToken::kLessThan;
  if (s == "!=") return LabelToken::kNotEquals;
  if (s == "notin") return LabelToken::kNotIn;
  if (s == "(") return LabelToken::kOpenPar;
  return std::nullopt;
}

class Lexer {
 public:
  explicit Lexer(std::string_view input) : input_(input) {}

  ScannedToken next() {
    while (pos_ < input_.size() && is_whitespace(input_[pos_])) ++pos_;
    if (pos_ >= input_.size()) return {LabelToken::kEndOfString, ""};
    if (is_special_symbol(input_[pos_])) return special_symbol();
    return identifier_or_keyword();
  }

 private:
  ScannedToken identifier_or_keyword() {
    std::size_t start = pos_;
    while (pos_ < input_.size() && !is_special_symbol(input_[pos_]) &&
           !is_whitespace(input_[pos_])) {
      ++pos_;
    }
    std::string literal(input_.substr(start, pos_ - start));
    if (auto token = literal_token(literal)) return {*token, literal};
    return {LabelToken::kIdentifier, literal};
  }

  // Longest run of special characters that still forms a known operator: "!=" is one token,
  // "=(" is "=" then "(".
  ScannedToken special_symbol() {
    std::size_t start = pos_;
    std::optional<ScannedToken> last;
    while (pos_ < input_.size() && is_special_symbol(input_[pos_])) {
      std::string_view buffer = input_.substr(start, pos_ - start + 1);
      if (auto token = literal_token(buffer)) {
        last = ScannedToken{*token, std::string(buffer)};
      } else if (last) {
        break;
      }
      ++pos_;
    }
    if (!last) {
      return {LabelToken::kError,
              "error expected: keyword found '" + std::string(input_.substr(start, pos_ - start)) + "'"};
    }
    pos_ = start + last->literal.size();
    return *last;
  }

  std::string_view input_;
  std::size_t pos_ = 0;
};

}  // namespace

std::vector<ScannedToken> scan_label_selector(std::string_view input) {
  Lexer lexer(input);
  std::vector<ScannedToken> tokens;
  while (true) {
    tokens.push_back(lexer.next());
    if (tokens.back().token == LabelToken::kEndOfString) return tokens;
  }
}

}  // namespace kapi::registry::selector
