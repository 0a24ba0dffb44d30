// The device's scope tolerance: env calls on a VM entered under another one,
// scopes closed out of order, scopes left open at CloseVMScope, DestroyEnv and
// DestroyVM (README, "Scope tolerance").
#include <string>

#include "harness.h"

namespace harness {
namespace {

// A VM with one env, nothing open.
struct Bare {
  Bare() {
    OH_JSVM_CreateVM(nullptr, &vm);
    OH_JSVM_CreateEnv(vm, 0, nullptr, &env);
  }
  JSVM_VM vm = nullptr;
  JSVM_Env env = nullptr;
};

std::string Int32Of(JSVM_Env env, int32_t n) {
  JSVM_Value value;
  JSVM_Status status = OH_JSVM_CreateInt32(env, n, &value);
  if (status != JSVM_OK) return "<status " + std::to_string(status) + ">";
  int32_t back = 0;
  OH_JSVM_GetValueInt32(env, value, &back);
  return std::to_string(back);
}

// Env calls on VM A while VM B's scope is the thread's innermost.
void NotInnermost(const Napi::CallbackInfo& info, Report& out) {
  Bare a, b;
  JSVM_VMScope a_vm, b_vm;
  JSVM_EnvScope a_env, b_env;
  OH_JSVM_OpenVMScope(a.vm, &a_vm);
  OH_JSVM_OpenEnvScope(a.env, &a_env);
  EvalIn(a.env, "globalThis.tag = 'A'");
  OH_JSVM_OpenVMScope(b.vm, &b_vm);
  OH_JSVM_OpenEnvScope(b.env, &b_env);
  EvalIn(b.env, "globalThis.tag = 'B'");

  out.Set("valueInA", Int32Of(a.env, 11));
  out.Set("evalInA", EvalIn(a.env, "tag + (6 * 7)"));
  JSVM_HandleScope a_handles;
  out.Set("handleScopeOnA", Last(a.env, OH_JSVM_OpenHandleScope(a.env, &a_handles)));
  JSVM_Value object;
  out.Set("objectInA", Last(a.env, OH_JSVM_CreateObject(a.env, &object)));
  out.Set("objectInARead", StringOf(a.env, object));
  out.Set("closeHandleScopeOnA", Last(a.env, OH_JSVM_CloseHandleScope(a.env, a_handles)));
  out.Set("evalInB", EvalIn(b.env, "tag + (6 * 7)"));

  OH_JSVM_CloseEnvScope(b.env, b_env);
  out.Set("closeVMScopeB", Last(nullptr, OH_JSVM_CloseVMScope(b.vm, b_vm)));
  out.Set("evalInAAfter", EvalIn(a.env, "tag"));
  OH_JSVM_CloseEnvScope(a.env, a_env);
  out.Set("closeVMScopeA", Last(nullptr, OH_JSVM_CloseVMScope(a.vm, a_vm)));
  out.Set("valueInANotEntered", Last(a.env, OH_JSVM_CreateInt32(a.env, 1, &object)));
  OH_JSVM_DestroyEnv(b.env);
  OH_JSVM_DestroyVM(b.vm);
  OH_JSVM_DestroyEnv(a.env);
  OH_JSVM_DestroyVM(a.vm);
}

// Closing an outer scope first closes those opened inside it.
void OutOfOrder(const Napi::CallbackInfo& info, Report& out) {
  Bare a;
  JSVM_VMScope vm_scope;
  OH_JSVM_OpenVMScope(a.vm, &vm_scope);
  JSVM_EnvScope env_scope;
  OH_JSVM_OpenEnvScope(a.env, &env_scope);
  JSVM_HandleScope handles;
  OH_JSVM_OpenHandleScope(a.env, &handles);
  JSVM_EscapableHandleScope escapable;
  OH_JSVM_OpenEscapableHandleScope(a.env, &escapable);
  out.Set("closeEnvScopeFirst", Last(a.env, OH_JSVM_CloseEnvScope(a.env, env_scope)));
  JSVM_Value value;
  out.Set("valueAfter", Last(a.env, OH_JSVM_CreateInt32(a.env, 1, &value)));
  out.Set("closeEscapable", Last(a.env, OH_JSVM_CloseEscapableHandleScope(a.env, escapable)));
  out.Set("closeHandles", Last(a.env, OH_JSVM_CloseHandleScope(a.env, handles)));
  out.Set("closeHandlesAgain", Last(a.env, OH_JSVM_CloseHandleScope(a.env, handles)));
  out.Set("closeEnvScopeAgain", Last(a.env, OH_JSVM_CloseEnvScope(a.env, env_scope)));
  // A handle scope closed as an escapable one (or the reverse) is still refused.
  OH_JSVM_OpenHandleScope(a.env, &handles);
  out.Set("closeHandleAsEscapable",
          Last(a.env, OH_JSVM_CloseEscapableHandleScope(a.env, reinterpret_cast<JSVM_EscapableHandleScope>(handles))));
  out.Set("closeHandlesInOrder", Last(a.env, OH_JSVM_CloseHandleScope(a.env, handles)));
  out.Set("closeVMScope", Last(nullptr, OH_JSVM_CloseVMScope(a.vm, vm_scope)));
  out.Set("destroyEnv", Last(nullptr, OH_JSVM_DestroyEnv(a.env)));
  out.Set("destroyVM", Last(nullptr, OH_JSVM_DestroyVM(a.vm)));
}

// CloseVMScope with an env scope and a handle scope still open inside it.
void CloseVMScopeWithScopesOpen(const Napi::CallbackInfo& info, Report& out) {
  Bare a;
  JSVM_VMScope vm_scope;
  OH_JSVM_OpenVMScope(a.vm, &vm_scope);
  JSVM_EnvScope env_scope;
  OH_JSVM_OpenEnvScope(a.env, &env_scope);
  JSVM_HandleScope handles;
  OH_JSVM_OpenHandleScope(a.env, &handles);
  out.Set("closeVMScope", Last(nullptr, OH_JSVM_CloseVMScope(a.vm, vm_scope)));
  out.Set("closeHandles", Last(a.env, OH_JSVM_CloseHandleScope(a.env, handles)));
  out.Set("closeEnvScope", Last(a.env, OH_JSVM_CloseEnvScope(a.env, env_scope)));
  JSVM_Value value;
  out.Set("valueAfter", Last(a.env, OH_JSVM_CreateInt32(a.env, 1, &value)));
  // The VM is usable again from a new VM scope.
  OH_JSVM_OpenVMScope(a.vm, &vm_scope);
  OH_JSVM_OpenEnvScope(a.env, &env_scope);
  out.Set("evalAgain", EvalIn(a.env, "'again ' + (1 + 1)"));
  OH_JSVM_CloseEnvScope(a.env, env_scope);
  OH_JSVM_CloseVMScope(a.vm, vm_scope);
  out.Set("destroyEnv", Last(nullptr, OH_JSVM_DestroyEnv(a.env)));
  out.Set("destroyVM", Last(nullptr, OH_JSVM_DestroyVM(a.vm)));
}

// DestroyEnv with its env scope (and a handle scope inside) still open.
void DestroyEnvWithScopeOpen(const Napi::CallbackInfo& info, Report& out) {
  Bare a;
  JSVM_Env second;
  OH_JSVM_CreateEnv(a.vm, 0, nullptr, &second);
  JSVM_VMScope vm_scope;
  OH_JSVM_OpenVMScope(a.vm, &vm_scope);
  JSVM_EnvScope env_scope;
  OH_JSVM_OpenEnvScope(a.env, &env_scope);
  JSVM_HandleScope handles;
  OH_JSVM_OpenHandleScope(a.env, &handles);
  out.Set("destroyEnv", Last(nullptr, OH_JSVM_DestroyEnv(a.env)));
  // The handle scope belongs to the VM: the other env closes it, as closed.
  out.Set("closeHandlesThroughSecond", Last(second, OH_JSVM_CloseHandleScope(second, handles)));
  out.Set("closeEnvScopeOfDestroyed", Last(nullptr, OH_JSVM_CloseEnvScope(a.env, env_scope)));
  JSVM_EnvScope second_scope;
  OH_JSVM_OpenEnvScope(second, &second_scope);
  out.Set("evalInSecond", EvalIn(second, "'second ' + typeof globalThis"));
  OH_JSVM_CloseEnvScope(second, second_scope);
  out.Set("closeVMScope", Last(nullptr, OH_JSVM_CloseVMScope(a.vm, vm_scope)));
  OH_JSVM_DestroyEnv(second);
  out.Set("destroyVM", Last(nullptr, OH_JSVM_DestroyVM(a.vm)));
}

// DestroyVM with two VM scopes, an env scope and a handle scope still open.
void DestroyVMWithScopesOpen(const Napi::CallbackInfo& info, Report& out) {
  Bare a;
  JSVM_VMScope outer, inner;
  OH_JSVM_OpenVMScope(a.vm, &outer);
  OH_JSVM_OpenVMScope(a.vm, &inner);
  JSVM_EnvScope env_scope;
  OH_JSVM_OpenEnvScope(a.env, &env_scope);
  JSVM_HandleScope handles;
  OH_JSVM_OpenHandleScope(a.env, &handles);
  EvalIn(a.env, "globalThis.x = 1");
  out.Set("destroyVM", Last(nullptr, OH_JSVM_DestroyVM(a.vm)));
  out.Set("closeVMScopeOfDestroyed", Last(nullptr, OH_JSVM_CloseVMScope(a.vm, inner)));
  out.Set("destroyEnvOfDestroyed", Last(nullptr, OH_JSVM_DestroyEnv(a.env)));
  // The thread is as it was: a new VM works.
  Bare b;
  JSVM_VMScope b_scope;
  OH_JSVM_OpenVMScope(b.vm, &b_scope);
  JSVM_EnvScope b_env;
  OH_JSVM_OpenEnvScope(b.env, &b_env);
  out.Set("evalInNewVM", EvalIn(b.env, "typeof x + ' ' + (2 + 3)"));
  OH_JSVM_CloseEnvScope(b.env, b_env);
  OH_JSVM_CloseVMScope(b.vm, b_scope);
  OH_JSVM_DestroyEnv(b.env);
  out.Set("destroyNewVM", Last(nullptr, OH_JSVM_DestroyVM(b.vm)));
}

// DestroyVM whose VM scope is open under another VM's: refused until that closes.
void DestroyVMUnderAnother(const Napi::CallbackInfo& info, Report& out) {
  Bare a, b;
  JSVM_VMScope a_scope, b_scope;
  OH_JSVM_OpenVMScope(a.vm, &a_scope);
  OH_JSVM_OpenVMScope(b.vm, &b_scope);
  out.Set("destroyUnder", Last(nullptr, OH_JSVM_DestroyVM(a.vm)));
  out.Set("closeB", Last(nullptr, OH_JSVM_CloseVMScope(b.vm, b_scope)));
  out.Set("destroyA", Last(nullptr, OH_JSVM_DestroyVM(a.vm)));
  OH_JSVM_DestroyEnv(b.env);
  out.Set("destroyB", Last(nullptr, OH_JSVM_DestroyVM(b.vm)));
}

// An env scope that entered its VM itself cannot close under another VM's scope.
void ImplicitEntryUnderAnother(const Napi::CallbackInfo& info, Report& out) {
  Bare a, b;
  JSVM_EnvScope a_env;
  out.Set("openImplicit", Last(a.env, OH_JSVM_OpenEnvScope(a.env, &a_env)));
  JSVM_VMScope b_scope;
  OH_JSVM_OpenVMScope(b.vm, &b_scope);
  out.Set("valueInA", Int32Of(a.env, 5));
  out.Set("closeImplicitUnder", Last(a.env, OH_JSVM_CloseEnvScope(a.env, a_env)));
  out.Set("closeB", Last(nullptr, OH_JSVM_CloseVMScope(b.vm, b_scope)));
  out.Set("closeImplicit", Last(a.env, OH_JSVM_CloseEnvScope(a.env, a_env)));
  OH_JSVM_DestroyEnv(a.env);
  OH_JSVM_DestroyVM(a.vm);
  OH_JSVM_DestroyEnv(b.env);
  OH_JSVM_DestroyVM(b.vm);
}

// A native callback may not close a scope opened outside it.
JSVM_HandleScope g_outer_scope = nullptr;
JSVM_Status g_closed_from_callback = JSVM_OK;
std::string g_closed_message;
JSVM_Value CloseOuter(JSVM_Env env, JSVM_CallbackInfo info) {
  Outcome outcome = Last(env, OH_JSVM_CloseHandleScope(env, g_outer_scope));
  g_closed_from_callback = outcome.status;
  g_closed_message = outcome.message;
  return nullptr;
}
JSVM_CallbackStruct kCloseOuter = {CloseOuter, nullptr};

void CloseFromCallback(const Napi::CallbackInfo& info, Report& out) {
  JSVM_VM vm;
  OH_JSVM_CreateVM(nullptr, &vm);
  JSVM_PropertyDescriptor props[] = {{"closeOuter", nullptr, &kCloseOuter, nullptr, nullptr, nullptr, JSVM_DEFAULT}};
  JSVM_Env env;
  OH_JSVM_CreateEnv(vm, 1, props, &env);
  JSVM_VMScope vm_scope;
  OH_JSVM_OpenVMScope(vm, &vm_scope);
  JSVM_EnvScope env_scope;
  OH_JSVM_OpenEnvScope(env, &env_scope);
  OH_JSVM_OpenHandleScope(env, &g_outer_scope);
  out.Set("call", EvalIn(env, "closeOuter(); 'returned'"));
  out.Set("closedFromCallback", Outcome{g_closed_from_callback, g_closed_message});
  out.Set("closeOuterAfter", Last(env, OH_JSVM_CloseHandleScope(env, g_outer_scope)));
  OH_JSVM_CloseEnvScope(env, env_scope);
  OH_JSVM_CloseVMScope(vm, vm_scope);
  OH_JSVM_DestroyEnv(env);
  OH_JSVM_DestroyVM(vm);
}

}  // namespace

void RegisterScopeTolerance(Napi::Env env, Napi::Object exports) {
  exports.Set("toleranceNotInnermost", Scenario(env, NotInnermost));
  exports.Set("toleranceOutOfOrder", Scenario(env, OutOfOrder));
  exports.Set("toleranceCloseVMScope", Scenario(env, CloseVMScopeWithScopesOpen));
  exports.Set("toleranceDestroyEnv", Scenario(env, DestroyEnvWithScopeOpen));
  exports.Set("toleranceDestroyVM", Scenario(env, DestroyVMWithScopesOpen));
  exports.Set("toleranceDestroyVMUnderAnother", Scenario(env, DestroyVMUnderAnother));
  exports.Set("toleranceImplicitEntryUnderAnother", Scenario(env, ImplicitEntryUnderAnother));
  exports.Set("toleranceCloseFromCallback", Scenario(env, CloseFromCallback));
}

}  // namespace harness
