// OH_JSVM_PumpMessageLoop: the VM's foreground tasks, run on the caller's demand.
//
// V8 posts foreground tasks for a VM through its platform delegate
// (platform/platform.h): the end of an asynchronous WebAssembly compilation,
// FinalizationRegistry cleanups after a GC, Atomics.waitAsync timeouts and
// more. They queue on the VM's runner until the VM's outermost VM scope closes
// or the embedder pumps them here, one per call, as V8's own
// v8::platform::PumpMessageLoop does.
#include "common/internal.h"
#include "inspector/agent.h"
#include "platform/platform.h"

JSVM_Status OH_JSVM_PumpMessageLoop(JSVM_VM vm, bool* result) try {
  JSVM_ENTRY_VM(vm, result);
  // Nothing runs on a VM whose snapshot was taken (vm/vm.h, the state machine).
  if (vm->snapshot_taken) {
    return jsvm::SetThreadError(JSVM_GENERIC_FAILURE, "the VM's snapshot was taken: no task can run on it");
  }
  if (jsvm::InGCCallback(vm)) return jsvm::SetThreadError(JSVM_GENERIC_FAILURE, jsvm::kInGCCallback);
  jsvm::IsolateEntry entry(vm->isolate);
  v8::HandleScope handles(vm->isolate);
  jsvm::JsFrame frame(vm);  // a task may run JS (callbacks, promise reactions)
  // What a task's JS throws is V8's to report (its tasks catch their own); this
  // keeps anything left from reaching the caller's frame.
  v8::TryCatch try_catch(vm->isolate);
  *result = vm->delegate->runner().RunOneDueTask();
  // Debugger clients' messages too (inspector/agent.h).
  if (jsvm::inspector::DispatchPending(vm)) *result = true;
  return jsvm::SetThreadError(JSVM_OK);
} JSVM_EXIT_THREAD
