// Scenarios: the entry discipline (stale and made-up handles for every
// function, the order of the entry checks) and the scopes it relies on.
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "harness.h"

namespace harness {
namespace {

bool AllZero(const unsigned char* bytes, size_t size) {
  for (size_t i = 0; i < size; ++i) {
    if (bytes[i] != 0) return false;
  }
  return true;
}

// Made-up handles point at the start of blocks this big (more than an env or VM
// struct), so that a call that wrongly follows one writes inside the block.
constexpr size_t kBlockSize = 16384;

// Calls every function of kStaleCalls with the handle `mode` names:
//   destroyed  an env and its VM, both destroyed
//   reused     the same, then another VM with 100 envs (left open while calling)
//   address    0x1000
//   stack      the start of a zeroed block on the stack
//   heap       the start of a zeroed malloc'ed block
//   null       NULL
// Each call is reported on stderr, before ("stale call: <index> <name>") and
// after ("stale outcome: <index> <status> <wrote into the argument buffer>
// <wrote through the handle> <thread's last error>"): after a crash the last
// call names the culprit, and the spec goes on from the next index (info[1]).
void StaleCalls(const Napi::CallbackInfo& info, Report& out) {
  std::string mode = info[0].As<Napi::String>();
  size_t start = info.Length() > 1 ? info[1].As<Napi::Number>().Uint32Value() : 0;
  alignas(64) unsigned char stack_block[kBlockSize] = {};
  auto* heap_block = static_cast<unsigned char*>(std::calloc(1, kBlockSize));
  JSVM_Env env = nullptr;
  JSVM_VM vm = nullptr;
  JSVM_VM later_vm = nullptr;
  JSVM_VMScope later_scope = nullptr;
  std::vector<JSVM_Env> later_envs;
  if (mode == "destroyed" || mode == "reused") {
    OH_JSVM_CreateVM(nullptr, &vm);
    OH_JSVM_CreateEnv(vm, 0, nullptr, &env);
    out.Set("destroyEnv", Last(nullptr, OH_JSVM_DestroyEnv(env)));
    out.Set("destroyVM", Last(nullptr, OH_JSVM_DestroyVM(vm)));
  }
  if (mode == "reused") {
    OH_JSVM_CreateVM(nullptr, &later_vm);
    OH_JSVM_OpenVMScope(later_vm, &later_scope);
    for (int i = 0; i < 100; ++i) {
      JSVM_Env later = nullptr;
      if (OH_JSVM_CreateEnv(later_vm, 0, nullptr, &later) == JSVM_OK) later_envs.push_back(later);
    }
    out.Set("laterEnvs", static_cast<double>(later_envs.size()));
    bool distinct = true;
    for (JSVM_Env later : later_envs) distinct = distinct && later != env;
    out.Set("laterEnvsDistinct", distinct);
  }
  unsigned char* block = mode == "stack" ? stack_block : mode == "heap" ? heap_block : nullptr;
  if (mode == "address") block = reinterpret_cast<unsigned char*>(0x1000);
  if (block != nullptr) {
    env = reinterpret_cast<JSVM_Env>(block);
    vm = reinterpret_cast<JSVM_VM>(block);
  }

  std::memset(g_stale_arg_buffer, 0, kStaleArgBufferSize);
  for (size_t i = start; i < kStaleCallCount; ++i) {
    const StaleCall& call = kStaleCalls[i];
    std::fprintf(stderr, "stale call: %zu %s\n", i, call.name);
    std::fflush(stderr);
    OH_JSVM_CreateVM(nullptr, nullptr);  // the thread's last error is now "result is NULL"
    Outcome outcome = Last(nullptr, call.call(env, vm));
    bool touched = !AllZero(g_stale_arg_buffer, kStaleArgBufferSize);
    bool wrote = (block == stack_block || block == heap_block) && !AllZero(block, kBlockSize);
    std::memset(g_stale_arg_buffer, 0, kStaleArgBufferSize);
    if (wrote) std::memset(block, 0, kBlockSize);
    std::fprintf(stderr, "stale outcome: %zu %d %d %d %s\n", i, outcome.status, touched, wrote,
                 outcome.message.c_str());
  }
  std::fprintf(stderr, "stale call: done\n");
  std::vector<std::string> vm_functions;
  for (size_t i = 0; i < kStaleCallCount; ++i) {
    if (kStaleCalls[i].takes_vm) vm_functions.push_back(kStaleCalls[i].name);
  }
  out.Set("count", static_cast<double>(kStaleCallCount));
  out.Set("vmFunctions", vm_functions);
  std::free(heap_block);

  if (later_vm != nullptr) {
    // The later envs are intact.
    JSVM_EnvScope env_scope = nullptr;
    OH_JSVM_OpenEnvScope(later_envs.back(), &env_scope);
    out.Set("laterEnvWorks", EvalIn(later_envs.back(), "6 * 7"));
    OH_JSVM_CloseEnvScope(later_envs.back(), env_scope);
    int destroyed = 0;
    for (JSVM_Env later : later_envs) destroyed += OH_JSVM_DestroyEnv(later) == JSVM_OK;
    out.Set("laterEnvsDestroyed", destroyed);
    out.Set("laterCloseScope", Last(nullptr, OH_JSVM_CloseVMScope(later_vm, later_scope)));
    out.Set("laterDestroyVM", Last(nullptr, OH_JSVM_DestroyVM(later_vm)));
  }
}

// The order of the entry checks: handle, NULL arguments, state, pending exception.
void EntryOrder(const Napi::CallbackInfo& info, Report& out) {
  JSVM_VM dead_vm = nullptr;
  JSVM_Env dead_env = nullptr;
  OH_JSVM_CreateVM(nullptr, &dead_vm);
  OH_JSVM_CreateEnv(dead_vm, 0, nullptr, &dead_env);
  OH_JSVM_DestroyEnv(dead_env);
  OH_JSVM_DestroyVM(dead_vm);
  out.Set("deadEnvNullResult", Last(nullptr, OH_JSVM_CreateInt32(dead_env, 1, nullptr)));
  out.Set("deadVMNullResult", Last(nullptr, OH_JSVM_OpenVMScope(dead_vm, nullptr)));

  // A live env whose VM is not entered: the NULL is reported, not the state.
  JSVM_VM vm = nullptr;
  JSVM_Env env = nullptr;
  OH_JSVM_CreateVM(nullptr, &vm);
  OH_JSVM_CreateEnv(vm, 0, nullptr, &env);
  out.Set("nullResultNotEntered", Last(env, OH_JSVM_CreateInt32(env, 1, nullptr)));
  JSVM_Value value = nullptr;
  out.Set("notEntered", Last(env, OH_JSVM_CreateInt32(env, 1, &value)));
  out.Set("liveVMNullResult", Last(nullptr, OH_JSVM_OpenVMScope(vm, nullptr)));

  JSVM_VMScope vm_scope = nullptr;
  OH_JSVM_OpenVMScope(vm, &vm_scope);
  out.Set("nullResultNoScope", Last(env, OH_JSVM_CreateInt32(env, 1, nullptr)));
  out.Set("noScope", Last(env, OH_JSVM_CreateInt32(env, 1, &value)));
  JSVM_EnvScope env_scope = nullptr;
  OH_JSVM_OpenEnvScope(env, &env_scope);
  // The first NULL among several is the one named.
  out.Set("firstNullNamed", Last(env, OH_JSVM_StrictEquals(env, nullptr, nullptr, nullptr)));

  // With an exception pending, a NULL argument is still INVALID_ARG; then
  // the exception is reported, and it is still there.
  OH_JSVM_CreateInt32(env, 5, &value);
  OH_JSVM_ThrowError(env, nullptr, "pending");
  out.Set("nullResultPending", Last(env, OH_JSVM_CoerceToString(env, value, nullptr)));
  JSVM_Value text = nullptr;
  out.Set("pending", Last(env, OH_JSVM_CoerceToString(env, value, &text)));
  out.Set("pendingException", TakeException(env));
  OH_JSVM_CloseEnvScope(env, env_scope);
  OH_JSVM_CloseVMScope(vm, vm_scope);
  OH_JSVM_DestroyEnv(env);
  OH_JSVM_DestroyVM(vm);
}

// An escapable handle scope opened with only a VM scope around it.
void EscapableInVMScope(const Napi::CallbackInfo& info, Report& out) {
  JSVM_VM vm = nullptr;
  JSVM_Env env = nullptr;
  OH_JSVM_CreateVM(nullptr, &vm);
  OH_JSVM_CreateEnv(vm, 0, nullptr, &env);
  JSVM_VMScope vm_scope = nullptr;
  out.Set("openVMScope", Last(nullptr, OH_JSVM_OpenVMScope(vm, &vm_scope)));
  JSVM_EscapableHandleScope escapable = nullptr;
  out.Set("openEscapable", Last(env, OH_JSVM_OpenEscapableHandleScope(env, &escapable)));
  JSVM_Value inside = nullptr, escaped = nullptr, nested_value = nullptr;
  out.Set("createInside", Last(env, OH_JSVM_CreateStringUtf8(env, "made inside", JSVM_AUTO_LENGTH, &inside)));
  JSVM_HandleScope nested = nullptr;
  out.Set("openNested", Last(env, OH_JSVM_OpenHandleScope(env, &nested)));
  out.Set("createNested", Last(env, OH_JSVM_CreateInt32(env, 7, &nested_value)));
  out.Set("nestedValue", StringOf(env, nested_value));
  out.Set("closeNested", Last(env, OH_JSVM_CloseHandleScope(env, nested)));
  out.Set("escape", Last(env, OH_JSVM_EscapeHandle(env, escapable, inside, &escaped)));
  out.Set("escapedValue", StringOf(env, escaped));
  out.Set("runInside", EvalIn(env, "[1, 2, 3].join('+')"));
  out.Set("closeEscapable", Last(env, OH_JSVM_CloseEscapableHandleScope(env, escapable)));
  // Scopes still open and close normally afterwards.
  JSVM_HandleScope after = nullptr;
  out.Set("openAfter", Last(env, OH_JSVM_OpenHandleScope(env, &after)));
  out.Set("runAfter", EvalIn(env, "'after'.toUpperCase()"));
  out.Set("closeAfter", Last(env, OH_JSVM_CloseHandleScope(env, after)));
  out.Set("closeVMScope", Last(nullptr, OH_JSVM_CloseVMScope(vm, vm_scope)));
  out.Set("destroyEnv", Last(nullptr, OH_JSVM_DestroyEnv(env)));
  out.Set("destroyVM", Last(nullptr, OH_JSVM_DestroyVM(vm)));
}

// Evaluates `source` in `env` inside an env scope of its own.
std::string EvalInEnvScope(JSVM_Env env, const char* source) {
  JSVM_EnvScope scope = nullptr;
  if (OH_JSVM_OpenEnvScope(env, &scope) != JSVM_OK) return "<no env scope>";
  std::string result = EvalIn(env, source);
  OH_JSVM_CloseEnvScope(env, scope);
  return result;
}

// A VM scope of `outer`, then one of `inner` (another VM or the same): closing
// them out of order, through the wrong VM or with a made-up scope is refused
// and breaks nothing; then they close in order. Outcomes are named prefix + step.
void NestedVMScopes(Report& out, const std::string& prefix, JSVM_VM outer, JSVM_Env outer_env, JSVM_VM inner,
                    JSVM_Env inner_env) {
  JSVM_VMScope outer_scope = nullptr, inner_scope = nullptr;
  out.Set(prefix + "OpenOuter", Last(nullptr, OH_JSVM_OpenVMScope(outer, &outer_scope)));
  out.Set(prefix + "OpenInner", Last(nullptr, OH_JSVM_OpenVMScope(inner, &inner_scope)));
  out.Set(prefix + "CloseOuterFirst", Last(nullptr, OH_JSVM_CloseVMScope(outer, outer_scope)));
  out.Set(prefix + "InnerRuns", EvalInEnvScope(inner_env, "'inner:' + (2 + 2)"));
  if (outer != inner) {
    out.Set(prefix + "CloseOuterThroughInnerVM", Last(nullptr, OH_JSVM_CloseVMScope(inner, outer_scope)));
    out.Set(prefix + "CloseInnerThroughOuterVM", Last(nullptr, OH_JSVM_CloseVMScope(outer, inner_scope)));
  }
  out.Set(prefix + "CloseMadeUp", Last(nullptr, OH_JSVM_CloseVMScope(inner, reinterpret_cast<JSVM_VMScope>(0x1000))));
  out.Set(prefix + "CloseInner", Last(nullptr, OH_JSVM_CloseVMScope(inner, inner_scope)));
  out.Set(prefix + "OuterRuns", EvalInEnvScope(outer_env, "'outer:' + (3 + 3)"));
  out.Set(prefix + "CloseOuter", Last(nullptr, OH_JSVM_CloseVMScope(outer, outer_scope)));
  out.Set(prefix + "CloseOuterAgain", Last(nullptr, OH_JSVM_CloseVMScope(outer, outer_scope)));
}

// VM scopes of one or two VMs, closed in and out of order.
void VMScopeOrder(const Napi::CallbackInfo& info, Report& out) {
  JSVM_VM vm1 = nullptr, vm2 = nullptr;
  JSVM_Env env1 = nullptr, env2 = nullptr;
  OH_JSVM_CreateVM(nullptr, &vm1);
  OH_JSVM_CreateVM(nullptr, &vm2);
  OH_JSVM_CreateEnv(vm1, 0, nullptr, &env1);
  OH_JSVM_CreateEnv(vm2, 0, nullptr, &env2);
  NestedVMScopes(out, "twoVMs", vm1, env1, vm2, env2);
  NestedVMScopes(out, "oneVM", vm1, env1, vm1, env1);

  // A single scope closed through the other VM, then through its own.
  JSVM_VMScope only = nullptr;
  out.Set("openOnly", Last(nullptr, OH_JSVM_OpenVMScope(vm1, &only)));
  out.Set("closeOnlyWithVM2", Last(nullptr, OH_JSVM_CloseVMScope(vm2, only)));
  out.Set("closeOnlyMadeUp", Last(nullptr, OH_JSVM_CloseVMScope(vm1, reinterpret_cast<JSVM_VMScope>(&only))));
  out.Set("closeOnly", Last(nullptr, OH_JSVM_CloseVMScope(vm1, only)));

  // Both VMs are still whole.
  JSVM_VMScope again = nullptr;
  OH_JSVM_OpenVMScope(vm1, &again);
  out.Set("vm1Afterwards", EvalInEnvScope(env1, "'vm1 ok'"));
  OH_JSVM_CloseVMScope(vm1, again);
  OH_JSVM_OpenVMScope(vm2, &again);
  out.Set("vm2Afterwards", EvalInEnvScope(env2, "'vm2 ok'"));
  OH_JSVM_CloseVMScope(vm2, again);
  out.Set("destroyEnv1", Last(nullptr, OH_JSVM_DestroyEnv(env1)));
  out.Set("destroyEnv2", Last(nullptr, OH_JSVM_DestroyEnv(env2)));
  out.Set("destroyVM1", Last(nullptr, OH_JSVM_DestroyVM(vm1)));
  out.Set("destroyVM2", Last(nullptr, OH_JSVM_DestroyVM(vm2)));
}

}  // namespace

void RegisterEntry(Napi::Env env, Napi::Object exports) {
  exports.Set("staleCalls", Scenario(env, StaleCalls));
  exports.Set("entryOrder", Scenario(env, EntryOrder));
  exports.Set("escapableInVMScope", Scenario(env, EscapableInVMScope));
  exports.Set("vmScopeOrder", Scenario(env, VMScopeOrder));
}

}  // namespace harness
