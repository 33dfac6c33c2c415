#include "sim/report/progress.h"

#include "gtest/gtest.h"

namespace ftz::sim {
namespace {

TEST(Progress, RendersCountsPercentAndEta) {
  EXPECT_EQ(ProgressBar::FormatDuration(7), "0:07");
  EXPECT_EQ(ProgressBar::FormatDuration(754), "12:34");
  EXPECT_EQ(ProgressBar::FormatDuration(3723), "1:02:03");
  const std::string line = ProgressBar::Render("sweep", 45, 270, "cells", 62, false);
  EXPECT_EQ(line, "sweep  45/270 cells   17%  elapsed 1:02  ETA 5:10");
  EXPECT_EQ(ProgressBar::Render("sweep", 1, 4, "cells", 10, false, 1.5),
            "sweep  1/4 cells   62%  elapsed 0:10  ETA 0:06");
  const std::string bar = ProgressBar::Render("sweep", 135, 270, "cells", 10, true);
  EXPECT_NE(bar.find("[\u2588\u2588"), std::string::npos) << bar;
  EXPECT_NE(bar.find("50%"), std::string::npos);
  EXPECT_EQ(ProgressBar::Render("x", 3, 3, "cells", 1, false).find("ETA"), std::string::npos);
}

}  // namespace
}  // namespace ftz::sim
