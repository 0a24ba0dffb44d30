// CRC32C (Castagnoli), the checksum of our snapshot blobs. Uses the CPU's CRC32
// instruction when there is one (SSE4.2 on x86-64, ARMv8 CRC), in three
// interleaved lanes (and two threads for very large inputs), else tables.
#ifndef JSVM_DESKTOP_CRC32C_H
#define JSVM_DESKTOP_CRC32C_H

#include <cstddef>
#include <cstdint>

namespace jsvm {

// Standard CRC32C of `size` bytes, continuing from `crc` (0 for a fresh start).
uint32_t Crc32c(const void* data, size_t size, uint32_t crc = 0);

}  // namespace jsvm

#endif
