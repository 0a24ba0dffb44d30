// jsvm-desktop internals shared by every implementation file: the structs
// (vm/vm.h, env/env.h), status reporting (common/status.h), the entry
// discipline (common/entry.h), and the helpers below.
#ifndef JSVM_DESKTOP_INTERNAL_H
#define JSVM_DESKTOP_INTERNAL_H

#include <v8.h>

#include <cstring>
#include <functional>
#include <string>

#include "ark_runtime/jsvm.h"
#include "common/entry.h"
#include "common/status.h"
#include "common/v8_compat.h"
#include "common/values.h"
#include "env/env.h"
#include "vm/references.h"
#include "vm/vm.h"

namespace jsvm {

// What current devices answer to OH_JSVM_GetVersion and in
// OH_JSVM_GetVMInfo's apiVersion; the header's JSVM_VERSION macro stays 8
// (README, "Statuses aligned with the device").
constexpr uint32_t kDeviceJsvmVersion = 9;
constexpr uint32_t kDeviceVMInfoApiVersion = 1;

// ---------------------------------------------------------------------------
// Shared helpers.
// ---------------------------------------------------------------------------

// An enum argument's value as an int, read without loading it as the enum: a
// caller's value outside the enumeration is not one of its values (UBSan),
// and that is exactly the value a check must be able to refuse.
template <typename Enum>
inline int EnumArg(const Enum& value) {
  static_assert(sizeof(Enum) == sizeof(int), "JSVM enums are int-sized");
  int raw;
  std::memcpy(&raw, &value, sizeof(raw));
  return raw;
}
JSVM_Env EnvFromContext(v8::Local<v8::Context> context);
// The env a native callback (or property handler) runs in: that of the current
// context, found without a lookup where the VM makes it unambiguous.
JSVM_Env CurrentCallbackEnv(v8::Isolate* isolate);
v8::Local<v8::Context> NewEnvContext(JSVM_VM vm);
// Defines descriptors on an object (CreateEnv's global today, classes later).
JSVM_Status DefineProperties(JSVM_Env env, v8::Local<v8::Object> target, size_t count,
                             const JSVM_PropertyDescriptor* properties);
// Makes a JS function that calls `cb` through the shared trampoline.
v8::MaybeLocal<v8::Function> NewNativeFunction(JSVM_Env env, JSVM_Callback cb, v8::Local<v8::String> name,
                                               int length = 0);
void NativeCallbackTrampoline(const v8::FunctionCallbackInfo<v8::Value>& info);
v8::PropertyAttribute ToV8Attributes(JSVM_PropertyAttributes attributes, bool accessor);
JSVM_Status NameFromDescriptor(JSVM_Env env, const JSVM_PropertyDescriptor& p, v8::Local<v8::Name>* result);


// Releases what an env holds (runs the instance-data finalizer).
void TearDownEnv(JSVM_Env env);
// Drops every V8 handle an env holds (CreateSnapshot: V8 refuses to serialise
// with live global handles). The env can only be destroyed afterwards.
void ReleaseEnvHandles(JSVM_Env env);
// Releases the scripts the env retains (OH_JSVM_RetainScript), remembering
// their addresses in the VM as released ones (script/script.cc).
void ReleaseRetainedScripts(JSVM_Env env);
// Forgets the VM's private keys (objects/builtins.cc): before its isolate is
// disposed, and before a snapshot is written (V8 serialises with no global
// handle of ours alive; the VM makes no env after it).
void DropPrivateKeys(JSVM_VM vm);
// Whether `data`, while several VMs exist, is a private key or an object of
// another VM than the env's (objects/builtins.cc); false with one VM.
bool IsOtherVMsData(JSVM_Env env, JSVM_Data data);

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
// Runs a finalizer-like user callback with the env usable from it (handle
// scope, context); a C++ exception is logged as thrown by `who` and dropped.
void CallIntoEnv(JSVM_Env env, const char* who, const std::function<void()>& call);

JSVM_Status NewReference(JSVM_Env env, v8::Local<v8::Data> value, bool is_data, bool can_be_weak, uint32_t count,
                         JSVM_Ref* result);
void DeleteReference(JSVM_Ref ref);
// JSVM_INVALID_ARG unless `ref` is a live reference of an env of `env`'s VM.
JSVM_Status CheckLiveReference(JSVM_Env env, JSVM_Ref ref);

// The env of `env`'s VM that holds something the VM's envs share (a
// reference, a deferred, a retained script): `holds(owner)` is asked of `env`
// first, then of the VM's other envs; nullptr if none holds it.
template <typename Holds>
JSVM_Env EnvOfVMHolding(JSVM_Env env, Holds holds) {
  if (holds(env)) return env;
  for (JSVM_Env owner : env->vm->envs) {
    if (owner != env && holds(owner)) return owner;
  }
  return nullptr;
}

// Per-isolate private keys used by the runtime.
v8::Local<v8::Private> WrapKey(v8::Isolate* isolate);
v8::Local<v8::Private> TypeTagKey(v8::Isolate* isolate);

// ---------------------------------------------------------------------------
// Classes (functions/classes.cc).
// ---------------------------------------------------------------------------
struct ClassRecord {
  // Listed in vm->class_records while it lives.
  explicit ClassRecord(JSVM_VM owner);
  ~ClassRecord();
  ClassRecord(const ClassRecord&) = delete;
  ClassRecord& operator=(const ClassRecord&) = delete;
  JSVM_VM vm;
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
#endif  // JSVM_DESKTOP_INTERNAL_H
