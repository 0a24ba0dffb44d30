#include "snapshot/ro_cache.h"

#include <dlfcn.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>

namespace jsvm {
namespace {

std::mutex g_mutex;

// V8 11.3: Snapshot::SerializerFlag::kReconstructReadOnlyAndSharedObjectCachesForTesting.
constexpr int kReconstructReadOnlyCache = 1 << 2;
constexpr const char* kFlagsSymbol = "_ZN2v88internal8Snapshot23kDefaultSerializerFlagsE";

bool SetWritable(void* address, bool writable) {
  long page = sysconf(_SC_PAGESIZE);
  uintptr_t start = reinterpret_cast<uintptr_t>(address) & ~(static_cast<uintptr_t>(page) - 1);
  int protection = PROT_READ | (writable ? PROT_WRITE : 0);
  return mprotect(reinterpret_cast<void*>(start), static_cast<size_t>(page), protection) == 0;
}

}  // namespace

ReadOnlyCacheMode::ReadOnlyCacheMode() : lock_(g_mutex) {
  flags_ = static_cast<int*>(dlsym(RTLD_DEFAULT, kFlagsSymbol));
  if (flags_ == nullptr || !SetWritable(flags_, true)) return;
  saved_ = *flags_;
  *flags_ = saved_ | kReconstructReadOnlyCache;
  active_ = true;
}

ReadOnlyCacheMode::~ReadOnlyCacheMode() {
  if (!active_) return;
  *flags_ = saved_;
  SetWritable(flags_, false);
}

}  // namespace jsvm
