// The entry discipline: how every OH_JSVM_* function begins and ends.
//
// Each function's body is a function-try-block that starts with exactly one
// JSVM_ENTRY_* line naming what it touches:
//
//   JSVM_ENTRY_PROCESS(args...)       process-wide state only (Init, VM info,
//                                     backing-store memory)
//   JSVM_ENTRY_VM(vm, args...)        a VM's struct; the function locks and
//                                     enters the isolate itself where needed
//   JSVM_ENTRY_ENV(env, args...)      the env's struct and values' own bits: no
//                                     handle is made, no JS runs (a serialised
//                                     env is accepted)
//   JSVM_ENTRY_LIVE_ENV(env, args...) a live env (not serialised); the function
//                                     enters its VM itself where needed
//   JSVM_ENTRY_SCOPE(env, args...)    opens a scope: a live env; the function
//                                     enters the VM where it is not entered
//   JSVM_ENTRY_CONTEXT(env, args...)  makes handles in the env's context; no JS
//   JSVM_ENTRY_JS(env, args...)       may run JS: refused while an exception is
//                                     pending; what JS throws becomes pending
//
// and ends with JSVM_EXIT(env) (or JSVM_EXIT_THREAD for functions without an
// env): the C boundary, where any C++ exception stops (std::bad_alloc becomes
// JSVM_GENERIC_FAILURE "out of memory").
//
// The checks run in this order, each returning its status:
//   1. the env / VM handle is not NULL, and names a live env / VM (not one
//      destroyed or made up): JSVM_INVALID_ARG "unknown or destroyed env";
//   2. no pointer argument listed is NULL: JSVM_INVALID_ARG naming it;
//   3. the state: the VM entered on this thread and a scope open (CONTEXT, JS),
//      the VM under its heap limit: JSVM_GENERIC_FAILURE saying what to do;
//   4. the JSVM_Values listed: with OH_JSVM_SetDebugOption(env,
//      JSVM_SCOPE_CHECK, true) only, none is from a handle scope that has
//      closed (env/debug_options.cc); while several VMs exist, none is an
//      object of another VM (env/value_checks.cc): JSVM_INVALID_ARG naming it;
//   5. no exception pending (JS): JSVM_PENDING_EXCEPTION.
// Outcomes go to the env's last error when there is a live env, else to the
// thread's (OH_JSVM_GetLastErrorInfo(NULL, ...)).
//
// Calls into user code (native callbacks, property handlers, finalizers,
// deleters) go through CallIntoModule: a C++ exception never unwinds through
// V8. In a JS-callable callback it becomes a JS Error; where no JS could
// receive it, it is reported through HiLog and dropped.
#ifndef JSVM_DESKTOP_ENTRY_H
#define JSVM_DESKTOP_ENTRY_H

#include <v8.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <type_traits>

#include "common/status.h"
#include "env/env.h"
#include "vm/isolate_entry.h"
#include "vm/vm.h"

namespace jsvm {

// ---------------------------------------------------------------------------
// The state an env call needs.
// ---------------------------------------------------------------------------

// Whether `isolate` is the current one on this thread: the thread's record of
// the innermost entry (vm/isolate_entry.h; one load) first, V8 otherwise.
inline bool IsEnteredHere(v8::Isolate* isolate) {
  return jsvm_desktop_thread_isolates.entered == isolate || v8::Isolate::TryGetCurrent() == isolate;
}

// Env readiness: its VM entered on this thread, a scope open, the heap under
// its limit. When the VM is entered here but another isolate was entered after
// it, `step` makes the VM current for the rest of the call. Returns JSVM_OK or
// the recorded failure. The check is inline (it runs on every call); the rest
// is not.
using EntryStep = std::optional<IsolateEntry>;
JSVM_Status PrepareEnv(JSVM_Env env, EntryStep* step);
inline JSVM_Status CheckEnvReady(JSVM_Env env, EntryStep* step) {
  JSVM_VM vm = env->vm;
  // (A serialised env never gets here: its tag is not the live one.)
  if (__builtin_expect(vm->entry_gate > 0 && IsEnteredHere(env->isolate), 1)) {
    return JSVM_OK;
  }
  return PrepareEnv(env, step);
}

// Whether a scope opened on `isolate` must enter it: the VM is not entered on
// this thread at all (entered lower, under another isolate, it is locked here).
inline bool NeedsImplicitEntry(v8::Isolate* isolate) {
  return !IsEnteredHere(isolate) && !v8::Locker::IsLocked(isolate);
}

// JSVM_HANDLE_SCOPE_MISMATCH, saying why, unless the env's VM's scopes from
// index `from` up can close now (scope/scope_stack.cc).
JSVM_Status CheckCanCloseScopesFrom(JSVM_Env env, size_t from);

// ---------------------------------------------------------------------------
// Argument checks.
// ---------------------------------------------------------------------------

// The position of the first NULL among `args`, or -1.
inline int FirstNull() { return -1; }
template <typename... Args>
inline int FirstNull(const Args&... args) {
  int index = 0;
  int found = -1;
  ((found < 0 && args == nullptr ? (found = index) : 0, ++index), ...);
  return found;
}

// Records JSVM_INVALID_ARG naming argument `index` of the comma-separated `names`.
JSVM_Status ReportNullArgument(JSVM_Env env, const char* names, int index);
JSVM_Status ReportDeadEnv(JSVM_Env env, bool to_thread = false);
JSVM_Status ReportDeadVM(JSVM_VM vm);
// The C boundary's handler: records what a C++ exception means.
JSVM_Status ReportCppException(JSVM_Env env) noexcept;

// ---------------------------------------------------------------------------
// JSVM_SCOPE_CHECK (OH_JSVM_SetDebugOption; env/debug_options.cc says what is
// caught and what is not). Off, an entry pays one load and one predictable
// branch (a second, usually merged by the compiler, when it makes a value:
// LogMadeValue); on, the slow half in debug_options.cc runs.
// ---------------------------------------------------------------------------

constexpr uint32_t kScopeCheckOption = uint32_t{1} << JSVM_SCOPE_CHECK;
inline bool ScopeCheckOn(JSVM_Env env) { return __builtin_expect((env->debug_options & kScopeCheckOption) != 0, 0); }

// A JSVM_Value argument and its position in the entry's argument list.
struct EntryValue {
  JSVM_Value value;
  int position;
};

// The JSVM_Value arguments among an entry's pointer arguments.
template <typename... Args>
inline auto EntryValues(const Args&... args) {
  constexpr size_t kCount = (size_t{std::is_same_v<Args, JSVM_Value>} + ... + size_t{0});
  std::array<EntryValue, kCount> values{};
  size_t n = 0;
  int position = 0;
  [[maybe_unused]] auto take = [&](const auto& arg) {
    if constexpr (std::is_same_v<std::decay_t<decltype(arg)>, JSVM_Value>) values[n++] = EntryValue{arg, position};
    ++position;
  };
  (take(args), ...);
  return values;
}

// JSVM_SCOPE_CHECK's judgement (env/debug_options.cc): the free slots of the
// VM's current handle block, where a value from a closed scope points. Empty
// unless the option is on and this thread holds the VM.
class StaleSlots {
 public:
  explicit StaleSlots(JSVM_Env env);
  bool Contains(JSVM_Value value) const {
    const uintptr_t address = reinterpret_cast<uintptr_t>(value);
    return address >= begin_ && address < end_;
  }

 private:
  uintptr_t begin_ = 0;
  uintptr_t end_ = 0;
};
// " is a JSVM_Value from a handle scope that has been closed ...": after the argument's name.
extern const char kStaleValue[];
// Records JSVM_INVALID_ARG with `detail` and logs the refusal through HiLog
// (E A03F00/JSVM), naming `function` when it is an API function.
JSVM_Status ReportRefusedValue(JSVM_Env env, const char* function, const std::string& detail);

// The name at `position` of the comma-separated `names` ("a, b, c").
std::string NameAt(const char* names, int position);

// Whether JSVM_Values given to a call are checked at all: JSVM_SCOPE_CHECK is
// on for the env, or several VMs exist (a value may be another VM's).
inline bool ValueChecksOn(JSVM_Env env) { return ScopeCheckOn(env) || SeveralVMs(); }

// Whether `value` may be an object, read inline as V8's own inline type
// checks read it: not a small integer, a string or an oddball (undefined,
// null, booleans). Only such values need the VM check's V8 calls.
inline bool MayBeObject(JSVM_Value value) {
  using I = v8::internal::Internals;
  if (value == nullptr) return false;
  v8::internal::Address bits;
  std::memcpy(&bits, value, sizeof(bits));
  if (!I::HasHeapObjectTag(bits)) return false;
  const int type = I::GetInstanceType(bits);
  return type >= I::kFirstNonstringType && type != I::kOddballType;
}
// Whether `value` needs the VM check: it may be an object and is not one
// found to be the env's VM's lately (KnownOwnObject, vm/vm.h).
inline bool NeedsVMCheck(JSVM_Env env, JSVM_Value value) {
  if (value == nullptr) return false;
  v8::internal::Address bits;
  std::memcpy(&bits, value, sizeof(bits));
  // A small integer first (one test), then the memo, then the type.
  return v8::internal::Internals::HasHeapObjectTag(bits) && !KnownOwnObject(env->vm, bits) && MayBeObject(value);
}
template <size_t N>
inline bool AnyNeedsVMCheck(JSVM_Env env, const std::array<EntryValue, N>& values) {
  for (const EntryValue& entry : values) {
    if (NeedsVMCheck(env, entry.value)) return true;
  }
  return false;
}
inline bool AnyNeedsVMCheck(JSVM_Env env, const JSVM_Value* values, size_t count) {
  for (size_t i = 0; i < count; ++i) {
    if (NeedsVMCheck(env, values[i])) return true;
  }
  return false;
}

// Whether `value` is an object of another VM than the env's (while several
// VMs exist; env/value_checks.cc). For values user code returns to V8.
bool IsOtherVMsObject(JSVM_Env env, JSVM_Value value);
// "<who> " + this: what a callback returning such an object throws instead.
extern const char kReturnedOtherVMsObject[];
inline bool ReturnsOtherVMsObject(JSVM_Env env, JSVM_Value value) {
  return SeveralVMs() && NeedsVMCheck(env, value) && IsOtherVMsObject(env, value);
}

// The checks of JSVM_Values given to a call, while ValueChecksOn: with
// JSVM_SCOPE_CHECK on, none is from a closed handle scope (StaleSlots); with
// several VMs, none is an object of another VM. JSVM_INVALID_ARG naming the
// first refused (env/value_checks.cc).
JSVM_Status CheckValues(JSVM_Env env, const char* function, const char* names, const EntryValue* values,
                        size_t count);
JSVM_Status CheckValueArray(JSVM_Env env, const char* function, const char* name, const JSVM_Value* values,
                            size_t count);
JSVM_Status CheckDescriptorValues(JSVM_Env env, const char* function, size_t count,
                                  const JSVM_PropertyDescriptor* properties);

// Whether an entry's pointer arguments include a JSVM_Value to write (the call
// makes a value).
template <typename... Args>
inline constexpr bool kMakesValue = (std::is_same_v<Args, JSVM_Value*> || ...);
template <typename... Args>
inline constexpr bool MakesValue(const Args&...) {
  return kMakesValue<Args...>;
}

// The device's per-call HiLog lines while the option is on (I A03F00/JSVM):
// "CHECK_SCOPE in function: OH_JSVM_IsBoolean" for a call whose JSVM_Value
// arguments are checked, "ADD_VAL_TO_SCOPE_CHECK in function: OH_JSVM_GetBoolean"
// for a call that makes a value. Only API functions' names are logged.
// Returns whether it logged (`function` names an API function).
bool LogScopeCheckLine(const char* what, const char* function) noexcept;
// The CHECK_SCOPE line, once per call.
inline void LogCheckScopeOnce(JSVM_Env env, const char* function) {
  if (!env->scope_check_logged) env->scope_check_logged = LogScopeCheckLine("CHECK_SCOPE", function);
}

// The entry's check: `collect` gives the listed JSVM_Values, and is called
// only while ValueChecksOn.
template <typename Collect>
inline JSVM_Status CheckEntryValues(JSVM_Env env, const char* function, const char* names, Collect&& collect) {
  const bool scope_check = ScopeCheckOn(env);
  if (!scope_check && !SeveralVMs()) return JSVM_OK;
  if (scope_check) env->scope_check_logged = false;
  using Values = decltype(collect());
  if constexpr (std::tuple_size<Values>::value == 0) {
    return JSVM_OK;
  } else {
    if (scope_check) LogCheckScopeOnce(env, function);
    const Values values = collect();
    if (!scope_check && !AnyNeedsVMCheck(env, values)) return JSVM_OK;  // the VM check alone: only objects
    return CheckValues(env, function, names, values.data(), values.size());
  }
}

// The ADD_VAL_TO_SCOPE_CHECK line of a call that makes a JSVM_Value (its
// entry lists a JSVM_Value* result), logged as the entry's checks have passed.
// (Not as the call returns: an object with a destructor in every entry cost
// 6 % on jsvm_vs_napi_int32 / _property. So a call that fails after its entry
// logs it too, and values a body checks, as GetNamedProperty's object, log
// their CHECK_SCOPE line after it.)
inline void LogMadeValue(JSVM_Env env, const char* function, bool makes) {
  if (makes && ScopeCheckOn(env)) LogScopeCheckLine("ADD_VAL_TO_SCOPE_CHECK", function);
}

// One JSVM_Value the entry does not list (optional ones; NULL passes).
inline JSVM_Status CheckValue(JSVM_Env env, const char* function, const char* name, JSVM_Value value) {
  if (value == nullptr) return JSVM_OK;
  if (ScopeCheckOn(env)) {
    LogCheckScopeOnce(env, function);
  } else if (!SeveralVMs() || !NeedsVMCheck(env, value)) {
    return JSVM_OK;
  }
  const EntryValue entry{value, 0};
  return CheckValues(env, function, name, &entry, 1);
}

// ---------------------------------------------------------------------------
// Scopes used inside function bodies.
// ---------------------------------------------------------------------------

// Enters the env's context for the duration of a call if no context is entered.
class ContextGuard {
 public:
  explicit ContextGuard(JSVM_Env env) {
    // An open env scope or a running callback has a context entered; V8 is
    // asked only when neither is the case.
    JSVM_VM vm = env->vm;
    if (vm->env_scope_depth == 0 && vm->callback_depth == 0 && !env->isolate->InContext()) {
      context_ = env->context();
      context_->Enter();
    }
  }
  ~ContextGuard() {
    if (!context_.IsEmpty()) context_->Exit();
  }
  ContextGuard(const ContextGuard&) = delete;
  ContextGuard& operator=(const ContextGuard&) = delete;

 private:
  v8::Local<v8::Context> context_;
};

// Marks the env as used by a frame that goes on using it after the user code
// or JS it calls returns: OH_JSVM_DestroyEnv is refused meanwhile (env.h).
class EnvInUse {
 public:
  explicit EnvInUse(JSVM_Env env) : env_(env) { ++env_->in_use; }
  ~EnvInUse() { --env_->in_use; }
  EnvInUse(const EnvInUse&) = delete;
  EnvInUse& operator=(const EnvInUse&) = delete;

 private:
  JSVM_Env env_;
};

// A TryCatch that parks what JS threw on the env as its pending exception.
// Every call that may run JS has one: the JS may reach a native callback
// that tries to destroy this env, which must wait until the call returns.
class TryCatch : public v8::TryCatch {
 public:
  explicit TryCatch(JSVM_Env env) : v8::TryCatch(env->isolate), env_(env), in_use_(env) {}
  ~TryCatch() {
    if (HasCaught() && !HasTerminated()) env_->last_exception.Reset(env_->isolate, Exception());
  }

 private:
  JSVM_Env env_;
  EnvInUse in_use_;
};

// Counts JS frames entered from native code so that a heap-limit termination
// can be cancelled once the outermost one has unwound.
class JsFrame {
 public:
  explicit JsFrame(JSVM_VM vm) : vm_(vm) { ++vm_->js_depth; }
  ~JsFrame() { --vm_->js_depth; }
  JsFrame(const JsFrame&) = delete;
  JsFrame& operator=(const JsFrame&) = delete;

 private:
  JSVM_VM vm_;
};

// Counts a call into user code on the VM: while it runs, env calls need no
// scope of their own (the callback's frame has one).
class CallbackScope {
 public:
  explicit CallbackScope(JSVM_VM vm) : vm_(vm), outer_scope_base_(vm->callback_scope_base) {
    ++vm_->callback_depth;
    ++vm_->entry_gate;
    vm_->callback_scope_base = vm_->scopes.size();
  }
  ~CallbackScope() {
    --vm_->callback_depth;
    --vm_->entry_gate;
    vm_->callback_scope_base = outer_scope_base_;
  }
  CallbackScope(const CallbackScope&) = delete;
  CallbackScope& operator=(const CallbackScope&) = delete;

 private:
  JSVM_VM vm_;
  size_t outer_scope_base_;
};

// A developer tool's call (OH_JSVM_StopCpuProfiler, OH_JSVM_TakeHeapSnapshot)
// writing into the user's output stream: its own isolate entry (a v8::Locker)
// and V8 handle scope lie between the stream and what was open before the
// call. So the stream may not close those scopes (V8's handle scopes would
// close out of order: "Escape value set twice" later), nor the VM scopes or the
// lock taken before (the isolate would be unlocked under the call), nor destroy
// the VM or snapshot it; it may open scopes of its own (those it leaves open
// close as it returns, as a native callback's do) and run JS. When the call
// locked the VM itself (`call_took_lock`: nothing of the VM was open on this
// thread), the stream may not open a VM scope or take the lock either: they
// would outlive the call's v8::Locker, and the next V8 call would abort
// ("Entering the V8 API without proper locking in place").
class StreamFrame {
 public:
  StreamFrame(JSVM_VM vm, bool call_took_lock)
      : vm_(vm), outer_scope_base_(vm->callback_scope_base), scopes_at_entry_(vm->scopes.size()),
        call_took_lock_(call_took_lock) {
    ++vm_->stream_depth;
    if (call_took_lock_) ++vm_->stream_lock_depth;
    vm_->callback_scope_base = scopes_at_entry_;
  }
  ~StreamFrame();
  StreamFrame(const StreamFrame&) = delete;
  StreamFrame& operator=(const StreamFrame&) = delete;

 private:
  JSVM_VM vm_;
  size_t outer_scope_base_;
  size_t scopes_at_entry_;
  bool call_took_lock_;
};
// What the calls a stream may not make answer (GENERIC_FAILURE).
extern const char kStreamRunning[];
extern const char kStreamCallTookLock[];

// After a failed run: reports termination (heap limit) or a pending exception.
JSVM_Status ReportRunFailure(JSVM_Env env, v8::TryCatch& try_catch);

// ---------------------------------------------------------------------------
// Calls into user code.
// ---------------------------------------------------------------------------

// What a C++ exception thrown by user code said (no allocation: the handler
// must not throw in turn).
struct CppFailure {
  bool failed = false;
  char message[256];  // written only when failed (callbacks are on the hot path)
};
void DescribeCppException(CppFailure* failure, const char* what) noexcept;

// Runs `call` (user code); a C++ exception it throws is caught and described
// in `failure`.
template <typename Call>
inline void GuardUserCode(CppFailure* failure, Call&& call) noexcept {
  try {
    call();
  } catch (const std::exception& e) {
    DescribeCppException(failure, e.what());
  } catch (...) {
    DescribeCppException(failure, nullptr);
  }
}

// The same, counted as a callback on `vm` (env calls made from it need no
// scope of their own).
template <typename Call>
inline void CallIntoModule(JSVM_VM vm, CppFailure* failure, Call&& call) noexcept {
  CallbackScope depth(vm);
  GuardUserCode(failure, static_cast<Call&&>(call));
}

// Whether a callback about to run in `env` must not, because the stack is
// spent; then an exception is pending in V8 (its own RangeError, "Maximum
// call stack size exceeded") and the trampoline returns without calling user
// code. V8 checks its stack limit where JS code is entered, but not on every
// way into a callback: a property lookup reaching an interceptor, and a call
// of an API function from C++ (Function::Call), skip it. So a callback that
// re-entered itself that way (a handler reading its own property, a native
// function calling itself) recursed past V8's limit until the thread's stack
// ran out (SIGSEGV; V8 13 aborts sooner, on "IsOnCentralStack"). Only nested
// callbacks can recurse: the check runs from the 16th callback of the VM
// running on the thread, so the common call pays one compare.
bool CallbackStackSpent(JSVM_Env env);
inline bool CallbackStackSpentAtDepth(JSVM_Env env, int depth) {
  constexpr int kFirstCheckedDepth = 16;
  return __builtin_expect(depth >= kFirstCheckedDepth, 0) && CallbackStackSpent(env);
}

// Throws a JS Error saying that `who` threw a C++ exception (JS-callable callbacks).
void ThrowCppFailure(v8::Isolate* isolate, const char* who, const CppFailure& failure);
// Reports through HiLog that `who` threw a C++ exception, which is dropped
// (finalizers, deleters: no JS can receive it).
void LogCppFailure(const char* who, const CppFailure& failure) noexcept;

// For user code that no JS can answer (deleters that V8 may run on any
// thread, with no VM to count on): runs it, logs and drops any exception.
template <typename Call>
inline void CallIntoModuleNoJS(const char* who, Call&& call) noexcept {
  CppFailure failure;
  GuardUserCode(&failure, static_cast<Call&&>(call));
  if (failure.failed) LogCppFailure(who, failure);
}

}  // namespace jsvm

// The API function a check runs for, as JSVM_SCOPE_CHECK's log lines and
// refusals name it: the enclosing function's own name (__func__), or, in a
// helper shared by several API functions, the name the helper was called from.
// Such a helper takes it as a last parameter, which shadows the global below:
//   JSVM_Status TypeCheck(..., const char* jsvm_api_name_ = __builtin_FUNCTION())
namespace jsvm {
inline const char* ApiName(const char* own, std::nullptr_t) { return own; }
inline const char* ApiName(const char*, const char* caller) { return caller; }
}  // namespace jsvm
constexpr std::nullptr_t jsvm_api_name_ = nullptr;
#define JSVM_API_NAME_ ::jsvm::ApiName(__func__, jsvm_api_name_)

// ---------------------------------------------------------------------------
// Entry macros (see the top of this file). `...` lists the pointer arguments
// that must not be NULL.
// ---------------------------------------------------------------------------
#define JSVM_CHECK_LIVE_ENV_(env)                                             \
  do {                                                                        \
    if (__builtin_expect(!::jsvm::IsLiveEnv(env), 0)) return ::jsvm::ReportDeadEnv(env); \
  } while (0)

#define JSVM_CHECK_ARGS_(env, ...)                                             \
  do {                                                                         \
    int null_arg_ = ::jsvm::FirstNull(__VA_ARGS__);                            \
    if (__builtin_expect(null_arg_ >= 0, 0)) return ::jsvm::ReportNullArgument((env), #__VA_ARGS__, null_arg_); \
  } while (0)

// Step 4 of the checks (see the top of this file).
#define JSVM_CHECK_VALUES_(env, ...)                                                                  \
  JSVM_RETURN_IF_NOT_OK(::jsvm::CheckEntryValues((env), JSVM_API_NAME_, #__VA_ARGS__,                   \
                                                 [&] { return ::jsvm::EntryValues(__VA_ARGS__); }))
#define JSVM_LOG_MADE_VALUE_(env, ...) ::jsvm::LogMadeValue((env), JSVM_API_NAME_, ::jsvm::MakesValue(__VA_ARGS__))

#define JSVM_ENTRY_PROCESS(...) JSVM_CHECK_ARGS_(nullptr, __VA_ARGS__)

#define JSVM_ENTRY_VM(vm, ...)                                                   \
  do {                                                                           \
    if (__builtin_expect(!::jsvm::IsLiveVM(vm), 0)) return ::jsvm::ReportDeadVM(vm); \
  } while (0);                                                                   \
  JSVM_CHECK_ARGS_(nullptr, __VA_ARGS__)

// The env's own struct: a serialised env (OH_JSVM_CreateSnapshot) still has one.
#define JSVM_ENTRY_ENV(env, ...)                                                                      \
  do {                                                                                                \
    if (__builtin_expect(!::jsvm::IsExistingEnv(env), 0)) {                                           \
      return ::jsvm::ReportDeadEnv(env);                                                              \
    }                                                                                                 \
  } while (0);                                                                                        \
  JSVM_CHECK_ARGS_((env), __VA_ARGS__);                                                               \
  JSVM_CHECK_VALUES_((env), __VA_ARGS__);                                                       \
  JSVM_LOG_MADE_VALUE_((env), __VA_ARGS__)

#define JSVM_ENTRY_LIVE_ENV(env, ...)            \
  JSVM_CHECK_LIVE_ENV_(env);                     \
  JSVM_CHECK_ARGS_((env), __VA_ARGS__);          \
  JSVM_CHECK_VALUES_((env), __VA_ARGS__); \
  JSVM_LOG_MADE_VALUE_((env), __VA_ARGS__)

// Opening a scope: the function enters the VM itself where it is not entered.
#define JSVM_ENTRY_SCOPE(env, ...)               \
  JSVM_CHECK_LIVE_ENV_(env);                     \
  JSVM_CHECK_ARGS_((env), __VA_ARGS__);          \
  JSVM_CHECK_VALUES_((env), __VA_ARGS__); \
  JSVM_LOG_MADE_VALUE_((env), __VA_ARGS__)

#define JSVM_ENTRY_CONTEXT(env, ...)                                  \
  JSVM_CHECK_LIVE_ENV_(env);                                          \
  JSVM_CHECK_ARGS_((env), __VA_ARGS__);                               \
  ::jsvm::EntryStep entry_step_;                                      \
  JSVM_RETURN_IF_NOT_OK(::jsvm::CheckEnvReady((env), &entry_step_)); \
  JSVM_CHECK_VALUES_((env), __VA_ARGS__);                       \
  ::jsvm::ClearLastError(env);                                        \
  JSVM_LOG_MADE_VALUE_((env), __VA_ARGS__)

#define JSVM_ENTRY_JS(env, ...)                                                                   \
  JSVM_CHECK_LIVE_ENV_(env);                                                                      \
  JSVM_CHECK_ARGS_((env), __VA_ARGS__);                                                           \
  ::jsvm::EntryStep entry_step_;                                                                  \
  JSVM_RETURN_IF_NOT_OK(::jsvm::CheckEnvReady((env), &entry_step_));                             \
  JSVM_CHECK_VALUES_((env), __VA_ARGS__);                                                   \
  JSVM_RETURN_STATUS_IF_FALSE((env), (env)->last_exception.IsEmpty(), JSVM_PENDING_EXCEPTION);    \
  ::jsvm::ClearLastError(env);                                                                    \
  JSVM_LOG_MADE_VALUE_((env), __VA_ARGS__);                                                       \
  ::jsvm::ContextGuard context_guard_(env);                                                       \
  ::jsvm::TryCatch try_catch(env)

// For functions that run no JS but whose docs answer JSVM_PENDING_EXCEPTION
// while an exception is pending (as Node-API's NAPI_PREAMBLE functions do).
#define JSVM_CHECK_NOT_PENDING(env) \
  JSVM_RETURN_STATUS_IF_FALSE((env), (env)->last_exception.IsEmpty(), JSVM_PENDING_EXCEPTION)

// Step 4 for JSVM_Value arguments the entry cannot list: optional ones (NULL
// passes) and arrays (`values`[0 .. count), given when count > 0).
#define JSVM_CHECK_VALUE(env, value) \
  JSVM_RETURN_IF_NOT_OK(::jsvm::CheckValue((env), JSVM_API_NAME_, #value, (value)))
#define JSVM_CHECK_VALUE_ARRAY(env, count, values)                                                         \
  do {                                                                                                     \
    if ((values) != nullptr && (count) > 0) {                                                              \
      if (::jsvm::ScopeCheckOn(env)) {                                                                     \
        ::jsvm::LogCheckScopeOnce((env), JSVM_API_NAME_);                                                  \
      } else if (!::jsvm::SeveralVMs() || !::jsvm::AnyNeedsVMCheck((env), (values), (count))) {            \
        break;                                                                                             \
      }                                                                                                    \
      JSVM_RETURN_IF_NOT_OK(::jsvm::CheckValueArray((env), JSVM_API_NAME_, #values, (values), (count)));     \
    }                                                                                                      \
  } while (0)

// JSVM_SCOPE_CHECK's ADD_VAL_TO_SCOPE_CHECK line for a JSVM_Value* result the
// entry cannot list (an optional one: a value is made when it is given).
#define JSVM_OPTIONAL_RESULT_MADE(env, result) ::jsvm::LogMadeValue((env), JSVM_API_NAME_, (result) != nullptr)

// The C boundary, closing a function-try-block.
#define JSVM_EXIT(env) \
  catch (...) {        \
    return ::jsvm::ReportCppException(env); \
  }
#define JSVM_EXIT_THREAD JSVM_EXIT(nullptr)

// ---------------------------------------------------------------------------
// Checks inside a body. Each returns from the calling function with the status
// it records, so a check reads as the rule it enforces.
// ---------------------------------------------------------------------------
#define JSVM_RETURN_STATUS_IF_FALSE(env, condition, status)          \
  do {                                                               \
    if (!(condition)) return ::jsvm::SetLastError((env), (status));  \
  } while (0)

#define JSVM_RETURN_STATUS_IF_FALSE_MSG(env, condition, status, message)       \
  do {                                                                         \
    if (!(condition)) return ::jsvm::SetLastError((env), (status), (message)); \
  } while (0)

#define JSVM_RETURN_IF_NOT_OK(expr)         \
  do {                                      \
    JSVM_Status status_ = (expr);           \
    if (status_ != JSVM_OK) return status_; \
  } while (0)

#define CHECK_ARG(env, arg) JSVM_RETURN_STATUS_IF_FALSE((env), ((arg) != nullptr), JSVM_INVALID_ARG)

#define CHECK_MAYBE_EMPTY(env, maybe, status) JSVM_RETURN_STATUS_IF_FALSE((env), !((maybe).IsEmpty()), (status))

// Converts a JSVM_Value to a v8 object, or fails with JSVM_OBJECT_EXPECTED.
#define CHECK_TO_OBJECT(env, context, result, src)                                          \
  do {                                                                                      \
    CHECK_ARG((env), (src));                                                                \
    JSVM_CHECK_VALUE((env), src);                                                     \
    v8::Local<v8::Value> value_ = ::jsvm::ToV8(src);                                        \
    JSVM_RETURN_STATUS_IF_FALSE((env), !value_->IsNullOrUndefined(), JSVM_OBJECT_EXPECTED); \
    if (value_->IsObject()) {                                                               \
      (result) = value_.As<v8::Object>();                                                   \
    } else {                                                                                \
      auto maybe_ = value_->ToObject((context));                                            \
      CHECK_MAYBE_EMPTY((env), maybe_, JSVM_OBJECT_EXPECTED);                               \
      (result) = maybe_.ToLocalChecked();                                                   \
    }                                                                                       \
  } while (0)

#endif  // JSVM_DESKTOP_ENTRY_H
