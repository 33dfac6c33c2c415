#include "matching/engine.h"

namespace ftz {

// The engine of a market without rules, compiled once here.
template class BasicEngine<NoPolicy>;

}  // namespace ftz
