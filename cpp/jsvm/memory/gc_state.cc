// Whether V8 is collecting on the VM's thread (memory/gc_state.h).
//
// V8 11.3's public API cannot say whether a collection is under way. The VM
// counts them instead: its GC prologue hook, registered when the VM is made
// and so before any GC handler's, adds one; its epilogue hook takes it back.
// V8 calls the two in pairs around each collection (a nested collection
// started from a callback calls neither), on the thread running it, which
// holds the VM. Everything V8 disposes of in a collection (dead external
// strings, the backing stores of dead ArrayBuffers when their sweeping is
// finished on this thread) is disposed of in between.
//
// Not counted: kGCTypeProcessWeakCallbacks, V8's name for running second-pass
// weak callbacks from a task after a collection. Those callbacks run the
// env's finalizers (references/finalizers.cc), which may call into the env
// and run JS: V8 allows it there, and that is not a collection.
#include "memory/gc_state.h"

#include "common/entry.h"

namespace jsvm {
namespace {

bool Counted(v8::GCType type) { return type != v8::kGCTypeProcessWeakCallbacks; }

// Every hook call also ends the value checks' memo of the VM's own objects
// (vm/vm.h, KnownOwnObject): objects may move or die from here on, and what
// was found during the collection is not kept past its end.
void ForgetOwnObjects(JSVM_VM vm) { vm->gc_count.fetch_add(1, std::memory_order_relaxed); }

void OnCollectionStart(v8::Isolate*, v8::GCType type, v8::GCCallbackFlags, void* data) {
  JSVM_VM vm = static_cast<JSVM_VM>(data);
  ForgetOwnObjects(vm);
  if (Counted(type)) ++vm->gc_depth;
}

void OnCollectionEnd(v8::Isolate*, v8::GCType type, v8::GCCallbackFlags, void* data) {
  JSVM_VM vm = static_cast<JSVM_VM>(data);
  ForgetOwnObjects(vm);
  if (Counted(type) && vm->gc_depth > 0) --vm->gc_depth;
}

}  // namespace

void TrackCollections(JSVM_VM vm) {
  vm->isolate->AddGCPrologueCallback(OnCollectionStart, vm, v8::kGCTypeAll);
  vm->isolate->AddGCEpilogueCallback(OnCollectionEnd, vm, v8::kGCTypeAll);
}

GCFinalizerScope::GCFinalizerScope(JSVM_VM vm, v8::Isolate* isolate) {
  // V8 may release a backing store on a thread of its own (its concurrent
  // ArrayBuffer sweeper), while the thread holding the VM runs on: the VM is
  // not read there (its fields belong to that thread). The isolate is only
  // compared, or asked about its lock, which V8 answers for any thread.
  if (!IsEnteredHere(isolate) && !v8::Locker::IsLocked(isolate)) return;
  if (vm->gc_depth == 0) return;
  vm_ = vm;
  gate_.emplace(vm);
  keep_.emplace(vm);
  ++vm->gc_finalizer_depth;
}

GCFinalizerScope::~GCFinalizerScope() {
  if (vm_ != nullptr) --vm_->gc_finalizer_depth;
}

}  // namespace jsvm
