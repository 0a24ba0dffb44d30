// The VM: one isolate, its platform registration and, for snapshotting VMs,
// the SnapshotCreator that owns it.
//
// State machine (what each call needs, what it leaves). Where the device lets
// a sequence through, so do we (README, "Scope tolerance").
//
//   OH_JSVM_Init            once per process, from a Node thread; enables CreateVM.
//   OH_JSVM_CreateVM        -> VM created, not entered anywhere.
//   OH_JSVM_OpenVMScope     locks the VM to this thread and enters its isolate
//                           (nestable; VM scopes of several VMs nest on one
//                           thread and close innermost first, else
//                           JSVM_HANDLE_SCOPE_MISMATCH).
//   OH_JSVM_CreateEnv / CreateEnvFromSnapshot / DestroyEnv
//                           need no scope (they lock and enter the VM themselves);
//                           DestroyEnv closes the env's own env scopes still
//                           open (and the scopes opened inside them).
//   OH_JSVM_OpenEnvScope / OpenHandleScope / OpenEscapableHandleScope
//                           an env scope opens a handle scope and enters the
//                           env's context. On a thread where the VM is not
//                           entered, the scope locks and enters it (as the
//                           device does) until it closes. An escapable scope
//                           opened with no scope around it gets an outer one.
//   env calls that make handles or run JS
//                           need a scope open (an env or handle scope, or a
//                           running native callback) and the VM entered on this
//                           thread: when another isolate was entered after it
//                           (a VM scope of another VM, a Node-API call's step
//                           into Node), the call makes the VM current for its
//                           duration. They enter the env's context if none is.
//   Env and handle scopes   closing one that is not the innermost closes the
//                           scopes opened inside it too, innermost first; their
//                           own Close calls then return OK. A scope that entered
//                           the VM itself closes only while the VM is current
//                           (JSVM_HANDLE_SCOPE_MISMATCH). A native callback's
//                           leftovers are closed when it returns.
//   OH_JSVM_CloseVMScope    the outermost closes the env and handle scopes
//                           still open inside it; runs V8's queued foreground
//                           tasks.
//   OH_JSVM_CreateSnapshot  snapshotting VMs only; no JS or callback running.
//                           Env and handle scopes still open are closed by it;
//                           their Close calls, the envs' DestroyEnv,
//                           CloseVMScope and DestroyVM then return OK; nothing
//                           else runs on the VM.
//   OH_JSVM_DestroyVM       closes what this thread still has open on the VM
//                           (scopes, then its VM scopes, when they are the
//                           thread's innermost); refuses while the VM is
//                           entered elsewhere; destroys the envs left (running
//                           their finalizers), then the isolate.
//
// Handles: JSVM_VM__ lives in an arena slot (common/handle_arena.h) and starts
// with a tag, so that a destroyed or made-up JSVM_VM is refused, not followed.
#ifndef JSVM_DESKTOP_VM_H
#define JSVM_DESKTOP_VM_H

#include <v8.h>

#include <atomic>
#include <memory>
#include <unordered_set>
#include <vector>

#include "ark_runtime/jsvm_types.h"
#include "common/handle_arena.h"
#include "snapshot/blob_format.h"
#include "vm/isolate_entry.h"

namespace jsvm {

class PlatformDelegate;
struct WasmRequest;  // wasm/wasm.cc
namespace inspector {
class Host;
}  // namespace inspector

// Isolate data slot that points back at the owning JSVM_VM.
constexpr uint32_t kVmDataSlot = 0;

// Scopes the user opened, innermost last (closing one closes those after it:
// scope/scope_stack.cc).
enum class ScopeKind { kHandle, kEscapable, kEnv };

struct ScopeRecord {
  void* scope;
  ScopeKind kind;
  // The scope entered the VM itself (it was opened on a thread where the VM
  // was not entered): it can close only while the VM is the current isolate.
  bool holds_entry;
  void (*destroy)(JSVM_VM vm, void* scope);
};

// Handle scopes live in fixed-size slots that a VM recycles (opening a scope is
// on every hot path; malloc is not).
constexpr size_t kScopeSlotSize = 96;

// What OH_JSVM_AcquireLock holds until OH_JSVM_ReleaseLock (vm/locks.cc): the
// VM's lock and its entry on the thread, so that the scopes and env calls that
// follow find the VM entered, as after OH_JSVM_OpenVMScope; and what was open
// then, which must be open again (no more) when the lock is given back: the
// lock and entry are nested among the scopes' own.
struct AcquiredLock {
  explicit AcquiredLock(JSVM_VM vm);
  IsolateEntry entry;
  int vm_scope_depth;
  size_t scope_count;
  int callback_depth;
  int stream_depth;  // vm->stream_depth when it was taken
};

// A handler registered by OH_JSVM_AddHandlerForGC (memory/gc_handlers.cc); it
// is V8's callback data for its GC prologue or epilogue callback.
struct GCHandler {
  JSVM_VM vm;
  JSVM_CBTriggerTimeForGC trigger;
  JSVM_HandlerForGC handler;
  JSVM_GCType types;
  void* data;
};

constexpr size_t kVMSlotSize = 1024;
constexpr size_t kVMCapacity = 4096;
extern HandleArena<kVMSlotSize, kVMCapacity> g_vm_arena __attribute__((visibility("hidden")));

}  // namespace jsvm

struct JSVM_VM__ {
  uint32_t tag = jsvm::kVMTag;  // first: read by IsLiveVM
  v8::Isolate* isolate = nullptr;
  std::unique_ptr<v8::ArrayBuffer::Allocator> allocator;
  std::unique_ptr<jsvm::PlatformDelegate> delegate;

  // Snapshotting VMs run on a creator; restored VMs keep the V8 payload alive.
  std::unique_ptr<v8::SnapshotCreator> creator;
  bool snapshot_taken = false;
  // Env and handle scopes closed before their own Close call (by the close of a
  // scope they were opened in, DestroyEnv, CloseVMScope, CreateSnapshot): that
  // call then returns OK, once.
  std::unordered_set<void*> scopes_closed_early;
  jsvm::PayloadCopy snapshot_payload;
  v8::StartupData startup_data{nullptr, 0};
  uint32_t snapshot_context_count = 0;

  // Native callback structs used by functions of a snapshotting VM: each must be
  // an external reference for V8 to serialise it.
  std::unordered_set<const void*> native_callbacks;
  // The classes (functions/classes.cc) of the VM's live envs: a property
  // handler of an instance whose class's env was destroyed finds its record
  // gone from here and intercepts nothing.
  std::unordered_set<const void*> class_records;

  std::unordered_set<JSVM_Env> envs;
  // Addresses of scripts that were retained (OH_JSVM_RetainScript) and then
  // released, by OH_JSVM_ReleaseScript or with the env that retained them:
  // their slots may be freed, so these are refused, never read, and no new
  // script is handed out at one of them (script/script.cc).
  std::unordered_set<JSVM_Script> released_scripts;
  // The private keys made in the VM (OH_JSVM_CreatePrivate), each a weak
  // handle that leaves when its key dies: while several VMs exist, a key not
  // among them is another VM's and is refused (objects/builtins.cc). V8 tells
  // no symbol's heap through its API, so the VM keeps its own list.
  std::unordered_set<void*> private_keys;
  std::vector<jsvm::ScopeRecord> scopes;
  std::vector<void*> free_scope_slots;  // kScopeSlotSize bytes each
  int vm_scope_depth = 0;
  int env_scope_depth = 0;  // env scopes open (each has its context entered)
  int callback_depth = 0;   // calls into user code running on this VM (jsvm::CallbackScope)
  // Output streams of the developer tools running on this VM: the stream of
  // OH_JSVM_StopCpuProfiler or OH_JSVM_TakeHeapSnapshot runs inside the call's
  // own isolate entry and V8 handle scope (jsvm::StreamFrame).
  int stream_depth = 0;
  // Of those, the ones whose call locked the VM itself (none of its VM scopes
  // or locks was open on this thread): a VM scope or lock opened from the
  // stream would outlive that lock, which goes as the call returns.
  int stream_lock_depth = 0;
  // Scopes open when the innermost running call into user code began: it may
  // not close them (V8's own frame lies between).
  size_t callback_scope_base = 0;
  // The entry gate, read by every env call that makes handles (one load):
  // env and handle scopes open + calls into user code running, minus
  // jsvm::kGateClosed while the VM is over its heap limit, and again until
  // that is told to the user's handler. Open means > 0. Changed only through
  // jsvm::PushScope / PopScope, CallbackScope, SetHeapLimitReached,
  // TellHeapLimit and the GC gate (memory/gc_state.h).
  int entry_gate = 0;
  JSVM_Env callback_env = nullptr;  // the env the last native callback ran in (a cache)
  // Most VMs hold a single env all their life; every function then belongs to it.
  uint64_t envs_created = 0;
  JSVM_Env first_env = nullptr;  // while it lives
  int js_depth = 0;              // RunScript/CallFunction frames running on this VM
  // OH_JSVM_DestroyVM is tearing the envs down (their finalizers run): no env
  // can be made, and DestroyVM is not entered again.
  bool being_destroyed = false;

  // Heap limit (maxOldGenerationSize): when V8 nears it, running JS is
  // terminated and env calls are refused until a GC brings the heap back under
  // it (vm/heap_limit.cc). The limit is raised by at most kHeapHeadroom per
  // near-limit event, and only while a call already running finishes.
  size_t max_old_generation_size = 0;
  size_t initial_heap_limit = 0;  // V8's limit when the VM was made
  bool heap_limit_reached = false;
  // Reached and not yet told to the user's OOM (or fatal-error) handler: the
  // entry gate stays closed for it, and the next env call tells it before it
  // goes on (vm/handlers.cc, TellHeapLimit).
  bool heap_limit_untold = false;

  // The user's handlers (vm/handlers.cc). V8's callbacks carry no data: they
  // find the VM from the isolate's data slot and call these. NULL: V8's default
  // (OOM, fatal error) or no call (promise reject).
  JSVM_HandlerForOOMError oom_handler = nullptr;
  JSVM_HandlerForFatalError fatal_handler = nullptr;
  JSVM_HandlerForPromiseReject promise_reject_handler = nullptr;
  // The lock a thread took with OH_JSVM_AcquireLock (vm/locks.cc), NULL when
  // none did. Written by the thread holding the VM; read by others only to
  // refuse (DestroyVM), hence atomic.
  std::atomic<jsvm::AcquiredLock*> acquired_lock{nullptr};

  // OH_JSVM_AddHandlerForGC's handlers, in registration order
  // (memory/gc_handlers.cc), and GC handlers running (the list cannot change
  // under V8's iteration).
  std::vector<std::unique_ptr<jsvm::GCHandler>> gc_handlers;
  int gc_handler_depth = 0;
  bool gc_hooked = false;  // the VM's GC prologue and epilogue callbacks are registered with V8
  // The value checks' memo (env/value_checks.cc): the two objects last found
  // to be this VM's, good until its next GC, which gc_count counts (the GC
  // hooks of memory/gc_state.cc). Written by the thread holding the VM,
  // read by any thread: relaxed atomics.
  std::atomic<uint32_t> gc_count{0};
  std::atomic<uint32_t> own_objects_gc{~0u};
  std::atomic<uintptr_t> own_objects[2] = {0, 0};
  // OH_JSVM_SetHeapThresholdCallback: one per VM, checked before and after
  // each GC; it runs once per GC at most (heap_threshold_called_in_gc: called
  // at this GC's prologue, so not again at its epilogue).
  JSVM_HandlerForHeapThreshold heap_threshold_callback = nullptr;
  uint64_t heap_threshold = 0;
  void* heap_threshold_data = nullptr;
  bool heap_threshold_called_in_gc = false;
  bool in_heap_threshold_callback = false;
  // Collections under way on the thread holding the VM (V8's GC prologue
  // seen, its epilogue not yet), and finalizers V8 runs inside one (an
  // external string's or ArrayBuffer's) running now (memory/gc_state.h).
  int gc_depth = 0;
  int gc_finalizer_depth = 0;

  // OH_JSVM_CompileWasmModule's caches go through V8's streaming compiler
  // (wasm/wasm.cc): a context of our own, whose microtask queue runs only our
  // streaming job (never the user's microtasks), made on first use; and the
  // request the isolate's streaming callback serves (NULL between compiles).
  // Snapshotting VMs keep no context (V8 serialises no heap with global
  // handles): they make one per compile.
  std::unique_ptr<v8::MicrotaskQueue> wasm_microtasks;
  v8::Global<v8::Context> wasm_context;
  jsvm::WasmRequest* wasm_request = nullptr;
  // The VM's V8 inspector, while an env of it has an inspector open
  // (inspector/agent.h). Changed only with the VM's lock held.
  jsvm::inspector::Host* inspector_host = nullptr;

  JSVM_VM__();   // vm/vm.cc
  JSVM_VM__(const JSVM_VM__&) = delete;
  JSVM_VM__& operator=(const JSVM_VM__&) = delete;
  ~JSVM_VM__();  // vm/vm.cc

  static void* operator new(size_t size);
  static void operator delete(void* p);
};

namespace jsvm {

constexpr int kGateClosed = 1 << 28;

inline void PushScope(JSVM_VM vm, const ScopeRecord& record) {
  vm->scopes.push_back(record);
  ++vm->entry_gate;
}
// The record is filled in place (building it on the stack and copying it in
// stalls on the 16-byte reload).
inline ScopeRecord& EmplaceScope(JSVM_VM vm) {
  ScopeRecord& record = vm->scopes.emplace_back();
  ++vm->entry_gate;
  return record;
}
inline void PopScope(JSVM_VM vm) {
  vm->scopes.pop_back();
  --vm->entry_gate;
}
// Whether `scope` was closed early (once: it is forgotten).
inline bool ForgetScopeClosedEarly(JSVM_VM vm, void* scope) {
  return !vm->scopes_closed_early.empty() && vm->scopes_closed_early.erase(scope) != 0;
}
// A scope is being opened at `scope`'s address: a scope closed early that had
// it is forgotten (its Close call would otherwise close the new one).
inline void ForgetAddressReused(JSVM_VM vm, void* scope) {
  if (!vm->scopes_closed_early.empty()) vm->scopes_closed_early.erase(scope);
}
// The index of `scope` among the VM's open scopes, or -1.
inline long FindScope(JSVM_VM vm, const void* scope) {
  for (size_t i = vm->scopes.size(); i-- > 0;) {
    if (vm->scopes[i].scope == scope) return static_cast<long>(i);
  }
  return -1;
}
// Why the scopes from index `from` up cannot be closed now (NULL: they can):
// none may have been opened outside the native callback running, and those
// that entered the VM themselves need it to be the thread's current isolate
// (scope/scope_stack.cc); nor, unless `vm_goes` (DestroyVM: it closes the VM
// scopes and lock too, each after what was opened inside it, and the VM is
// gone after), may such a scope close while a VM scope or the lock taken after
// it is still open: its v8::Locker is the thread's outermost, and they would be
// left without the VM's lock.
const char* WhyScopesCannotClose(JSVM_VM vm, size_t from, bool vm_goes = false);
// Closes the scopes from index `from` up, innermost first; each but `own`
// (the scope whose Close call this is, if any) is remembered as closed early.
void CloseScopesFrom(JSVM_VM vm, size_t from, const void* own);

// A GC handler, the heap threshold callback (memory/gc_handlers.cc) or a
// finalizer V8 calls in the middle of a collection (memory/gc_state.h) is
// running: V8 is collecting and aborts or crashes on any allocation, so env
// calls that make handles are refused (the entry gate is closed meanwhile)
// and so are envs made, destroyed, and the VM destroyed.
inline bool InGCCallback(JSVM_VM vm) {
  return vm->gc_handler_depth > 0 || vm->in_heap_threshold_callback || vm->gc_finalizer_depth > 0;
}
constexpr char kInGCCallback[] =
    "V8 is in the middle of a garbage collection (this is a GC handler, heap threshold callback or a finalizer V8 "
    "runs during the collection): no object can be made, no JS run and no env or VM made or destroyed until it ends";

// How many VMs exist in the process. While there are several, a JSVM_Value
// given to a call may be another VM's: a V8 handle of one heap written into
// another corrupts both, found only at a later GC. So env calls then check
// that the objects they are given belong to their VM (env/value_checks.cc).
// One VM (the usual case): one relaxed load per call with values.
inline std::atomic<int> live_vms{0};
inline bool SeveralVMs() { return live_vms.load(std::memory_order_relaxed) > 1; }

// Whether the object at `bits` (a tagged pointer) was found to be the VM's
// since its last GC. Between two GCs an object neither moves nor dies, and a
// heap page holding a live object is not given back, so no other VM's object
// can be at that address meanwhile. (The premise fails for a value from a
// closed handle scope, with JSVM_SCOPE_CHECK off: its slot may name an object
// that died in the last GC, on a page about to be given back. A use after
// scope is the caller's error; the memo then only misses a refusal.)
inline bool KnownOwnObject(JSVM_VM vm, uintptr_t bits) {
  constexpr auto relaxed = std::memory_order_relaxed;
  return (bits == vm->own_objects[0].load(relaxed) || bits == vm->own_objects[1].load(relaxed)) && bits != 0 &&
         vm->own_objects_gc.load(relaxed) == vm->gc_count.load(relaxed);
}

inline void SetHeapLimitReached(JSVM_VM vm, bool reached) {
  if (vm->heap_limit_reached == reached) return;
  vm->heap_limit_reached = reached;
  vm->entry_gate += reached ? -kGateClosed : kGateClosed;
  if (reached && !vm->heap_limit_untold) {
    vm->heap_limit_untold = true;
    vm->entry_gate -= kGateClosed;
  }
}

static_assert(sizeof(JSVM_VM__) <= kVMSlotSize, "a VM must fit in its arena slot");

// A VM handle that names a live VM: inside the arena, at a slot, tagged.
JSVM_ASSERT_TAG_FIRST(JSVM_VM__)
inline bool IsLiveVM(JSVM_VM vm) { return g_vm_arena.HoldsLive(vm, kVMTag); }

}  // namespace jsvm

#endif  // JSVM_DESKTOP_VM_H
