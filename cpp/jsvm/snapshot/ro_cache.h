// Keeping snapshots consistent with Node's shared read-only heap.
//
// Node 20 builds V8 with a read-only heap shared by every isolate of the
// process. A snapshot refers to read-only objects that are not roots (for
// example the one-character strings) by their index in a "read-only object
// cache". An isolate restored from our blob reuses the process's shared heap,
// whose cache order comes from Node's own snapshot, while V8's serializer
// numbers the cache in the order it meets objects. Unless the serializer starts
// from the shared cache's order, one-character strings come back as other
// characters (a global `f` restores as, say, `A`).
//
// V8 has a serializer mode for exactly this case
// (kReconstructReadOnlyAndSharedObjectCachesForTesting); the public
// SnapshotCreator API passes Snapshot::kDefaultSerializerFlags, which Node's
// binary keeps as a data symbol. ReadOnlyCacheMode turns that mode on for the
// duration of one CreateBlob call.
#ifndef JSVM_DESKTOP_RO_CACHE_H
#define JSVM_DESKTOP_RO_CACHE_H

#include <mutex>

namespace jsvm {

class ReadOnlyCacheMode {
 public:
  ReadOnlyCacheMode();
  ~ReadOnlyCacheMode();
  // False when this Node binary does not expose the flags (then blobs made
  // here would restore wrongly: callers refuse to create them).
  bool active() const { return active_; }

  ReadOnlyCacheMode(const ReadOnlyCacheMode&) = delete;
  ReadOnlyCacheMode& operator=(const ReadOnlyCacheMode&) = delete;

 private:
  std::unique_lock<std::mutex> lock_;
  int* flags_ = nullptr;
  int saved_ = 0;
  bool active_ = false;
};

}  // namespace jsvm

#endif
