// VM lifecycle: OH_JSVM_CreateVM, OH_JSVM_DestroyVM and VM scopes.
#include <unistd.h>

#include <algorithm>
#include <mutex>
#include <unordered_set>
#include <vector>

#include "common/internal.h"
#include "inspector/agent.h"
#include "platform/platform.h"
#include "profiler/profiler.h"
#include "script/code_cache.h"
#include "snapshot/blob_format.h"
#include "memory/gc_handlers.h"
#include "memory/gc_state.h"
#include "vm/heap_limit.h"
#include "wasm/wasm.h"

using jsvm::SetThreadError;

namespace jsvm {

v8::Isolate* HostIsolateOf(v8::Isolate* current) {
  if (current == nullptr) return nullptr;
  // A JSVM isolate points at its VM from this slot; the arena check is safe
  // whatever another embedder keeps there.
  if (IsLiveVM(static_cast<JSVM_VM>(current->GetData(kVmDataSlot)))) return nullptr;
  return current;
}

namespace {

struct VMScope;
// The innermost VM scope open on this thread: VM scopes close innermost first.
thread_local VMScope* t_innermost_vm_scope = nullptr;

// What a VM scope holds: the isolate's lock (so a VM can move between threads,
// one at a time) and its entry on this thread.
struct VMScope {
  explicit VMScope(JSVM_VM vm_in)
      : vm(vm_in),
        entry(vm_in->isolate),
        outer_scope(t_innermost_vm_scope),
        callback_depth(vm_in->callback_depth),
        stream_depth(vm_in->stream_depth),
        scope_count(vm_in->scopes.size()) {
    t_innermost_vm_scope = this;
  }
  ~VMScope() { t_innermost_vm_scope = outer_scope; }
  JSVM_VM vm;
  IsolateEntry entry;
  VMScope* outer_scope;  // the VM scope this one is nested in
  // Calls into user code running when it was opened: one opened outside the
  // callback running now holds the lock and entry that callback runs under.
  int callback_depth;
  int stream_depth;  // output streams running when it was opened (jsvm::StreamFrame)
  // Env and handle scopes open when it was opened: the outermost CloseVMScope
  // closes only those opened after (inside) it, and DestroyVM closes those
  // before deleting it.
  size_t scope_count;
};

// User code of the VM (a native callback, handler or finalizer) is running on
// this thread: V8 and our own frames below it hold the isolate entered and
// an env's context, and go on using them when it returns.
constexpr char kUserCodeRunning[] =
    "user code of this VM is running (this call comes from inside a native callback, handler or finalizer): "
    "call it after that returns";

// The machine's physical memory in bytes (0 if unknown).
size_t PhysicalMemory() {
  const long pages = sysconf(_SC_PHYS_PAGES);
  const long page_size = sysconf(_SC_PAGE_SIZE);
  if (pages <= 0 || page_size <= 0) return 0;
  return static_cast<size_t>(pages) * static_cast<size_t>(page_size);
}

JSVM_Status CheckHeapOptions(const JSVM_CreateVMOptions& o) {
  if (o.maxOldGenerationSize != 0 && o.initialOldGenerationSize > o.maxOldGenerationSize) {
    return SetThreadError(JSVM_INVALID_ARG, "initialOldGenerationSize is larger than maxOldGenerationSize");
  }
  if (o.maxYoungGenerationSize != 0 && o.initialYoungGenerationSize > o.maxYoungGenerationSize) {
    return SetThreadError(JSVM_INVALID_ARG, "initialYoungGenerationSize is larger than maxYoungGenerationSize");
  }
  // V8 commits the initial young generation while it makes the isolate, and
  // aborts the process when it cannot ("Fatal javascript OOM in MemoryChunk
  // allocation failed during deserialization": 48 GB on a 23 GB host). It
  // takes the initial size only when a maximum is given too (else it keeps its
  // own small maximum), so only then is the size refused past half of the
  // machine's memory.
  const size_t memory = PhysicalMemory();
  if (o.maxYoungGenerationSize != 0 && memory != 0 && o.initialYoungGenerationSize > memory / 2) {
    return SetThreadError(JSVM_INVALID_ARG, "initialYoungGenerationSize is larger than half of this machine's memory (" +
                                                std::to_string(memory) + " bytes): V8 could not commit it");
  }
  return JSVM_OK;
}

// The smallest young generation V8 11.3 can be made with: three pages of
// 256 KB (two semi-spaces and the new large-object space). V8 derives the
// initial semi-space as a third of initialYoungGenerationSize rounded down to
// whole pages and does not raise it to its own minimum, so a smaller size
// gives a semi-space of 0 bytes and V8 crashes while the isolate is made
// (measured: 786,431 bytes crash, 786,432 run). Smaller non-zero sizes are
// raised to this one (the device accepts them); V8 raises the maximum
// semi-space to its minimum (1 MB on 64-bit) by itself.
constexpr size_t kMinYoungGenerationSize = 3 * 256 * 1024;

size_t YoungSize(size_t requested) {
  return requested != 0 && requested < kMinYoungGenerationSize ? kMinYoungGenerationSize : requested;
}

void ApplyHeapOptions(const JSVM_CreateVMOptions& o, v8::ResourceConstraints* constraints) {
  if (o.maxOldGenerationSize) constraints->set_max_old_generation_size_in_bytes(o.maxOldGenerationSize);
  if (o.maxYoungGenerationSize) {
    constraints->set_max_young_generation_size_in_bytes(YoungSize(o.maxYoungGenerationSize));
  }
  if (o.initialOldGenerationSize) {
    constraints->set_initial_old_generation_size_in_bytes(o.initialOldGenerationSize);
  }
  if (o.initialYoungGenerationSize) {
    constraints->set_initial_young_generation_size_in_bytes(YoungSize(o.initialYoungGenerationSize));
  }
}

// DestroyVM with scopes left open on this thread (as the device lets it):
// the env and handle scopes close, then the VM scopes, which must be the
// thread's innermost ones (an isolate entered after them could not be left).
// Those from index `scope_floor` and VM scopes past `vm_scope_floor` only, when
// given: the ones opened after this thread's lock (OH_JSVM_AcquireLock), which
// goes next, then the rest (entries are left in the reverse of their order).
JSVM_Status CloseLeftOpen(JSVM_VM vm, size_t scope_floor = 0, int vm_scope_floor = 0) {
  if (!v8::Locker::IsLocked(vm->isolate)) {
    return SetThreadError(JSVM_GENERIC_FAILURE, "the VM is in use on another thread: close its scopes there first");
  }
  int innermost = 0;
  for (VMScope* s = t_innermost_vm_scope; s != nullptr && s->vm == vm; s = s->outer_scope) ++innermost;
  if (innermost != vm->vm_scope_depth || (innermost > 0 && v8::Isolate::TryGetCurrent() != vm->isolate)) {
    return SetThreadError(JSVM_GENERIC_FAILURE,
                          "a VM scope of this VM is open under a scope of another VM (or Node-API call) on this "
                          "thread: close that first");
  }
  if (const char* why = WhyScopesCannotClose(vm, 0, true)) return SetThreadError(JSVM_HANDLE_SCOPE_MISMATCH, why);
  // In the reverse of their opening: each VM scope after the env and handle
  // scopes opened inside it, before those opened ahead of it (one of which may
  // have entered the VM itself: its entry is the outermost, left last, so the
  // thread's record of what it has entered ends as it was before).
  while (vm->vm_scope_depth > vm_scope_floor) {
    VMScope* scope = t_innermost_vm_scope;
    CloseScopesFrom(vm, std::max(scope_floor, std::min(scope->scope_count, vm->scopes.size())), nullptr);
    --vm->vm_scope_depth;
    delete scope;
  }
  CloseScopesFrom(vm, scope_floor, nullptr);
  // The env and handle scopes' records go with the VM: nothing to forget later.
  vm->scopes_closed_early.clear();
  return JSVM_OK;
}

}  // namespace

HandleArena<kVMSlotSize, kVMCapacity> g_vm_arena;

namespace {
// Every VM not destroyed yet, for DestroyLeftoverVMs.
std::mutex g_live_vms_mutex;
std::unordered_set<JSVM_VM>& LiveVMs() {
  static auto* vms = new std::unordered_set<JSVM_VM>();  // never destroyed: read at exit
  return *vms;
}
}  // namespace

// Node's environment cleanup hook (registered by OH_JSVM_Init): V8::Dispose,
// after it, tears down the wasm engine, which waits until every NativeModule
// is gone, and a VM's heap holds its modules while the VM lives. So the VMs
// left are destroyed here, as OH_JSVM_DestroyVM would (their envs' finalizers
// run). A VM another thread still holds cannot be, and stays.
void DestroyLeftoverVMs(void*) {
  std::vector<JSVM_VM> left;
  {
    std::lock_guard<std::mutex> lock(g_live_vms_mutex);
    left.assign(LiveVMs().begin(), LiveVMs().end());
  }
  for (JSVM_VM vm : left) {
    if (!IsLiveVM(vm) || vm->acquired_lock.load() != nullptr) continue;
    // Scopes open on another thread: that thread holds the isolate's lock.
    if (vm->vm_scope_depth > 0 && !v8::Locker::IsLocked(vm->isolate)) continue;
    OH_JSVM_DestroyVM(vm);
  }
}

}  // namespace jsvm

JSVM_VM__::JSVM_VM__() { jsvm::live_vms.fetch_add(1, std::memory_order_relaxed); }

JSVM_VM__::~JSVM_VM__() {
  jsvm::live_vms.fetch_sub(1, std::memory_order_relaxed);
  for (void* slot : free_scope_slots) ::operator delete(slot);
}

void* JSVM_VM__::operator new(size_t size) { return jsvm::g_vm_arena.Allocate(size); }
void JSVM_VM__::operator delete(void* p) { jsvm::g_vm_arena.Release(p); }

JSVM_Status OH_JSVM_CreateVM(const JSVM_CreateVMOptions* options, JSVM_VM* result) try {
  JSVM_ENTRY_PROCESS(result);  // options may be NULL
  if (!jsvm::IsInitialized()) return SetThreadError(JSVM_GENERIC_FAILURE, "call OH_JSVM_Init first");
  JSVM_CreateVMOptions opts{};
  if (options != nullptr) opts = *options;
  JSVM_RETURN_IF_NOT_OK(jsvm::CheckHeapOptions(opts));

  auto vm = std::make_unique<JSVM_VM__>();
  // V8 reads the payload while the isolate is made and its context data again
  // in every CreateEnvFromSnapshot: it reads the VM's own copy, made while the
  // payload's tags are checked, so that what V8 reads is what was
  // authenticated, whatever the caller does with its buffer meanwhile or after.
  // No blob data means no snapshot, whatever snapshotBlobSize says (as on the device).
  if (opts.snapshotBlobData != nullptr) {
    jsvm::BlobHeader header;
    std::string reason;
    if (!jsvm::CheckHeader(opts.snapshotBlobData, opts.snapshotBlobSize, &header, &reason)) {
      return SetThreadError(JSVM_INVALID_ARG, "invalid snapshot blob: " + reason);
    }
    vm->snapshot_payload = jsvm::AllocatePayload(header.payload_length);
    if (!vm->snapshot_payload) {
      return SetThreadError(JSVM_GENERIC_FAILURE, "out of memory for the VM's copy of the snapshot");
    }
    if (!jsvm::CheckPayload(opts.snapshotBlobData, header, vm->snapshot_payload.get(), &reason)) {
      return SetThreadError(JSVM_INVALID_ARG, "invalid snapshot blob: " + reason);
    }
    vm->startup_data = {vm->snapshot_payload.get(), static_cast<int>(header.payload_length)};
    vm->snapshot_context_count = header.context_count;
  }

  node::MultiIsolatePlatform* platform = jsvm::Platform();
  vm->delegate = std::make_unique<jsvm::PlatformDelegate>();
  vm->max_old_generation_size = opts.maxOldGenerationSize;
  const v8::StartupData* blob = vm->startup_data.data != nullptr ? &vm->startup_data : nullptr;

  v8::Isolate* isolate = v8::Isolate::Allocate();
  platform->RegisterIsolate(isolate, vm->delegate.get());
  vm->isolate = isolate;
  if (opts.isForSnapshotting) {
    // The creator initialises the isolate itself (V8 11.3 takes no heap
    // constraints here) and enters it; we leave it so VM scopes govern entry.
    vm->creator = std::make_unique<v8::SnapshotCreator>(isolate, jsvm::ExternalReferences(), blob);
    isolate->Exit();
  } else {
    vm->allocator.reset(v8::ArrayBuffer::Allocator::NewDefaultAllocator());
    v8::Isolate::CreateParams params;
    params.array_buffer_allocator = vm->allocator.get();
    params.external_references = jsvm::ExternalReferences();
    params.snapshot_blob = blob;
    jsvm::ApplyHeapOptions(opts, &params.constraints);
    v8::Isolate::Initialize(isolate, params);
  }
  isolate->SetData(jsvm::kVmDataSlot, vm.get());
  jsvm::TrackCollections(vm.get());
  jsvm::InstallWasmStreaming(vm.get());
  isolate->AddNearHeapLimitCallback(jsvm::OnNearHeapLimit, vm.get());
  isolate->AutomaticallyRestoreInitialHeapLimit(0.5);
  {
    std::lock_guard<std::mutex> lock(jsvm::g_live_vms_mutex);
    jsvm::LiveVMs().insert(vm.get());
  }
  *result = vm.release();
  return SetThreadError(JSVM_OK);
} JSVM_EXIT_THREAD

JSVM_Status OH_JSVM_DestroyVM(JSVM_VM vm) try {
  JSVM_ENTRY_VM(vm);
  v8::Isolate* isolate = vm->isolate;
  // Asked first: the VM cannot be locked here while another thread holds it.
  // This thread's own lock goes with the VM, as its leftover scopes do (below):
  // one taken in a callback, or through an env destroyed since, could not be
  // released any more (ReleaseLock needs a live env and the depths it began at).
  jsvm::AcquiredLock* own_lock = vm->acquired_lock.load();
  if (own_lock != nullptr && !v8::Locker::IsLocked(isolate)) {
    return SetThreadError(JSVM_GENERIC_FAILURE,
                          "a thread holds the VM's lock (OH_JSVM_AcquireLock): release it before destroying the VM");
  }
  // Asked before anything is closed: CloseLeftOpen would pull the VM scope
  // from under a finalizer run by DestroyEnv.
  if (jsvm::InGCCallback(vm)) return SetThreadError(JSVM_GENERIC_FAILURE, jsvm::kInGCCallback);
  if (vm->callback_depth > 0 || vm->being_destroyed) {
    return SetThreadError(JSVM_GENERIC_FAILURE, jsvm::kUserCodeRunning);
  }
  if (vm->stream_depth > 0) return SetThreadError(JSVM_GENERIC_FAILURE, jsvm::kStreamRunning);
  if (own_lock != nullptr) {
    // What was opened after the lock closes first, then the lock goes (its
    // entry restores what was entered before it), then what was opened before.
    const size_t scope_floor = std::min(own_lock->scope_count, vm->scopes.size());
    const int vm_scope_floor = std::min(own_lock->vm_scope_depth, vm->vm_scope_depth);
    if (vm->vm_scope_depth > vm_scope_floor || vm->scopes.size() > scope_floor) {
      JSVM_RETURN_IF_NOT_OK(jsvm::CloseLeftOpen(vm, scope_floor, vm_scope_floor));
    }
    // The record goes before the lock: a thread waiting in AcquireLock may get
    // the VM as the lock goes, and writes its own record then.
    vm->acquired_lock.store(nullptr);
    delete own_lock;
  }
  if (vm->vm_scope_depth > 0 || !vm->scopes.empty()) JSVM_RETURN_IF_NOT_OK(jsvm::CloseLeftOpen(vm));
  if (vm->vm_scope_depth > 0 || v8::Isolate::TryGetCurrent() == isolate) {
    return SetThreadError(JSVM_GENERIC_FAILURE, "close the VM's scopes before destroying it");
  }
  {
    jsvm::IsolateEntry entry(isolate);
    // No GC handler runs for the VM's own teardown.
    jsvm::RemoveGCHandlers(vm);
    // CPU profilers still running stop with it (their profiles are dropped).
    jsvm::ReleaseCpuProfilers(vm);
    // A finalizer run here may destroy another env of the VM (so each is
    // taken from the set afresh); it cannot make one (CreateEnv refuses).
    vm->being_destroyed = true;
    while (!vm->envs.empty()) jsvm::TearDownEnv(*vm->envs.begin());
    isolate->RemoveNearHeapLimitCallback(jsvm::OnNearHeapLimit, 0);
  }
  // Inspector dispatcher threads still waiting for the lock finish first.
  jsvm::inspector::ReapDispatchers(isolate);
  vm->delegate->runner().Clear();
  // V8's deserialisation tasks hold the isolate's handles: they go first.
  jsvm::DropDeserializeTasks(vm);
  // The wasm context's microtask queue must go before the isolate (V8's rule);
  // no task of the VM that could post to it is left.
  jsvm::DropWasmState(vm);
  jsvm::DropPrivateKeys(vm);
  node::MultiIsolatePlatform* platform = jsvm::Platform();
  if (vm->creator) {
    // The creator exits and disposes its isolate; it expects to find it entered.
    isolate->Enter();
    vm->creator.reset();
    platform->UnregisterIsolate(isolate);
  } else {
    jsvm::DisposeIsolate(platform, isolate);
  }
  {
    std::lock_guard<std::mutex> lock(jsvm::g_live_vms_mutex);
    jsvm::LiveVMs().erase(vm);
  }
  delete vm;
  return SetThreadError(JSVM_OK);
} JSVM_EXIT_THREAD

JSVM_Status OH_JSVM_OpenVMScope(JSVM_VM vm, JSVM_VMScope* result) try {
  JSVM_ENTRY_VM(vm, result);
  // Read by the thread holding the VM only (a stream runs there).
  if (v8::Locker::IsLocked(vm->isolate) && vm->stream_lock_depth > 0) {
    return SetThreadError(JSVM_GENERIC_FAILURE, jsvm::kStreamCallTookLock);
  }
  auto* scope = new jsvm::VMScope(vm);
  ++vm->vm_scope_depth;
  if (vm->inspector_host != nullptr) jsvm::inspector::AskOnEntry(vm);
  *result = reinterpret_cast<JSVM_VMScope>(scope);
  return SetThreadError(JSVM_OK);
} JSVM_EXIT_THREAD

JSVM_Status OH_JSVM_CloseVMScope(JSVM_VM vm, JSVM_VMScope scope) try {
  JSVM_ENTRY_VM(vm, scope);
  if (vm->vm_scope_depth == 0) return SetThreadError(JSVM_GENERIC_FAILURE, "no scope of this VM is open");
  // Compared before it is read: a made-up scope pointer is never followed.
  auto* innermost = jsvm::t_innermost_vm_scope;
  if (reinterpret_cast<JSVM_VMScope>(innermost) != scope || innermost->vm != vm) {
    return SetThreadError(JSVM_HANDLE_SCOPE_MISMATCH, "this is not the innermost VM scope open on this thread");
  }
  if (vm->callback_depth > innermost->callback_depth) {
    return SetThreadError(JSVM_HANDLE_SCOPE_MISMATCH,
                          "this VM scope was opened outside the native callback, handler or finalizer that is running: "
                          "close it after that returns");
  }
  if (vm->stream_depth > innermost->stream_depth) {
    return SetThreadError(JSVM_HANDLE_SCOPE_MISMATCH,
                          "this VM scope was opened outside the output stream (OH_JSVM_StopCpuProfiler, "
                          "OH_JSVM_TakeHeapSnapshot) that is running: close it after that call returns");
  }
  // A lock taken inside this VM scope nests in its v8::Locker: it goes first.
  jsvm::AcquiredLock* lock = vm->acquired_lock.load();
  if (lock != nullptr && lock->vm_scope_depth >= vm->vm_scope_depth) {
    return SetThreadError(JSVM_HANDLE_SCOPE_MISMATCH,
                          "the VM's lock was acquired inside this VM scope: call OH_JSVM_ReleaseLock first");
  }
  if (vm->vm_scope_depth == 1) {
    // Env and handle scopes still open inside it close with it (as the device
    // lets it); their own Close calls then return OK. Those opened before it
    // stay: under the lock, or one that entered the VM itself and holds the
    // thread's outermost lock of the VM, under this scope's.
    const size_t from = std::min(innermost->scope_count, vm->scopes.size());
    if (vm->scopes.size() > from) {
      if (const char* why = jsvm::WhyScopesCannotClose(vm, from)) return SetThreadError(JSVM_HANDLE_SCOPE_MISMATCH, why);
      jsvm::CloseScopesFrom(vm, from, nullptr);
    }
    // Leaving the VM: run the foreground tasks V8 posted meanwhile (none may
    // run on a VM whose snapshot was taken).
    if (!vm->snapshot_taken) {
      v8::HandleScope handle_scope(vm->isolate);
      vm->delegate->runner().RunDueTasks();
    }
  }
  --vm->vm_scope_depth;
  delete reinterpret_cast<jsvm::VMScope*>(scope);
  return SetThreadError(JSVM_OK);
} JSVM_EXIT_THREAD
