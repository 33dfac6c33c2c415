// Checks shared by the HTML report tests (run report, sweep report).
#pragma once

#include <cstdlib>
#include <string>

#include "gtest/gtest.h"
#include "sim/report/csv.h"

namespace ftz::sim::testing {

// With FTZ_REPORT_DUMP_DIR set, the reports are also written there (to look at them).
inline void MaybeDump(const std::string& name, const std::string& html) {
  const char* dir = std::getenv("FTZ_REPORT_DUMP_DIR");
  if (dir && *dir) {
    ASSERT_TRUE(WriteTextFile(std::string(dir) + "/" + name, html).ok());
  }
}

inline size_t Count(const std::string& s, const std::string& what) {
  size_t n = 0;
  for (size_t at = s.find(what); at != std::string::npos; at = s.find(what, at + 1)) ++n;
  return n;
}

// The page without the contents of its data: URLs (base64 may spell anything).
inline std::string WithoutDataUrls(const std::string& html) {
  std::string out;
  size_t at = 0;
  for (size_t d = html.find("\"data:", at); d != std::string::npos; d = html.find("\"data:", at)) {
    out.append(html, at, d - at);
    out += "\"data:\"";
    at = html.find('"', d + 1) + 1;
  }
  out.append(html, at, std::string::npos);
  return out;
}

inline void ExpectSelfContained(const std::string& page) {
  const std::string html = WithoutDataUrls(page);
  EXPECT_EQ(html.find("http://"), std::string::npos);
  EXPECT_EQ(html.find("https://"), std::string::npos);
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("<link"), std::string::npos);
  EXPECT_EQ(html.find("src="), std::string::npos);
  EXPECT_EQ(html.find("url(http"), std::string::npos);
  EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_NE(html.find("</html>"), std::string::npos);
  EXPECT_EQ(Count(html, "<svg"), Count(html, "</svg>"));
  EXPECT_EQ(Count(html, "<table"), Count(html, "</table>"));
  EXPECT_EQ(Count(html, "<section"), Count(html, "</section>"));
  EXPECT_EQ(Count(html, "<div"), Count(html, "</div>"));
  EXPECT_EQ(Count(html, "<figure"), Count(html, "</figure>"));
  EXPECT_EQ(html.find("nan"), std::string::npos);  // no NaN leaks into coordinates or text
  EXPECT_EQ(html.find("n/a"), std::string::npos);
}

}  // namespace ftz::sim::testing
