// CRC32C (Castagnoli, polynomial 0x1EDC6F41, reflected, as iSCSI and ext4 use it) of a
// byte range: the checksum of every journal record.
#pragma once

#include <cstddef>
#include <cstdint>

#include <boost/crc.hpp>

namespace ftz::journal {

inline uint32_t Crc32c(const void* data, size_t size) {
  boost::crc_optimal<32, 0x1EDC6F41, 0xFFFFFFFF, 0xFFFFFFFF, true, true> crc;
  crc.process_bytes(data, size);
  return crc.checksum();
}

}  // namespace ftz::journal
