// The per-user key that authenticates snapshot blobs (README "Trust model").
//
// 32 random bytes in a file only its owner can read: JSVM_SNAPSHOT_KEY_FILE if
// set, else $XDG_CONFIG_HOME/jsvm-desktop/snapshot.key, else
// $HOME/.config/jsvm-desktop/snapshot.key. Made on first use (file 0600, new
// directories 0700). When no key file can be read or made, the process uses a
// random key of its own: its blobs restore only in that process, and `problem`
// says why.
#ifndef JSVM_DESKTOP_USER_KEY_H
#define JSVM_DESKTOP_USER_KEY_H

#include <cstddef>
#include <string>

namespace jsvm {

constexpr size_t kUserKeySize = 32;

struct UserKey {
  unsigned char bytes[kUserKeySize];
  bool usable = false;     // false only when not even random bytes could be had
  bool from_file = false;  // false: a key of this process only
  std::string path;        // the key file (or where it was looked for)
  std::string problem;     // why there is no key file, when from_file is false
};

// Loaded (or made) once per process, on first use; thread-safe.
const UserKey& TheUserKey();

// Fills `out` with `size` bytes from the kernel's random source; false if it failed.
bool RandomBytes(void* out, size_t size);

}  // namespace jsvm

#endif
