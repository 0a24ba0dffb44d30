// Whether V8 is in the middle of a garbage collection on the thread holding a
// VM, and the gate that refuses env calls from user code run then
// (memory/gc_state.cc). GC handlers and the heap threshold callback
// (memory/gc_handlers.cc) run inside a collection by definition; finalizers
// that V8 itself calls (an external string's, an external ArrayBuffer's
// backing store's) may run inside one or not, and ask here.
#ifndef JSVM_DESKTOP_GC_STATE_H
#define JSVM_DESKTOP_GC_STATE_H

#include <v8.h>

#include <optional>

#include "common/status.h"
#include "vm/vm.h"

namespace jsvm {

// Closes the VM's entry gate while user code runs inside a GC: an env call
// that would make a handle or run JS (V8 allocates for both, and crashed or
// aborted: "Check failed: AllowJavascriptExecution::IsAllowed") is refused
// instead, with kInGCCallback (common/entry.cc). The caller also marks why
// (gc_handler_depth, in_heap_threshold_callback, gc_finalizer_depth), which
// InGCCallback reads.
class GCGate {
 public:
  explicit GCGate(JSVM_VM vm) : vm_(vm) { vm_->entry_gate -= kGateClosed; }
  ~GCGate() { vm_->entry_gate += kGateClosed; }
  GCGate(const GCGate&) = delete;
  GCGate& operator=(const GCGate&) = delete;

 private:
  JSVM_VM vm_;
};

// Hooks V8's GC prologue and epilogue to count the collections under way on
// the VM (vm->gc_depth). Called once, when the VM is made; the hooks stay
// until the isolate is disposed (a GC during OH_JSVM_DestroyVM's teardown,
// which finalizers can cause, is still seen).
void TrackCollections(JSVM_VM vm);

// Around a finalizer that V8 calls by itself, given the VM and isolate the
// value was made in (the env may be gone by then; the VM and its isolate
// outlive every such value: V8 releases them all when the isolate is
// disposed, before the VM is freed). When the finalizer runs inside a
// collection on the thread holding the VM, the entry gate is closed and the
// VM marked (gc_finalizer_depth) for its duration, and the last errors its
// refused calls record are undone when it returns, as for a GC handler; run
// anywhere else (outside a GC: OH_JSVM_DetachArraybuffer, the isolate's
// disposal; on a thread of V8's own) it changes nothing.
class GCFinalizerScope {
 public:
  GCFinalizerScope(JSVM_VM vm, v8::Isolate* isolate);
  ~GCFinalizerScope();
  GCFinalizerScope(const GCFinalizerScope&) = delete;
  GCFinalizerScope& operator=(const GCFinalizerScope&) = delete;

 private:
  JSVM_VM vm_ = nullptr;  // set when the gate was closed
  std::optional<GCGate> gate_;
  std::optional<KeepLastErrors> keep_;
};

}  // namespace jsvm

#endif  // JSVM_DESKTOP_GC_STATE_H
