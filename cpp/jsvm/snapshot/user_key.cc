#include "snapshot/user_key.h"

#include <errno.h>
#include <fcntl.h>
#include <openssl/rand.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>

namespace jsvm {

bool RandomBytes(void* out, size_t size) {
  unsigned char* p = static_cast<unsigned char*>(out);
  size_t done = 0;
  while (done < size) {
    ssize_t n = getrandom(p + done, size - done, 0);
    if (n > 0) {
      done += static_cast<size_t>(n);
    } else if (n < 0 && errno != EINTR) {
      break;
    }
  }
  if (done == size) return true;
  // No getrandom (old kernel, seccomp): OpenSSL's generator, seeded by Node.
  return RAND_bytes(p, static_cast<int>(size)) == 1;
}

namespace {

std::string Env(const char* name) {
  const char* value = std::getenv(name);
  return value != nullptr ? value : "";
}

std::string ErrnoText(const std::string& what, const std::string& path) {
  return what + " " + path + ": " + std::strerror(errno);
}

// Where the key lives; empty (with `problem`) when nothing says where.
std::string KeyPath(std::string* problem) {
  std::string path = Env("JSVM_SNAPSHOT_KEY_FILE");
  if (!path.empty()) return path;
  std::string config = Env("XDG_CONFIG_HOME");
  if (config.empty() || config[0] != '/') {  // the XDG spec ignores relative paths
    std::string home = Env("HOME");
    if (home.empty()) {
      *problem = "neither JSVM_SNAPSHOT_KEY_FILE, XDG_CONFIG_HOME nor HOME is set";
      return "";
    }
    config = home + "/.config";
  }
  return config + "/jsvm-desktop/snapshot.key";
}

// mkdir -p of the file's directory; directories made here are 0700.
bool MakeParents(const std::string& path, std::string* problem) {
  for (size_t slash = path.find('/', 1); slash != std::string::npos; slash = path.find('/', slash + 1)) {
    std::string dir = path.substr(0, slash);
    if (mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST) {
      *problem = ErrnoText("cannot create the directory", dir);
      return false;
    }
  }
  return true;
}

bool WriteAll(int fd, const unsigned char* data, size_t size) {
  size_t done = 0;
  while (done < size) {
    ssize_t n = write(fd, data + done, size - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += static_cast<size_t>(n);
  }
  return true;
}

// Writes a new key beside `path` and links it into place, so that no process
// ever reads a partly written key; when another process got there first, its
// key stays (link fails with EEXIST) and the caller reads it.
bool CreateKeyFile(const std::string& path, std::string* problem) {
  if (!MakeParents(path, problem)) return false;
  unsigned char key[kUserKeySize];
  unsigned char tag[8];
  if (!RandomBytes(key, sizeof(key)) || !RandomBytes(tag, sizeof(tag))) {
    *problem = "no random bytes for a new key";
    return false;
  }
  char suffix[2 * sizeof(tag) + 1];
  for (size_t i = 0; i < sizeof(tag); ++i) std::snprintf(suffix + 2 * i, 3, "%02x", tag[i]);
  std::string temp = path + ".new-" + suffix;
  int fd = open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd < 0) {
    *problem = ErrnoText("cannot create the key file", temp);
    return false;
  }
  bool written = WriteAll(fd, key, sizeof(key)) && fsync(fd) == 0;
  if (close(fd) != 0) written = false;
  std::memset(key, 0, sizeof(key));
  if (!written) {
    *problem = ErrnoText("cannot write the key file", temp);
    unlink(temp.c_str());
    return false;
  }
  if (link(temp.c_str(), path.c_str()) != 0 && errno != EEXIST) {
    *problem = ErrnoText("cannot create the key file", path);
    unlink(temp.c_str());
    return false;
  }
  unlink(temp.c_str());
  return true;
}

// Reads the key if the file is one we can trust: a regular file of exactly
// kUserKeySize bytes, owned by this user and closed to everyone else (a key
// others can read lets them make blobs this user's processes would trust).
// Sets `missing` when there is no such file yet.
bool ReadKeyFile(const std::string& path, unsigned char* out, bool* missing, std::string* problem) {
  *missing = false;
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    *missing = errno == ENOENT;
    *problem = ErrnoText("cannot open the key file", path);
    return false;
  }
  struct stat st {};
  bool ok = false;
  if (fstat(fd, &st) != 0) {
    *problem = ErrnoText("cannot stat the key file", path);
  } else if (!S_ISREG(st.st_mode)) {
    *problem = "the key file " + path + " is not a regular file";
  } else if (st.st_uid != geteuid()) {
    *problem = "the key file " + path + " belongs to another user";
  } else if ((st.st_mode & 077) != 0) {
    *problem = "the key file " + path + " can be used by other users (chmod 600 it)";
  } else if (st.st_size != static_cast<off_t>(kUserKeySize)) {
    *problem = "the key file " + path + " holds " + std::to_string(st.st_size) + " bytes, not " +
               std::to_string(kUserKeySize);
  } else {
    size_t done = 0;
    while (done < kUserKeySize) {
      ssize_t n = read(fd, out + done, kUserKeySize - done);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) break;
      done += static_cast<size_t>(n);
    }
    ok = done == kUserKeySize;
    if (!ok) *problem = ErrnoText("cannot read the key file", path);
  }
  close(fd);
  return ok;
}

void LoadKey(UserKey* key) {
  std::string problem;
  key->path = KeyPath(&problem);
  if (!key->path.empty()) {
    bool missing = false;
    key->from_file = ReadKeyFile(key->path, key->bytes, &missing, &problem);
    if (!key->from_file && missing && CreateKeyFile(key->path, &problem)) {
      key->from_file = ReadKeyFile(key->path, key->bytes, &missing, &problem);
    }
  }
  if (key->from_file) {
    key->usable = true;
    return;
  }
  key->problem = problem;
  // A key of this process alone. Without random bytes there is no key that
  // protects anything: blobs are then neither made nor accepted.
  key->usable = RandomBytes(key->bytes, kUserKeySize);
  if (!key->usable) key->problem += "; no random bytes for a key either";
}

}  // namespace

const UserKey& TheUserKey() {
  static const UserKey* key = [] {
    auto* loaded = new UserKey();  // lives as long as the process
    LoadKey(loaded);
    return loaded;
  }();
  return *key;
}

}  // namespace jsvm
