// The engine with the interface seam, compiled where no implementation is visible.
#include "bench/matching/virtual_policy.h"

namespace ftz {
template class BasicEngine<bench::VirtualPolicy>;
}  // namespace ftz
