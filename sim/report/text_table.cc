#include "sim/report/text_table.h"

#include <algorithm>

namespace ftz::sim {

size_t DisplayWidth(const std::string& s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

TextTable::TextTable(std::vector<std::string> headers, std::vector<Align> align)
    : headers_(std::move(headers)), align_(std::move(align)) {
  align_.resize(headers_.size(), kRight);
}

void TextTable::AddRow(std::vector<std::string> cells) {
  cells.resize(headers_.size());
  rows_.push_back({Row::kCells, std::move(cells)});
}

void TextTable::AddSection(std::string title) {
  rows_.push_back({Row::kSection, {std::move(title)}});
}

void TextTable::AddRule() { rows_.push_back({Row::kRule, {}}); }

std::string TextTable::Render(int indent) const {
  std::vector<size_t> width(headers_.size());
  for (size_t c = 0; c < headers_.size(); ++c) width[c] = DisplayWidth(headers_[c]);
  for (const Row& r : rows_) {
    if (r.kind != Row::kCells) continue;
    for (size_t c = 0; c < r.cells.size(); ++c)
      width[c] = std::max(width[c], DisplayWidth(r.cells[c]));
  }
  size_t total = 0;
  for (size_t w : width) total += w;
  total += 2 * (width.empty() ? 0 : width.size() - 1);

  const std::string pad(indent, ' ');
  std::string out;
  auto line = [&](const std::vector<std::string>& cells) {
    std::string l = pad;
    for (size_t c = 0; c < cells.size(); ++c) {
      const size_t fill = width[c] - std::min(width[c], DisplayWidth(cells[c]));
      const bool last = c + 1 == cells.size();
      if (align_[c] == kRight) l.append(fill, ' ');
      l += cells[c];
      if (align_[c] == kLeft && !last) l.append(fill, ' ');
      if (!last) l += "  ";
    }
    while (!l.empty() && l.back() == ' ') l.pop_back();
    out += l + "\n";
  };
  auto rule = [&] {
    out += pad;
    for (size_t i = 0; i < total; ++i) out += "\u2500";
    out += "\n";
  };
  line(headers_);
  rule();
  bool first = true;
  for (const Row& r : rows_) {
    switch (r.kind) {
      case Row::kCells:
        line(r.cells);
        break;
      case Row::kSection:
        if (!first) out += "\n";
        out += pad + r.cells[0] + "\n";
        break;
      case Row::kRule:
        rule();
        break;
    }
    first = false;
  }
  return out;
}

}  // namespace ftz::sim
