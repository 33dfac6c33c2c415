// Aligned plain-text tables for the terminal.
#pragma once

#include <string>
#include <vector>

namespace ftz::sim {

class TextTable {
 public:
  enum Align { kLeft, kRight };

  // Column headers and alignments (same length).
  TextTable(std::vector<std::string> headers, std::vector<Align> align);

  // A data row (padded or truncated to the number of columns).
  void AddRow(std::vector<std::string> cells);
  // A full-width line of text (e.g. an instrument's name), preceded by a blank line
  // unless it is the first row.
  void AddSection(std::string title);
  // A horizontal rule.
  void AddRule();

  // Renders with two spaces between columns, a rule under the header, and `indent`
  // spaces before every line. Widths count UTF-8 code points.
  std::string Render(int indent = 0) const;

 private:
  struct Row {
    enum Kind { kCells, kSection, kRule } kind;
    std::vector<std::string> cells;
  };
  std::vector<std::string> headers_;
  std::vector<Align> align_;
  std::vector<Row> rows_;
};

// Display width of a UTF-8 string (code points).
size_t DisplayWidth(const std::string& s);

}  // namespace ftz::sim
