// Closing several of a VM's env and handle scopes at once (vm/vm.h): the
// device lets an outer scope close before the scopes opened inside it, and
// DestroyEnv / CloseVMScope / CreateSnapshot with scopes still open.
#include "common/internal.h"

namespace jsvm {

const char* WhyScopesCannotClose(JSVM_VM vm, size_t from, bool vm_goes) {
  if (from < vm->callback_scope_base) {
    return vm->stream_depth > 0
               ? "this scope was opened outside the output stream (OH_JSVM_StopCpuProfiler, "
                 "OH_JSVM_TakeHeapSnapshot) that is running; it can close after that call returns"
               : "this scope was opened outside the native callback that is running; it can close after the "
                 "callback returns";
  }
  for (size_t i = from; i < vm->scopes.size(); ++i) {
    if (vm->scopes[i].holds_entry && v8::Isolate::TryGetCurrent() != vm->isolate) {
      return "a scope to close entered its VM itself, and another isolate was entered on this thread after it: "
             "close that one first";
    }
    // Opened with no VM scope or lock of the VM open on any thread (another
    // thread's would hold the VM's lock): the ones open now came after it.
    if (vm->scopes[i].holds_entry && !vm_goes) {
      if (vm->vm_scope_depth > 0) {
        return "a scope to close entered its VM itself (no VM scope was open), and a VM scope was opened after it: "
               "close that VM scope (OH_JSVM_CloseVMScope) first";
      }
      if (vm->acquired_lock.load() != nullptr) {
        return "a scope to close entered its VM itself (no VM scope was open), and the VM's lock was taken after "
               "it: release the lock (OH_JSVM_ReleaseLock) first";
      }
    }
  }
  return nullptr;
}

JSVM_Status CheckCanCloseScopesFrom(JSVM_Env env, size_t from) {
  const char* why = WhyScopesCannotClose(env->vm, from);
  if (why != nullptr) return SetLastError(env, JSVM_HANDLE_SCOPE_MISMATCH, why);
  return JSVM_OK;
}

void CloseScopesFrom(JSVM_VM vm, size_t from, const void* own) {
  while (vm->scopes.size() > from) {
    ScopeRecord record = vm->scopes.back();
    PopScope(vm);
    if (record.scope != own) vm->scopes_closed_early.insert(record.scope);
    record.destroy(vm, record.scope);
  }
}

}  // namespace jsvm
