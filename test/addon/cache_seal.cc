// Tags a cache's bytes as the runtime does (snapshot/blob_auth.h), under the
// user key this process uses: so that a scenario can edit a code or wasm cache
// and still get it past the runtime's checks, to test what V8 does with it.
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>

#include "harness.h"

namespace harness {
namespace {

// The key file's path, as snapshot/user_key.cc finds it.
std::string KeyPath() {
  if (const char* file = std::getenv("JSVM_SNAPSHOT_KEY_FILE"); file != nullptr && *file != '\0') return file;
  const char* xdg = std::getenv("XDG_CONFIG_HOME");
  const char* home = std::getenv("HOME");
  std::string config = xdg != nullptr && xdg[0] == '/' ? xdg : std::string(home != nullptr ? home : "") + "/.config";
  return config + "/jsvm-desktop/snapshot.key";
}

bool TagLane(const unsigned char key[32], uint32_t lane, const uint8_t* bytes, size_t size, uint8_t tag[16]) {
  std::unique_ptr<EVP_CIPHER_CTX, void (*)(EVP_CIPHER_CTX*)> ctx(EVP_CIPHER_CTX_new(), EVP_CIPHER_CTX_free);
  unsigned char iv[12] = {static_cast<unsigned char>(lane)};
  int written = 0;
  unsigned char none[16];
  return ctx && EVP_EncryptInit_ex(ctx.get(), EVP_chacha20_poly1305(), nullptr, key, iv) == 1 &&
         (size == 0 || EVP_EncryptUpdate(ctx.get(), nullptr, &written, bytes, static_cast<int>(size)) == 1) &&
         EVP_EncryptFinal_ex(ctx.get(), none, &written) == 1 &&
         EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_AEAD_GET_TAG, 16, tag) == 1;
}

}  // namespace

bool SealWithUserKey(const char* label, const uint8_t nonce[16], const uint8_t* bytes, size_t size, uint8_t tags[32]) {
  std::ifstream file(KeyPath(), std::ios::binary);
  std::string key((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
  if (key.size() != 32) return false;
  std::string message = std::string(label) + std::string(reinterpret_cast<const char*>(nonce), 16);
  unsigned char blob_key[32];
  unsigned int length = 0;
  if (HMAC(EVP_sha256(), key.data(), 32, reinterpret_cast<const unsigned char*>(message.data()), message.size(),
           blob_key, &length) == nullptr) {
    return false;
  }
  size_t split = (size / 2) & ~size_t{63};
  return TagLane(blob_key, 0, bytes, split, tags) && TagLane(blob_key, 1, bytes + split, size - split, tags + 16);
}

}  // namespace harness
