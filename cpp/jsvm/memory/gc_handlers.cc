// GC handlers (OH_JSVM_AddHandlerForGC / RemoveHandlerForGC) and the heap
// threshold callback (OH_JSVM_SetHeapThresholdCallback / Clear...).
//
// A VM hooks V8's GC prologue and epilogue once, on its first registration,
// with itself as the callbacks' data; the hooks call the VM's handlers whose
// trigger time and GC types match, in registration order, and check the used
// heap against the threshold before and after each GC. No JS can run in a GC callback: user
// code is called through CallIntoModuleNoJS. The hooks stay until the VM is
// destroyed (RemoveGCHandlers), so that a registration changed from inside a
// handler never changes V8's callback list while V8 walks it.
#include "memory/gc_handlers.h"

#include <algorithm>
#include <optional>

#include "common/internal.h"
#include "memory/gc_state.h"

using jsvm::SetThreadError;

namespace jsvm {
namespace {

static_assert(int{JSVM_GC_TYPE_SCAVENGE} == int{v8::kGCTypeScavenge} &&
                  int{JSVM_GC_TYPE_MINOR_MARK_COMPACT} == int{jsvm::kGCTypeMinorMark} &&
                  int{JSVM_GC_TYPE_MARK_SWEEP_COMPACT} == int{v8::kGCTypeMarkSweepCompact} &&
                  int{JSVM_GC_TYPE_INCREMENTAL_MARKING} == int{v8::kGCTypeIncrementalMarking} &&
                  int{JSVM_GC_TYPE_PROCESS_WEAK_CALLBACKS} == int{v8::kGCTypeProcessWeakCallbacks},
              "JSVM_GCType is V8's GCType, bit for bit");

// V8's flags are bits (1 << 1 .. 1 << 6); JSVM_GCCallbackFlags numbers the same
// flags 1 .. 6. A GC with several flags is reported by its lowest.
JSVM_GCCallbackFlags ToJsvmFlags(v8::GCCallbackFlags flags) {
  for (int bit = 1; bit <= JSVM_GC_CALLBACK_SCHEDULE_IDLE_GARBAGE_COLLECTION; ++bit) {
    if ((flags & (1 << bit)) != 0) return static_cast<JSVM_GCCallbackFlags>(bit);
  }
  return JSVM_NO_GC_CALLBACK_FLAGS;
}

void CallHandlers(JSVM_VM vm, JSVM_CBTriggerTimeForGC trigger, v8::GCType type, v8::GCCallbackFlags flags) {
  if (vm->gc_handlers.empty()) return;
  GCGate gate(vm);
  KeepLastErrors keep(vm);  // the handlers' refused calls are theirs, not the interrupted call's
  ++vm->gc_handler_depth;  // the list cannot change while it is walked
  const JSVM_GCCallbackFlags jsvm_flags = ToJsvmFlags(flags);
  for (const auto& record : vm->gc_handlers) {
    if (record->trigger != trigger || (record->types & type) == 0) continue;
    CallIntoModuleNoJS("the GC handler (OH_JSVM_AddHandlerForGC)", [&] {
      record->handler(vm, static_cast<JSVM_GCType>(type), jsvm_flags, record->data);
    });
  }
  --vm->gc_handler_depth;
}

// The threshold is checked around every GC, before it and after it, against
// the used heap (the docs): the callback runs at the first check of a GC that
// finds the heap at or over the threshold, so once per GC at most, and again
// at the next GC while the heap stays over it. The checks are skipped while it
// runs (the docs), so a GC it causes does not call it again.
void CheckHeapThreshold(JSVM_VM vm, v8::Isolate* isolate, bool before_gc) {
  if (!before_gc && vm->heap_threshold_called_in_gc) {
    vm->heap_threshold_called_in_gc = false;  // called before this GC already
    return;
  }
  vm->heap_threshold_called_in_gc = false;
  if (vm->heap_threshold_callback == nullptr || vm->in_heap_threshold_callback) return;
  v8::HeapStatistics stats;
  isolate->GetHeapStatistics(&stats);
  if (stats.used_heap_size() < vm->heap_threshold) return;
  vm->heap_threshold_called_in_gc = before_gc;
  JSVM_HandlerForHeapThreshold callback = vm->heap_threshold_callback;
  const uint64_t threshold = vm->heap_threshold;
  void* data = vm->heap_threshold_data;
  GCGate gate(vm);
  KeepLastErrors keep(vm);
  vm->in_heap_threshold_callback = true;
  CallIntoModuleNoJS("the heap threshold callback (OH_JSVM_SetHeapThresholdCallback)",
                     [&] { callback(vm, threshold, data); });
  vm->in_heap_threshold_callback = false;
}

void OnGCPrologue(v8::Isolate* isolate, v8::GCType type, v8::GCCallbackFlags flags, void* data) {
  JSVM_VM vm = static_cast<JSVM_VM>(data);
  CallHandlers(vm, JSVM_CB_TRIGGER_BEFORE_GC, type, flags);
  CheckHeapThreshold(vm, isolate, true);
}

void OnGCEpilogue(v8::Isolate* isolate, v8::GCType type, v8::GCCallbackFlags flags, void* data) {
  JSVM_VM vm = static_cast<JSVM_VM>(data);
  CallHandlers(vm, JSVM_CB_TRIGGER_AFTER_GC, type, flags);
  CheckHeapThreshold(vm, isolate, false);
}

// Registrations change the VM's state that GCs on the thread holding it read:
// the VM is locked (and entered) here for the call unless it already is.
class HoldVM {
 public:
  explicit HoldVM(JSVM_VM vm) {
    if (!IsEnteredHere(vm->isolate)) entry_.emplace(vm->isolate);
  }

 private:
  std::optional<IsolateEntry> entry_;
};

void Hook(JSVM_VM vm) {
  if (vm->gc_hooked) return;
  vm->isolate->AddGCPrologueCallback(OnGCPrologue, vm, v8::kGCTypeAll);
  vm->isolate->AddGCEpilogueCallback(OnGCEpilogue, vm, v8::kGCTypeAll);
  vm->gc_hooked = true;
}

JSVM_Status CheckTriggerTime(int triggerTime) {
  if (triggerTime == JSVM_CB_TRIGGER_BEFORE_GC || triggerTime == JSVM_CB_TRIGGER_AFTER_GC) return JSVM_OK;
  return SetThreadError(JSVM_INVALID_ARG,
                        "triggerTime is neither JSVM_CB_TRIGGER_BEFORE_GC nor JSVM_CB_TRIGGER_AFTER_GC");
}

JSVM_Status RefuseInsideGC(JSVM_VM vm) {
  if (vm->gc_handler_depth == 0 && !vm->in_heap_threshold_callback) return JSVM_OK;
  return SetThreadError(JSVM_GENERIC_FAILURE,
                        "GC handlers cannot be added or removed from a GC handler or heap threshold callback");
}

}  // namespace

void RemoveGCHandlers(JSVM_VM vm) {
  if (vm->gc_hooked) {
    vm->isolate->RemoveGCPrologueCallback(OnGCPrologue, vm);
    vm->isolate->RemoveGCEpilogueCallback(OnGCEpilogue, vm);
    vm->gc_hooked = false;
  }
  vm->gc_handlers.clear();
  vm->heap_threshold_callback = nullptr;
  vm->heap_threshold_data = nullptr;
}

}  // namespace jsvm

// Handlers are keyed by trigger time, handler and userData (the docs: handler
// and data; a prologue and an epilogue registration are separate, as Remove
// names the trigger time): the same key twice is refused, INVALID_ARG.
JSVM_Status OH_JSVM_AddHandlerForGC(JSVM_VM vm, JSVM_CBTriggerTimeForGC triggerTime, JSVM_HandlerForGC handler,
                                    JSVM_GCType gcType, void* userData) try {
  JSVM_ENTRY_VM(vm, handler);
  JSVM_RETURN_IF_NOT_OK(jsvm::CheckTriggerTime(jsvm::EnumArg(triggerTime)));
  const int gc_types = jsvm::EnumArg(gcType);
  if (gc_types == 0 || (gc_types & ~JSVM_GC_TYPE_ALL) != 0) {
    return SetThreadError(JSVM_INVALID_ARG, "gcType is not a combination of JSVM_GCType flags");
  }
  jsvm::HoldVM hold(vm);
  JSVM_RETURN_IF_NOT_OK(jsvm::RefuseInsideGC(vm));
  for (const auto& record : vm->gc_handlers) {
    if (record->trigger == triggerTime && record->handler == handler && record->data == userData) {
      return SetThreadError(JSVM_INVALID_ARG, "this handler is already registered with this userData and triggerTime");
    }
  }
  vm->gc_handlers.push_back(std::make_unique<jsvm::GCHandler>(jsvm::GCHandler{vm, triggerTime, handler, gcType, userData}));
  jsvm::Hook(vm);
  return SetThreadError(JSVM_OK);
} JSVM_EXIT_THREAD

JSVM_Status OH_JSVM_RemoveHandlerForGC(JSVM_VM vm, JSVM_CBTriggerTimeForGC triggerTime, JSVM_HandlerForGC handler,
                                       void* userData) try {
  JSVM_ENTRY_VM(vm, handler);
  JSVM_RETURN_IF_NOT_OK(jsvm::CheckTriggerTime(jsvm::EnumArg(triggerTime)));
  jsvm::HoldVM hold(vm);
  JSVM_RETURN_IF_NOT_OK(jsvm::RefuseInsideGC(vm));
  auto& handlers = vm->gc_handlers;
  auto found = std::find_if(handlers.begin(), handlers.end(), [&](const auto& record) {
    return record->trigger == triggerTime && record->handler == handler && record->data == userData;
  });
  if (found == handlers.end()) {
    return SetThreadError(JSVM_INVALID_ARG, "no such handler is registered with this userData and triggerTime");
  }
  handlers.erase(found);
  return SetThreadError(JSVM_OK);
} JSVM_EXIT_THREAD

// One callback per VM (the docs); setting another before clearing is refused.
// It is called on the thread running the VM, around a GC that finds the used
// heap at or over `threshold` bytes, which must be within the VM's heap size
// limit (the docs: 0 < threshold <= JSVM_HeapStatistics' heapSizeLimit).
JSVM_Status OH_JSVM_SetHeapThresholdCallback(JSVM_VM vm, uint64_t threshold, JSVM_HandlerForHeapThreshold callback,
                                             void* data) try {
  JSVM_ENTRY_VM(vm, callback);
  if (threshold == 0) return SetThreadError(JSVM_INVALID_ARG, "threshold is 0: every heap is over it");
  jsvm::HoldVM hold(vm);
  v8::HeapStatistics stats;
  vm->isolate->GetHeapStatistics(&stats);
  // The limit the VM was made with: after the heap-limit guard granted
  // headroom (vm/heap_limit.h), V8 reports a larger one for a while.
  const uint64_t limit = vm->initial_heap_limit != 0 ? vm->initial_heap_limit : stats.heap_size_limit();
  if (threshold > limit) {
    return SetThreadError(JSVM_INVALID_ARG, "threshold is over the VM's heap size limit (heapSizeLimit, " +
                                                std::to_string(limit) + " bytes): the heap never reaches it");
  }
  if (vm->heap_threshold_callback != nullptr) {
    return SetThreadError(JSVM_INVALID_ARG,
                          "a heap threshold callback is already set on this VM: clear it first "
                          "(OH_JSVM_ClearHeapThresholdCallback)");
  }
  vm->heap_threshold_callback = callback;
  vm->heap_threshold = threshold;
  vm->heap_threshold_data = data;
  jsvm::Hook(vm);
  return SetThreadError(JSVM_OK);
} JSVM_EXIT_THREAD

// The callback set is named by its threshold, callback and data (the docs): a
// mismatch, or none set, is INVALID_ARG. It may be cleared from inside itself.
JSVM_Status OH_JSVM_ClearHeapThresholdCallback(JSVM_VM vm, uint64_t threshold, JSVM_HandlerForHeapThreshold callback,
                                               void* data) try {
  JSVM_ENTRY_VM(vm, callback);
  jsvm::HoldVM hold(vm);
  if (vm->heap_threshold_callback == nullptr) {
    return SetThreadError(JSVM_INVALID_ARG, "no heap threshold callback is set on this VM");
  }
  if (vm->heap_threshold_callback != callback || vm->heap_threshold != threshold || vm->heap_threshold_data != data) {
    return SetThreadError(JSVM_INVALID_ARG,
                          "the heap threshold callback set on this VM has another threshold, callback or data");
  }
  vm->heap_threshold_callback = nullptr;
  vm->heap_threshold_data = nullptr;
  return SetThreadError(JSVM_OK);
} JSVM_EXIT_THREAD
