#include "snapshot/blob_format.h"

#include <sys/mman.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#include <v8.h>

#include <cstdlib>
#include <cstring>

#include "common/internal.h"
#include "snapshot/crc32c.h"

namespace jsvm {
namespace {

constexpr size_t kVersionOffset = 8;
constexpr size_t kHeaderSizeOffset = 12;
constexpr size_t kV8VersionOffset = 16;
constexpr size_t kV8VersionSize = 32;
constexpr size_t kFingerprintOffset = 48;
constexpr size_t kContextCountOffset = 56;
constexpr size_t kPayloadLengthOffset = 64;
constexpr size_t kPayloadCrcOffset = 72;
constexpr size_t kHeaderCrcOffset = 76;

// The header checksum covers every header byte but its own four.
uint32_t HeaderCrc(const char* header) {
  uint32_t crc = Crc32c(header, kHeaderCrcOffset);
  return Crc32c(header + kHeaderCrcOffset + 4, kBlobHeaderSize - kHeaderCrcOffset - 4, crc);
}

template <typename T>
void Put(char* out, size_t offset, T value) {
  for (size_t i = 0; i < sizeof(T); ++i) out[offset + i] = static_cast<char>((value >> (8 * i)) & 0xff);
}

template <typename T>
T Get(const char* in, size_t offset) {
  T value = 0;
  for (size_t i = 0; i < sizeof(T); ++i) value |= static_cast<T>(static_cast<unsigned char>(in[offset + i])) << (8 * i);
  return value;
}

const std::string& RunningV8Version() {
  static const std::string version = std::string(v8::V8::GetVersion()).substr(0, kV8VersionSize - 1);
  return version;
}

}  // namespace

void WriteBlob(char* out, const char* payload, size_t payload_size, uint32_t context_count) {
  std::memset(out, 0, kBlobHeaderSize);
  std::memcpy(out, kBlobMagic, sizeof(kBlobMagic));
  Put<uint32_t>(out, kVersionOffset, kBlobFormatVersion);
  Put<uint32_t>(out, kHeaderSizeOffset, kBlobHeaderSize);
  const std::string& version = RunningV8Version();
  std::memcpy(out + kV8VersionOffset, version.data(), version.size());
  Put<uint64_t>(out, kFingerprintOffset, ExternalReferenceFingerprint());
  Put<uint32_t>(out, kContextCountOffset, context_count);
  Put<uint64_t>(out, kPayloadLengthOffset, payload_size);
  std::memcpy(out + kBlobHeaderSize, payload, payload_size);
  Put<uint32_t>(out, kPayloadCrcOffset, Crc32c(out + kBlobHeaderSize, payload_size));
  Put<uint32_t>(out, kHeaderCrcOffset, HeaderCrc(out));
}

namespace {
constexpr size_t kHugePage = size_t{2} << 20;
}  // namespace

void PayloadDeleter::operator()(char* p) const { std::free(p); }

PayloadCopy AllocatePayload(size_t size) {
  if (size < kHugePage) return PayloadCopy(static_cast<char*>(std::malloc(size)));
  size_t rounded = (size + kHugePage - 1) & ~(kHugePage - 1);
  void* p = std::aligned_alloc(kHugePage, rounded);
  if (p != nullptr) madvise(p, rounded, MADV_HUGEPAGE);  // advice only: failure is fine
  return PayloadCopy(static_cast<char*>(p));
}

namespace {

// A copy that bypasses the caches where it can (the destination is only read
// later, by V8, a context at a time): it does not evict what V8 is reading
// from the caller's bytes meanwhile.
void StreamingCopy(char* dst, const char* src, size_t size) {
#if defined(__SSE2__)
  if ((reinterpret_cast<uintptr_t>(dst) & 15) == 0 && size >= 64) {
    size_t blocks = size / 64;
    for (size_t i = 0; i < blocks; ++i) {
      const __m128i* from = reinterpret_cast<const __m128i*>(src + i * 64);
      __m128i* to = reinterpret_cast<__m128i*>(dst + i * 64);
      __m128i a = _mm_loadu_si128(from), b = _mm_loadu_si128(from + 1);
      __m128i c = _mm_loadu_si128(from + 2), d = _mm_loadu_si128(from + 3);
      _mm_stream_si128(to, a);
      _mm_stream_si128(to + 1, b);
      _mm_stream_si128(to + 2, c);
      _mm_stream_si128(to + 3, d);
    }
    _mm_sfence();
    std::memcpy(dst + blocks * 64, src + blocks * 64, size - blocks * 64);
    return;
  }
#endif
  std::memcpy(dst, src, size);
}

}  // namespace

void BackgroundCopy::Start(char* dst, const char* src, size_t size) {
  Finish();
  try {
    thread_ = std::thread([=] { StreamingCopy(dst, src, size); });
  } catch (...) {
    StreamingCopy(dst, src, size);
  }
}

void BackgroundCopy::Finish() {
  if (thread_.joinable()) thread_.join();
}

bool ValidateBlob(const char* data, size_t size, BlobHeader* header, std::string* reason) {
  auto fail = [reason](std::string why) {
    *reason = std::move(why);
    return false;
  };
  if (data == nullptr || size == 0) return fail("the blob is empty");
  if (size < kBlobHeaderSize) {
    return fail("the blob is truncated: " + std::to_string(size) + " bytes, shorter than the " +
                std::to_string(kBlobHeaderSize) + "-byte header");
  }
  if (std::memcmp(data, kBlobMagic, sizeof(kBlobMagic)) != 0) {
    return fail("not a JSVM snapshot blob (bad magic)");
  }
  // A damaged header is reported as such before its fields are believed.
  if (Get<uint32_t>(data, kHeaderCrcOffset) != HeaderCrc(data)) {
    return fail("the header is corrupted (checksum mismatch)");
  }
  header->format_version = Get<uint32_t>(data, kVersionOffset);
  if (header->format_version != kBlobFormatVersion || Get<uint32_t>(data, kHeaderSizeOffset) != kBlobHeaderSize) {
    return fail("unsupported blob format version " + std::to_string(header->format_version) + " (this runtime reads " +
                std::to_string(kBlobFormatVersion) + ")");
  }
  const char* version = data + kV8VersionOffset;
  header->v8_version.assign(version, strnlen(version, kV8VersionSize));
  if (header->v8_version != RunningV8Version()) {
    return fail("made by another V8 version (" + header->v8_version + "; this runtime runs " + RunningV8Version() +
                ")");
  }
  header->fingerprint = Get<uint64_t>(data, kFingerprintOffset);
  if (header->fingerprint != ExternalReferenceFingerprint()) {
    return fail("made with a different external reference table than the one given to OH_JSVM_Init");
  }
  header->context_count = Get<uint32_t>(data, kContextCountOffset);
  header->payload_length = Get<uint64_t>(data, kPayloadLengthOffset);
  uint64_t available = size - kBlobHeaderSize;
  if (header->payload_length > available) {
    return fail("the blob is truncated: " + std::to_string(available) + " of " +
                std::to_string(header->payload_length) + " payload bytes present");
  }
  if (header->payload_length < available) {
    return fail("the blob has " + std::to_string(available - header->payload_length) +
                " unexpected bytes after its payload");
  }
  if (header->payload_length == 0 || header->payload_length > 0x7fffffffu) {
    return fail("the payload length " + std::to_string(header->payload_length) + " is out of range");
  }
  header->payload_crc = Get<uint32_t>(data, kPayloadCrcOffset);
  if (header->payload_crc != Crc32c(data + kBlobHeaderSize, header->payload_length)) {
    return fail("the payload is corrupted (checksum mismatch)");
  }
  return true;
}

}  // namespace jsvm
