// Heap snapshots: OH_JSVM_TakeHeapSnapshot, OH_JSVM_TakeRawHeapSnapshot.
//
// V8's heap profiler takes the snapshot and serialises it as a .heapsnapshot
// (the JSON that Chrome DevTools' Memory panel loads) into the user's stream in
// chunks; the snapshot is deleted after. The device's raw heap snapshot is
// a binary format of its own engine build: V8 11.3 has none, so the raw call
// writes the same standard JSON (README, "Profiles, heap snapshots and traces").
#include <v8-profiler.h>

#include "common/internal.h"
#include "profiler/output.h"
#include "profiler/profiler.h"

using jsvm::SetThreadError;

namespace jsvm {
namespace {

// V8's serializer writing into the user's stream; a refusal aborts it.
class SnapshotStream : public v8::OutputStream {
 public:
  explicit SnapshotStream(UserStream* out) : out_(out) {}
  int GetChunkSize() override { return static_cast<int>(ChunkedWriter::kChunkSize); }
  void EndOfStream() override { out_->End(); }  // V8 calls it only when nothing was aborted
  WriteResult WriteAsciiChunk(char* data, int size) override {
    return out_->Write(data, static_cast<size_t>(size)) ? kContinue : kAbort;
  }

 private:
  UserStream* out_;
};

// Takes, writes and deletes a snapshot of the VM's heap.
void WriteSnapshot(JSVM_VM vm, UserStream* out) {
  const bool took_lock = !v8::Locker::IsLocked(vm->isolate);
  IsolateEntry entry(vm->isolate);
  v8::HandleScope handle_scope(vm->isolate);
  const v8::HeapSnapshot* snapshot = vm->isolate->GetHeapProfiler()->TakeHeapSnapshot();
  if (snapshot == nullptr) return;
  StreamFrame frame(vm, took_lock);
  SnapshotStream stream(out);
  snapshot->Serialize(&stream, v8::HeapSnapshot::kJSON);
  // Delete() is V8's way to free it (the profiler keeps it otherwise).
  const_cast<v8::HeapSnapshot*>(snapshot)->Delete();
}

}  // namespace
}  // namespace jsvm

JSVM_Status OH_JSVM_TakeHeapSnapshot(JSVM_VM vm, JSVM_OutputStream stream, void* streamData) try {
  JSVM_ENTRY_VM(vm, stream);  // streamData is the caller's own: NULL is passed on
  if (const char* why = jsvm::WhyNoHeapWork(vm)) return SetThreadError(JSVM_GENERIC_FAILURE, why);
  jsvm::UserStream out(stream, streamData, "the output stream (OH_JSVM_TakeHeapSnapshot)");
  jsvm::WriteSnapshot(vm, &out);
  if (out.refused()) {
    return SetThreadError(JSVM_GENERIC_FAILURE, "the output stream returned false (or threw): the heap snapshot was cut short there");
  }
  return SetThreadError(JSVM_OK);
} JSVM_EXIT_THREAD

// The docs: NULL vm or stream is JSVM_INVALID_ARG and every other case
// JSVM_OK; a stream returning false ends the output and the snapshot.
JSVM_Status OH_JSVM_TakeRawHeapSnapshot(JSVM_VM vm, JSVM_OutputStream stream, void* streamData) try {
  JSVM_ENTRY_VM(vm, stream);
  // Not even a raw snapshot can be taken while V8 is inside a GC: refused
  // rather than crashing the process.
  if (const char* why = jsvm::WhyNoHeapWork(vm)) return SetThreadError(JSVM_GENERIC_FAILURE, why);
  jsvm::UserStream out(stream, streamData, "the output stream (OH_JSVM_TakeRawHeapSnapshot)");
  jsvm::WriteSnapshot(vm, &out);
  return SetThreadError(JSVM_OK);
} JSVM_EXIT_THREAD
