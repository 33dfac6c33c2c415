#include "sim/sweep/sweep_outputs.h"

#include "absl/strings/str_cat.h"
#include "sim/report/csv.h"
#include "sim/sweep/aggregate.h"
#include "sim/sweep/sweep_csv.h"
#include "sim/sweep/sweep_report.h"

namespace ftz::sim {

absl::StatusOr<std::vector<std::string>> WriteSweepOutputs(const SweepRows& rows,
                                                           const std::string& dir) {
  const SweepAggregate agg = Aggregate(rows);
  const std::pair<const char*, std::string> files[] = {
      {"sweep.csv", SweepRowsCsv(rows)},
      {"sweep_summary.csv", SweepSummaryCsv(agg)},
      {"sweep.html", RenderSweepReportHtml(agg)},
  };
  std::vector<std::string> written;
  for (const auto& [name, text] : files) {
    const std::string path = dir.empty() ? std::string(name) : absl::StrCat(dir, "/", name);
    if (absl::Status s = WriteTextFile(path, text); !s.ok()) return s;
    written.push_back(path);
  }
  return written;
}

}  // namespace ftz::sim
