// The journal's form of the requests that change state (request.h, ChangesState): one
// column entry per request in a journal::InputBatch, and back. Pure.
#pragma once

#include "absl/status/status.h"
#include "gateway/request.h"
#include "proto/ftz_journal.pb.h"

namespace ftz::gw {

// Appends `r` (ChangesState(r)) as the next entry of `batch`.
void AppendInput(const Request& r, journal::InputBatch* batch);
// Whether every column has one entry per input; an error says which one does not.
absl::Status CheckInputBatch(const journal::InputBatch& batch);
// The number of inputs in a batch that passed CheckInputBatch.
inline int InputCount(const journal::InputBatch& batch) { return batch.kind_size(); }
// Entry `i` of a checked batch. Values out of the core's ranges are refused.
absl::Status InputAt(const journal::InputBatch& batch, int i, Request* r);

// Order fields packed into one number (InputBatch.flags, OrderImage.flags).
uint32_t PackOrderFlags(Side side, OrderType type, TimeInForce tif, StpMode stp, bool post_only);

}  // namespace ftz::gw
