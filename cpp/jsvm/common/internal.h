// jsvm-desktop internals shared by every implementation file.
//
// The public handles are our own structs (JSVM_VM__, JSVM_Env__); JSVM_Value is a
// V8 Local reinterpreted, as Node-API does. Every OH_JSVM_* function checks its
// arguments with the macros below and reports through SetLastError, which
// returns the status it records.
#ifndef JSVM_DESKTOP_INTERNAL_H
#define JSVM_DESKTOP_INTERNAL_H

#include <v8.h>

#include <cstring>
#include <functional>
#include <list>
#include <memory>
#include <string>
#include <unordered_set>
#include <vector>

#include "ark_runtime/jsvm.h"
#include "snapshot/blob_format.h"

namespace jsvm {

class PlatformDelegate;
struct Finalizer;
struct ClassRecord;

// Context embedder-data slot that points back at the owning JSVM_Env.
// Slot 0 belongs to V8's debugger.
constexpr int kEnvSlot = 1;
// Isolate data slot that points back at the owning JSVM_VM.
constexpr uint32_t kVmDataSlot = 0;

// ---------------------------------------------------------------------------
// Handle casts: a JSVM_Value is the bits of a v8::Local<v8::Value>.
// ---------------------------------------------------------------------------
static_assert(sizeof(v8::Local<v8::Value>) == sizeof(JSVM_Value), "a Local must fit in a JSVM_Value");
static_assert(sizeof(v8::Local<v8::Script>) == sizeof(JSVM_Script), "a Local must fit in a JSVM_Script");

inline JSVM_Value ToJSVM(v8::Local<v8::Value> local) {
  JSVM_Value value;
  std::memcpy(&value, &local, sizeof(local));
  return value;
}

inline v8::Local<v8::Value> ToV8(JSVM_Value value) {
  v8::Local<v8::Value> local;
  std::memcpy(static_cast<void*>(&local), &value, sizeof(value));
  return local;
}

inline JSVM_Script ToJSVMScript(v8::Local<v8::Script> local) {
  JSVM_Script script;
  std::memcpy(&script, &local, sizeof(local));
  return script;
}

inline v8::Local<v8::Script> ToV8Script(JSVM_Script script) {
  v8::Local<v8::Script> local;
  std::memcpy(static_cast<void*>(&local), &script, sizeof(script));
  return local;
}

// Scopes the user opened, innermost last; closing out of order is refused.
enum class ScopeKind { kHandle, kEscapable, kEnv };

struct ScopeRecord {
  void* scope;
  ScopeKind kind;
  void (*destroy)(JSVM_VM vm, void* scope);
};

// Handle scopes live in fixed-size slots that a VM recycles (opening a scope is
// on every hot path; malloc is not).
constexpr size_t kScopeSlotSize = 64;

}  // namespace jsvm

// ---------------------------------------------------------------------------
// The VM: one isolate, its platform registration and, for snapshotting VMs,
// the SnapshotCreator that owns it.
// ---------------------------------------------------------------------------
struct JSVM_VM__ {
  v8::Isolate* isolate = nullptr;
  std::unique_ptr<v8::ArrayBuffer::Allocator> allocator;
  std::unique_ptr<jsvm::PlatformDelegate> delegate;

  // Snapshotting VMs run on a creator; restored VMs keep the V8 payload alive.
  std::unique_ptr<v8::SnapshotCreator> creator;
  bool snapshot_taken = false;
  jsvm::PayloadCopy snapshot_payload;
  v8::StartupData startup_data{nullptr, 0};
  uint32_t snapshot_context_count = 0;

  // Native callback structs used by functions of a snapshotting VM: each must be
  // an external reference for V8 to serialise it.
  std::unordered_set<const void*> native_callbacks;

  std::unordered_set<JSVM_Env> envs;
  std::vector<jsvm::ScopeRecord> scopes;
  std::vector<void*> free_scope_slots;  // kScopeSlotSize bytes each
  int vm_scope_depth = 0;
  int env_scope_depth = 0;  // env scopes open (each has its context entered)
  int callback_depth = 0;  // native callbacks running on this VM
  JSVM_Env callback_env = nullptr;  // the env the last native callback ran in (a cache)
  // Most VMs hold a single env all their life; every function then belongs to it.
  uint64_t envs_created = 0;
  JSVM_Env first_env = nullptr;  // while it lives
  int js_depth = 0;        // RunScript/CallFunction frames running on this VM

  size_t max_old_generation_size = 0;
  bool heap_limit_reached = false;

  JSVM_VM__() = default;
  JSVM_VM__(const JSVM_VM__&) = delete;
  JSVM_VM__& operator=(const JSVM_VM__&) = delete;
  ~JSVM_VM__();  // vm/vm.cc
};

// ---------------------------------------------------------------------------
// The environment: one context, its last error and pending exception.
// ---------------------------------------------------------------------------
struct JSVM_Env__ {
  JSVM_Env__(JSVM_VM vm_in, v8::Local<v8::Context> context_in);
  ~JSVM_Env__();

  // The context as a Local without making a handle: a strong Global's slot
  // stays put while it is set, so it can be read as a Local (Node-API does the
  // same). Valid while the env lives and has not been serialised.
  v8::Local<v8::Context> context() const {
    static_assert(sizeof(v8::Local<v8::Context>) == sizeof(v8::Global<v8::Context>), "a Global is one slot");
    v8::Local<v8::Context> local;
    std::memcpy(static_cast<void*>(&local), static_cast<const void*>(&context_persistent), sizeof(local));
    return local;
  }

  JSVM_VM vm;
  v8::Isolate* isolate;
  v8::Global<v8::Context> context_persistent;
  v8::Global<v8::Value> last_exception;

  JSVM_ExtendedErrorInfo last_error{nullptr, nullptr, 0, JSVM_OK};
  std::string error_detail;

  void* instance_data = nullptr;
  JSVM_Finalize instance_finalize = nullptr;
  void* instance_hint = nullptr;

  // Native finalizers still to run (wraps, externals, AddFinalizer), references
  // not deleted yet, and classes defined here: all released by DestroyEnv.
  std::unordered_set<jsvm::Finalizer*> finalizers;
  std::unordered_set<JSVM_Ref> refs;
  std::unordered_set<JSVM_Deferred> deferreds;  // not settled yet
  std::list<std::unique_ptr<jsvm::ClassRecord>> classes;
};

// A counted reference: strong while the count is above zero, weak at zero
// (objects, functions, symbols); other values are released at zero.
struct JSVM_Ref__ {
  JSVM_Env env;
  v8::Global<v8::Data> handle;
  uint32_t count;
  bool is_data;     // made by CreateDataReference
  bool can_be_weak; // objects, functions and symbols
};

struct JSVM_Deferred__ {
  v8::Global<v8::Promise::Resolver> resolver;
};

namespace jsvm {

// ---------------------------------------------------------------------------
// Status reporting (common/status.cc).
// ---------------------------------------------------------------------------
JSVM_Status SetLastError(JSVM_Env env, JSVM_Status status, const char* detail = nullptr);
JSVM_Status SetLastError(JSVM_Env env, JSVM_Status status, const std::string& detail);
inline JSVM_Status ClearLastError(JSVM_Env env) {
  env->last_error.errorCode = JSVM_OK;
  env->last_error.errorMessage = nullptr;
  env->last_error.engineErrorCode = 0;
  env->last_error.engineReserved = nullptr;
  return JSVM_OK;
}
// For functions without an env (VM level): the calling thread's last error,
// returned by OH_JSVM_GetLastErrorInfo(NULL, ...).
JSVM_Status SetThreadError(JSVM_Status status, const char* detail = nullptr);
JSVM_Status SetThreadError(JSVM_Status status, const std::string& detail);
JSVM_Status NotImplemented(JSVM_Env env, const char* function);

// The isolate the innermost VM scope entered on this thread: a cache of V8's
// current isolate that costs one load (V8's own answer needs a call). Set and
// restored by VM scopes (vm/vm.cc); initial-exec so no TLS lookup call is made.
extern __thread v8::Isolate* t_entered_isolate __attribute__((tls_model("initial-exec")));

// Whether `isolate` is entered on this thread: the cache first, V8 otherwise
// (the runtime also enters isolates outside VM scopes, e.g. in DestroyVM).
inline bool IsEnteredHere(v8::Isolate* isolate) {
  return t_entered_isolate == isolate || v8::Isolate::TryGetCurrent() == isolate;
}

// Env readiness: the env is alive, its VM is entered on this thread and a
// handle scope is open. Returns JSVM_OK or the recorded failure. The check is
// inline (it runs on every call); the reporting is not.
JSVM_Status ReportEnvNotReady(JSVM_Env env);
inline JSVM_Status CheckEnvReady(JSVM_Env env) {
  JSVM_VM vm = env->vm;
  if (__builtin_expect(!env->context_persistent.IsEmpty() && IsEnteredHere(env->isolate) &&
                           (vm->callback_depth != 0 || !vm->scopes.empty()),
                       1)) {
    return JSVM_OK;
  }
  return ReportEnvNotReady(env);
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

// A TryCatch that parks what JS threw on the env as its pending exception.
class TryCatch : public v8::TryCatch {
 public:
  explicit TryCatch(JSVM_Env env) : v8::TryCatch(env->isolate), env_(env) {}
  ~TryCatch() {
    if (HasCaught() && !HasTerminated()) env_->last_exception.Reset(env_->isolate, Exception());
  }

 private:
  JSVM_Env env_;
};

// Counts JS frames entered from native code so that a heap-limit termination
// can be cancelled once the outermost one has unwound.
class JsFrame {
 public:
  explicit JsFrame(JSVM_VM vm) : vm_(vm) { ++vm_->js_depth; }
  ~JsFrame() { --vm_->js_depth; }

 private:
  JSVM_VM vm_;
};

// After a failed run: reports termination (heap limit) or a pending exception.
JSVM_Status ReportRunFailure(JSVM_Env env, v8::TryCatch& try_catch);

// ---------------------------------------------------------------------------
// Shared helpers.
// ---------------------------------------------------------------------------
JSVM_Env EnvFromContext(v8::Local<v8::Context> context);
// The env a native callback (or property handler) runs in: that of the current
// context, found without a lookup where the VM makes it unambiguous.
JSVM_Env CurrentCallbackEnv(v8::Isolate* isolate);
// The env is alive and its VM entered on this thread (opening scopes needs no more).
JSVM_Status CheckEnvEntered(JSVM_Env env);
v8::Local<v8::Context> NewEnvContext(JSVM_VM vm);
// Defines descriptors on an object (CreateEnv's global today, classes later).
JSVM_Status DefineProperties(JSVM_Env env, v8::Local<v8::Object> target, size_t count,
                             const JSVM_PropertyDescriptor* properties);
// Makes a JS function that calls `cb` through the shared trampoline.
v8::MaybeLocal<v8::Function> NewNativeFunction(JSVM_Env env, JSVM_Callback cb, v8::Local<v8::String> name,
                                               int length = 0);
void NativeCallbackTrampoline(const v8::FunctionCallbackInfo<v8::Value>& info);
JSVM_Status NameFromDescriptor(JSVM_Env env, const JSVM_PropertyDescriptor& p, v8::Local<v8::Name>* result);

// The external reference table: our internal entries first, then the user's.
const intptr_t* ExternalReferences();
bool IsExternalReference(const void* address);
uint64_t ExternalReferenceFingerprint();
// One description per entry of the table (library:symbol+offset), as blobs record them.
const std::vector<std::string>& ExternalReferenceNames();
bool IsInitialized();

// Releases what an env holds (runs the instance-data finalizer).
void TearDownEnv(JSVM_Env env);
// Drops every V8 handle an env holds (CreateSnapshot: V8 refuses to serialise
// with live global handles). The env can only be destroyed afterwards.
void ReleaseEnvHandles(JSVM_Env env);

// ---------------------------------------------------------------------------
// Native finalizers (references/finalizers.cc): a callback that runs once, when
// the object it watches is collected or when its env is destroyed.
// ---------------------------------------------------------------------------
struct Finalizer {
  JSVM_Env env;
  JSVM_Finalize callback;
  void* data;
  void* hint;
  v8::Global<v8::Value> target;  // weak
};
// Watches `target`; `callback` may be null (then it only tracks the data).
Finalizer* AddFinalizer(JSVM_Env env, v8::Local<v8::Value> target, JSVM_Finalize callback, void* data, void* hint);
// Forgets a finalizer without running it.
void CancelFinalizer(Finalizer* finalizer);
// Runs (once) and forgets a finalizer.
void RunFinalizer(Finalizer* finalizer);
// Runs a user callback with the env usable from it (handle scope, context).
void CallIntoEnv(JSVM_Env env, const std::function<void()>& call);

JSVM_Status NewReference(JSVM_Env env, v8::Local<v8::Data> value, bool is_data, bool can_be_weak, uint32_t count,
                         JSVM_Ref* result);
void DeleteReference(JSVM_Ref ref);

// Per-isolate private keys used by the runtime.
v8::Local<v8::Private> WrapKey(v8::Isolate* isolate);
v8::Local<v8::Private> TypeTagKey(v8::Isolate* isolate);

// ---------------------------------------------------------------------------
// Classes (functions/classes.cc).
// ---------------------------------------------------------------------------
struct ClassRecord {
  v8::Global<v8::FunctionTemplate> tpl;
  v8::Global<v8::Function> function;
  // Property handlers (interceptors), if any.
  bool has_handlers = false;
  JSVM_PropertyHandlerConfigurationStruct handlers{};
  v8::Global<v8::Value> named_data;
  v8::Global<v8::Value> indexed_data;
};

// The callback info of a running native callback.
struct CallbackInfo {
  const v8::FunctionCallbackInfo<v8::Value>* info;
  void* data;
};

}  // namespace jsvm

// ---------------------------------------------------------------------------
// Argument checks. Each returns from the calling function with the status it
// records, so a check reads as the rule it enforces.
// ---------------------------------------------------------------------------
#define JSVM_RETURN_STATUS_IF_FALSE(env, condition, status) \
  do {                                                      \
    if (!(condition)) return ::jsvm::SetLastError((env), (status)); \
  } while (0)

#define JSVM_RETURN_STATUS_IF_FALSE_MSG(env, condition, status, message) \
  do {                                                                   \
    if (!(condition)) return ::jsvm::SetLastError((env), (status), (message)); \
  } while (0)

#define JSVM_RETURN_IF_NOT_OK(expr)          \
  do {                                       \
    JSVM_Status status_ = (expr);            \
    if (status_ != JSVM_OK) return status_;  \
  } while (0)

// A null env cannot carry an error: the thread's last error (read with
// OH_JSVM_GetLastErrorInfo(NULL, ...)) says what happened.
#define CHECK_ENV(env)                                                       \
  do {                                                                       \
    if ((env) == nullptr) return ::jsvm::SetThreadError(JSVM_INVALID_ARG, "env is NULL"); \
  } while (0)

#define CHECK_ARG(env, arg) JSVM_RETURN_STATUS_IF_FALSE((env), ((arg) != nullptr), JSVM_INVALID_ARG)

// The env exists, is usable on this thread, and any previous error is cleared.
#define CHECK_ENV_READY(env)                            \
  CHECK_ENV(env);                                       \
  JSVM_RETURN_IF_NOT_OK(::jsvm::CheckEnvReady(env));    \
  ::jsvm::ClearLastError(env)

// For calls that may run JS: refuses while an exception is pending, enters the
// env's context if needed and catches what JS throws.
#define JSVM_PREAMBLE(env)                                                                        \
  CHECK_ENV(env);                                                                                 \
  JSVM_RETURN_IF_NOT_OK(::jsvm::CheckEnvReady(env));                                              \
  JSVM_RETURN_STATUS_IF_FALSE((env), (env)->last_exception.IsEmpty(), JSVM_PENDING_EXCEPTION);    \
  ::jsvm::ClearLastError(env);                                                                    \
  ::jsvm::ContextGuard context_guard_(env);                                                       \
  ::jsvm::TryCatch try_catch(env)

#define CHECK_MAYBE_EMPTY(env, maybe, status) JSVM_RETURN_STATUS_IF_FALSE((env), !((maybe).IsEmpty()), (status))

// Converts a JSVM_Value to a v8 object, or fails with JSVM_OBJECT_EXPECTED.
#define CHECK_TO_OBJECT(env, context, result, src)                                         \
  do {                                                                                     \
    CHECK_ARG((env), (src));                                                               \
    v8::Local<v8::Value> value_ = ::jsvm::ToV8(src);                                       \
    JSVM_RETURN_STATUS_IF_FALSE((env), !value_->IsNullOrUndefined(), JSVM_OBJECT_EXPECTED); \
    if (value_->IsObject()) {                                                              \
      (result) = value_.As<v8::Object>();                                                  \
    } else {                                                                               \
      auto maybe_ = value_->ToObject((context));                                           \
      CHECK_MAYBE_EMPTY((env), maybe_, JSVM_OBJECT_EXPECTED);                              \
      (result) = maybe_.ToLocalChecked();                                                  \
    }                                                                                      \
  } while (0)

// Stops every C++ exception at the C boundary.
#define JSVM_CATCH_ALL(env)                                                               \
  catch (const std::bad_alloc&) {                                                         \
    return ::jsvm::SetLastError((env), JSVM_GENERIC_FAILURE, "out of native memory");    \
  }                                                                                       \
  catch (...) {                                                                           \
    return ::jsvm::SetLastError((env), JSVM_GENERIC_FAILURE, "internal C++ exception");  \
  }

#endif  // JSVM_DESKTOP_INTERNAL_H
