// Node-API calls made while a JSVM VM scope is open and from inside JSVM
// callbacks, as device code makes them: the values are kept across GCs of
// both heaps and read back.
#include <cstdio>
#include <string>
#include <vector>

#include "harness.h"

namespace harness {
namespace {

// What the JSVM callbacks below need from the Node side.
struct NodeSide {
  napi_env napi = nullptr;
  std::vector<napi_ref> kept;  // one reference per object made
  napi_ref node_function = nullptr;  // a Node function JSVM code calls through Node-API
  int failures = 0;                  // napi statuses that were not napi_ok
};
NodeSide* g_side = nullptr;
JSVM_Env g_env = nullptr;  // the env jsvmFromNode() calls into

void Check(napi_status status) {
  if (status != napi_ok) ++g_side->failures;
}

// Makes {i, s: "v<i>", list: [i, i + 1]} with Node-API and keeps a reference to it.
void MakeKeptObject(int32_t i) {
  napi_env napi = g_side->napi;
  napi_value object, number, text, list, element;
  Check(napi_create_object(napi, &object));
  Check(napi_create_int32(napi, i, &number));
  Check(napi_set_named_property(napi, object, "i", number));
  std::string s = "v" + std::to_string(i);
  Check(napi_create_string_utf8(napi, s.c_str(), s.size(), &text));
  Check(napi_set_named_property(napi, object, "s", text));
  Check(napi_create_array_with_length(napi, 2, &list));
  for (uint32_t k = 0; k < 2; ++k) {
    Check(napi_create_int32(napi, i + static_cast<int32_t>(k), &element));
    Check(napi_set_element(napi, list, k, element));
  }
  Check(napi_set_named_property(napi, object, "list", list));
  napi_ref ref;
  Check(napi_create_reference(napi, object, 1, &ref));
  g_side->kept.push_back(ref);
}

// keep(i): a JSVM callback making a Node object with Node-API.
JSVM_Value Keep(JSVM_Env env, JSVM_CallbackInfo info) {
  size_t argc = 1;
  JSVM_Value argv[1];
  OH_JSVM_GetCbInfo(env, info, &argc, argv, nullptr, nullptr);
  int32_t i = 0;
  OH_JSVM_GetValueInt32(env, argv[0], &i);
  MakeKeptObject(i);
  return nullptr;
}
JSVM_CallbackStruct kKeep = {Keep, nullptr};

// callNode(x): a JSVM callback calling a Node function through Node-API (which
// may call back into the JSVM env: see JsvmFromNode) and returning its number.
JSVM_Value CallNode(JSVM_Env env, JSVM_CallbackInfo info) {
  size_t argc = 1;
  JSVM_Value argv[1];
  OH_JSVM_GetCbInfo(env, info, &argc, argv, nullptr, nullptr);
  int32_t x = 0;
  OH_JSVM_GetValueInt32(env, argv[0], &x);
  napi_env napi = g_side->napi;
  napi_value fn, arg, global, out;
  Check(napi_get_reference_value(napi, g_side->node_function, &fn));
  Check(napi_get_global(napi, &global));
  Check(napi_create_int32(napi, x, &arg));
  Check(napi_call_function(napi, global, fn, 1, &arg, &out));
  int32_t y = -1;
  Check(napi_get_value_int32(napi, out, &y));
  JSVM_Value result;
  OH_JSVM_CreateInt32(env, y, &result);
  return result;
}
JSVM_CallbackStruct kCallNode = {CallNode, nullptr};

// Reads every kept object back; the number that differ from what was made.
int CountDamaged(napi_env napi) {
  int damaged = 0;
  for (size_t i = 0; i < g_side->kept.size(); ++i) {
    napi_value object, number, text, list, element;
    int32_t value = -1, first = -1, second = -1;
    char buffer[32] = {0};
    size_t length = 0;
    bool ok = napi_get_reference_value(napi, g_side->kept[i], &object) == napi_ok && object != nullptr &&
              napi_get_named_property(napi, object, "i", &number) == napi_ok &&
              napi_get_value_int32(napi, number, &value) == napi_ok &&
              napi_get_named_property(napi, object, "s", &text) == napi_ok &&
              napi_get_value_string_utf8(napi, text, buffer, sizeof buffer, &length) == napi_ok &&
              napi_get_named_property(napi, object, "list", &list) == napi_ok &&
              napi_get_element(napi, list, 0, &element) == napi_ok &&
              napi_get_value_int32(napi, element, &first) == napi_ok &&
              napi_get_element(napi, list, 1, &element) == napi_ok &&
              napi_get_value_int32(napi, element, &second) == napi_ok;
    if (!ok || value != first || second != value + 1 || std::string(buffer, length) != "v" + std::to_string(value)) {
      ++damaged;
    }
  }
  return damaged;
}

// napiInsideVMScopes(count, nodeGc, nodeFunction): `count` objects made with
// Node-API while a VM scope (and an env scope) is open, `count` more from
// inside a JSVM callback, Node's and the VM's GCs run in between, a Node
// function called from JSVM code through Node-API; then all read back.
void NapiInsideVMScopes(const Napi::CallbackInfo& info, Report& out) {
  napi_env napi = info.Env();
  int32_t count = info[0].As<Napi::Number>().Int32Value();
  napi_value node_gc = info[1];
  NodeSide side;
  side.napi = napi;
  g_side = &side;
  napi_create_reference(napi, info[2], 1, &side.node_function);

  JSVM_VM vm;
  OH_JSVM_CreateVM(nullptr, &vm);
  JSVM_VMScope vm_scope;
  OH_JSVM_OpenVMScope(vm, &vm_scope);
  JSVM_PropertyDescriptor props[] = {
      {"keep", nullptr, &kKeep, nullptr, nullptr, nullptr, JSVM_DEFAULT},
      {"callNode", nullptr, &kCallNode, nullptr, nullptr, nullptr, JSVM_DEFAULT},
  };
  JSVM_Env env;
  OH_JSVM_CreateEnv(vm, 2, props, &env);
  g_env = env;
  JSVM_EnvScope env_scope;
  OH_JSVM_OpenEnvScope(env, &env_scope);

  napi_value global;
  napi_get_global(napi, &global);
  // 1. Straight from native code, the VM scope open; JSVM garbage in between.
  for (int32_t i = 0; i < count; ++i) {
    MakeKeptObject(i);
    if (i % 64 == 0) {
      JSVM_HandleScope scope;
      OH_JSVM_OpenHandleScope(env, &scope);
      EvalIn(env, "{ const junk = []; for (let k = 0; k < 2000; k++) junk.push({ k, s: 'x' + k }); }");
      OH_JSVM_CloseHandleScope(env, scope);
    }
    if (i % 4096 == 4095) {
      Check(napi_call_function(napi, global, node_gc, 0, nullptr, nullptr));
      OH_JSVM_MemoryPressureNotification(env, JSVM_MEMORY_PRESSURE_LEVEL_CRITICAL);
    }
  }
  // 2. From inside a JSVM callback, JS driving it.
  std::string loop = "for (let i = " + std::to_string(count) + "; i < " + std::to_string(2 * count) +
                     "; i++) { keep(i); if (i % 512 === 0) { const junk = []; for (let k = 0; k < 2000; k++) "
                     "junk.push([k]); } } 'done'";
  out.Set("callbackLoop", EvalIn(env, loop.c_str()));
  Check(napi_call_function(napi, global, node_gc, 0, nullptr, nullptr));
  // 3. JSVM code calling Node, whose function calls back into this env.
  out.Set("throughNode", EvalIn(env, "let sum = 0; for (let i = 0; i < 200; i++) sum += callNode(i); sum"));

  OH_JSVM_CloseEnvScope(env, env_scope);
  OH_JSVM_CloseVMScope(vm, vm_scope);
  g_env = nullptr;
  OH_JSVM_DestroyEnv(env);
  OH_JSVM_DestroyVM(vm);

  Check(napi_call_function(napi, global, node_gc, 0, nullptr, nullptr));
  out.Set("kept", static_cast<double>(side.kept.size()));
  out.Set("damaged", CountDamaged(napi));
  out.Set("napiFailures", side.failures);
  // Two of them, for JS to look at.
  napi_value first = nullptr, last = nullptr;
  napi_get_reference_value(napi, side.kept.front(), &first);
  napi_get_reference_value(napi, side.kept.back(), &last);
  for (napi_ref ref : side.kept) napi_delete_reference(napi, ref);
  napi_delete_reference(napi, side.node_function);
  g_side = nullptr;
  Napi::Object report = out.ToJs();
  report.Set("first", Napi::Value(info.Env(), first));
  report.Set("last", Napi::Value(info.Env(), last));
}

// jsvmFromNode(x): called by the Node function that JSVM code called through
// Node-API: runs JS in the env whose VM scope is open below Node's step.
Napi::Value JsvmFromNode(const Napi::CallbackInfo& info) {
  int32_t x = info[0].As<Napi::Number>().Int32Value();
  if (g_env == nullptr) return Napi::String::New(info.Env(), "no env");
  JSVM_Value arg, fn, global, result;
  JSVM_Status status = OH_JSVM_GetGlobal(g_env, &global);
  if (status == JSVM_OK) status = OH_JSVM_CreateInt32(g_env, x, &arg);
  std::string source = "(x) => x * 2";
  JSVM_Value code;
  JSVM_Script script;
  if (status == JSVM_OK) status = OH_JSVM_CreateStringUtf8(g_env, source.c_str(), source.size(), &code);
  if (status == JSVM_OK) status = OH_JSVM_CompileScript(g_env, code, nullptr, 0, false, nullptr, &script);
  if (status == JSVM_OK) status = OH_JSVM_RunScript(g_env, script, &fn);
  if (status == JSVM_OK) status = OH_JSVM_CallFunction(g_env, global, fn, 1, &arg, &result);
  int32_t doubled = -1;
  if (status == JSVM_OK) status = OH_JSVM_GetValueInt32(g_env, result, &doubled);
  if (status != JSVM_OK) return Napi::String::New(info.Env(), "status " + std::to_string(status));
  return Napi::Number::New(info.Env(), doubled);
}

}  // namespace

void RegisterNapiInVM(Napi::Env env, Napi::Object exports) {
  exports.Set("napiInsideVMScopes", Scenario(env, NapiInsideVMScopes));
  exports.Set("jsvmFromNode", Napi::Function::New(env, JsvmFromNode));
}

}  // namespace harness
