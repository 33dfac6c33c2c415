#include "journal/crc32c.h"

#include <cstring>

#include <boost/crc.hpp>

#if defined(__x86_64__)
#include <nmmintrin.h>
#endif

namespace ftz::journal {

uint32_t Crc32cTable(const void* data, size_t size) {
  boost::crc_optimal<32, 0x1EDC6F41, 0xFFFFFFFF, 0xFFFFFFFF, true, true> crc;
  crc.process_bytes(data, size);
  return crc.checksum();
}

#if defined(__x86_64__)
bool HasCrc32cInstruction() { return __builtin_cpu_supports("sse4.2"); }

__attribute__((target("sse4.2"))) uint32_t Crc32cInstruction(const void* data, size_t size) {
  const auto* p = static_cast<const unsigned char*>(data);
  uint64_t crc = 0xFFFFFFFFu;
  for (; size >= 8; size -= 8, p += 8) {
    uint64_t word;
    std::memcpy(&word, p, sizeof word);
    crc = _mm_crc32_u64(crc, word);
  }
  auto crc32 = static_cast<uint32_t>(crc);
  for (; size > 0; --size, ++p) crc32 = _mm_crc32_u8(crc32, *p);
  return ~crc32;
}
#else
bool HasCrc32cInstruction() { return false; }
uint32_t Crc32cInstruction(const void* data, size_t size) { return Crc32cTable(data, size); }
#endif

uint32_t Crc32c(const void* data, size_t size) {
  static const bool instruction = HasCrc32cInstruction();
  return instruction ? Crc32cInstruction(data, size) : Crc32cTable(data, size);
}

}  // namespace ftz::journal
