// The snapshot blob we hand out: our header in front of V8's bytes.
//
//   offset size  field
//        0    8  magic "JSVMSNAP"
//        8    4  format version (1)
//       12    4  header size (96)
//       16   32  V8 version that made the payload, NUL-padded
//       48    8  fingerprint of the external reference table
//       56    4  number of environments (contexts) in the payload
//       60    4  reserved, zero
//       64    8  payload length in bytes
//       72    4  CRC32C of the payload
//       76    4  CRC32C of the other 92 header bytes (0..75, then 80..95)
//       80   16  reserved, zero
//       96    -  V8 startup data
//
// Integers are little-endian. ValidateBlob checks every field before V8 sees a
// byte: V8 aborts the process on a damaged or foreign payload.
#ifndef JSVM_DESKTOP_BLOB_FORMAT_H
#define JSVM_DESKTOP_BLOB_FORMAT_H

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <thread>

namespace jsvm {

constexpr size_t kBlobHeaderSize = 96;
constexpr uint32_t kBlobFormatVersion = 1;
constexpr char kBlobMagic[8] = {'J', 'S', 'V', 'M', 'S', 'N', 'A', 'P'};

struct BlobHeader {
  uint32_t format_version;
  std::string v8_version;
  uint64_t fingerprint;
  uint32_t context_count;
  uint64_t payload_length;
  uint32_t payload_crc;
};

// Writes header + payload into `out` (kBlobHeaderSize + payload_size bytes).
void WriteBlob(char* out, const char* payload, size_t payload_size, uint32_t context_count);

// Memory for a VM's copy of a payload: large copies get transparent huge pages
// where the kernel offers them (one fault per 2 MB instead of per 4 KB).
struct PayloadDeleter {
  void operator()(char* p) const;
};
using PayloadCopy = std::unique_ptr<char, PayloadDeleter>;
PayloadCopy AllocatePayload(size_t size);

// Copies bytes on a helper thread (here, if no thread can be had) so that a
// VM's copy of its payload is made while V8 reads the caller's. Finish (or the
// destructor) waits for it.
class BackgroundCopy {
 public:
  BackgroundCopy() = default;
  BackgroundCopy(const BackgroundCopy&) = delete;
  BackgroundCopy& operator=(const BackgroundCopy&) = delete;
  ~BackgroundCopy() { Finish(); }
  void Start(char* dst, const char* src, size_t size);
  void Finish();

 private:
  std::thread thread_;
};

// True when the blob is whole and made by this runtime with the same external
// references; otherwise false with `reason` naming what is wrong.
bool ValidateBlob(const char* data, size_t size, BlobHeader* header, std::string* reason);

}  // namespace jsvm

#endif
