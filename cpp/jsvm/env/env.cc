// Environments: OH_JSVM_CreateEnv, OH_JSVM_DestroyEnv, env scopes, instance data.
#include <algorithm>
#include <new>
#include <optional>

#include "common/internal.h"
#include "inspector/agent.h"
#include "vm/engine_profile.h"

using jsvm::SetLastError;
using jsvm::SetThreadError;

namespace jsvm {
HandleArena<kEnvSlotSize, kEnvCapacity> g_env_arena;
}  // namespace jsvm

void* JSVM_Env__::operator new(size_t size) { return jsvm::g_env_arena.Allocate(size); }
void JSVM_Env__::operator delete(void* p) { jsvm::g_env_arena.Release(p); }

JSVM_Env__::JSVM_Env__(JSVM_VM vm_in, v8::Local<v8::Context> context_in)
    : vm(vm_in), isolate(vm_in->isolate), context_persistent(vm_in->isolate, context_in) {
  context_in->SetAlignedPointerInEmbedderData(jsvm::kEnvSlot, this);
  vm->envs.insert(this);
  if (++vm->envs_created == 1) vm->first_env = this;
}

JSVM_Env__::~JSVM_Env__() {
  // The context may outlive the env (a function made here can be held by
  // another env): it must stop pointing at us. Callers hold the VM's lock.
  if (!context_persistent.IsEmpty()) {
    v8::Isolate::Scope isolate_scope(isolate);
    v8::HandleScope handles(isolate);
    context()->SetAlignedPointerInEmbedderData(jsvm::kEnvSlot, nullptr);
  }
  if (vm->callback_env == this) vm->callback_env = nullptr;
  if (vm->first_env == this) vm->first_env = nullptr;
  last_exception.Reset();
  context_persistent.Reset();
  vm->envs.erase(this);
}

namespace jsvm {
namespace {

// An env scope: a handle scope plus the env's context entered (and the VM's
// lock and entry, when the VM was not the thread's current isolate: the
// device enters the VM for it, until the env scope closes).
struct EnvScope {
  explicit EnvScope(JSVM_Env env_in)
      : env(env_in),
        vm_entry(NeedsImplicitEntry(env_in->isolate) ? std::make_unique<IsolateEntry>(env_in->isolate) : nullptr),
        handles(env_in->isolate),
        context(env_in->context()) {
    ++env->vm->env_scope_depth;
  }
  ~EnvScope() { --env->vm->env_scope_depth; }
  JSVM_Env env;
  std::unique_ptr<IsolateEntry> vm_entry;  // constructed first, destroyed last
  v8::HandleScope handles;
  v8::Context::Scope context;
};

// Enters a VM for the length of a VM-level call that needs it.
struct VMEntry {
  explicit VMEntry(JSVM_VM vm) : entry(vm->isolate), handles(vm->isolate) {}
  IsolateEntry entry;
  v8::HandleScope handles;
};

JSVM_Status CheckVMUsable(JSVM_VM vm) {
  if (vm->snapshot_taken) {
    return SetThreadError(JSVM_GENERIC_FAILURE, "this VM was serialised by OH_JSVM_CreateSnapshot; only OH_JSVM_DestroyVM is allowed");
  }
  if (jsvm::InGCCallback(vm)) return SetThreadError(JSVM_GENERIC_FAILURE, jsvm::kInGCCallback);
  // A finalizer run by DestroyVM: an env made now would outlive its VM.
  if (vm->being_destroyed) {
    return SetThreadError(JSVM_GENERIC_FAILURE, "the VM is being destroyed (this is a finalizer run by OH_JSVM_DestroyVM)");
  }
  return JSVM_OK;
}

JSVM_Status Finish(JSVM_Env env, JSVM_Status status, JSVM_Env* result) {
  if (status != JSVM_OK) {
    std::string message = env->last_error.errorMessage ? env->last_error.errorMessage : "";
    TearDownEnv(env);
    return SetThreadError(status, message);
  }
  *result = env;
  return SetThreadError(JSVM_OK);
}

}  // namespace

JSVM_Env EnvFromContext(v8::Local<v8::Context> context) {
  if (context.IsEmpty() || context->GetNumberOfEmbedderDataFields() <= static_cast<uint32_t>(kEnvSlot)) {
    return nullptr;
  }
  return static_cast<JSVM_Env>(context->GetAlignedPointerFromEmbedderData(kEnvSlot));
}

JSVM_Env CurrentCallbackEnv(v8::Isolate* isolate) {
  auto* vm = static_cast<JSVM_VM>(isolate->GetData(kVmDataSlot));
  if (vm == nullptr) return EnvFromContext(isolate->GetCurrentContext());
  // A VM that has only ever had one env: every function belongs to it.
  if (vm->envs_created == 1 && vm->first_env != nullptr) return vm->first_env;
  // Otherwise the env of the last callback, if its context is the current one.
  v8::Local<v8::Context> context = isolate->GetCurrentContext();
  JSVM_Env env = vm->callback_env;
  if (env == nullptr || env->context_persistent != context) {
    env = EnvFromContext(context);
    vm->callback_env = env;
  }
  return env;
}

v8::Local<v8::Context> NewEnvContext(JSVM_VM vm) {
  v8::Local<v8::Context> context = v8::Context::New(vm->isolate);
  if (!context.IsEmpty()) ApplyEngineProfile(context);  // --jsvm-profile / JSVM_PROFILE
  return context;
}

void ReleaseEnvHandles(JSVM_Env env) {
  env->tag = kSerializedEnvTag;  // every call but DestroyEnv refuses it from now on
  env->last_exception.Reset();
  env->stack_probe.Reset();
  env->context_persistent.Reset();
  for (JSVM_Ref ref : env->refs) ref->handle.Reset();
  for (JSVM_Deferred deferred : env->deferreds) deferred->resolver.Reset();
  env->classes.clear();
  ReleaseRetainedScripts(env);
}

void TearDownEnv(JSVM_Env env) {
  env->tearing_down = true;
  // Its debugger clients go first: they may be looking at what follows.
  inspector::Close(env);
  // Native finalizers first (each once), then instance data, then references.
  std::vector<Finalizer*> pending(env->finalizers.begin(), env->finalizers.end());
  {
    std::optional<IsolateEntry> isolate_scope;
    if (!pending.empty() && !env->context_persistent.IsEmpty()) isolate_scope.emplace(env->isolate);
    // A finalizer may cancel one listed after it (OH_JSVM_RemoveWrap, which
    // frees it): only those still registered are run, asked of the env.
    for (Finalizer* finalizer : pending) {
      if (env->finalizers.count(finalizer) != 0) RunFinalizer(finalizer);
    }
  }
  if (env->instance_finalize != nullptr) {
    JSVM_Finalize finalize = env->instance_finalize;
    env->instance_finalize = nullptr;
    std::optional<IsolateEntry> isolate_scope;
    if (!env->context_persistent.IsEmpty()) isolate_scope.emplace(env->isolate);
    CallIntoEnv(env, "the instance-data finalizer (OH_JSVM_SetInstanceData)",
                [&] { finalize(env, env->instance_data, env->instance_hint); });
  }
  std::vector<JSVM_Ref> refs(env->refs.begin(), env->refs.end());
  for (JSVM_Ref ref : refs) DeleteReference(ref);
  // Unsettled deferreds stay allocated (the caller may still hold them); their
  // promises are released.
  for (JSVM_Deferred deferred : env->deferreds) deferred->resolver.Reset();
  env->classes.clear();
  ReleaseRetainedScripts(env);
  env->stack_probe.Reset();
  delete env;
}

}  // namespace jsvm

JSVM_Status OH_JSVM_CreateEnv(JSVM_VM vm, size_t propertyCount, const JSVM_PropertyDescriptor* properties,
                              JSVM_Env* result) try {
  JSVM_ENTRY_VM(vm, result);
  if (propertyCount > 0 && properties == nullptr) {
    return SetThreadError(JSVM_INVALID_ARG, "properties is NULL but propertyCount is not 0");
  }
  JSVM_RETURN_IF_NOT_OK(jsvm::CheckVMUsable(vm));
  jsvm::VMEntry entry(vm);
  v8::Local<v8::Context> context = jsvm::NewEnvContext(vm);
  if (context.IsEmpty()) return SetThreadError(JSVM_GENERIC_FAILURE, "V8 could not create a context");
  JSVM_Env env = new JSVM_Env__(vm, context);
  v8::Context::Scope context_scope(context);
  JSVM_Status status = JSVM_OK;
  // The descriptors' values are another env's: of this VM, not of another.
  if (jsvm::SeveralVMs()) status = jsvm::CheckDescriptorValues(env, __func__, propertyCount, properties);
  if (status == JSVM_OK) {
    jsvm::CallbackScope depth(vm);  // lets DefineProperties create handles in our scope
    status = jsvm::DefineProperties(env, context->Global(), propertyCount, properties);
  }
  JSVM_Status finished = jsvm::Finish(env, status, result);
  if (finished == JSVM_OK) jsvm::inspector::AutoOpen(env);  // JSVM_INSPECT
  return finished;
} JSVM_EXIT_THREAD

JSVM_Status OH_JSVM_CreateEnvFromSnapshot(JSVM_VM vm, size_t index, JSVM_Env* result) try {
  JSVM_ENTRY_VM(vm, result);
  JSVM_RETURN_IF_NOT_OK(jsvm::CheckVMUsable(vm));
  if (vm->startup_data.data == nullptr) {
    return SetThreadError(JSVM_GENERIC_FAILURE, "this VM was not created from a snapshot blob");
  }
  if (index >= vm->snapshot_context_count) {
    return SetThreadError(JSVM_GENERIC_FAILURE, "snapshot index " + std::to_string(index) +
                                                    " is out of range: the blob holds " +
                                                    std::to_string(vm->snapshot_context_count) + " environments");
  }
  jsvm::VMEntry entry(vm);
  v8::Local<v8::Context> context;
  if (!v8::Context::FromSnapshot(vm->isolate, index).ToLocal(&context)) {
    return SetThreadError(JSVM_GENERIC_FAILURE, "V8 could not restore the environment from the snapshot");
  }
  jsvm::ApplyEngineProfile(context);  // a blob made without the profile still gets it
  *result = new JSVM_Env__(vm, context);
  jsvm::inspector::AutoOpen(*result);  // JSVM_INSPECT
  return SetThreadError(JSVM_OK);
} JSVM_EXIT_THREAD

JSVM_Status OH_JSVM_DestroyEnv(JSVM_Env env) try {
  // Touches the env and its VM; reports on the thread. A serialised env too.
  if (!jsvm::IsExistingEnv(env)) return jsvm::ReportDeadEnv(env);
  if (jsvm::InGCCallback(env->vm)) return SetThreadError(JSVM_GENERIC_FAILURE, jsvm::kInGCCallback);
  // A frame below us (a native callback, handler or finalizer of the env, a
  // call running JS in it) reads the env once we return to it.
  if (env->in_use > 0) {
    return SetThreadError(JSVM_GENERIC_FAILURE,
                          "the env is running a callback, finalizer or script (this call comes from inside it): "
                          "destroy the env after that returns");
  }
  JSVM_VM vm = env->vm;
  // The env's own env scopes still open close first, with the scopes opened
  // inside them (as the device lets it); their Close calls then return OK.
  for (size_t i = 0; i < vm->scopes.size(); ++i) {
    const jsvm::ScopeRecord& record = vm->scopes[i];
    if (record.kind == jsvm::ScopeKind::kEnv && static_cast<jsvm::EnvScope*>(record.scope)->env == env) {
      const char* why = jsvm::WhyScopesCannotClose(vm, i);
      if (why != nullptr) return SetThreadError(JSVM_HANDLE_SCOPE_MISMATCH, why);
      jsvm::CloseScopesFrom(vm, i, nullptr);
      break;
    }
  }
  if (v8::Isolate::TryGetCurrent() == vm->isolate) {
    jsvm::TearDownEnv(env);
  } else {
    v8::Locker locker(vm->isolate);
    jsvm::TearDownEnv(env);
  }
  return SetThreadError(JSVM_OK);
} JSVM_EXIT(env)

// With no VM scope of the env's VM open on this thread, the env scope enters
// the VM itself (as the device does) until it closes.
JSVM_Status OH_JSVM_OpenEnvScope(JSVM_Env env, JSVM_EnvScope* result) try {
  JSVM_ENTRY_LIVE_ENV(env, result);
  auto* scope = new jsvm::EnvScope(env);
  jsvm::ForgetAddressReused(env->vm, scope);
  try {
    jsvm::PushScope(env->vm, {scope, jsvm::ScopeKind::kEnv, scope->vm_entry != nullptr,
                              [](JSVM_VM, void* p) { delete static_cast<jsvm::EnvScope*>(p); }});
  } catch (...) {
    delete scope;
    throw;
  }
  *result = reinterpret_cast<JSVM_EnvScope>(scope);
  return jsvm::ClearLastError(env);
} JSVM_EXIT(env)

JSVM_Status OH_JSVM_CloseEnvScope(JSVM_Env env, JSVM_EnvScope scope) try {
  JSVM_ENTRY_ENV(env, scope);
  JSVM_VM vm = env->vm;
  if (jsvm::ForgetScopeClosedEarly(vm, scope)) return jsvm::ClearLastError(env);
  // Closing an env scope that is not the innermost closes those opened inside it too.
  long at = jsvm::FindScope(vm, scope);
  JSVM_RETURN_STATUS_IF_FALSE_MSG(env, at >= 0 && vm->scopes[at].kind == jsvm::ScopeKind::kEnv,
                                  JSVM_HANDLE_SCOPE_MISMATCH, "this is not an open env scope of the env's VM");
  JSVM_RETURN_IF_NOT_OK(jsvm::CheckCanCloseScopesFrom(env, static_cast<size_t>(at)));
  jsvm::CloseScopesFrom(vm, static_cast<size_t>(at), scope);
  return jsvm::ClearLastError(env);
} JSVM_EXIT(env)

JSVM_Status OH_JSVM_GetVM(JSVM_Env env, JSVM_VM* result) try {
  JSVM_ENTRY_ENV(env, result);
  *result = env->vm;
  return jsvm::ClearLastError(env);
} JSVM_EXIT(env)

JSVM_Status OH_JSVM_GetVersion(JSVM_Env env, uint32_t* result) try {
  JSVM_ENTRY_ENV(env, result);
  *result = jsvm::kDeviceJsvmVersion;  // as current devices answer; the header's JSVM_VERSION stays 8
  return jsvm::ClearLastError(env);
} JSVM_EXIT(env)

// Replacing the data does not finalize the old data (Node-API's contract).
JSVM_Status OH_JSVM_SetInstanceData(JSVM_Env env, void* data, JSVM_Finalize finalizeCb, void* finalizeHint) try {
  JSVM_ENTRY_ENV(env);
  env->instance_data = data;
  env->instance_finalize = finalizeCb;
  env->instance_hint = finalizeHint;
  return jsvm::ClearLastError(env);
} JSVM_EXIT(env)

JSVM_Status OH_JSVM_GetInstanceData(JSVM_Env env, void** data) try {
  JSVM_ENTRY_ENV(env, data);
  *data = env->instance_data;
  return jsvm::ClearLastError(env);
} JSVM_EXIT(env)
