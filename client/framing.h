// Framing of the wire protocol: a varint32 length prefix, then that many bytes of one
// protobuf envelope (ClientMessage or ServerMessage, proto/ftz_wire.proto). The same
// format as protobuf's delimited helpers.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "google/protobuf/message_lite.h"

namespace ftz::gw {

// Largest frame body accepted or sent. Bigger frames are a protocol error.
constexpr size_t kMaxFrameBytes = 64 * 1024;
// A varint32 takes at most 5 bytes.
constexpr size_t kMaxHeaderBytes = 5;

enum class FrameStatus {
  kOk,         // a whole frame is in the buffer
  kNeedMore,   // the header or body is incomplete
  kTooLarge,   // the header announces more than kMaxFrameBytes
  kBadHeader,  // the header is not a valid varint32
};

// Looks at the front of `data`: on kOk, the frame body is data[*header, *header + *body).
// kTooLarge is reported as soon as the header is complete, before the body arrives.
FrameStatus PeekFrame(const uint8_t* data, size_t size, size_t* header, size_t* body,
                      size_t max_body = kMaxFrameBytes);

// Appends `msg` as one frame to `out` (header + body).
void AppendFrame(const google::protobuf::MessageLite& msg, std::string* out);

// Appends a varint32.
void AppendVarint32(uint32_t value, std::string* out);

}  // namespace ftz::gw
