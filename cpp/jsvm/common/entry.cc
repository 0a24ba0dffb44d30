// The reporting half of the entry discipline (common/entry.h): what a refused
// or failed entry records, and what user code's C++ exceptions become.
#include "common/entry.h"
#include "common/v8_compat.h"

#include <pthread.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <new>
#include <string>

#include "hilog/log.h"
#include "vm/heap_limit.h"

namespace jsvm {

const char kStreamRunning[] =
    "an output stream of OH_JSVM_StopCpuProfiler or OH_JSVM_TakeHeapSnapshot of this VM is running (this call "
    "comes from inside it): call it after that returns";

const char kStreamCallTookLock[] =
    "an output stream of OH_JSVM_StopCpuProfiler or OH_JSVM_TakeHeapSnapshot is running, and that call entered "
    "the VM itself (no VM scope or lock of it was open): a VM scope or lock taken here would outlive the call's "
    "lock; open the VM scope (or take the lock) before the call";

StreamFrame::~StreamFrame() {
  // The env and handle scopes the stream left open, innermost first: they lie
  // inside the call's own V8 handle scope, which closes next.
  while (vm_->scopes.size() > scopes_at_entry_) {
    ScopeRecord record = vm_->scopes.back();
    PopScope(vm_);
    record.destroy(vm_, record.scope);
  }
  --vm_->stream_depth;
  if (call_took_lock_) --vm_->stream_lock_depth;
  vm_->callback_scope_base = outer_scope_base_;
}

JSVM_Status PrepareEnv(JSVM_Env env, EntryStep* step) {
  // The gate is closed in a GC handler: nothing below may run (a heap-limit
  // recovery would even collect inside the collection).
  if (InGCCallback(env->vm)) return SetLastError(env, JSVM_GENERIC_FAILURE, kInGCCallback);
  if (!IsEnteredHere(env->isolate)) {
    // Locked by this thread: entered here, under an isolate entered after it.
    if (!v8::Locker::IsLocked(env->isolate)) {
      return SetLastError(env, JSVM_GENERIC_FAILURE,
                          "the environment's VM is not entered on this thread: call OH_JSVM_OpenVMScope first");
    }
    step->emplace(env->isolate);
  }
  JSVM_VM vm = env->vm;
  if (vm->callback_depth == 0 && vm->scopes.empty()) {
    return SetLastError(env, JSVM_GENERIC_FAILURE,
                        "no handle scope is open: call OH_JSVM_OpenEnvScope or OH_JSVM_OpenHandleScope first");
  }
  JSVM_Status status = JSVM_OK;
  if (vm->heap_limit_reached && !TryRecoverFromHeapLimit(vm)) {
    status = SetLastError(env, JSVM_GENERIC_FAILURE,
                          HeapLimitReachedText(vm) +
                              ": release objects (close handle scopes, delete references) and try again");
  }
  // Last, with the refusal recorded: the handler may longjmp out of here (the
  // docs' example does), and nothing of this call has begun. Not while the
  // call had to enter the VM itself (`step` would be left entered).
  if (vm->heap_limit_untold && !step->has_value()) {
    TellHeapLimit(vm);
    // The handler may have destroyed the env or its VM, or closed scopes:
    // everything is checked again (nothing is untold now, so once).
    if (!IsLiveEnv(env)) {
      return SetThreadError(JSVM_GENERIC_FAILURE,
                            "the environment was destroyed by the OOM (or fatal-error) handler this call ran");
    }
    return PrepareEnv(env, step);
  }
  return status;
}

// `to_thread`: for calls whose outcomes go to the calling thread's record
// (the lock calls), a serialised env's refusal too.
JSVM_Status ReportDeadEnv(JSVM_Env env, bool to_thread) {
  if (env == nullptr) return SetThreadError(JSVM_INVALID_ARG, "env is NULL");
  if (IsSerializedEnv(env)) {
    static const char kSerialised[] =
        "this environment was serialised by OH_JSVM_CreateSnapshot and can no longer be used";
    return to_thread ? SetThreadError(JSVM_GENERIC_FAILURE, kSerialised)
                     : SetLastError(env, JSVM_GENERIC_FAILURE, kSerialised);
  }
  return SetThreadError(JSVM_INVALID_ARG,
                        "unknown or destroyed env: this JSVM_Env was never created by OH_JSVM_CreateEnv or has "
                        "been destroyed");
}

JSVM_Status ReportDeadVM(JSVM_VM vm) {
  if (vm == nullptr) return SetThreadError(JSVM_INVALID_ARG, "vm is NULL");
  return SetThreadError(JSVM_INVALID_ARG,
                        "unknown or destroyed vm: this JSVM_VM was never created by OH_JSVM_CreateVM or has been "
                        "destroyed");
}

JSVM_Status ReportNullArgument(JSVM_Env env, const char* names, int index) {
  // `names` is the argument list as written at the entry: "a, b, c".
  const char* start = names;
  for (int i = 0; i < index && start != nullptr; ++i) {
    start = std::strchr(start, ',');
    if (start != nullptr) start += 2;
  }
  std::string name = "an argument";
  if (start != nullptr) {
    const char* end = std::strchr(start, ',');
    name.assign(start, end != nullptr ? static_cast<size_t>(end - start) : std::strlen(start));
  }
  return SetLastError(env, JSVM_INVALID_ARG, name + " is NULL");
}

JSVM_Status ReportCppException(JSVM_Env env) noexcept {
  if (env != nullptr && !IsLiveEnv(env)) env = nullptr;
  // The handler runs inside the catch: what was thrown is current.
  try {
    throw;
  } catch (const std::bad_alloc&) {
    return SetLastError(env, JSVM_GENERIC_FAILURE, "out of memory");
  } catch (...) {
  }
  try {
    return SetLastError(env, JSVM_GENERIC_FAILURE, "internal error: a C++ exception stopped the call");
  } catch (...) {
    return JSVM_GENERIC_FAILURE;
  }
}

namespace {

// This thread's stack: its lowest address, and the lowest address its frames may
// reach before NativeStackNearlySpent says so. Read once per thread; `read`
// stays false where the bounds cannot be read (no check then).
struct ThreadStack {  // plain data: zero-initialised per thread
  bool tried;
  bool read;
  uintptr_t low;
  uintptr_t floor;
};
__thread ThreadStack t_stack;

void ReadThreadStack(ThreadStack* stack) noexcept {
  stack->tried = true;
  pthread_attr_t attr;
  if (pthread_getattr_np(pthread_self(), &attr) != 0) return;
  void* low = nullptr;
  size_t size = 0;
  bool read = pthread_attr_getstack(&attr, &low, &size) == 0 && low != nullptr && size > 0;
  pthread_attr_destroy(&attr);
  if (!read) return;
  constexpr size_t kMargin = 256 * 1024;
  stack->low = reinterpret_cast<uintptr_t>(low);
  stack->floor = stack->low + std::min(kMargin, size / 4);
  stack->read = true;
}

// Whether less than a margin (256 KB, or a quarter of a smaller stack) of the
// thread's own stack is left: for threads whose stack is smaller than V8's
// limit assumes (984 KB below where the VM was entered). A frame outside the
// thread's stack (a callback run on a fiber's or coroutine's own stack) is
// not judged: V8's check (the probe) still applies there.
bool NativeStackNearlySpent() noexcept {
  ThreadStack& stack = t_stack;
  if (__builtin_expect(!stack.tried, 0)) ReadThreadStack(&stack);
  const uintptr_t here = reinterpret_cast<uintptr_t>(__builtin_frame_address(0));
  return stack.read && here >= stack.low && here < stack.floor;
}

// Calls the env's probe, a JS function that does nothing: V8 checks its stack
// limit on entering it (a JS function, unlike an API function, is not called
// on V8's fast path) and throws its RangeError there. False: V8's limit is
// not reached. True: it is (the RangeError is left pending), or no JS can run
// (the VM is terminating), or the probe could not be made.
bool V8StackLimitReached(JSVM_Env env) {
  v8::Isolate* isolate = env->isolate;
  v8::HandleScope scope(isolate);
  v8::Local<v8::Context> context = env->context();
  v8::TryCatch try_catch(isolate);
  v8::Local<v8::Function> probe;
  if (env->stack_probe.IsEmpty()) {
    v8::Local<v8::Script> script;
    v8::Local<v8::Value> made;
    v8::Local<v8::String> source = v8::String::NewFromUtf8Literal(isolate, "(function () {})");
    // Named, so that it reads as ours in DevTools (which can ignore-list it).
    v8::ScriptOrigin origin = MakeScriptOrigin(isolate, v8::String::NewFromUtf8Literal(isolate, "jsvm:stack-probe"), 0,
                                               0, v8::Local<v8::Value>());
    if (!v8::Script::Compile(context, source, &origin).ToLocal(&script) || !script->Run(context).ToLocal(&made) ||
        !made->IsFunction()) {
      if (try_catch.HasCaught()) try_catch.ReThrow();
      return true;
    }
    env->stack_probe.Reset(isolate, made.As<v8::Function>());
  }
  probe = env->stack_probe.Get(isolate);
  if (!probe->Call(context, v8::Undefined(isolate), 0, nullptr).IsEmpty()) return false;
  if (try_catch.HasCaught()) try_catch.ReThrow();
  return true;
}

}  // namespace

bool CallbackStackSpent(JSVM_Env env) {
  // An env whose handles were released for a snapshot (a FinalizationRegistry
  // task run by CreateSnapshot's clean-up can still reach its functions): no
  // context to make the probe in, and no handle may be made for it now.
  if (NativeStackNearlySpent() || env->context_persistent.IsEmpty()) {
    env->isolate->ThrowException(v8::Exception::RangeError(
        v8::String::NewFromUtf8Literal(env->isolate, "Maximum call stack size exceeded")));
    return true;
  }
  return V8StackLimitReached(env);
}

void DescribeCppException(CppFailure* failure, const char* what) noexcept {
  failure->failed = true;
  std::snprintf(failure->message, sizeof(failure->message), "%s", what != nullptr ? what : "(not a std::exception)");
}

void ThrowCppFailure(v8::Isolate* isolate, const char* who, const CppFailure& failure) {
  char text[400];
  std::snprintf(text, sizeof(text), "%s threw a C++ exception: %s", who, failure.message);
  v8::Local<v8::String> message;
  if (v8::String::NewFromUtf8(isolate, text).ToLocal(&message)) {
    isolate->ThrowException(v8::Exception::Error(message));
  }
}

void LogCppFailure(const char* who, const CppFailure& failure) noexcept {
  // An app-range domain: the line reads "E A03F00/JSVM: ...".
  OH_LOG_Print(LOG_APP, LOG_ERROR, 0x3F00, "JSVM", "%{public}s threw a C++ exception, which was ignored: %{public}s",
               who, failure.message);
}

}  // namespace jsvm
