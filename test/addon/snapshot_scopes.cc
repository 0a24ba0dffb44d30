// Snapshots taken the way the device's examples take them: with the VM, env
// and handle scopes still open, then every scope closed and everything
// destroyed after, each call checked.
#include <cstdlib>

#include "harness.h"

namespace harness {
namespace {

void SnapshotWithScopesOpen(const Napi::CallbackInfo& info, Report& out) {
  JSVM_CreateVMOptions options{};
  options.isForSnapshotting = true;
  JSVM_VM vm = nullptr;
  out.Set("createVM", Last(nullptr, OH_JSVM_CreateVM(&options, &vm)));
  JSVM_VMScope vm_scope = nullptr;
  out.Set("openVMScope", Last(nullptr, OH_JSVM_OpenVMScope(vm, &vm_scope)));
  JSVM_PropertyDescriptor props[] = {{"hello", nullptr, &kHello, nullptr, nullptr, nullptr, JSVM_DEFAULT}};
  JSVM_Env env = nullptr;
  out.Set("createEnv", Last(nullptr, OH_JSVM_CreateEnv(vm, 1, props, &env)));
  JSVM_EnvScope env_scope = nullptr;
  out.Set("openEnvScope", Last(env, OH_JSVM_OpenEnvScope(env, &env_scope)));
  JSVM_HandleScope handle_scope = nullptr;
  out.Set("openHandleScope", Last(env, OH_JSVM_OpenHandleScope(env, &handle_scope)));
  JSVM_EscapableHandleScope inner = nullptr;
  out.Set("openEscapable", Last(env, OH_JSVM_OpenEscapableHandleScope(env, &inner)));
  out.Set("setup", EvalIn(env, "globalThis.answer = 42; function greet() { return hello() + '!'; } 'ready'"));

  const char* blob = nullptr;
  size_t size = 0;
  out.Set("create", Last(nullptr, OH_JSVM_CreateSnapshot(vm, 1, &env, &blob, &size)));
  out.Set("blobSize", static_cast<double>(size));
  if (blob != nullptr) {
    out.Set("blob", Bytes{std::string(blob, size)});
    std::free(const_cast<char*>(blob));
  }
  // The caller goes on as if nothing had closed its scopes.
  out.Set("closeEscapable", Last(env, OH_JSVM_CloseEscapableHandleScope(env, inner)));
  out.Set("closeHandleScope", Last(env, OH_JSVM_CloseHandleScope(env, handle_scope)));
  out.Set("closeEnvScope", Last(env, OH_JSVM_CloseEnvScope(env, env_scope)));
  // Closed once: a second close of the same scope is a mismatch, not a crash.
  out.Set("closeEnvScopeAgain", Last(env, OH_JSVM_CloseEnvScope(env, env_scope)));
  out.Set("destroyEnv", Last(nullptr, OH_JSVM_DestroyEnv(env)));
  out.Set("closeVMScope", Last(nullptr, OH_JSVM_CloseVMScope(vm, vm_scope)));
  out.Set("destroyVM", Last(nullptr, OH_JSVM_DestroyVM(vm)));
}

}  // namespace

void RegisterSnapshotScopes(Napi::Env env, Napi::Object exports) {
  exports.Set("snapshotWithScopesOpen", Scenario(env, SnapshotWithScopesOpen));
}

}  // namespace harness
