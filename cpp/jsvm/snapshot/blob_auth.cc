#include "snapshot/blob_auth.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <new>
#include <thread>

#include "snapshot/user_key.h"

namespace jsvm {
namespace {

constexpr char kPayloadKeyLabel[] = "jsvm-desktop snapshot payload key v2";
// Copy and tag this much at a time: the chunk just copied is still in the core's
// L2 cache when Poly1305 reads it.
constexpr size_t kChunk = size_t{128} << 10;
// Below this, a second thread costs more than it saves.
constexpr size_t kThreadedFrom = size_t{1} << 20;

struct CipherCtxFree {
  void operator()(EVP_CIPHER_CTX* ctx) const { EVP_CIPHER_CTX_free(ctx); }
};

bool Hmac(const void* data, size_t size, unsigned char out[32]) {
  const UserKey& key = TheUserKey();
  if (!key.usable) return false;
  unsigned int length = 0;
  return HMAC(EVP_sha256(), key.bytes, static_cast<int>(kUserKeySize), static_cast<const unsigned char*>(data), size,
              out, &length) != nullptr &&
         length == 32;
}

// One lane's tag, fed in pieces.
class LaneTagger {
 public:
  bool Begin(const unsigned char blob_key[32], uint32_t lane) {
    unsigned char iv[12] = {static_cast<unsigned char>(lane), static_cast<unsigned char>(lane >> 8),
                            static_cast<unsigned char>(lane >> 16), static_cast<unsigned char>(lane >> 24)};
    return ctx_ != nullptr && EVP_EncryptInit_ex(ctx_.get(), EVP_chacha20_poly1305(), nullptr, blob_key, iv) == 1;
  }
  bool Add(const char* bytes, size_t n) {
    int written = 0;
    return EVP_EncryptUpdate(ctx_.get(), nullptr, &written, reinterpret_cast<const unsigned char*>(bytes),
                             static_cast<int>(n)) == 1;
  }
  bool End(unsigned char tag[kLaneTagSize]) {
    unsigned char none[16];
    int written = 0;
    return EVP_EncryptFinal_ex(ctx_.get(), none, &written) == 1 &&
           EVP_CIPHER_CTX_ctrl(ctx_.get(), EVP_CTRL_AEAD_GET_TAG, static_cast<int>(kLaneTagSize), tag) == 1;
  }

 private:
  std::unique_ptr<EVP_CIPHER_CTX, CipherCtxFree> ctx_{EVP_CIPHER_CTX_new()};
};

bool TagLane(const unsigned char blob_key[32], uint32_t lane, const char* src, char* dst, size_t size,
             unsigned char tag[kLaneTagSize]) {
  LaneTagger tagger;
  if (!tagger.Begin(blob_key, lane)) return false;
  for (size_t offset = 0; offset < size; offset += kChunk) {
    size_t n = std::min(kChunk, size - offset);
    const char* in = src + offset;
    if (dst != nullptr) {
      std::memcpy(dst + offset, in, n);
      in = dst + offset;
    }
    if (!tagger.Add(in, n)) return false;
  }
  return tagger.End(tag);
}

// The key of one blob: HMAC-SHA256(user key, label || nonce).
bool BlobKey(const char* label, const unsigned char nonce[kNonceSize], unsigned char blob_key[32]) {
  std::string message(label);
  message.append(reinterpret_cast<const char*>(nonce), kNonceSize);
  return Hmac(message.data(), message.size(), blob_key);
}

}  // namespace

bool KeyUsable(std::string* problem) {
  const UserKey& key = TheUserKey();
  if (!key.usable) *problem = "no key to authenticate snapshot blobs with: " + key.problem;
  return key.usable;
}

bool NewNonce(unsigned char nonce[kNonceSize]) { return RandomBytes(nonce, kNonceSize); }

bool TagPayload(const unsigned char nonce[kNonceSize], const char* payload, size_t size, char* copy_to,
                PayloadTags* tags) {
  return TagPayloadFor(kPayloadKeyLabel, nonce, payload, size, copy_to, tags);
}

bool TagPayloadFor(const char* label, const unsigned char nonce[kNonceSize], const char* payload, size_t size,
                   char* copy_to, PayloadTags* tags) {
  unsigned char blob_key[32];
  if (!BlobKey(label, nonce, blob_key)) return false;

  size_t split = LaneSplit(size);
  auto lane1 = [&] {
    return TagLane(blob_key, 1, payload + split, copy_to != nullptr ? copy_to + split : nullptr, size - split,
                   tags->lane[1]);
  };
  bool ok1 = false;
  std::thread helper;
  if (size >= kThreadedFrom) {
    try {
      helper = std::thread([&] { ok1 = lane1(); });
    } catch (...) {
      // no thread to be had: lane 1 runs here below
    }
  }
  bool ok0 = TagLane(blob_key, 0, payload, copy_to, split, tags->lane[0]);
  if (helper.joinable()) {
    helper.join();
  } else {
    ok1 = lane1();
  }
  OPENSSL_cleanse(blob_key, sizeof(blob_key));
  return ok0 && ok1;
}

bool TagFilledPayloadFor(const char* label, const unsigned char nonce[kNonceSize], size_t size,
                         const PayloadFill& fill, PayloadTags* tags) {
  unsigned char blob_key[32];
  if (!BlobKey(label, nonce, blob_key)) return false;
  const size_t split = LaneSplit(size);
  std::unique_ptr<char[]> chunk(new (std::nothrow) char[kChunk]);
  bool ok = chunk != nullptr;
  for (uint32_t lane = 0; ok && lane < kLaneCount; lane++) {
    const size_t begin = lane == 0 ? 0 : split;
    const size_t end = lane == 0 ? split : size;
    LaneTagger tagger;
    ok = tagger.Begin(blob_key, lane);
    for (size_t offset = begin; ok && offset < end; offset += kChunk) {
      size_t n = std::min(kChunk, end - offset);
      ok = fill(offset, n, chunk.get()) && tagger.Add(chunk.get(), n);
    }
    ok = ok && tagger.End(tags->lane[lane]);
  }
  OPENSSL_cleanse(blob_key, sizeof(blob_key));
  return ok;
}

bool HeaderTag(const char* header, size_t size, unsigned char tag[kHeaderTagSize]) { return Hmac(header, size, tag); }

bool SameTag(const unsigned char* a, const unsigned char* b, size_t size) { return CRYPTO_memcmp(a, b, size) == 0; }

std::string TagMismatchReason(const char* what) {
  std::string reason = "the blob was changed after it was made, or made with another key (another user or machine): " +
                       std::string(what) + " authentication tag does not match";
  const UserKey& key = TheUserKey();
  if (!key.from_file) {
    reason += ". This process has no key file (" + key.problem +
              "), so it uses a key of its own and accepts only blobs it made itself";
  }
  return reason;
}

}  // namespace jsvm
