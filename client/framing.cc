#include "client/framing.h"

namespace ftz::gw {

FrameStatus PeekFrame(const uint8_t* data, size_t size, size_t* header, size_t* body,
                      size_t max_body) {
  uint64_t value = 0;
  size_t i = 0;
  for (;; ++i) {
    if (i == kMaxHeaderBytes) return FrameStatus::kBadHeader;
    if (i == size) return FrameStatus::kNeedMore;
    const uint8_t b = data[i];
    value |= static_cast<uint64_t>(b & 0x7f) << (7 * i);
    if ((b & 0x80) == 0) break;
  }
  if (value > UINT32_MAX) return FrameStatus::kBadHeader;
  if (value > max_body) return FrameStatus::kTooLarge;
  *header = i + 1;
  *body = static_cast<size_t>(value);
  if (size - *header < *body) return FrameStatus::kNeedMore;
  return FrameStatus::kOk;
}

void AppendVarint32(uint32_t value, std::string* out) {
  char buf[kMaxHeaderBytes];
  size_t n = 0;
  while (value >= 0x80) {
    buf[n++] = static_cast<char>((value & 0x7f) | 0x80);
    value >>= 7;
  }
  buf[n++] = static_cast<char>(value);
  out->append(buf, n);
}

void AppendFrame(const google::protobuf::MessageLite& msg, std::string* out) {
  const size_t size = msg.ByteSizeLong();
  AppendVarint32(static_cast<uint32_t>(size), out);
  const size_t at = out->size();
  out->resize(at + size);
  msg.SerializeWithCachedSizesToArray(reinterpret_cast<uint8_t*>(out->data() + at));
}

}  // namespace ftz::gw
