// libFuzzer target: the server's frame decoder. The input is a byte stream as a client
// could send it; it is cut into frames exactly as Session::ReadLoop does (PeekFrame,
// then ClientMessage::ParseFromArray) and each parsed message is checked to survive a
// round trip through AppendFrame. Any crash, sanitizer report or broken invariant
// (abort) is a finding.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "client/framing.h"
#include "proto/ftz_wire.pb.h"

namespace {

void Check(bool ok) {
  if (!ok) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace ftz::gw;
  ftz::wire::ClientMessage m;
  size_t pos = 0;
  while (pos < size) {
    size_t header = 0, body = 0;
    const FrameStatus st = PeekFrame(data + pos, size - pos, &header, &body);
    if (st != FrameStatus::kOk) {
      // kNeedMore only when the frame really is incomplete; kTooLarge only past the limit.
      if (st == FrameStatus::kNeedMore) Check(header == 0 || header + body > size - pos);
      if (st == FrameStatus::kTooLarge) Check(body > kMaxFrameBytes || header == 0);
      break;
    }
    Check(header >= 1 && header <= kMaxHeaderBytes && body <= kMaxFrameBytes);
    Check(header + body <= size - pos);
    if (m.ParseFromArray(data + pos + header, static_cast<int>(body))) {
      std::string again;
      AppendFrame(m, &again);
      size_t h2 = 0, b2 = 0;
      const FrameStatus st2 = PeekFrame(reinterpret_cast<const uint8_t*>(again.data()),
                                        again.size(), &h2, &b2, again.size());
      Check(st2 == FrameStatus::kOk && h2 + b2 == again.size());
      ftz::wire::ClientMessage back;
      Check(back.ParseFromArray(again.data() + h2, static_cast<int>(b2)));
      Check(back.ByteSizeLong() == m.ByteSizeLong());
    }
    pos += header + body;
  }
  return 0;
}
