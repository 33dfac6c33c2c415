// CRC32C (Castagnoli, polynomial 0x1EDC6F41, reflected, as iSCSI and ext4 use it) of a
// byte range: the checksum of every journal record.
//
// Boost.CRC computes it a byte at a time from a table; that was 14-18% of recovery's
// time (perf of `ftz replay`), so on x86-64 CPUs with SSE4.2 the crc32 instruction does
// it eight bytes at a time instead. Both give the same value (tests/journal/format_test).
#pragma once

#include <cstddef>
#include <cstdint>

namespace ftz::journal {

uint32_t Crc32c(const void* data, size_t size);

// The two ways, for the differential test.
uint32_t Crc32cTable(const void* data, size_t size);
// False when the CPU lacks the instruction (then Crc32cInstruction must not be called).
bool HasCrc32cInstruction();
uint32_t Crc32cInstruction(const void* data, size_t size);

}  // namespace ftz::journal
