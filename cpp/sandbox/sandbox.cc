// libjsvm_sandbox.so: the app sandbox for unmodified device code.
//
// Device code opens /data/storage/<el>/... with plain C and C++ file APIs. Run
// with this library in LD_PRELOAD (our launcher and tests do it), every such path
// lands in a per-app directory laid out like the device's physical one:
//
//   /data/storage/<el>/base/...      -> <root>/app/<el>/100/base/<bundle>/...
//   /data/storage/<el>/database/...  -> <root>/app/<el>/100/database/<bundle>/...
//   /data/storage/el1/bundle/...     -> <root>/app/el1/bundle/public/<bundle>/...
//
// <root> is $JSVM_SANDBOX_ROOT (default ./.sandbox), <bundle> $JSVM_BUNDLE_NAME.
// Any other path under /data is refused with EACCES, so nothing is ever created
// under the host's /data; so are paths whose ".." leaves the sandbox and symlinks
// inside it that point out. Interposing libc covers libstdc++'s streams too
// (std::ofstream opens through fopen64).
#include <dirent.h>
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <mutex>
#include <string>
#include <vector>

namespace {

template <typename F>
F Real(const char* name) {
  return reinterpret_cast<F>(dlsym(RTLD_NEXT, name));
}

int RealMkdir(const char* path, mode_t mode) {
  static auto real = Real<int (*)(const char*, mode_t)>("mkdir");
  return real(path, mode);
}

char* RealRealpath(const char* path, char* resolved) {
  static auto real = Real<char* (*)(const char*, char*)>("realpath");
  return real(path, resolved);
}

const std::string& Root() {
  static const std::string root = [] {
    const char* env = getenv("JSVM_SANDBOX_ROOT");
    std::string value = env != nullptr && *env != '\0' ? env : ".sandbox";
    if (value[0] != '/') {
      char cwd[PATH_MAX];
      if (getcwd(cwd, sizeof(cwd)) != nullptr) value = std::string(cwd) + "/" + value;
    }
    while (value.size() > 1 && value.back() == '/') value.pop_back();
    return value;
  }();
  return root;
}

const std::string& Bundle() {
  static const std::string bundle = [] {
    const char* env = getenv("JSVM_BUNDLE_NAME");
    return std::string(env != nullptr && *env != '\0' ? env : "com.example.app");
  }();
  return bundle;
}

void MakeDirs(const std::string& path) {
  for (size_t i = 1; i <= path.size(); ++i) {
    if (i == path.size() || path[i] == '/') RealMkdir(path.substr(0, i).c_str(), 0755);
  }
}

// The device creates these in every app's base directory.
void PrepareBase(const std::string& base, bool is_base_area) {
  static std::mutex mutex;
  static std::vector<std::string> prepared;
  std::lock_guard<std::mutex> lock(mutex);
  for (const std::string& done : prepared) {
    if (done == base) return;
  }
  MakeDirs(base);
  if (is_base_area) {
    for (const char* sub : {"files", "cache", "temp", "preferences", "haps"}) MakeDirs(base + "/" + sub);
  }
  prepared.push_back(base);
}

bool Within(const std::string& path, const std::string& base) {
  return path == base || (path.size() > base.size() && path.compare(0, base.size(), base) == 0 &&
                          path[base.size()] == '/');
}

enum class Mapping { kUnchanged, kMapped, kRefused };

// Maps a path that names the app sandbox to the host; see the file comment.
Mapping MapPath(const char* path, std::string* out) {
  if (path == nullptr || path[0] != '/') return Mapping::kUnchanged;
  if (strncmp(path, "/data", 5) != 0 || (path[5] != '\0' && path[5] != '/')) return Mapping::kUnchanged;

  std::vector<std::string> parts;
  for (const char* p = path; *p != '\0';) {
    while (*p == '/') ++p;
    const char* end = p;
    while (*end != '\0' && *end != '/') ++end;
    std::string part(p, end);
    p = end;
    if (part.empty() || part == ".") continue;
    if (part == "..") {
      if (!parts.empty()) parts.pop_back();
      continue;
    }
    parts.push_back(part);
  }
  if (parts.size() < 4 || parts[0] != "data" || parts[1] != "storage") return Mapping::kRefused;
  const std::string& el = parts[2];
  if (el.size() != 3 || el.compare(0, 2, "el") != 0 || el[2] < '1' || el[2] > '5') return Mapping::kRefused;
  const std::string& area = parts[3];
  std::string base;
  if (area == "base" || area == "database") {
    base = Root() + "/app/" + el + "/100/" + area + "/" + Bundle();
  } else if (el == "el1" && area == "bundle") {
    base = Root() + "/app/el1/bundle/public/" + Bundle();
  } else {
    return Mapping::kRefused;
  }
  PrepareBase(base, area == "base");

  std::string host = base;
  for (size_t i = 4; i < parts.size(); ++i) host += "/" + parts[i];

  // A symlink inside the sandbox must not lead out of it.
  char resolved_base[PATH_MAX];
  if (RealRealpath(base.c_str(), resolved_base) == nullptr) return Mapping::kRefused;
  std::string probe = host;
  std::string rest;
  char resolved[PATH_MAX];
  while (RealRealpath(probe.c_str(), resolved) == nullptr) {
    if (errno != ENOENT && errno != ENOTDIR) return Mapping::kRefused;
    size_t slash = probe.rfind('/');
    if (slash == std::string::npos || slash == 0) return Mapping::kRefused;
    rest = probe.substr(slash) + rest;
    probe.resize(slash);
  }
  if (!Within(resolved, resolved_base)) return Mapping::kRefused;
  *out = host;
  return Mapping::kMapped;
}

// Resolves `path` for a call: the host path to use, or nullptr (errno EACCES).
class Resolved {
 public:
  explicit Resolved(const char* path) : original_(path) {
    Mapping mapping = MapPath(path, &mapped_);
    refused_ = mapping == Mapping::kRefused;
    use_mapped_ = mapping == Mapping::kMapped;
  }
  bool refused() const { return refused_; }
  const char* get() const { return use_mapped_ ? mapped_.c_str() : original_; }

 private:
  const char* original_;
  std::string mapped_;
  bool refused_ = false;
  bool use_mapped_ = false;
};

bool NeedsMode(int flags) {
#ifdef O_TMPFILE
  return (flags & O_CREAT) != 0 || (flags & O_TMPFILE) == O_TMPFILE;
#else
  return (flags & O_CREAT) != 0;
#endif
}

}  // namespace

#define REFUSE_IF(resolved, failure) \
  do {                               \
    if ((resolved).refused()) {      \
      errno = EACCES;                \
      return failure;                \
    }                                \
  } while (0)

extern "C" {

__attribute__((visibility("default"))) int jsvm_sandbox_map(const char* path, char* out, size_t size) {
  std::string mapped;
  Mapping mapping = MapPath(path, &mapped);
  if (mapping == Mapping::kRefused) return -1;
  if (mapping == Mapping::kUnchanged) mapped = path;
  if (mapped.size() + 1 > size) return -1;
  memcpy(out, mapped.c_str(), mapped.size() + 1);
  return 0;
}

// Each wrapper has its own C++ name and the libc symbol name as its assembler
// name, so it need not repeat glibc's exception specifications.
#define OPEN_LIKE(name)                                                   \
  int jsvm_##name(const char* path, int flags, ...) __asm__(#name);       \
  int jsvm_##name(const char* path, int flags, ...) {                     \
    static auto real = Real<int (*)(const char*, int, ...)>(#name);       \
    mode_t mode = 0;                                                      \
    if (NeedsMode(flags)) {                                               \
      va_list ap;                                                         \
      va_start(ap, flags);                                                \
      mode = static_cast<mode_t>(va_arg(ap, int));                        \
      va_end(ap);                                                         \
    }                                                                     \
    Resolved resolved(path);                                              \
    REFUSE_IF(resolved, -1);                                              \
    return real(resolved.get(), flags, mode);                             \
  }
OPEN_LIKE(open)
OPEN_LIKE(open64)

#define OPENAT_LIKE(name)                                                 \
  int jsvm_##name(int dirfd, const char* path, int flags, ...) __asm__(#name); \
  int jsvm_##name(int dirfd, const char* path, int flags, ...) {          \
    static auto real = Real<int (*)(int, const char*, int, ...)>(#name);  \
    mode_t mode = 0;                                                      \
    if (NeedsMode(flags)) {                                               \
      va_list ap;                                                         \
      va_start(ap, flags);                                                \
      mode = static_cast<mode_t>(va_arg(ap, int));                        \
      va_end(ap);                                                         \
    }                                                                     \
    Resolved resolved(path);                                              \
    REFUSE_IF(resolved, -1);                                              \
    return real(dirfd, resolved.get(), flags, mode);                      \
  }
OPENAT_LIKE(openat)
OPENAT_LIKE(openat64)

#define PATH_CALL(ret, name, failure, params, args_after)                 \
  ret jsvm_##name params __asm__(#name);                                  \
  ret jsvm_##name params {                                                \
    static auto real = Real<ret(*) params>(#name);                        \
    Resolved resolved(path);                                              \
    REFUSE_IF(resolved, failure);                                         \
    return real args_after;                                               \
  }

PATH_CALL(int, creat, -1, (const char* path, mode_t mode), (resolved.get(), mode))
PATH_CALL(int, creat64, -1, (const char* path, mode_t mode), (resolved.get(), mode))
PATH_CALL(FILE*, fopen, nullptr, (const char* path, const char* mode), (resolved.get(), mode))
PATH_CALL(FILE*, fopen64, nullptr, (const char* path, const char* mode), (resolved.get(), mode))
PATH_CALL(FILE*, freopen, nullptr, (const char* path, const char* mode, FILE* stream), (resolved.get(), mode, stream))
PATH_CALL(FILE*, freopen64, nullptr, (const char* path, const char* mode, FILE* stream),
          (resolved.get(), mode, stream))
PATH_CALL(int, stat, -1, (const char* path, struct stat* buf), (resolved.get(), buf))
PATH_CALL(int, stat64, -1, (const char* path, struct stat64* buf), (resolved.get(), buf))
PATH_CALL(int, lstat, -1, (const char* path, struct stat* buf), (resolved.get(), buf))
PATH_CALL(int, lstat64, -1, (const char* path, struct stat64* buf), (resolved.get(), buf))
PATH_CALL(int, fstatat, -1, (int dirfd, const char* path, struct stat* buf, int flags),
          (dirfd, resolved.get(), buf, flags))
PATH_CALL(int, fstatat64, -1, (int dirfd, const char* path, struct stat64* buf, int flags),
          (dirfd, resolved.get(), buf, flags))
PATH_CALL(int, statx, -1, (int dirfd, const char* path, int flags, unsigned int mask, struct statx* buf),
          (dirfd, resolved.get(), flags, mask, buf))
PATH_CALL(int, access, -1, (const char* path, int mode), (resolved.get(), mode))
PATH_CALL(int, faccessat, -1, (int dirfd, const char* path, int mode, int flags), (dirfd, resolved.get(), mode, flags))
PATH_CALL(int, mkdir, -1, (const char* path, mode_t mode), (resolved.get(), mode))
PATH_CALL(int, mkdirat, -1, (int dirfd, const char* path, mode_t mode), (dirfd, resolved.get(), mode))
PATH_CALL(int, rmdir, -1, (const char* path), (resolved.get()))
PATH_CALL(int, unlink, -1, (const char* path), (resolved.get()))
PATH_CALL(int, unlinkat, -1, (int dirfd, const char* path, int flags), (dirfd, resolved.get(), flags))
PATH_CALL(DIR*, opendir, nullptr, (const char* path), (resolved.get()))
PATH_CALL(int, truncate, -1, (const char* path, off_t length), (resolved.get(), length))
PATH_CALL(int, truncate64, -1, (const char* path, off64_t length), (resolved.get(), length))
PATH_CALL(int, chmod, -1, (const char* path, mode_t mode), (resolved.get(), mode))
PATH_CALL(ssize_t, readlink, -1, (const char* path, char* buf, size_t size), (resolved.get(), buf, size))
PATH_CALL(char*, realpath, nullptr, (const char* path, char* resolved_path), (resolved.get(), resolved_path))

int jsvm_rename(const char* from, const char* to) __asm__("rename");
int jsvm_rename(const char* from, const char* to) {
  static auto real = Real<int (*)(const char*, const char*)>("rename");
  Resolved a(from);
  Resolved b(to);
  if (a.refused() || b.refused()) {
    errno = EACCES;
    return -1;
  }
  return real(a.get(), b.get());
}

int jsvm_renameat(int fromfd, const char* from, int tofd, const char* to) __asm__("renameat");
int jsvm_renameat(int fromfd, const char* from, int tofd, const char* to) {
  static auto real = Real<int (*)(int, const char*, int, const char*)>("renameat");
  Resolved a(from);
  Resolved b(to);
  if (a.refused() || b.refused()) {
    errno = EACCES;
    return -1;
  }
  return real(fromfd, a.get(), tofd, b.get());
}

}  // extern "C"
