// Authentication of snapshot blobs under the per-user key (user_key.h).
//
// The payload is split in two lanes (LaneSplit) so that two threads can tag a
// large one. Each lane's tag is ChaCha20-Poly1305's tag over the lane as
// associated data (no plaintext), under a key used for this blob only:
//
//   blob key   = HMAC-SHA256(user key, "jsvm-desktop snapshot payload key v2" || nonce)
//   lane i tag = ChaCha20-Poly1305(key = blob key, nonce = u32le(i) || 8 zero bytes, aad = lane i).tag
//   header tag = HMAC-SHA256(user key, header with the header tag's bytes zero)
//
// The nonce is 16 random bytes per blob, so no (key, nonce) pair repeats. The
// header holds the nonce and both lane tags, so the header tag binds the whole
// blob together. (Headers begin with "JSVMSNAP", never with the key-derivation
// label: the two HMAC uses cannot be confused.)
//
// Why this MAC: the Poly1305 in Node's OpenSSL runs on AVX2/AVX-512 at ~11 GB/s
// on one core of the reference machine, against ~7 GB/s for GMAC (AES-GCM's
// GHASH) and ~1.3 GB/s for HMAC-SHA256 (measured on 12.4 MB, README
// "Trust model"). ChaCha20-Poly1305 rather than bare Poly1305 because its
// one-time key derivation is built in and Node's crypto computes the same tag
// (the specs check ours against it).
#ifndef JSVM_DESKTOP_BLOB_AUTH_H
#define JSVM_DESKTOP_BLOB_AUTH_H

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>

namespace jsvm {

constexpr size_t kNonceSize = 16;
constexpr size_t kLaneCount = 2;
constexpr size_t kLaneTagSize = 16;
constexpr size_t kHeaderTagSize = 32;

struct PayloadTags {
  unsigned char lane[kLaneCount][kLaneTagSize];
};

// Lane 0 is payload[0, LaneSplit(size)), lane 1 the rest: half, rounded down to 64 bytes.
constexpr size_t LaneSplit(size_t size) { return (size / 2) & ~size_t{63}; }

// False (with `problem`) when this process has no usable key at all.
bool KeyUsable(std::string* problem);

// A fresh nonce for a new blob; false if no random bytes could be had.
bool NewNonce(unsigned char nonce[kNonceSize]);

// Tags the payload's lanes (on two threads when it is large). With `copy_to`
// set, each chunk is first copied there and the copy is what gets tagged, so
// that the tags vouch for bytes the caller can no longer change.
bool TagPayload(const unsigned char nonce[kNonceSize], const char* payload, size_t size, char* copy_to,
                PayloadTags* tags);

// The same under a key derived with another label ("jsvm-desktop <what> key
// vN"): code caches and wasm caches are tagged apart from snapshot payloads,
// so no tag of one kind vouches for bytes of another.
bool TagPayloadFor(const char* label, const unsigned char nonce[kNonceSize], const char* payload, size_t size,
                   char* copy_to, PayloadTags* tags);

// The tags TagPayloadFor(label, ...) gives, for a payload of `size` bytes
// that is never whole in memory: `fill(offset, n, out)` writes the payload's
// bytes [offset, offset + n) to `out` (false: give up). Pieces are asked for
// in order, each within one lane, at most 128 KiB, at even offsets but
// perhaps the last; one thread, one piece of memory.
using PayloadFill = std::function<bool(size_t offset, size_t n, char* out)>;
bool TagFilledPayloadFor(const char* label, const unsigned char nonce[kNonceSize], size_t size,
                         const PayloadFill& fill, PayloadTags* tags);

// HMAC-SHA256 of `header` under the user key; the caller zeroes the tag's own bytes first.
bool HeaderTag(const char* header, size_t size, unsigned char tag[kHeaderTagSize]);

// Constant-time comparison of two tags.
bool SameTag(const unsigned char* a, const unsigned char* b, size_t size);
// Both lanes' tags, compared in constant time.
inline bool SameTags(const PayloadTags& a, const PayloadTags& b) {
  return SameTag(reinterpret_cast<const unsigned char*>(&a), reinterpret_cast<const unsigned char*>(&b),
                 sizeof(PayloadTags));
}

// The sentence a refusal for a tag that does not match ends with: says when
// this process cannot check blobs made by others (no key file).
std::string TagMismatchReason(const char* what);

}  // namespace jsvm

#endif
