#include "sim/report/page.h"

#include <cctype>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"

namespace ftz::sim::report {

std::string Anchor(const std::string& symbol) {
  std::string a = "i-";
  for (char c : symbol) a += std::isalnum(static_cast<unsigned char>(c)) ? c : '-';
  return a;
}

std::string PageStart(const std::string& title, const std::string& description,
                      const std::vector<std::string>& meta,
                      const std::vector<std::pair<std::string, std::string>>& toc) {
  std::string o = absl::StrCat(
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>",
      XmlEscape(title), "</title>\n<style>", ReportCss(),
      "</style>\n</head>\n<body>\n<header class=\"top\">\n<h1>", XmlEscape(title), "</h1>\n");
  if (!description.empty()) {
    absl::StrAppend(&o, "<p class=\"desc\">", XmlEscape(description), "</p>\n");
  }
  if (!meta.empty()) {
    o += "<div class=\"meta\">";
    for (const std::string& m : meta) absl::StrAppend(&o, "<span>", XmlEscape(m), "</span> ");
    o += "</div>\n";
  }
  o += "</header>\n";
  if (!toc.empty()) {
    o += "<nav class=\"toc\">";
    for (const auto& [href, text] : toc) {
      absl::StrAppend(&o, "<a href=\"#", XmlEscape(href), "\">", XmlEscape(text), "</a>");
    }
    o += "</nav>\n";
  }
  o += "<main>\n";
  return o;
}

std::string PageEnd(const std::string& command, const std::string& what) {
  std::string o = "</main>\n<footer>";
  absl::StrAppend(&o, XmlEscape(what));
  if (!command.empty()) absl::StrAppend(&o, " &middot; <code>", XmlEscape(command), "</code>");
  o += "</footer>\n</body>\n</html>\n";
  return o;
}

std::string CommonCurrency(const InstrumentInfos& infos) {
  std::string currency;
  for (const auto& [symbol, info] : infos) {
    if (currency.empty()) currency = info.currency;
    if (info.currency != currency) return "money units";
  }
  return currency.empty() ? "USD" : currency;
}

std::string ChainTitle(const std::string& chain_name) {
  return absl::StrReplaceAll(chain_name, {{">", " \u2192 "}});
}

std::string Kpi(const std::string& label, const std::string& value, const std::string& sub) {
  return absl::StrCat("<div class=\"kpi\"><div class=\"label\">", XmlEscape(label),
                      "</div><div class=\"value\">", XmlEscape(value), "</div><div class=\"sub\">",
                      XmlEscape(sub), "</div></div>\n");
}

std::string PlotBox(const Plot& plot, bool wide) {
  return absl::StrCat("<div class=\"plotbox", wide ? " wide" : "", "\">\n", RenderPlotSvg(plot),
                      "</div>\n");
}

const RunSummary* FindSummary(const RunResult& run, const std::string& symbol) {
  for (const RunSummary& s : run.summary) {
    if (s.symbol == symbol) return &s;
  }
  return nullptr;
}

const InstrumentInfo* FindInfo(const InstrumentInfos& infos, const std::string& symbol) {
  auto it = infos.find(symbol);
  return it == infos.end() ? nullptr : &it->second;
}

}  // namespace ftz::sim::report
