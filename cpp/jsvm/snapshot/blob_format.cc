#include "snapshot/blob_format.h"

#include <sys/mman.h>
#include <v8.h>

#include <cstdlib>
#include <cstring>
#include <vector>

#include "vm/references.h"
#include "snapshot/crc32c.h"
#include "snapshot/reference_table.h"

namespace jsvm {
namespace {

constexpr size_t kVersionOffset = 8;
constexpr size_t kHeaderSizeOffset = 12;
constexpr size_t kV8VersionOffset = 16;
constexpr size_t kV8VersionSize = 32;
constexpr size_t kFingerprintOffset = 48;
constexpr size_t kContextCountOffset = 56;
constexpr size_t kReferenceCountOffset = 60;
constexpr size_t kPayloadLengthOffset = 64;
constexpr size_t kHeaderCrcOffset = 72;
constexpr size_t kNonceOffset = 80;
constexpr size_t kLaneTagsOffset = 96;
constexpr size_t kHeaderTagOffset = 128;
constexpr size_t kHeaderAlignment = 16;
constexpr uint64_t kMaxPayload = 0x7fffffffu;  // V8's StartupData holds an int

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

// The checksum covers the header with its own four bytes and the header tag zero.
uint32_t HeaderCrc(std::string header) {
  std::memset(&header[kHeaderCrcOffset], 0, 4);
  std::memset(&header[kHeaderTagOffset], 0, kHeaderTagSize);
  return Crc32c(header.data(), header.size());
}

// The header tag covers the header with the tag's own bytes zero.
bool ComputeHeaderTag(std::string header, unsigned char tag[kHeaderTagSize]) {
  std::memset(&header[kHeaderTagOffset], 0, kHeaderTagSize);
  return HeaderTag(header.data(), header.size(), tag);
}

bool Fail(std::string* reason, std::string why) {
  *reason = std::move(why);
  return false;
}

}  // namespace

char* SealBlob(const char* payload, size_t payload_size, uint32_t context_count, size_t* blob_size,
               std::string* error) {
  if (!KeyUsable(error)) return nullptr;
  if (payload_size > kMaxPayload) return Fail(error, "the snapshot is too large"), nullptr;
  std::string header(kBlobFixedHeaderSize, '\0');
  const std::vector<std::string>& names = ExternalReferenceNames();
  if (!EncodeReferenceTable(names, &header)) {
    return Fail(error, "an external reference's description is too long to record"), nullptr;
  }
  header.resize((header.size() + kHeaderAlignment - 1) & ~(kHeaderAlignment - 1), '\0');
  if (header.size() > kBlobMaxHeaderSize) return Fail(error, "the external reference table is too large"), nullptr;
  char* h = &header[0];
  std::memcpy(h, kBlobMagic, sizeof(kBlobMagic));
  Put<uint32_t>(h, kVersionOffset, kBlobFormatVersion);
  Put<uint32_t>(h, kHeaderSizeOffset, static_cast<uint32_t>(header.size()));
  const std::string& version = RunningV8Version();
  std::memcpy(h + kV8VersionOffset, version.data(), version.size());
  Put<uint64_t>(h, kFingerprintOffset, ExternalReferenceFingerprint());
  Put<uint32_t>(h, kContextCountOffset, context_count);
  Put<uint32_t>(h, kReferenceCountOffset, static_cast<uint32_t>(names.size()));
  Put<uint64_t>(h, kPayloadLengthOffset, payload_size);
  unsigned char* nonce = reinterpret_cast<unsigned char*>(h + kNonceOffset);
  if (!NewNonce(nonce)) return Fail(error, "no random bytes for the blob's nonce"), nullptr;

  char* blob = static_cast<char*>(std::malloc(header.size() + payload_size));
  if (blob == nullptr) return Fail(error, "out of native memory"), nullptr;
  PayloadTags tags;
  // Tagging the blob's own copy: the tags vouch for the bytes handed out.
  if (!TagPayload(nonce, payload, payload_size, blob + header.size(), &tags)) {
    std::free(blob);
    return Fail(error, "the snapshot could not be authenticated (OpenSSL failed)"), nullptr;
  }
  std::memcpy(h + kLaneTagsOffset, &tags, sizeof(tags));
  Put<uint32_t>(h, kHeaderCrcOffset, HeaderCrc(header));
  if (!ComputeHeaderTag(header, reinterpret_cast<unsigned char*>(h + kHeaderTagOffset))) {
    std::free(blob);
    return Fail(error, "the snapshot could not be authenticated (OpenSSL failed)"), nullptr;
  }
  std::memcpy(blob, header.data(), header.size());
  *blob_size = header.size() + payload_size;
  return blob;
}

bool CheckHeader(const char* data, size_t size, BlobHeader* out, std::string* reason) {
  if (data == nullptr || size == 0) return Fail(reason, "the blob is empty");
  if (size < kBlobFixedHeaderSize) {
    return Fail(reason, "the blob is truncated: " + std::to_string(size) + " bytes, shorter than the " +
                            std::to_string(kBlobFixedHeaderSize) + "-byte header");
  }
  if (std::memcmp(data, kBlobMagic, sizeof(kBlobMagic)) != 0) return Fail(reason, "not a JSVM snapshot blob (bad magic)");
  uint32_t version = Get<uint32_t>(data, kVersionOffset);
  if (version != kBlobFormatVersion) {
    return Fail(reason, "unsupported blob format version " + std::to_string(version) + " (this runtime reads " +
                            std::to_string(kBlobFormatVersion) + "; make the blob again with this runtime)");
  }
  uint32_t header_size = Get<uint32_t>(data, kHeaderSizeOffset);
  if (header_size < kBlobFixedHeaderSize || header_size > kBlobMaxHeaderSize || header_size % kHeaderAlignment != 0) {
    return Fail(reason, "the header size " + std::to_string(header_size) + " is out of range");
  }
  if (header_size > size) {
    return Fail(reason, "the blob is truncated: " + std::to_string(size) + " bytes, shorter than its " +
                            std::to_string(header_size) + "-byte header");
  }
  // From here on only the private copy is read: the caller's bytes could change under us.
  const std::string header(data, header_size);
  const char* h = header.data();
  if (Get<uint32_t>(h, kHeaderCrcOffset) != HeaderCrc(header)) {
    return Fail(reason, "the header is corrupted (checksum mismatch)");
  }
  if (!KeyUsable(reason)) return false;
  unsigned char tag[kHeaderTagSize];
  if (!ComputeHeaderTag(header, tag)) return Fail(reason, "the blob could not be authenticated (OpenSSL failed)");
  if (!SameTag(tag, reinterpret_cast<const unsigned char*>(h + kHeaderTagOffset), kHeaderTagSize)) {
    return Fail(reason, TagMismatchReason("its header's"));
  }

  // Authenticated: every field below is as this user's runtime wrote it.
  out->format_version = version;
  out->header_size = header_size;
  out->payload_length = Get<uint64_t>(h, kPayloadLengthOffset);
  uint64_t available = size - header_size;
  if (out->payload_length > available) {
    return Fail(reason, "the blob is truncated: " + std::to_string(available) + " of " +
                            std::to_string(out->payload_length) + " payload bytes present");
  }
  if (out->payload_length < available) {
    return Fail(reason, "the blob has " + std::to_string(available - out->payload_length) +
                            " unexpected bytes after its payload");
  }
  if (out->payload_length == 0 || out->payload_length > kMaxPayload) {
    return Fail(reason, "the payload length " + std::to_string(out->payload_length) + " is out of range");
  }
  out->v8_version.assign(h + kV8VersionOffset, strnlen(h + kV8VersionOffset, kV8VersionSize));
  if (out->v8_version != RunningV8Version()) {
    return Fail(reason, "made by another V8 version (" + out->v8_version + "; this runtime runs " +
                            RunningV8Version() + ")");
  }
  std::vector<std::string> names;
  if (!DecodeReferenceTable(h + kBlobFixedHeaderSize, header_size - kBlobFixedHeaderSize,
                            Get<uint32_t>(h, kReferenceCountOffset), &names, reason) ||
      !SameReferenceTable(names, ExternalReferenceNames(), reason)) {
    return false;
  }
  out->fingerprint = Get<uint64_t>(h, kFingerprintOffset);
  out->context_count = Get<uint32_t>(h, kContextCountOffset);
  std::memcpy(out->nonce, h + kNonceOffset, kNonceSize);
  std::memcpy(&out->tags, h + kLaneTagsOffset, sizeof(out->tags));
  return true;
}

bool CheckPayload(const char* data, const BlobHeader& header, char* copy_to, std::string* reason) {
  PayloadTags tags;
  if (!TagPayload(header.nonce, data + header.header_size, header.payload_length, copy_to, &tags)) {
    return Fail(reason, "the blob could not be authenticated (OpenSSL failed)");
  }
  if (!SameTag(reinterpret_cast<const unsigned char*>(&tags), reinterpret_cast<const unsigned char*>(&header.tags),
               sizeof(tags))) {
    return Fail(reason, TagMismatchReason("its payload's"));
  }
  return true;
}

bool ValidateBlob(const char* data, size_t size, BlobHeader* header, std::string* reason) {
  return CheckHeader(data, size, header, reason) && CheckPayload(data, *header, nullptr, reason);
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

}  // namespace jsvm
