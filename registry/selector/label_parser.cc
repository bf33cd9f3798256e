// LabelSelector::parse: the recursive-descent grammar of upstream's labels.Parser, kept
// token-for-token so that accepted inputs and error texts agree with kube-apiserver.
//
//   selector    ::= requirement | requirement "," selector
//   requirement ::= ["!"] KEY [ set-restriction | exact-restriction ]
//   set-restriction   ::= ("in" | "notin") "(" VALUE ("," VALUE)* ")"
//   exact-restriction ::= ("=" | "==" | "!=" | ">" | "<") VALUE
#include <set>

#include "registry/selector/label_lexer.h"
#include "registry/selector/label_selector.h"
#include "registry/selector/label_validation.h"

namespace kapi::registry::selector {
namespace {

// Where "in"/"notin" are read: as operators after a key, as plain identifiers elsewhere
// (`in in (in)` is a valid selector).
enum class Context { kKeyAndOperator, kValues };

struct ParseError {
  std::string message;
};

class Parser {
 public:
  explicit Parser(std::string_view text) : tokens_(scan_label_selector(text)) {}

  std::variant<std::vector<LabelRequirement>, std::string> parse() {
    std::vector<LabelRequirement> requirements;
    while (true) {
      auto [token, literal] = lookahead(Context::kValues);
      switch (token) {
        case LabelToken::kIdentifier:
        case LabelToken::kDoesNotExist: {
          auto requirement = parse_requirement();
          if (auto* error = std::get_if<std::string>(&requirement)) {
            return "unable to parse requirement: " + *error;
          }
          requirements.push_back(std::move(std::get<LabelRequirement>(requirement)));
          auto [next, next_literal] = consume(Context::kValues);
          if (next == LabelToken::kEndOfString) return requirements;
          if (next != LabelToken::kComma) {
            return "found '" + next_literal + "', expected: ',' or 'end of string'";
          }
          auto [after, after_literal] = lookahead(Context::kValues);
          if (after != LabelToken::kIdentifier && after != LabelToken::kDoesNotExist) {
            return "found '" + after_literal + "', expected: identifier after ','";
          }
          break;
        }
        case LabelToken::kEndOfString:
          return requirements;
        default:
          return "found '" + literal + "', expected: !, identifier, or 'end of string'";
      }
    }
  }

 private:
  std::pair<LabelToken, std::string> lookahead(Context context) const {
    return classify(tokens_[position_], context);
  }

  std::pair<LabelToken, std::string> consume(Context context) {
    return classify(tokens_[position_++], context);
  }

  static std::pair<LabelToken, std::string> classify(const ScannedToken& scanned, Context context) {
    LabelToken token = scanned.token;
    if (context == Context::kValues &&
        (token == LabelToken::kIn || token == LabelToken::kNotIn)) {
      token = LabelToken::kIdentifier;
    }
    return {token, scanned.literal};
  }

  std::variant<LabelRequirement, std::string> parse_requirement() {
    // Key, with the operator inferred when there is none: `key` is Exists, `!key` DoesNotExist.
    bool negated = false;
    auto [token, key] = consume(Context::kValues);
    if (token == LabelToken::kDoesNotExist) {
      negated = true;
      std::tie(token, key) = consume(Context::kValues);
    }
    if (token != LabelToken::kIdentifier) return "found '" + key + "', expected: identifier";
    if (auto errors = qualified_name_errors(key); !errors.empty()) {
      // Upstream validates against a nil field path, which prints as "<nil>".
      return invalid_field_message("<nil>", key, join(errors));
    }
    auto [after_key, ignored] = lookahead(Context::kValues);
    bool key_only = after_key == LabelToken::kEndOfString || after_key == LabelToken::kComma;
    if (negated) return LabelRequirement::make(key, LabelOperator::kDoesNotExist, {});
    if (key_only) return LabelRequirement::make(key, LabelOperator::kExists, {});

    auto op = parse_operator();
    if (auto* error = std::get_if<std::string>(&op)) return *error;
    auto values = std::get<LabelOperator>(op) == LabelOperator::kIn ||
                          std::get<LabelOperator>(op) == LabelOperator::kNotIn
                      ? parse_value_set()
                      : parse_exact_value();
    if (auto* error = std::get_if<std::string>(&values)) return *error;
    auto& set = std::get<std::set<std::string>>(values);
    return LabelRequirement::make(key, std::get<LabelOperator>(op),
                                  std::vector<std::string>(set.begin(), set.end()));
  }

  static std::string join(const std::vector<std::string>& parts) {
    std::string out;
    for (const auto& part : parts) out += (out.empty() ? "" : "; ") + part;
    return out;
  }

  std::variant<LabelOperator, std::string> parse_operator() {
    auto [token, literal] = consume(Context::kKeyAndOperator);
    switch (token) {
      case LabelToken::kIn: return LabelOperator::kIn;
      case LabelToken::kEquals: return LabelOperator::kEquals;
      case LabelToken::kDoubleEquals: return LabelOperator::kDoubleEquals;
      case LabelToken::kGreaterThan: return LabelOperator::kGreaterThan;
      case LabelToken::kLessThan: return LabelOperator::kLessThan;
      case LabelToken::kNotIn: return LabelOperator::kNotIn;
      case LabelToken::kNotEquals: return LabelOperator::kNotEquals;
      default:
        return "found '" + literal + "', expected: in, notin, =, ==, !=, gt, lt";
    }
  }

  // "(" values ")"; "()" is the set holding the empty string, as upstream.
  std::variant<std::set<std::string>, std::string> parse_value_set() {
    auto [open, open_literal] = consume(Context::kValues);
    if (open != LabelToken::kOpenPar) return "found '" + open_literal + "' expected: '('";
    auto [token, literal] = lookahead(Context::kValues);
    switch (token) {
      case LabelToken::kIdentifier:
      case LabelToken::kComma: {
        auto values = parse_value_list();
        if (std::holds_alternative<std::string>(values)) return values;
        if (consume(Context::kValues).first != LabelToken::kClosedPar) {
          return "found '" + literal + "', expected: ')'";
        }
        return values;
      }
      case LabelToken::kClosedPar:
        consume(Context::kValues);
        return std::set<std::string>{""};
      default:
        return "found '" + literal + "', expected: ',', ')' or identifier";
    }
  }

  // A comma-separated list where empty entries (`(,a)`, `(a,,b)`, `(a,)`) mean "".
  std::variant<std::set<std::string>, std::string> parse_value_list() {
    std::set<std::string> values;
    while (true) {
      auto [token, literal] = consume(Context::kValues);
      if (token == LabelToken::kIdentifier) {
        values.insert(literal);
        auto [next, next_literal] = lookahead(Context::kValues);
        if (next == LabelToken::kComma) continue;
        if (next == LabelToken::kClosedPar) return values;
        return "found '" + next_literal + "', expected: ',' or ')'";
      }
      if (token == LabelToken::kComma) {
        if (values.empty()) values.insert("");
        auto next = lookahead(Context::kValues).first;
        if (next == LabelToken::kClosedPar) {
          values.insert("");
          return values;
        }
        if (next == LabelToken::kComma) {
          consume(Context::kValues);
          values.insert("");
        }
        continue;
      }
      return "found '" + literal + "', expected: ',', or identifier";
    }
  }

  // One value after =, ==, !=, >, <; nothing before "," or the end means "".
  std::variant<std::set<std::string>, std::string> parse_exact_value() {
    auto next = lookahead(Context::kValues).first;
    if (next == LabelToken::kEndOfString || next == LabelToken::kComma) {
      return std::set<std::string>{""};
    }
    auto [token, literal] = consume(Context::kValues);
    if (token == LabelToken::kIdentifier) return std::set<std::string>{literal};
    return "found '" + literal + "', expected: identifier";
  }

  std::vector<ScannedToken> tokens_;
  std::size_t position_ = 0;
};

}  // namespace

std::variant<LabelSelector, std::string> LabelSelector::parse(std::string_view text) {
  auto parsed = Parser(text).parse();
  if (auto* error = std::get_if<std::string>(&parsed)) return *error;
  return LabelSelector(std::move(std::get<std::vector<LabelRequirement>>(parsed)));
}

}  // namespace kapi::registry::selector
