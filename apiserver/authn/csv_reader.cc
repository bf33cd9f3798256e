#include "apiserver/authn/csv_reader.h"

namespace kapi::apiserver::authn {
namespace {

constexpr std::string_view kBareQuote = "bare \" in non-quoted-field";
constexpr std::string_view kQuote = "extraneous or missing \" in quoted-field";

// Splits content into lines without their terminators ("\n" or "\r\n").
std::vector<std::string_view> split_lines(std::string_view content) {
  std::vector<std::string_view> lines;
  while (!content.empty()) {
    auto newline = content.find('\n');
    std::string_view line = content.substr(0, newline);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    lines.push_back(line);
    if (newline == std::string_view::npos) break;
    content.remove_prefix(newline + 1);
  }
  return lines;
}

std::string parse_error(int start_line, int line, std::size_t column, std::string_view what) {
  std::string out;
  if (start_line != line) out = "record on line " + std::to_string(start_line) + "; ";
  return out + "parse error on line " + std::to_string(line) + ", column " +
         std::to_string(column) + ": " + std::string(what);
}

}  // namespace

std::variant<std::vector<CsvRecord>, std::string> read_csv(std::string_view content) {
  const auto lines = split_lines(content);
  std::vector<CsvRecord> records;
  std::size_t index = 0;
  while (index < lines.size()) {
    if (lines[index].empty()) {  // blank lines are not records
      ++index;
      continue;
    }
    const int start_line = static_cast<int>(index) + 1;
    CsvRecord record{start_line, {}};
    std::string_view line = lines[index];
    std::size_t pos = 0;
    while (true) {  // one field per iteration
      std::string field;
      if (pos < line.size() && line[pos] == '"') {
        ++pos;
        while (true) {
          auto quote = line.find('"', pos);
          if (quote == std::string_view::npos) {
            // The field goes on past the end of this line.
            field.append(line.substr(pos));
            if (++index >= lines.size()) {
              return parse_error(start_line, static_cast<int>(index), line.size() + 1, kQuote);
            }
            field += '\n';
            line = lines[index];
            pos = 0;
            continue;
          }
          field.append(line.substr(pos, quote - pos));
          pos = quote + 1;
          if (pos < line.size() && line[pos] == '"') {
            field += '"';
            ++pos;
          } else if (pos == line.size() || line[pos] == ',') {
            break;
          } else {
            return parse_error(start_line, static_cast<int>(index) + 1, pos + 1, kQuote);
          }
        }
      } else {
        auto end = line.find(',', pos);
        std::string_view raw = line.substr(pos, end == std::string_view::npos ? end : end - pos);
        if (auto bare = raw.find('"'); bare != std::string_view::npos) {
          return parse_error(start_line, static_cast<int>(index) + 1, pos + bare + 1, kBareQuote);
        }
        field.assign(raw);
        pos += raw.size();
      }
      record.fields.push_back(std::move(field));
      if (pos >= line.size()) break;
      ++pos;  // the comma
      if (pos == line.size()) {  // a trailing comma ends with an empty field
        record.fields.emplace_back();
        break;
      }
    }
    records.push_back(std::move(record));
    ++index;
  }
  return records;
}

}  // namespace kapi::apiserver::authn
