// VM-level handlers: OH_JSVM_SetHandlerForOOMError, OH_JSVM_SetHandlerForFatalError,
// OH_JSVM_SetHandlerForPromiseReject.
//
// V8's callbacks for these carry no data pointer: each finds the VM from the
// isolate (its data slot, kVmDataSlot) and calls the handler the VM holds. Set
// again, a handler replaces the last one; NULL removes it (the docs), which
// for OOM and fatal errors gives V8's default back: a message on stderr and
// the process ends.
//
// OOM and fatal errors end the process whatever the handler does: V8 cannot
// go on after either (it aborts itself when the OOM handler returns; after a
// fatal error the isolate is dead, so we abort). The handler is the place to
// log or flush. A VM that reaches its JS heap limit is stopped by our guard
// instead (vm/heap_limit.h) and the process goes on; the handler is told of
// that too, once each time (TellHeapLimit). Which out-of-memory path a script
// meets: README, "Heap limit, OOM and fatal errors".
#include <cstdio>
#include <cstdlib>
#include <string>

#include "common/internal.h"
#include "vm/heap_limit.h"

namespace jsvm {
namespace {

// The VM of `isolate` if it is one of ours and alive (else NULL).
JSVM_VM VMOf(v8::Isolate* isolate) {
  if (isolate == nullptr) return nullptr;
  JSVM_VM vm = static_cast<JSVM_VM>(isolate->GetData(kVmDataSlot));
  return IsLiveVM(vm) ? vm : nullptr;
}

const char* OrEmpty(const char* text) { return text != nullptr ? text : ""; }

// V8 reports an OOM on the thread whose isolate ran out (its current one).
void OnOOMError(const char* location, const v8::OOMDetails& details) {
  JSVM_VM vm = VMOf(v8::Isolate::TryGetCurrent());
  if (vm != nullptr && vm->oom_handler != nullptr) {
    JSVM_HandlerForOOMError handler = vm->oom_handler;
    CallIntoModuleNoJS("the OOM-error handler (OH_JSVM_SetHandlerForOOMError)",
                       [&] { handler(OrEmpty(location), OrEmpty(details.detail), details.is_heap_oom); });
  }
  // Returning, V8 ends the process ("API fatal error handler returned after
  // process out of memory").
  std::fprintf(stderr, "\n#\n# JSVM: out of memory in %s: %s\n#\n", OrEmpty(location), OrEmpty(details.detail));
  std::fflush(stderr);
}

// V8 reports a fatal error (a failed API check) on the current isolate. It
// returns into code that cannot go on with a dead isolate: the process ends here.
void OnFatalError(const char* location, const char* message) {
  JSVM_VM vm = VMOf(v8::Isolate::TryGetCurrent());
  if (vm != nullptr && vm->fatal_handler != nullptr) {
    JSVM_HandlerForFatalError handler = vm->fatal_handler;
    CallIntoModuleNoJS("the fatal-error handler (OH_JSVM_SetHandlerForFatalError)",
                       [&] { handler(OrEmpty(location), OrEmpty(message)); });
  }
  std::fprintf(stderr, "\n#\n# JSVM: fatal error in %s\n# %s\n#\n", OrEmpty(location), OrEmpty(message));
  std::fflush(stderr);
  std::abort();
}

// The JSVM event for V8's: the header's values are V8's shifted by one
// (0 is JSVM_PROMISE_REJECT_OTHER_REASONS, for an event V8 may add later).
JSVM_PromiseRejectEvent ToJSVMEvent(v8::PromiseRejectEvent event) {
  switch (event) {
    case v8::kPromiseRejectWithNoHandler:
      return JSVM_PROMISE_REJECT_WITH_NO_HANDLER;
    case v8::kPromiseHandlerAddedAfterReject:
      return JSVM_PROMISE_ADD_HANDLER_AFTER_REJECTED;
    case v8::kPromiseRejectAfterResolved:
      return JSVM_PROMISE_REJECT_AFTER_RESOLVED;
    case v8::kPromiseResolveAfterResolved:
      return JSVM_PROMISE_RESOLVE_AFTER_RESOLVED;
  }
  return JSVM_PROMISE_REJECT_OTHER_REASONS;
}

// The handler gets the env the promise belongs to and an object
// { promise, value }: the promise and the value it was rejected (or resolved
// again) with; value is undefined for a handler added after the rejection.
void OnPromiseReject(v8::PromiseRejectMessage message) {
  v8::Local<v8::Promise> promise = message.GetPromise();
  v8::Isolate* isolate = promise->GetIsolate();
  JSVM_VM vm = VMOf(isolate);
  if (vm == nullptr || vm->promise_reject_handler == nullptr) return;
  JSVM_HandlerForPromiseReject handler = vm->promise_reject_handler;
  v8::HandleScope handles(isolate);
  // The env of the JS running (the reaction or script that rejected), else
  // that of the context the promise was made in.
  JSVM_Env env = isolate->InContext() ? CurrentCallbackEnv(isolate) : nullptr;
  if (env == nullptr || !IsLiveEnv(env)) {
    v8::Local<v8::Context> creation;
    if (promise->GetCreationContext().ToLocal(&creation)) env = EnvFromContext(creation);
  }
  if (env == nullptr || !IsLiveEnv(env) || env->vm != vm) return;  // not in an env of ours (or one going away)
  v8::Local<v8::Context> context = env->context();
  v8::Context::Scope context_scope(context);
  // Made in a TryCatch: V8 is in the middle of settling a promise.
  v8::TryCatch try_catch(isolate);
  v8::Local<v8::Object> info = v8::Object::New(isolate);
  v8::Local<v8::Value> value = message.GetValue();
  if (value.IsEmpty()) value = v8::Undefined(isolate);
  if (info->Set(context, v8::String::NewFromUtf8Literal(isolate, "promise"), promise).IsNothing() ||
      info->Set(context, v8::String::NewFromUtf8Literal(isolate, "value"), value).IsNothing()) {
    return;
  }
  JSVM_Value info_value = ToJSVM(info);
  JSVM_PromiseRejectEvent event = ToJSVMEvent(message.GetEvent());
  CppFailure failure;
  EnvInUse in_use(env);  // the handler may not destroy its env: we reset its exception after
  CallIntoModule(vm, &failure, [&] { handler(env, event, info_value); });
  if (failure.failed) LogCppFailure("the promise-reject handler (OH_JSVM_SetHandlerForPromiseReject)", failure);
  // No JS can receive what the handler's own calls threw: V8 is settling a
  // promise, not running a script of the caller's.
  env->last_exception.Reset();
}

}  // namespace

void TellHeapLimit(JSVM_VM vm) {
  if (!vm->heap_limit_untold) return;
  vm->heap_limit_untold = false;
  vm->entry_gate += kGateClosed;
  JSVM_HandlerForOOMError oom = vm->oom_handler;
  JSVM_HandlerForFatalError fatal = vm->fatal_handler;
  // Not from a finalizer DestroyVM runs: a handler jumping out would leave
  // the teardown half done.
  if ((oom == nullptr && fatal == nullptr) || vm->being_destroyed) return;
  // The texts live in this frame, not on the heap: a handler that longjmps
  // out skips their destructors.
  static const char kLocation[] = "jsvm-desktop: the VM's JS heap limit";
  char text[320];
  if (oom != nullptr) {
    std::snprintf(text, sizeof(text), "%s", HeapLimitReachedText(vm).c_str());
  } else {
    // V8 gives an OOM to the fatal-error handler when no OOM handler is set.
    std::snprintf(text, sizeof(text), "Allocation failed - JavaScript heap out of memory: %s",
                  HeapLimitReachedText(vm).c_str());
  }
  // Its own calls' refusals are its own, not the call's it came in.
  KeepLastErrors keep(vm);
  if (oom != nullptr) {
    CallIntoModuleNoJS("the OOM-error handler (OH_JSVM_SetHandlerForOOMError)", [&] { oom(kLocation, text, true); });
  } else {
    CallIntoModuleNoJS("the fatal-error handler (OH_JSVM_SetHandlerForFatalError)", [&] { fatal(kLocation, text); });
  }
}

}  // namespace jsvm

JSVM_Status OH_JSVM_SetHandlerForOOMError(JSVM_VM vm, JSVM_HandlerForOOMError handler) try {
  JSVM_ENTRY_VM(vm);  // handler may be NULL: V8's default again
  jsvm::IsolateEntry entry(vm->isolate);
  vm->oom_handler = handler;
  vm->isolate->SetOOMErrorHandler(handler != nullptr ? jsvm::OnOOMError : nullptr);
  return jsvm::SetThreadError(JSVM_OK);
} JSVM_EXIT_THREAD

JSVM_Status OH_JSVM_SetHandlerForFatalError(JSVM_VM vm, JSVM_HandlerForFatalError handler) try {
  JSVM_ENTRY_VM(vm);  // handler may be NULL: V8's default again
  jsvm::IsolateEntry entry(vm->isolate);
  vm->fatal_handler = handler;
  vm->isolate->SetFatalErrorHandler(handler != nullptr ? jsvm::OnFatalError : nullptr);
  return jsvm::SetThreadError(JSVM_OK);
} JSVM_EXIT_THREAD

JSVM_Status OH_JSVM_SetHandlerForPromiseReject(JSVM_VM vm, JSVM_HandlerForPromiseReject handler) try {
  JSVM_ENTRY_VM(vm);  // handler may be NULL: no more calls
  jsvm::IsolateEntry entry(vm->isolate);
  vm->promise_reject_handler = handler;
  vm->isolate->SetPromiseRejectCallback(handler != nullptr ? jsvm::OnPromiseReject : nullptr);
  return jsvm::SetThreadError(JSVM_OK);
} JSVM_EXIT_THREAD
