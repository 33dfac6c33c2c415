// The one flag shared by `ftz serve` and the client subcommands.
#include "absl/flags/flag.h"

ABSL_FLAG(int, port, 9470, "exchange TCP port (ftz serve: the port to listen on)");
