// Promises: deferreds settled from native code, handlers, microtasks.
#include "common/internal.h"

using jsvm::SetLastError;
using jsvm::ToJSVM;
using jsvm::ToV8;

JSVM_Status OH_JSVM_CreatePromise(JSVM_Env env, JSVM_Deferred* deferred, JSVM_Value* promise) try {
  JSVM_ENTRY_JS(env, deferred, promise);
  v8::Local<v8::Promise::Resolver> resolver;
  if (!v8::Promise::Resolver::New(env->context()).ToLocal(&resolver)) return SetLastError(env, JSVM_PENDING_EXCEPTION);
  *deferred = new JSVM_Deferred__{v8::Global<v8::Promise::Resolver>(env->isolate, resolver)};
  env->deferreds.insert(*deferred);
  *promise = ToJSVM(resolver->GetPromise());
  return JSVM_OK;
} JSVM_EXIT(env)

namespace jsvm {
namespace {

// The env of `env`'s VM whose unsettled deferred this is (`env` itself
// first), or nullptr: settled ones are freed, and another VM's is of another
// heap. Like a reference, a deferred may be settled from any env of its VM.
JSVM_Env DeferredOwner(JSVM_Env env, JSVM_Deferred deferred) {
  return EnvOfVMHolding(env, [deferred](JSVM_Env owner) { return owner->deferreds.count(deferred) != 0; });
}

// Settles and frees the deferred (on success: it cannot be used again).
JSVM_Status Settle(JSVM_Env env, JSVM_Deferred deferred, JSVM_Value value, bool resolve,
    const char* jsvm_api_name_ = __builtin_FUNCTION()) {
  JSVM_ENTRY_JS(env, deferred, value);
  JSVM_Env owner = DeferredOwner(env, deferred);
  JSVM_RETURN_STATUS_IF_FALSE_MSG(env, owner != nullptr, JSVM_INVALID_ARG,
                                  "not an unsettled deferred of this VM (settled already, or made in another VM)");
  JsFrame frame(env->vm);  // handlers may run as microtasks
  v8::Local<v8::Promise::Resolver> resolver = deferred->resolver.Get(env->isolate);
  owner->deferreds.erase(deferred);
  v8::Maybe<bool> done = resolve ? resolver->Resolve(env->context(), ToV8(value))
                                 : resolver->Reject(env->context(), ToV8(value));
  delete deferred;
  if (done.IsNothing()) return ReportRunFailure(env, try_catch);
  return JSVM_OK;
}

}  // namespace
}  // namespace jsvm

JSVM_Status OH_JSVM_ResolveDeferred(JSVM_Env env, JSVM_Deferred deferred, JSVM_Value resolution) try {
  return jsvm::Settle(env, deferred, resolution, true);
} JSVM_EXIT(env)

JSVM_Status OH_JSVM_RejectDeferred(JSVM_Env env, JSVM_Deferred deferred, JSVM_Value rejection) try {
  return jsvm::Settle(env, deferred, rejection, false);
} JSVM_EXIT(env)

// promise.then(onFulfilled, onRejected); *result (optional) is the new promise.
JSVM_Status OH_JSVM_PromiseRegisterHandler(JSVM_Env env, JSVM_Value promise, JSVM_Value onFulfilled,
                                           JSVM_Value onRejected, JSVM_Value* result) try {
  JSVM_ENTRY_JS(env, promise);
  JSVM_RETURN_STATUS_IF_FALSE_MSG(env, onFulfilled != nullptr || onRejected != nullptr, JSVM_INVALID_ARG,
                                  "give onFulfilled, onRejected or both");
  JSVM_CHECK_VALUE(env, onFulfilled);
  JSVM_CHECK_VALUE(env, onRejected);
  JSVM_OPTIONAL_RESULT_MADE(env, result);
  v8::Local<v8::Value> p = ToV8(promise);
  JSVM_RETURN_STATUS_IF_FALSE_MSG(env, p->IsPromise(), JSVM_INVALID_TYPE, "the value is not a Promise");
  v8::Local<v8::Context> context = env->context();
  v8::Local<v8::Function> fulfilled;
  v8::Local<v8::Function> rejected;
  if (onFulfilled != nullptr) {
    JSVM_RETURN_STATUS_IF_FALSE_MSG(env, ToV8(onFulfilled)->IsFunction(), JSVM_INVALID_TYPE,
                                    "onFulfilled is not a function");
    fulfilled = ToV8(onFulfilled).As<v8::Function>();
  }
  if (onRejected != nullptr) {
    JSVM_RETURN_STATUS_IF_FALSE_MSG(env, ToV8(onRejected)->IsFunction(), JSVM_INVALID_TYPE,
                                    "onRejected is not a function");
    rejected = ToV8(onRejected).As<v8::Function>();
  }
  v8::Local<v8::Promise> chained;
  v8::MaybeLocal<v8::Promise> maybe;
  if (fulfilled.IsEmpty()) {
    maybe = p.As<v8::Promise>()->Catch(context, rejected);
  } else if (rejected.IsEmpty()) {
    maybe = p.As<v8::Promise>()->Then(context, fulfilled);
  } else {
    maybe = p.As<v8::Promise>()->Then(context, fulfilled, rejected);
  }
  if (!maybe.ToLocal(&chained)) return SetLastError(env, JSVM_PENDING_EXCEPTION);
  if (result != nullptr) *result = ToJSVM(chained);
  return JSVM_OK;
} JSVM_EXIT(env)

// Runs the VM's pending microtasks (promise reactions) now.
JSVM_Status OH_JSVM_PerformMicrotaskCheckpoint(JSVM_VM vm) try {
  JSVM_ENTRY_VM(vm);
  if (jsvm::InGCCallback(vm)) return jsvm::SetThreadError(JSVM_GENERIC_FAILURE, jsvm::kInGCCallback);
  jsvm::IsolateEntry entry(vm->isolate);
  v8::HandleScope handles(vm->isolate);
  jsvm::JsFrame frame(vm);
  vm->isolate->PerformMicrotaskCheckpoint();
  return jsvm::SetThreadError(JSVM_OK);
} JSVM_EXIT_THREAD

// Whether promise reactions run by themselves once the outermost script or
// call returns (JSVM_MICROTASK_AUTO, V8's kAuto and the default of every VM) or
// only at OH_JSVM_PerformMicrotaskCheckpoint (JSVM_MICROTASK_EXPLICIT).
JSVM_Status OH_JSVM_SetMicrotaskPolicy(JSVM_VM vm, JSVM_MicrotaskPolicy policy) try {
  JSVM_ENTRY_VM(vm);
  v8::MicrotasksPolicy v8_policy;
  switch (jsvm::EnumArg(policy)) {
    case JSVM_MICROTASK_EXPLICIT:
      v8_policy = v8::MicrotasksPolicy::kExplicit;
      break;
    case JSVM_MICROTASK_AUTO:
      v8_policy = v8::MicrotasksPolicy::kAuto;
      break;
    default:
      return jsvm::SetThreadError(JSVM_INVALID_ARG,
                                  "policy is not a JSVM_MicrotaskPolicy (JSVM_MICROTASK_EXPLICIT or JSVM_MICROTASK_AUTO)");
  }
  jsvm::IsolateEntry entry(vm->isolate);
  vm->isolate->SetMicrotasksPolicy(v8_policy);
  return jsvm::SetThreadError(JSVM_OK);
} JSVM_EXIT_THREAD
