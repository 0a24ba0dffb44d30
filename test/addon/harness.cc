#include "harness.h"

#include <algorithm>
#include <cstdlib>
#include <stdexcept>
#include <vector>

namespace harness {

int g_counter = 0;

namespace {

JSVM_Value MakeString(JSVM_Env env, const std::string& text) {
  JSVM_Value value = nullptr;
  OH_JSVM_CreateStringUtf8(env, text.c_str(), text.size(), &value);
  return value;
}

JSVM_Value Hello(JSVM_Env env, JSVM_CallbackInfo info) { return MakeString(env, "Hello world!"); }

JSVM_Value Add(JSVM_Env env, JSVM_CallbackInfo info) {
  size_t argc = 2;
  JSVM_Value argv[2];
  OH_JSVM_GetCbInfo(env, info, &argc, argv, nullptr, nullptr);
  double a = 0, b = 0;
  if (OH_JSVM_GetValueDouble(env, argv[0], &a) != JSVM_OK || OH_JSVM_GetValueDouble(env, argv[1], &b) != JSVM_OK) {
    OH_JSVM_ThrowTypeError(env, nullptr, "add() takes two numbers");
    return nullptr;
  }
  JSVM_Value sum;
  OH_JSVM_CreateDouble(env, a + b, &sum);
  return sum;
}

JSVM_Value ThrowType(JSVM_Env env, JSVM_CallbackInfo info) {
  OH_JSVM_ThrowTypeError(env, "ERR_BAD", "bad input");
  return nullptr;
}

JSVM_Value ThrowCpp(JSVM_Env env, JSVM_CallbackInfo info) { throw std::runtime_error("boom from C++"); }

const char* TypeName(JSVM_ValueType type) {
  static const char* names[] = {"undefined", "null",   "boolean",  "number",   "string",
                                "symbol",    "object", "function", "external", "bigint"};
  return type >= 0 && type <= JSVM_BIGINT ? names[type] : "?";
}

JSVM_Value Describe(JSVM_Env env, JSVM_CallbackInfo info) {
  size_t argc = 0;
  JSVM_Value self = nullptr;
  void* data = nullptr;
  OH_JSVM_GetCbInfo(env, info, &argc, nullptr, &self, &data);
  JSVM_ValueType type;
  OH_JSVM_Typeof(env, self, &type);
  return MakeString(env, std::to_string(argc) + "|" + TypeName(type) + "|" +
                             (data != nullptr ? static_cast<const char*>(data) : "null"));
}

JSVM_Value CallArg(JSVM_Env env, JSVM_CallbackInfo info) {
  size_t argc = 2;
  JSVM_Value argv[2];
  JSVM_Value self;
  OH_JSVM_GetCbInfo(env, info, &argc, argv, &self, nullptr);
  JSVM_Value result = nullptr;
  // A throw inside f stays pending and propagates when we return.
  OH_JSVM_CallFunction(env, self, argv[0], 1, &argv[1], &result);
  return result;
}

JSVM_Value CounterGet(JSVM_Env env, JSVM_CallbackInfo info) {
  JSVM_Value value;
  OH_JSVM_CreateInt32(env, g_counter, &value);
  return value;
}

JSVM_Value CounterSet(JSVM_Env env, JSVM_CallbackInfo info) {
  size_t argc = 1;
  JSVM_Value arg;
  OH_JSVM_GetCbInfo(env, info, &argc, &arg, nullptr, nullptr);
  OH_JSVM_GetValueInt32(env, arg, &g_counter);
  return nullptr;
}

char kDescribeData[] = "described";

}  // namespace

JSVM_CallbackStruct kHello = {Hello, nullptr};
JSVM_CallbackStruct kAdd = {Add, nullptr};
JSVM_CallbackStruct kThrowType = {ThrowType, nullptr};
JSVM_CallbackStruct kThrowCpp = {ThrowCpp, nullptr};
JSVM_CallbackStruct kDescribe = {Describe, kDescribeData};
JSVM_CallbackStruct kCallArg = {CallArg, nullptr};
JSVM_CallbackStruct kCounterGet = {CounterGet, nullptr};
JSVM_CallbackStruct kCounterSet = {CounterSet, nullptr};
JSVM_CallbackStruct kUnregistered = {Hello, nullptr};

Outcome Last(JSVM_Env env, JSVM_Status status) {
  const JSVM_ExtendedErrorInfo* info = nullptr;
  OH_JSVM_GetLastErrorInfo(env, &info);
  return {status, info != nullptr && info->errorMessage != nullptr ? info->errorMessage : ""};
}

Napi::Object ToJs(Napi::Env napi, const Outcome& outcome) {
  Napi::Object out = Napi::Object::New(napi);
  out.Set("status", static_cast<double>(outcome.status));
  out.Set("message", outcome.message);
  return out;
}

void Report::Set(const std::string& name, const std::vector<std::string>& value) {
  Napi::Array array = Napi::Array::New(napi_, value.size());
  for (size_t i = 0; i < value.size(); ++i) array.Set(static_cast<uint32_t>(i), value[i]);
  object_.Set(name, array);
}

Napi::Function Scenario(Napi::Env env, ScenarioBody body) {
  return Napi::Function::New(env, [body](const Napi::CallbackInfo& info) -> Napi::Value {
    Report out(info.Env());
    body(info, out);
    return out.ToJs();
  });
}

std::string StringOf(JSVM_Env env, JSVM_Value value) {
  JSVM_Value text;
  if (OH_JSVM_CoerceToString(env, value, &text) != JSVM_OK) return "<not printable>";
  size_t length = 0;
  OH_JSVM_GetValueStringUtf8(env, text, nullptr, 0, &length);
  std::string out(length, '\0');
  OH_JSVM_GetValueStringUtf8(env, text, out.data(), length + 1, &length);
  return out;
}

std::string TakeException(JSVM_Env env) {
  bool pending = false;
  OH_JSVM_IsExceptionPending(env, &pending);
  if (!pending) return "";
  JSVM_Value error;
  OH_JSVM_GetAndClearLastException(env, &error);
  return StringOf(env, error);
}

void SetThrown(Report& out, JSVM_Env env, const std::string& name, JSVM_Status status, const char* suffix,
               TakeFn take) {
  out.Set(name, Last(env, status));  // before `take`, which makes calls of its own
  out.Set(name + suffix, take(env));
}

std::string EvalIn(JSVM_Env env, const char* source) {
  JSVM_Value code = nullptr;
  JSVM_Script script = nullptr;
  JSVM_Value result = nullptr;
  // Each step only after the one before it worked: a refused CreateStringUtf8
  // is the outcome (the compile of a NULL source would answer for it instead).
  JSVM_Status status = OH_JSVM_CreateStringUtf8(env, source, JSVM_AUTO_LENGTH, &code);
  if (status == JSVM_OK) status = OH_JSVM_CompileScript(env, code, nullptr, 0, false, nullptr, &script);
  if (status == JSVM_OK) status = OH_JSVM_RunScript(env, script, &result);
  if (status != JSVM_OK) {
    std::string message = Last(env, status).message;
    std::string exception = TakeException(env);
    return "<status " + std::to_string(status) + ">: " + (exception.empty() ? message : exception);
  }
  return StringOf(env, result);
}

Session::Session(const JSVM_CreateVMOptions* options, size_t count, const JSVM_PropertyDescriptor* properties) {
  if (OH_JSVM_CreateVM(options, &vm) != JSVM_OK) return;
  OH_JSVM_OpenVMScope(vm, &vm_scope);
  if (OH_JSVM_CreateEnv(vm, count, properties, &env) != JSVM_OK) {
    env = nullptr;
    return;
  }
  OH_JSVM_OpenEnvScope(env, &env_scope);
}

Session::~Session() { Destroy(); }

JSVM_Status Session::Destroy() {
  JSVM_Status first = JSVM_OK;
  auto step = [&first](JSVM_Status status) {
    if (first == JSVM_OK) first = status;
  };
  if (env_scope != nullptr) step(OH_JSVM_CloseEnvScope(env, env_scope));
  if (env != nullptr) step(OH_JSVM_DestroyEnv(env));
  if (vm_scope != nullptr) step(OH_JSVM_CloseVMScope(vm, vm_scope));
  if (vm != nullptr) step(OH_JSVM_DestroyVM(vm));
  env_scope = nullptr;
  env = nullptr;
  vm_scope = nullptr;
  vm = nullptr;
  return first;
}

std::string Session::Eval(const char* source) { return EvalIn(env, source); }

JSVM_Status Session::Run(const char* source, JSVM_Value* result) {
  JSVM_Value code;
  JSVM_Script script;
  OH_JSVM_CreateStringUtf8(env, source, JSVM_AUTO_LENGTH, &code);
  JSVM_Status status = OH_JSVM_CompileScript(env, code, nullptr, 0, false, nullptr, &script);
  if (status != JSVM_OK) return status;
  return OH_JSVM_RunScript(env, script, result);
}

JSVM_Value Session::Str(const char* text) { return MakeString(env, text); }

std::string Session::ToString(JSVM_Value value) { return StringOf(env, value); }

}  // namespace harness

namespace {

const intptr_t kExternalReferences[] = {
    reinterpret_cast<intptr_t>(&harness::kHello),      reinterpret_cast<intptr_t>(&harness::kAdd),
    reinterpret_cast<intptr_t>(&harness::kThrowType),  reinterpret_cast<intptr_t>(&harness::kThrowCpp),
    reinterpret_cast<intptr_t>(&harness::kDescribe),   reinterpret_cast<intptr_t>(&harness::kCallArg),
    reinterpret_cast<intptr_t>(&harness::kCounterGet), reinterpret_cast<intptr_t>(&harness::kCounterSet),
    0,  // JSVM_TEST_EXTRA_REFERENCE=1 puts kUnregistered here: another table
    0,
};

harness::Outcome g_init{JSVM_GENERIC_FAILURE, "not called"};
bool g_init_called = false;
char* g_argv[5] = {};  // what OH_JSVM_Init got (and, with removeFlags, left)
int g_argc = 0;

// OH_JSVM_Init once per process, on first load (in any thread). The
// environment can skip it (to test CreateVM before Init) or change the table.
void InitOnce() {
  if (g_init_called) return;
  g_init_called = true;
  const char* skip = std::getenv("JSVM_TEST_SKIP_INIT");
  if (skip != nullptr && std::string(skip) == "1") return;
  static intptr_t refs[sizeof(kExternalReferences) / sizeof(intptr_t)];
  std::copy(std::begin(kExternalReferences), std::end(kExternalReferences), refs);
  const char* extra = std::getenv("JSVM_TEST_EXTRA_REFERENCE");
  if (extra != nullptr && std::string(extra) == "1") refs[8] = reinterpret_cast<intptr_t>(&harness::kUnregistered);
  const char* swap = std::getenv("JSVM_TEST_SWAP_REFERENCES");  // [add, hello, ...]: the same entries, reordered
  if (swap != nullptr && std::string(swap) == "1") std::swap(refs[0], refs[1]);
  static char arg0[] = "jsvm_test";
  static char arg1[] = "--stack-size=900";
  static char arg2[] = "--expose-gc";  // gc() in envs: the finalizer specs force collections
  g_argv[0] = arg0;
  g_argv[1] = arg1;
  g_argv[2] = arg2;
  g_argc = 3;
  // JSVM_TEST_INIT_ARG=<one more argv entry>, e.g. --jsvm-profile=api20;
  // JSVM_TEST_REMOVE_FLAGS=1 sets removeFlags (the spec reads argc back).
  static std::string extra_arg;
  const char* more = std::getenv("JSVM_TEST_INIT_ARG");
  if (more != nullptr && *more != '\0') {
    extra_arg = more;
    g_argv[g_argc++] = extra_arg.data();
  }
  const char* remove = std::getenv("JSVM_TEST_REMOVE_FLAGS");
  JSVM_InitOptions options{refs, &g_argc, g_argv, remove != nullptr && std::string(remove) == "1"};
  JSVM_Status status = OH_JSVM_Init(&options);
  g_init = harness::Last(nullptr, status);
}

void InitResult(const Napi::CallbackInfo& info, harness::Report& out) {
  out.Set("status", static_cast<double>(g_init.status));
  out.Set("message", g_init.message);
  std::vector<std::string> args;
  for (int i = 0; i < g_argc; ++i) args.push_back(g_argv[i] != nullptr ? g_argv[i] : "<null>");
  out.Set("argv", args);
}

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  InitOnce();
  exports.Set("initResult", harness::Scenario(env, InitResult));
  harness::RegisterLifecycle(env, exports);
  harness::RegisterValues(env, exports);
  harness::RegisterErrors(env, exports);
  harness::RegisterSnapshots(env, exports);
  harness::RegisterHilog(env, exports);
  harness::RegisterTypes(env, exports);
  harness::RegisterObjects(env, exports);
  harness::RegisterBuffers(env, exports);
  harness::RegisterClasses(env, exports);
  harness::RegisterMemory(env, exports);
  harness::RegisterEntry(env, exports);
  harness::RegisterLimits(env, exports);
  harness::RegisterServiceEdges(env, exports);
  harness::RegisterStreamReentry(env, exports);
  harness::RegisterEdgeInputs(env, exports);
  harness::RegisterSnapshotScopes(env, exports);
  harness::RegisterDeviceStatus(env, exports);
  harness::RegisterInspector(env, exports);
  harness::RegisterRuntimeServicesLoop(env, exports);
  harness::RegisterCodeCache(env, exports);
  harness::RegisterNapiInVM(env, exports);
  harness::RegisterScopeTolerance(env, exports);
  harness::RegisterLocksGc(env, exports);
  harness::RegisterWasm(env, exports);
  harness::RegisterScopeCheck(env, exports);
  harness::RegisterProfiler(env, exports);
  return exports;
}

}  // namespace

NODE_API_MODULE(jsvm_test, Init)
