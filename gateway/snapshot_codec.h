// Snapshots (journal/ file format) of what the engine thread holds, and back: the
// engine's image, the floor policy's state, the kept execution reports. Pure
// conversions; the report builder converts its own state (report_builder.h).
#pragma once

#include "absl/status/status.h"
#include "floor_policy/floor_policy.h"
#include "gateway/report_store.h"
#include "matching/engine_image.h"
#include "proto/ftz_journal.pb.h"

namespace ftz::gw {

void EncodeEngineImage(const EngineImage& in, journal::EngineImage* out);
// Refuses values outside the core's ranges (the engine's restore checks the rest).
absl::Status DecodeEngineImage(const journal::EngineImage& in, EngineImage* out);

void EncodePolicy(const FloorPolicyState& in, journal::PolicyImage* out);
FloorPolicyState DecodePolicy(const journal::PolicyImage& in);

// Kept reports as wire bytes (ExecutionReport with report_seq), per participant.
void EncodeStore(const ReportStore& in,
                 google::protobuf::RepeatedPtrField<journal::ParticipantImage>* out);
absl::Status DecodeStore(const google::protobuf::RepeatedPtrField<journal::ParticipantImage>& in,
                         ReportStore* out);

}  // namespace ftz::gw
