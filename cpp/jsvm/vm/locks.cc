// Multi-thread locking: a thread takes a VM for itself (OH_JSVM_AcquireLock),
// opens its scopes and runs JS, closes them, and gives the VM back
// (OH_JSVM_ReleaseLock); another thread waiting in OH_JSVM_AcquireLock (or in
// OH_JSVM_OpenVMScope, which takes the same v8::Locker) then gets it.
//
// These calls are made from threads that do not hold the VM, while another
// thread uses the env: their outcomes go to the calling thread's record
// (OH_JSVM_GetLastErrorInfo(NULL, ...)), never to the env's, which belongs to
// the thread holding the VM.
#include "common/internal.h"
#include "platform/platform.h"

using jsvm::SetThreadError;

namespace jsvm {

// The entry waits for the thread holding the VM to let it go; what is open is
// read once the VM is ours.
AcquiredLock::AcquiredLock(JSVM_VM vm)
    : entry(vm->isolate),
      vm_scope_depth(vm->vm_scope_depth),
      scope_count(vm->scopes.size()),
      callback_depth(vm->callback_depth),
      stream_depth(vm->stream_depth) {}

}  // namespace jsvm

// Whether this thread holds the env's VM: by OH_JSVM_AcquireLock, a VM scope,
// or a scope or call that locked it itself (v8::Locker::IsLocked answers for
// the calling thread only). The docs' LockWrapper asks before acquiring.
JSVM_Status OH_JSVM_IsLocked(JSVM_Env env, bool* isLocked) try {
  if (!jsvm::IsLiveEnv(env)) return jsvm::ReportDeadEnv(env, true);  // to this thread, as every outcome here
  if (isLocked == nullptr) return SetThreadError(JSVM_INVALID_ARG, "isLocked is NULL");
  *isLocked = v8::Locker::IsLocked(env->isolate);
  return SetThreadError(JSVM_OK);
} JSVM_EXIT_THREAD

// Waits until no other thread holds the VM, then holds it (and has it entered)
// until OH_JSVM_ReleaseLock. Acquiring again on the thread that holds it is OK
// and changes nothing (the docs: nesting does not deadlock); the first
// ReleaseLock gives the VM back (the docs: release only at the outermost level).
JSVM_Status OH_JSVM_AcquireLock(JSVM_Env env) try {
  if (!jsvm::IsLiveEnv(env)) return jsvm::ReportDeadEnv(env, true);  // to this thread, as every outcome here
  JSVM_VM vm = env->vm;
  // From a finalizer DestroyVM runs: the lock would keep the isolate entered
  // while it is disposed (V8 aborts).
  if (vm->being_destroyed) {
    return SetThreadError(JSVM_GENERIC_FAILURE, "the VM is being destroyed (OH_JSVM_DestroyVM): it cannot be locked");
  }
  // Holding the VM, this thread may read the record: if there is one, it is its own.
  if (v8::Locker::IsLocked(env->isolate) && vm->acquired_lock.load() != nullptr) return SetThreadError(JSVM_OK);
  if (v8::Locker::IsLocked(env->isolate) && vm->stream_lock_depth > 0) {
    return SetThreadError(JSVM_GENERIC_FAILURE, jsvm::kStreamCallTookLock);
  }
  auto* lock = new jsvm::AcquiredLock(vm);
  vm->acquired_lock.store(lock);
  return SetThreadError(JSVM_OK);
} JSVM_EXIT_THREAD

// Gives the VM back. The scopes and calls begun since OH_JSVM_AcquireLock hold
// nested locks and entries of their own: they must have ended first (the docs'
// order: lock, VM scope, env scope, handle scope; released in reverse).
JSVM_Status OH_JSVM_ReleaseLock(JSVM_Env env) try {
  if (!jsvm::IsLiveEnv(env)) return jsvm::ReportDeadEnv(env, true);  // to this thread, as every outcome here
  JSVM_VM vm = env->vm;
  jsvm::AcquiredLock* lock = v8::Locker::IsLocked(env->isolate) ? vm->acquired_lock.load() : nullptr;
  if (lock == nullptr) {
    return SetThreadError(JSVM_GENERIC_FAILURE,
                          "this thread does not hold the VM's lock: call OH_JSVM_AcquireLock first");
  }
  // Taken before the output stream running now began: the call feeding it
  // holds an entry nested in the lock's.
  if (vm->stream_depth > lock->stream_depth) return SetThreadError(JSVM_GENERIC_FAILURE, jsvm::kStreamRunning);
  if (vm->vm_scope_depth != lock->vm_scope_depth || vm->scopes.size() != lock->scope_count ||
      vm->callback_depth != lock->callback_depth || jsvm_desktop_thread_isolates.entered != env->isolate) {
    return SetThreadError(JSVM_GENERIC_FAILURE,
                          "scopes opened after OH_JSVM_AcquireLock are still open: close them before releasing the "
                          "lock");
  }
  // Leaving the VM with no VM scope open (the docs let a thread use it with
  // handle scopes alone): run the foreground tasks V8 posted meanwhile, as the
  // outermost OH_JSVM_CloseVMScope does.
  if (vm->vm_scope_depth == 0 && !vm->snapshot_taken) {
    v8::HandleScope handle_scope(env->isolate);
    vm->delegate->runner().RunDueTasks();
  }
  vm->acquired_lock.store(nullptr);
  delete lock;
  return SetThreadError(JSVM_OK);
} JSVM_EXIT_THREAD
