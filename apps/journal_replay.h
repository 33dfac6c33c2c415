// ftz replay JOURNAL_DIR: re-runs an exchange journal offline (apps/replay_cmd.cc
// dispatches here when its argument is a directory).
#pragma once

namespace ftz::cli {

int ReplayJournalMain(int argc, char** argv);

}  // namespace ftz::cli
