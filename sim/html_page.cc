#include "sim/html_page.h"

#include <cctype>

#include "absl/strings/str_cat.h"

namespace ftz::sim::html {
namespace {

constexpr char kCss[] = R"css(
:root { --fg:#1f2937; --muted:#6b7280; --line:#e5e7eb; --bg:#f4f6f9; --card:#ffffff;
        --head:#10243e; --accent:#2f6db5; }
* { box-sizing: border-box; }
body { margin:0; background:var(--bg); color:var(--fg);
       font:14px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif; }
header.top { background:var(--head); color:#fff; padding:26px 40px 20px; }
header.top h1 { margin:0; font-size:24px; font-weight:600; letter-spacing:.01em; }
header.top .desc { margin:6px 0 0; color:#d5deea; max-width:900px; }
header.top .meta { margin-top:10px; color:#9fb3cc; font-size:12.5px; }
header.top .meta span { margin-right:18px; white-space:nowrap; }
nav.toc { background:#fff; border-bottom:1px solid var(--line); padding:8px 40px;
          position:sticky; top:0; z-index:2; font-size:13px; }
nav.toc a { color:var(--accent); text-decoration:none; margin-right:18px; font-weight:500; }
nav.toc a:hover { text-decoration:underline; }
main { max-width:1280px; margin:0 auto; padding:8px 40px 48px; }
section.card { background:var(--card); border:1px solid var(--line); border-radius:10px;
               padding:20px 24px 24px; margin:22px 0; box-shadow:0 1px 2px rgba(16,36,62,.05); }
section.card h2 { margin:0 0 4px; font-size:19px; font-weight:600; }
section.card h2 .sub { color:var(--muted); font-weight:400; font-size:14px; margin-left:8px; }
section.card h3 { margin:22px 0 8px; font-size:14px; font-weight:600; color:#374151;
                  text-transform:uppercase; letter-spacing:.05em; }
p.note { color:var(--muted); margin:2px 0 14px; font-size:13px; }
.kpis { display:grid; grid-template-columns:repeat(auto-fit,minmax(175px,1fr)); gap:12px;
        margin:14px 0 18px; }
.kpi { border:1px solid var(--line); border-radius:8px; padding:10px 14px; background:#fbfcfd; }
.kpi .label { color:var(--muted); font-size:11.5px; text-transform:uppercase; letter-spacing:.05em; }
.kpi .value { font-size:21px; font-weight:600; margin-top:2px; font-variant-numeric:tabular-nums; }
.kpi .sub { font-size:12px; color:var(--muted); font-variant-numeric:tabular-nums; }
.plots { display:grid; grid-template-columns:1fr 1fr; gap:16px; }
.plots .wide { grid-column:1 / -1; }
.plotbox { border:1px solid var(--line); border-radius:8px; overflow:hidden; background:#fff; }
svg.plot { display:block; width:100%; height:auto; }
g.hover rect { fill:transparent; }
g.hover rect:hover { fill:rgba(47,109,181,.10); }
table.data { border-collapse:collapse; width:100%; font-size:13px; font-variant-numeric:tabular-nums; }
table.data th, table.data td { padding:6px 10px; border-bottom:1px solid var(--line); text-align:right;
                               white-space:nowrap; }
table.data th.l, table.data td.l { text-align:left; }
table.data thead th { background:#f3f5f8; color:#374151; font-weight:600; border-bottom:1px solid #d5dae1;
                      white-space:normal; vertical-align:bottom; }
table.data.compact { font-size:12.5px; }
table.data.compact th, table.data.compact td { padding:6px 7px; }
table.data tbody tr:hover td { background:#f8fafc; }
table.data td.muted { color:var(--muted); }
.tablewrap { overflow-x:auto; }
footer { color:var(--muted); font-size:12px; text-align:center; padding:8px 40px 30px; }
footer code { background:#e9edf2; padding:1px 5px; border-radius:4px; }
@media (max-width:960px) { .plots { grid-template-columns:1fr; } main, header.top, nav.toc { padding-left:16px; padding-right:16px; } }
@media print { nav.toc { display:none; } body { background:#fff; } section.card { break-inside:avoid-page; box-shadow:none; } }
)css";

}  // namespace

std::string Esc(const std::string& s) { return XmlEscape(s); }

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
      Esc(title), "</title>\n<style>", kCss,
      "</style>\n</head>\n<body>\n<header class=\"top\">\n<h1>", Esc(title), "</h1>\n");
  if (!description.empty()) absl::StrAppend(&o, "<p class=\"desc\">", Esc(description), "</p>\n");
  if (!meta.empty()) {
    o += "<div class=\"meta\">";
    for (const std::string& m : meta) absl::StrAppend(&o, "<span>", Esc(m), "</span> ");
    o += "</div>\n";
  }
  o += "</header>\n";
  if (!toc.empty()) {
    o += "<nav class=\"toc\">";
    for (const auto& [href, text] : toc) {
      absl::StrAppend(&o, "<a href=\"#", Esc(href), "\">", Esc(text), "</a>");
    }
    o += "</nav>\n";
  }
  o += "<main>\n";
  return o;
}

std::string PageEnd(const std::string& command, const std::string& what) {
  std::string o = "</main>\n<footer>";
  absl::StrAppend(&o, Esc(what));
  if (!command.empty()) absl::StrAppend(&o, " &middot; <code>", Esc(command), "</code>");
  o += "</footer>\n</body>\n</html>\n";
  return o;
}

std::string PlotBox(const Plot& plot, bool wide) {
  return absl::StrCat("<div class=\"plotbox", wide ? " wide" : "", "\">\n", RenderPlotSvg(plot),
                      "</div>\n");
}

}  // namespace ftz::sim::html
