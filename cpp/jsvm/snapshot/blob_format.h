// The snapshot blob we hand out: our header in front of V8's bytes (format 2).
//
//   offset size  field
//        0    8  magic "JSVMSNAP"
//        8    4  format version (2)
//       12    4  header size H: 160 + the reference table, padded to a multiple of 16;
//                the payload starts at H
//       16   32  V8 version that made the payload, NUL-padded
//       48    8  fingerprint of the external reference table (FNV-1a of its
//                descriptions; informational, the table itself is compared)
//       56    4  number of environments (contexts) in the payload
//       60    4  number of external references N
//       64    8  payload length L
//       72    4  CRC32C of bytes 0..H-1 with this field and the header tag zero
//                (tells accidental damage apart; protects nothing)
//       76    4  reserved, zero
//       80   16  nonce: random, new for every blob
//       96   16  tag of payload lane 0: bytes 0..S-1, S = floor(L/2) rounded down to 64
//      112   16  tag of payload lane 1: bytes S..L-1
//      128   32  header tag: HMAC-SHA256(user key, bytes 0..H-1 with these 32 zero)
//      160    -  external reference table: N times (u16 length, description bytes),
//                then zeros up to H
//        H    L  V8 startup data
//
// Integers are little-endian. Tags and keys: blob_auth.h. The reference table:
// reference_table.h. CheckHeader and CheckPayload refuse any blob this user's
// key did not seal, before V8 sees a byte of it.
#ifndef JSVM_DESKTOP_BLOB_FORMAT_H
#define JSVM_DESKTOP_BLOB_FORMAT_H

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "snapshot/blob_auth.h"

namespace jsvm {

constexpr size_t kBlobFixedHeaderSize = 160;
constexpr size_t kBlobMaxHeaderSize = size_t{1} << 20;
constexpr uint32_t kBlobFormatVersion = 2;
constexpr char kBlobMagic[8] = {'J', 'S', 'V', 'M', 'S', 'N', 'A', 'P'};

struct BlobHeader {
  uint32_t format_version = 0;
  size_t header_size = 0;  // where the payload starts
  std::string v8_version;
  uint64_t fingerprint = 0;
  uint32_t context_count = 0;
  uint64_t payload_length = 0;
  unsigned char nonce[kNonceSize] = {};
  PayloadTags tags = {};
};

// A new blob (malloc'd, the caller frees it) sealed with the user key; nullptr
// with `error` if it cannot be made.
char* SealBlob(const char* payload, size_t payload_size, uint32_t context_count, size_t* blob_size,
               std::string* error);

// Checks everything but the payload's tags: size, magic, version, header
// checksum and tag, lengths, V8 version, reference table. Reads the caller's
// header once, into a private copy.
bool CheckHeader(const char* data, size_t size, BlobHeader* header, std::string* reason);

// Checks the payload's tags. With `copy_to` (header.payload_length bytes), the
// payload is copied there as it is checked: only the copy is vouched for.
bool CheckPayload(const char* data, const BlobHeader& header, char* copy_to, std::string* reason);

// CheckHeader + CheckPayload, without a copy.
bool ValidateBlob(const char* data, size_t size, BlobHeader* header, std::string* reason);

// Memory for a VM's copy of a payload: large copies get transparent huge pages
// where the kernel offers them (one fault per 2 MB instead of per 4 KB).
struct PayloadDeleter {
  void operator()(char* p) const;
};
using PayloadCopy = std::unique_ptr<char, PayloadDeleter>;
PayloadCopy AllocatePayload(size_t size);

}  // namespace jsvm

#endif
