#include "snapshot/blob_auth.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <algorithm>
#include <cstring>
#include <memory>
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

bool TagLane(const unsigned char blob_key[32], uint32_t lane, const char* src, char* dst, size_t size,
             unsigned char tag[kLaneTagSize]) {
  std::unique_ptr<EVP_CIPHER_CTX, CipherCtxFree> ctx(EVP_CIPHER_CTX_new());
  unsigned char iv[12] = {static_cast<unsigned char>(lane), static_cast<unsigned char>(lane >> 8),
                          static_cast<unsigned char>(lane >> 16), static_cast<unsigned char>(lane >> 24)};
  if (!ctx || EVP_EncryptInit_ex(ctx.get(), EVP_chacha20_poly1305(), nullptr, blob_key, iv) != 1) return false;
  int written = 0;
  for (size_t offset = 0; offset < size; offset += kChunk) {
    size_t n = std::min(kChunk, size - offset);
    const char* in = src + offset;
    if (dst != nullptr) {
      std::memcpy(dst + offset, in, n);
      in = dst + offset;
    }
    if (EVP_EncryptUpdate(ctx.get(), nullptr, &written, reinterpret_cast<const unsigned char*>(in),
                          static_cast<int>(n)) != 1) {
      return false;
    }
  }
  unsigned char none[16];
  return EVP_EncryptFinal_ex(ctx.get(), none, &written) == 1 &&
         EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_AEAD_GET_TAG, static_cast<int>(kLaneTagSize), tag) == 1;
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
  const size_t label_size = std::strlen(label);
  std::string message(label, label_size);
  message.append(reinterpret_cast<const char*>(nonce), kNonceSize);
  unsigned char blob_key[32];
  if (!Hmac(message.data(), message.size(), blob_key)) return false;

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
