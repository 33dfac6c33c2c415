// The `ftz` command's subcommands. Each subcommand is one function in its own file
// (apps/<name>_cmd.cc), registered in the table in apps/ftz_main.cc. To add one:
//   1. write `int FooMain(int argc, char** argv)` in apps/foo_cmd.cc; define its flags
//      there with ABSL_FLAG (names are global to the binary: prefix them when in doubt)
//      and parse with ParseSubcommandFlags(argc, argv, usage, __FILE__), which makes
//      `ftz foo --help` list exactly that file's flags plus the shared ones;
//   2. declare it and add a row to kSubcommands in apps/ftz_main.cc;
//   3. add the .cc to the ftz target in apps/CMakeLists.txt.
#pragma once

#include <string>
#include <vector>

namespace ftz::cli {

struct Subcommand {
  const char* name;
  const char* summary;                // one line for `ftz --help`
  int (*run)(int argc, char** argv);  // argv[0] is "ftz <name>"
};

// Parses the subcommand's flags (exits on --help or a bad flag) and returns the
// positional arguments after argv[0]. `usage` heads the --help text, which then lists
// the subcommand's own flags: those defined in `file` (its __FILE__), the shared client
// flags (host, port, participant, token, timeout) when `client_flags`, and those of the
// files named in `also` (e.g. "sim_flags.cc"), each with its default.
std::vector<std::string> ParseSubcommandFlags(int argc, char** argv, const std::string& usage,
                                              const char* file, bool client_flags = true,
                                              std::vector<const char*> also = {});

}  // namespace ftz::cli
