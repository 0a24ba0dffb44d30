#include "snapshot/crc32c.h"

#include <cstring>
#include <thread>

#if defined(__x86_64__)
#include <nmmintrin.h>
#elif defined(__aarch64__) && defined(__ARM_FEATURE_CRC32)
#include <arm_acle.h>
#endif

namespace jsvm {
namespace {

constexpr uint32_t kPolynomial = 0x82F63B78u;  // reflected Castagnoli

// Slicing-by-8 tables for machines without a CRC instruction.
struct Tables {
  uint32_t t[8][256];
  Tables() {
    for (uint32_t i = 0; i < 256; ++i) {
      uint32_t c = i;
      for (int k = 0; k < 8; ++k) c = (c >> 1) ^ ((c & 1) ? kPolynomial : 0);
      t[0][i] = c;
    }
    for (uint32_t i = 0; i < 256; ++i) {
      for (int s = 1; s < 8; ++s) t[s][i] = (t[s - 1][i] >> 8) ^ t[0][t[s - 1][i] & 0xff];
    }
  }
};

uint32_t SoftwareCrc(const unsigned char* p, size_t n, uint32_t crc) {
  static const Tables tables;
  const auto& t = tables.t;
  while (n >= 8) {
    uint64_t word;
    std::memcpy(&word, p, 8);
    word ^= crc;
    crc = t[7][word & 0xff] ^ t[6][(word >> 8) & 0xff] ^ t[5][(word >> 16) & 0xff] ^ t[4][(word >> 24) & 0xff] ^
          t[3][(word >> 32) & 0xff] ^ t[2][(word >> 40) & 0xff] ^ t[1][(word >> 48) & 0xff] ^ t[0][word >> 56];
    p += 8;
    n -= 8;
  }
  while (n--) crc = (crc >> 8) ^ t[0][(crc ^ *p++) & 0xff];
  return crc;
}

// ---------------------------------------------------------------------------
// Combining: the CRC state after more bytes is linear in the state before, so
// lanes computed independently can be joined. Polynomials are bit-reflected
// (bit 31 is x^0), as the CRC itself.
// ---------------------------------------------------------------------------

// a * b modulo the CRC polynomial.
uint32_t MultiplyModP(uint32_t a, uint32_t b) {
  uint32_t product = 0;
  for (uint32_t bit = 1u << 31; bit != 0; bit >>= 1) {
    if (a & bit) product ^= b;
    b = (b & 1) ? (b >> 1) ^ kPolynomial : b >> 1;  // b *= x
  }
  return product;
}

// x^(8 * bytes) modulo the CRC polynomial: the operator that moves a state past
// `bytes` zero bytes.
uint32_t ShiftOperator(uint64_t bytes) {
  uint32_t result = 1u << 31;  // x^0
  uint32_t power = 1u << 23;   // x^8: one byte
  for (; bytes != 0; bytes >>= 1) {
    if (bytes & 1) result = MultiplyModP(power, result);
    power = MultiplyModP(power, power);
  }
  return result;
}

// Large inputs run as three interleaved lanes of this many bytes: the CRC
// instruction has a latency of three cycles and a throughput of one.
constexpr size_t kLane = 8192;

#if defined(__x86_64__)
#define JSVM_CRC_TARGET __attribute__((target("sse4.2")))
inline JSVM_CRC_TARGET uint64_t Step(uint64_t crc, uint64_t word) { return _mm_crc32_u64(crc, word); }
inline JSVM_CRC_TARGET uint32_t StepByte(uint32_t crc, unsigned char byte) { return _mm_crc32_u8(crc, byte); }
bool HasHardwareCrc() { return __builtin_cpu_supports("sse4.2"); }
#elif defined(__aarch64__) && defined(__ARM_FEATURE_CRC32)
#define JSVM_CRC_TARGET
inline uint64_t Step(uint64_t crc, uint64_t word) { return __crc32cd(static_cast<uint32_t>(crc), word); }
inline uint32_t StepByte(uint32_t crc, unsigned char byte) { return __crc32cb(crc, byte); }
bool HasHardwareCrc() { return true; }
#else
#define JSVM_CRC_HARDWARE_MISSING 1
bool HasHardwareCrc() { return false; }
#endif

#ifndef JSVM_CRC_HARDWARE_MISSING
// CRC state (not inverted) over n bytes of `src`.
JSVM_CRC_TARGET uint32_t HardwareCrc(const unsigned char* src, size_t n, uint32_t crc) {
  static const uint32_t lane_shift = ShiftOperator(kLane);
  uint64_t c0 = crc;
  while (n >= 3 * kLane) {
    uint64_t c1 = 0, c2 = 0;
    for (size_t i = 0; i < kLane; i += 8) {
      uint64_t w0, w1, w2;
      std::memcpy(&w0, src + i, 8);
      std::memcpy(&w1, src + kLane + i, 8);
      std::memcpy(&w2, src + 2 * kLane + i, 8);
      c0 = Step(c0, w0);
      c1 = Step(c1, w1);
      c2 = Step(c2, w2);
    }
    c0 = MultiplyModP(lane_shift, static_cast<uint32_t>(c0)) ^ static_cast<uint32_t>(c1);
    c0 = MultiplyModP(lane_shift, static_cast<uint32_t>(c0)) ^ static_cast<uint32_t>(c2);
    src += 3 * kLane;
    n -= 3 * kLane;
  }
  while (n >= 8) {
    uint64_t word;
    std::memcpy(&word, src, 8);
    c0 = Step(c0, word);
    src += 8;
    n -= 8;
  }
  uint32_t c32 = static_cast<uint32_t>(c0);
  for (size_t i = 0; i < n; ++i) c32 = StepByte(c32, src[i]);
  return c32;
}
#else
uint32_t HardwareCrc(const unsigned char* src, size_t n, uint32_t crc) { return SoftwareCrc(src, n, crc); }
#endif

// Inputs this large are split in two halves, the second on its own thread:
// blobs are checked while a VM waits for them.
constexpr size_t kParallelThreshold = size_t{4} << 20;

uint32_t HardwareCrcInHalves(const unsigned char* src, size_t n, uint32_t crc) {
  size_t first = (n / 2) & ~size_t{7};
  uint32_t second = 0;
  std::thread helper;
  try {
    helper = std::thread([&] { second = HardwareCrc(src + first, n - first, 0); });
  } catch (...) {
    return HardwareCrc(src, n, crc);  // no thread to be had: one pass
  }
  crc = HardwareCrc(src, first, crc);
  helper.join();
  return MultiplyModP(ShiftOperator(n - first), crc) ^ second;
}

}  // namespace

uint32_t Crc32c(const void* data, size_t size, uint32_t crc) {
  static const bool hardware = HasHardwareCrc();
  const auto* p = static_cast<const unsigned char*>(data);
  crc = ~crc;
  if (!hardware) return ~SoftwareCrc(p, size, crc);
  return ~(size >= kParallelThreshold ? HardwareCrcInHalves(p, size, crc) : HardwareCrc(p, size, crc));
}


}  // namespace jsvm
