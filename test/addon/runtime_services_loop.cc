// Scenarios: the VM's task loop and handlers. OH_JSVM_SetMicrotaskPolicy,
// OH_JSVM_PumpMessageLoop, OH_JSVM_SetHandlerForOOMError / FatalError /
// PromiseReject, OH_JSVM_SetDebugOption. See test/runtime-services-loop.spec.ts.
#include <v8.h>

#include <chrono>
#include <csetjmp>
#include <cstdio>
#include <cstring>
#include <stdexcept>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "harness.h"

namespace harness {
namespace {

// What the scenarios' JS logs through consoleinfo(text), as the docs' examples do.
std::vector<std::string> g_log;

JSVM_Value ConsoleInfo(JSVM_Env env, JSVM_CallbackInfo info) {
  size_t argc = 1;
  JSVM_Value args[1] = {nullptr};
  OH_JSVM_GetCbInfo(env, info, &argc, args, nullptr, nullptr);
  g_log.push_back(argc > 0 ? "JSVM API TEST: " + StringOf(env, args[0]) : "JSVM API TEST:");
  return nullptr;
}
JSVM_CallbackStruct kConsoleInfo = {ConsoleInfo, nullptr};
const JSVM_PropertyDescriptor kConsoleDescriptor[] = {
    {"consoleinfo", nullptr, &kConsoleInfo, nullptr, nullptr, nullptr, JSVM_DEFAULT},
};

bool GlobalBool(JSVM_Env env, const char* name) {
  JSVM_Value global = nullptr, value = nullptr;
  bool result = false;
  OH_JSVM_GetGlobal(env, &global);
  OH_JSVM_GetNamedProperty(env, global, name, &value);
  OH_JSVM_GetValueBool(env, value, &result);
  return result;
}

// A destroyed VM handle (its slot stays in the arena: the call must refuse it).
JSVM_VM DestroyedVM() {
  JSVM_VM vm = nullptr;
  OH_JSVM_CreateVM(nullptr, &vm);
  OH_JSVM_DestroyVM(vm);
  return vm;
}

// ---------------------------------------------------------------------------
// OH_JSVM_SetMicrotaskPolicy, as in the docs' example (use-jsvm-execute_tasks.md).
// ---------------------------------------------------------------------------
void MicrotaskPolicy(const Napi::CallbackInfo&, Report& out) {
  Session s;
  JSVM_Env env = s.env;
  const char* source = "evaluateMicrotask = false; Promise.resolve().then(() => { evaluateMicrotask = true; });";
  JSVM_Value result = nullptr;
  std::vector<std::string> log;
  out.Set("runDefault", Last(env, s.Run(source, &result)));
  log.push_back("Policy :JSVM_MICROTASK_AUTO, evaluateMicrotask : " + std::to_string(GlobalBool(env, "evaluateMicrotask")));

  out.Set("setExplicit", Last(nullptr, OH_JSVM_SetMicrotaskPolicy(s.vm, JSVM_MICROTASK_EXPLICIT)));
  out.Set("runExplicit", Last(env, s.Run(source, &result)));
  log.push_back("Policy :JSVM_MICROTASK_EXPLICIT, evaluateMicrotask before calling OH_JSVM_PerformMicrotaskCheckpoint: " +
                std::to_string(GlobalBool(env, "evaluateMicrotask")));
  // Nothing else runs the reaction: another script, a native resolve, a pump.
  s.Eval("1 + 1");
  JSVM_Deferred deferred = nullptr;
  JSVM_Value promise = nullptr, undefined = nullptr;
  OH_JSVM_CreatePromise(env, &deferred, &promise);
  JSVM_Value global = nullptr;
  OH_JSVM_GetGlobal(env, &global);
  OH_JSVM_SetNamedProperty(env, global, "nativePromise", promise);
  s.Eval("nativeSettled = false; nativePromise.then(() => { nativeSettled = true; }); 0");
  OH_JSVM_GetUndefined(env, &undefined);
  out.Set("resolveExplicit", Last(env, OH_JSVM_ResolveDeferred(env, deferred, undefined)));
  bool pumped = true;
  OH_JSVM_PumpMessageLoop(s.vm, &pumped);
  out.Set("stillPendingAfterOtherCalls",
          !GlobalBool(env, "evaluateMicrotask") && !GlobalBool(env, "nativeSettled"));
  out.Set("checkpoint", Last(nullptr, OH_JSVM_PerformMicrotaskCheckpoint(s.vm)));
  log.push_back("Policy :JSVM_MICROTASK_EXPLICIT, evaluateMicrotask after calling OH_JSVM_PerformMicrotaskCheckpoint: " +
                std::to_string(GlobalBool(env, "evaluateMicrotask")));
  out.Set("nativeAfterCheckpoint", GlobalBool(env, "nativeSettled"));

  out.Set("setAuto", Last(nullptr, OH_JSVM_SetMicrotaskPolicy(s.vm, JSVM_MICROTASK_AUTO)));
  out.Set("runAuto", Last(env, s.Run(source, &result)));
  out.Set("autoAgain", GlobalBool(env, "evaluateMicrotask"));
  out.Set("log", log);

  out.Set("nullVm", Last(nullptr, OH_JSVM_SetMicrotaskPolicy(nullptr, JSVM_MICROTASK_AUTO)));
  out.Set("badPolicy", Last(nullptr, OH_JSVM_SetMicrotaskPolicy(s.vm, static_cast<JSVM_MicrotaskPolicy>(7))));
  out.Set("negativePolicy", Last(nullptr, OH_JSVM_SetMicrotaskPolicy(s.vm, static_cast<JSVM_MicrotaskPolicy>(-1))));
  out.Set("destroyedVm", Last(nullptr, OH_JSVM_SetMicrotaskPolicy(DestroyedVM(), JSVM_MICROTASK_AUTO)));
}

// ---------------------------------------------------------------------------
// OH_JSVM_PumpMessageLoop with a task V8 really posts: a FinalizationRegistry
// cleanup, posted after a GC collected a registered object.
// ---------------------------------------------------------------------------
int PumpUntilEmpty(JSVM_VM vm) {
  int ran = 0;
  bool result = true;
  while (ran < 10000 && OH_JSVM_PumpMessageLoop(vm, &result) == JSVM_OK && result) ++ran;
  return ran;
}

void PumpFinalization(const Napi::CallbackInfo&, Report& out) {
  Session s;
  JSVM_Env env = s.env;
  out.Set("setup", s.Eval("cleaned = []; registry = new FinalizationRegistry((token) => { cleaned.push(token); });"
                          "(function () { registry.register({}, 'token'); })(); 'ok'"));
  PumpUntilEmpty(s.vm);  // whatever V8 queued so far
  bool result = true;
  out.Set("pumpIdle", Last(nullptr, OH_JSVM_PumpMessageLoop(s.vm, &result)));
  out.Set("pumpIdleResult", result);
  out.Set("gc", Last(env, OH_JSVM_MemoryPressureNotification(env, JSVM_MEMORY_PRESSURE_LEVEL_CRITICAL)));
  out.Set("cleanedAfterGc", s.Eval("cleaned.join()"));
  result = false;
  out.Set("pumpAfterGc", Last(nullptr, OH_JSVM_PumpMessageLoop(s.vm, &result)));
  out.Set("pumpAfterGcResult", result);
  PumpUntilEmpty(s.vm);
  out.Set("cleanedAfterPump", s.Eval("cleaned.join()"));

  out.Set("nullVm", Last(nullptr, OH_JSVM_PumpMessageLoop(nullptr, &result)));
  out.Set("nullResult", Last(nullptr, OH_JSVM_PumpMessageLoop(s.vm, nullptr)));
  out.Set("destroyedVm", Last(nullptr, OH_JSVM_PumpMessageLoop(DestroyedVM(), &result)));
}

// Delayed tasks run once due: Atomics.waitAsync's timeouts are delayed tasks.
// One wait times out in 60 s (still waiting after everything due ran), one in
// 10 ms (pumped until it settles, bounded).
void PumpDelayed(const Napi::CallbackInfo&, Report& out) {
  Session s;
  out.Set("setup", s.Eval("const i32 = new Int32Array(new SharedArrayBuffer(8)); late = 'waiting'; soon = 'waiting';"
                          "Atomics.waitAsync(i32, 0, 0, 60000).value.then((v) => { late = v; });"
                          "Atomics.waitAsync(i32, 1, 0, 10).value.then((v) => { soon = v; }); 'ok'"));
  bool ran = false;
  auto start = std::chrono::steady_clock::now();
  while (s.Eval("soon") == "waiting" && std::chrono::steady_clock::now() - start < std::chrono::seconds(20)) {
    OH_JSVM_PumpMessageLoop(s.vm, &ran);
    if (!ran) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  PumpUntilEmpty(s.vm);
  out.Set("soon", s.Eval("soon"));
  out.Set("late", s.Eval("late"));
}

// The docs' example (use-jsvm-execute_tasks.md): WebAssembly.instantiate
// finishes through foreground tasks; pump + checkpoint until it has (bounded).
void PumpWasm(const Napi::CallbackInfo&, Report& out) {
  g_log.clear();
  Session s(nullptr, 1, kConsoleDescriptor);
  out.Set("run", s.Eval(R"JS(
    var wasmBytes = new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x07, 0x01,
                                    0x60, 0x02, 0x7f, 0x7f, 0x01, 0x7f, 0x03, 0x02, 0x01, 0x00, 0x07,
                                    0x07, 0x01, 0x03, 0x61, 0x64, 0x64, 0x00, 0x00, 0x0a, 0x09, 0x01,
                                    0x07, 0x00, 0x20, 0x00, 0x20, 0x01, 0x6a, 0x0b]);
    var p = WebAssembly.instantiate(wasmBytes, {});
    p.then((result) => { consoleinfo("Called with instance " + result); });
    p.finally(() => { consoleinfo("Called Finally"); });
    'started')JS"));
  out.Set("logBeforePump", g_log);
  int tasks = 0;
  auto start = std::chrono::steady_clock::now();
  while (g_log.size() < 2 && std::chrono::steady_clock::now() - start < std::chrono::seconds(20)) {
    bool ran = false;
    OH_JSVM_PumpMessageLoop(s.vm, &ran);
    OH_JSVM_PerformMicrotaskCheckpoint(s.vm);
    if (ran) {
      ++tasks;
    } else {
      std::this_thread::sleep_for(std::chrono::milliseconds(1));  // background compile still running
    }
  }
  out.Set("tasksRun", tasks);
  out.Set("log", g_log);
}

// The docs' example of use-jsvm-runtime-task.md, our way: two VMs ("cores"),
// each with consoleinfo / add / assertEqual / createPromise; createPromise
// queues a native task that resolves its deferred with the core's id; each
// evaluation runs its core's tasks, then pumps and checkpoints.
struct Core {
  JSVM_VM vm = nullptr;
  JSVM_Env env = nullptr;
  std::vector<std::pair<JSVM_Env, JSVM_Deferred>> tasks;
};
std::vector<Core*> g_cores;

int CoreIdOf(JSVM_Env env) {
  for (size_t i = 0; i < g_cores.size(); ++i) {
    if (g_cores[i] != nullptr && g_cores[i]->env == env) return static_cast<int>(i);
  }
  return -1;
}

JSVM_Value CoreAdd(JSVM_Env env, JSVM_CallbackInfo info) {
  size_t argc = 2;
  JSVM_Value args[2] = {nullptr, nullptr};
  OH_JSVM_GetCbInfo(env, info, &argc, args, nullptr, nullptr);
  double a = 0, b = 0;
  OH_JSVM_GetValueDouble(env, args[0], &a);
  OH_JSVM_GetValueDouble(env, args[1], &b);
  JSVM_Value sum = nullptr;
  OH_JSVM_CreateDouble(env, a + b, &sum);
  return sum;
}

JSVM_Value CoreAssertEqual(JSVM_Env env, JSVM_CallbackInfo info) {
  size_t argc = 2;
  JSVM_Value args[2] = {nullptr, nullptr};
  OH_JSVM_GetCbInfo(env, info, &argc, args, nullptr, nullptr);
  bool equal = false;
  OH_JSVM_StrictEquals(env, args[0], args[1], &equal);
  g_log.push_back(equal ? "JSVM API TEST RESULT: PASS" : "JSVM API TEST RESULT: FAILED");
  return nullptr;
}

JSVM_Value CoreCreatePromise(JSVM_Env env, JSVM_CallbackInfo) {
  g_log.push_back("JSVM API TEST: CreatePromise start");
  int id = CoreIdOf(env);
  if (id < 0) return nullptr;
  JSVM_Value promise = nullptr;
  JSVM_Deferred deferred = nullptr;
  if (OH_JSVM_CreatePromise(env, &deferred, &promise) != JSVM_OK) return nullptr;
  g_cores[id]->tasks.emplace_back(env, deferred);
  g_log.push_back("JSVM API TEST: CreatePromise end");
  return promise;
}

JSVM_CallbackStruct kCoreCallbacks[] = {{ConsoleInfo, nullptr}, {CoreAdd, nullptr}, {CoreAssertEqual, nullptr},
                                        {CoreCreatePromise, nullptr}};
const JSVM_PropertyDescriptor kCoreDescriptors[] = {
    {"consoleinfo", nullptr, &kCoreCallbacks[0], nullptr, nullptr, nullptr, JSVM_DEFAULT},
    {"add", nullptr, &kCoreCallbacks[1], nullptr, nullptr, nullptr, JSVM_DEFAULT},
    {"assertEqual", nullptr, &kCoreCallbacks[2], nullptr, nullptr, nullptr, JSVM_DEFAULT},
    {"createPromise", nullptr, &kCoreCallbacks[3], nullptr, nullptr, nullptr, JSVM_DEFAULT},
};

int CreateCore() {
  g_log.push_back("JSVM CreateJsCore START");
  auto* core = new Core();
  JSVM_VMScope vm_scope = nullptr;
  OH_JSVM_CreateVM(nullptr, &core->vm);
  OH_JSVM_OpenVMScope(core->vm, &vm_scope);
  OH_JSVM_CreateEnv(core->vm, 4, kCoreDescriptors, &core->env);
  OH_JSVM_CloseVMScope(core->vm, vm_scope);
  g_cores.push_back(core);
  g_log.push_back("JSVM CreateJsCore END");
  return static_cast<int>(g_cores.size()) - 1;
}

std::string EvaluateOnCore(int id, const char* source, std::vector<std::string>* statuses) {
  g_log.push_back("JSVM EvaluateJS START");
  Core* core = g_cores[id];
  JSVM_VMScope vm_scope = nullptr;
  JSVM_EnvScope env_scope = nullptr;
  JSVM_HandleScope scope = nullptr;
  OH_JSVM_OpenVMScope(core->vm, &vm_scope);
  OH_JSVM_OpenEnvScope(core->env, &env_scope);
  OH_JSVM_OpenHandleScope(core->env, &scope);
  JSVM_Value code = nullptr, result = nullptr;
  JSVM_Script script = nullptr;
  OH_JSVM_CreateStringUtf8(core->env, source, JSVM_AUTO_LENGTH, &code);
  OH_JSVM_CompileScript(core->env, code, nullptr, 0, true, nullptr, &script);
  OH_JSVM_RunScript(core->env, script, &result);
  JSVM_ValueType type = JSVM_UNDEFINED;
  OH_JSVM_Typeof(core->env, result, &type);
  g_log.push_back("JSVM API TEST type: " + std::to_string(type));
  for (auto& task : core->tasks) {
    g_log.push_back("JSVM API TEST: CreatePromise " + std::to_string(CoreIdOf(task.first)));
    JSVM_Value value = nullptr;
    OH_JSVM_CreateInt32(task.first, CoreIdOf(task.first), &value);
    OH_JSVM_ResolveDeferred(task.first, task.second, value);
  }
  core->tasks.clear();
  std::string text = StringOf(core->env, result);
  bool pumped = false;
  statuses->push_back(std::to_string(OH_JSVM_PumpMessageLoop(core->vm, &pumped)));
  statuses->push_back(std::to_string(OH_JSVM_PerformMicrotaskCheckpoint(core->vm)));
  OH_JSVM_CloseHandleScope(core->env, scope);
  OH_JSVM_CloseEnvScope(core->env, env_scope);
  OH_JSVM_CloseVMScope(core->vm, vm_scope);
  g_log.push_back("JSVM EvaluateJS END");
  return text;
}

void ReleaseCore(int id) {
  g_log.push_back("JSVM ReleaseJsCore START");
  OH_JSVM_DestroyEnv(g_cores[id]->env);
  OH_JSVM_DestroyVM(g_cores[id]->vm);
  delete g_cores[id];
  g_cores[id] = nullptr;
  g_log.push_back("JSVM ReleaseJsCore END");
}

void RuntimeTask(const Napi::CallbackInfo&, Report& out) {
  g_log.clear();
  g_cores.clear();
  std::vector<std::string> statuses;
  const char* source1 =
      "{ let a = 'hello World'; consoleinfo(a); const mPromise = createPromise();"
      "  mPromise.then((result) => { assertEqual(result, 0); }); a; }";
  const char* source2 =
      "{ let a = 'second hello'; consoleinfo(a); let b = add(99, 1); assertEqual(100, b);"
      "  assertEqual(add(99, 1), 100); createPromise().then((result) => { assertEqual(result, 1); }); a; }";
  int core1 = CreateCore();
  g_log.push_back("TEST coreId: " + std::to_string(core1));
  g_log.push_back("TEST evaluateJS: " + EvaluateOnCore(core1, source1, &statuses));
  int core2 = CreateCore();
  g_log.push_back("TEST coreId: " + std::to_string(core2));
  g_log.push_back("TEST evaluateJS: " + EvaluateOnCore(core2, source2, &statuses));
  ReleaseCore(core1);
  ReleaseCore(core2);
  g_log.push_back("Test NAPI end");
  out.Set("log", g_log);
  out.Set("statuses", statuses);
}

// ---------------------------------------------------------------------------
// OH_JSVM_SetHandlerForPromiseReject.
// ---------------------------------------------------------------------------
std::vector<std::string> g_rejects;
bool g_docs_handler_ok = false;

void RecordReject(JSVM_Env env, JSVM_PromiseRejectEvent event, JSVM_Value info) {
  bool is_object = false, is_promise = false;
  OH_JSVM_IsObject(env, info, &is_object);
  JSVM_Value promise = nullptr, value = nullptr;
  OH_JSVM_GetNamedProperty(env, info, "promise", &promise);
  OH_JSVM_GetNamedProperty(env, info, "value", &value);
  OH_JSVM_IsPromise(env, promise, &is_promise);
  g_rejects.push_back(std::to_string(event) + (is_object ? " object" : " not-object") +
                      (is_promise ? " promise " : " no-promise ") + StringOf(env, value));
}

// The docs' handler (use-jsvm-trigger-exceptions.md): value 42 and a promise.
void DocsReject(JSVM_Env env, JSVM_PromiseRejectEvent, JSVM_Value info) {
  JSVM_Value promise = nullptr, value = nullptr, number = nullptr;
  bool is_promise = false;
  double result = 0;
  OH_JSVM_GetNamedProperty(env, info, "promise", &promise);
  OH_JSVM_IsPromise(env, promise, &is_promise);
  OH_JSVM_GetNamedProperty(env, info, "value", &value);
  OH_JSVM_CoerceToNumber(env, value, &number);
  OH_JSVM_GetValueDouble(env, number, &result);
  if (result == 42 && is_promise) g_docs_handler_ok = true;
}

void ThrowingReject(JSVM_Env, JSVM_PromiseRejectEvent, JSVM_Value) { throw std::runtime_error("reject handler broke"); }

void PromiseReject(const Napi::CallbackInfo&, Report& out) {
  Session s;
  JSVM_Env env = s.env;
  g_rejects.clear();
  out.Set("set", Last(nullptr, OH_JSVM_SetHandlerForPromiseReject(s.vm, RecordReject)));
  out.Set("reject", s.Eval("globalThis.p = Promise.reject(42); 'rejected'"));
  out.Set("afterReject", g_rejects);
  out.Set("catch", s.Eval("p.catch(() => {}); 'caught'"));
  out.Set("afterCatch", g_rejects);
  g_rejects.clear();
  s.Eval("(async () => { throw new Error('async failure'); })(); 0");
  out.Set("asyncThrow", g_rejects);
  g_rejects.clear();
  s.Eval("new Promise((resolve, reject) => { resolve(1); reject(2); resolve(3); }); 0");
  out.Set("settleTwice", g_rejects);
  g_rejects.clear();
  // From native code: a deferred rejected with no handler.
  JSVM_Deferred deferred = nullptr;
  JSVM_Value promise = nullptr, reason = nullptr;
  OH_JSVM_CreatePromise(env, &deferred, &promise);
  OH_JSVM_CreateInt32(env, 7, &reason);
  out.Set("rejectDeferred", Last(env, OH_JSVM_RejectDeferred(env, deferred, reason)));
  out.Set("nativeReject", g_rejects);
  g_rejects.clear();

  // A handler that throws a C++ exception: logged and dropped; the script goes on.
  out.Set("setThrowing", Last(nullptr, OH_JSVM_SetHandlerForPromiseReject(s.vm, ThrowingReject)));
  out.Set("rejectWithThrowing", s.Eval("Promise.reject(1); 'went on'"));

  // The docs' example.
  g_docs_handler_ok = false;
  out.Set("setDocs", Last(nullptr, OH_JSVM_SetHandlerForPromiseReject(s.vm, DocsReject)));
  s.Eval("new Promise((resolve, reject) => { reject(42); })");
  out.Set("docsLog", g_docs_handler_ok ? "JSVM Trigger PromiseReject: success" : "JSVM Trigger PromiseReject: failed");

  // NULL removes the handler.
  out.Set("setRecordAgain", Last(nullptr, OH_JSVM_SetHandlerForPromiseReject(s.vm, RecordReject)));
  out.Set("clear", Last(nullptr, OH_JSVM_SetHandlerForPromiseReject(s.vm, nullptr)));
  s.Eval("Promise.reject(5); 0");
  out.Set("afterClear", g_rejects);

  out.Set("nullVm", Last(nullptr, OH_JSVM_SetHandlerForPromiseReject(nullptr, RecordReject)));
  out.Set("destroyedVm", Last(nullptr, OH_JSVM_SetHandlerForPromiseReject(DestroyedVM(), RecordReject)));
}

// ---------------------------------------------------------------------------
// OOM and fatal-error handlers: statuses here; the handlers' calls in child
// processes (they end the process).
// ---------------------------------------------------------------------------
void OnOOM(const char* location, const char* detail, bool isHeapOOM) {
  std::printf("OOM handler: location=%s detail=%s isHeapOOM=%d\n", location, detail, isHeapOOM ? 1 : 0);
  std::fflush(stdout);
}

void OnFatal(const char* location, const char* message) {
  std::printf("fatal handler: location=%s message=%s\n", location, message);
  std::fflush(stdout);
}

int g_oom_calls = 0;
std::string g_oom_location, g_oom_detail;
bool g_oom_heap = false;
void RecordOOM(const char* location, const char* detail, bool isHeapOOM) {
  ++g_oom_calls;
  g_oom_location = location;
  g_oom_detail = detail;
  g_oom_heap = isHeapOOM;
}
int g_fatal_calls = 0;
std::string g_fatal_message;
void RecordFatal(const char*, const char* message) {
  ++g_fatal_calls;
  g_fatal_message = message;
}

void ErrorHandlerStatuses(const Napi::CallbackInfo&, Report& out) {
  Session s;
  out.Set("setOom", Last(nullptr, OH_JSVM_SetHandlerForOOMError(s.vm, OnOOM)));
  out.Set("replaceOom", Last(nullptr, OH_JSVM_SetHandlerForOOMError(s.vm, RecordOOM)));
  out.Set("clearOom", Last(nullptr, OH_JSVM_SetHandlerForOOMError(s.vm, nullptr)));
  out.Set("setFatal", Last(nullptr, OH_JSVM_SetHandlerForFatalError(s.vm, OnFatal)));
  out.Set("clearFatal", Last(nullptr, OH_JSVM_SetHandlerForFatalError(s.vm, nullptr)));
  out.Set("oomNullVm", Last(nullptr, OH_JSVM_SetHandlerForOOMError(nullptr, OnOOM)));
  out.Set("fatalNullVm", Last(nullptr, OH_JSVM_SetHandlerForFatalError(nullptr, OnFatal)));
  out.Set("oomDestroyedVm", Last(nullptr, OH_JSVM_SetHandlerForOOMError(DestroyedVM(), OnOOM)));
  out.Set("fatalDestroyedVm", Last(nullptr, OH_JSVM_SetHandlerForFatalError(DestroyedVM(), OnFatal)));
}

// The heap-limit path: a script that grows step by step past
// maxOldGenerationSize is stopped with a status, and the process goes on; the
// OOM handler (or, without one, the fatal-error handler) hears of it at the
// next env call, once. info[0]: "oom" or "fatal".
void HeapLimitNotOOM(const Napi::CallbackInfo& info, Report& out) {
  const bool fatal = info.Length() > 0 && info[0].As<Napi::String>().Utf8Value() == "fatal";
  JSVM_CreateVMOptions options{};
  options.maxOldGenerationSize = 16 << 20;
  Session s(&options);
  g_oom_calls = g_fatal_calls = 0;
  out.Set("set", Last(nullptr, fatal ? OH_JSVM_SetHandlerForFatalError(s.vm, RecordFatal)
                                     : OH_JSVM_SetHandlerForOOMError(s.vm, RecordOOM)));
  JSVM_Value result = nullptr;
  out.Set("run", Last(s.env, s.Run("const keep = []; for (;;) keep.push(new Array(1000).fill('y' + keep.length)); 1",
                                   &result)));
  out.Set("callsAfterRun", g_oom_calls + g_fatal_calls);
  out.Set("runAfter", s.Eval("'small ' + 'script'"));
  out.Set("oomCalls", g_oom_calls);
  out.Set("fatalCalls", g_fatal_calls);
  out.Set("location", g_oom_location);
  out.Set("detail", g_oom_detail);
  out.Set("isHeapOOM", g_oom_heap);
  out.Set("fatalMessage", g_fatal_message);
  out.Set("runAgain", s.Eval("'told ' + 'once'"));
  out.Set("callsAtEnd", g_oom_calls + g_fatal_calls);
}

// The docs' OOM and fatal-error examples, written our way: from a native
// callback, arrays of 0xffffff elements are made and kept until the handler
// is called; it jumps back (longjmp) to the callback, which goes on.
// info[0]: "oom" or "fatal". Printed, for a child process.
std::jmp_buf g_back;
void JumpBackOOM(const char* location, const char* detail, bool isHeapOOM) {
  std::printf("OOM handler: location=%s detail=%s isHeapOOM=%d\n", location, detail, isHeapOOM ? 1 : 0);
  std::fflush(stdout);
  std::longjmp(g_back, 1);
}
void JumpBackFatal(const char* location, const char* message) {
  std::printf("fatal handler: location=%s message=%s\n", location, message);
  std::fflush(stdout);
  std::longjmp(g_back, 1);
}
bool g_jump_fatal = false;
JSVM_Value FillUntilTold(JSVM_Env env, JSVM_CallbackInfo) {
  JSVM_VM vm = nullptr;
  OH_JSVM_GetVM(env, &vm);
  if (g_jump_fatal) {
    OH_JSVM_SetHandlerForFatalError(vm, JumpBackFatal);
  } else {
    OH_JSVM_SetHandlerForOOMError(vm, JumpBackOOM);
  }
  static volatile int made = 0;
  made = 0;
  if (setjmp(g_back) == 0) {
    for (int i = 0; i < 1000; ++i) {
      JSVM_Value array = nullptr;
      if (OH_JSVM_CreateArrayWithLength(env, 0xffffff, &array) != JSVM_OK) break;
      ++made;
    }
    std::printf("not told: %d arrays\n", made);
  } else {
    std::printf("back in the callback after %d arrays\n", made);
  }
  std::fflush(stdout);
  if (g_jump_fatal) {
    OH_JSVM_SetHandlerForFatalError(vm, nullptr);
  } else {
    OH_JSVM_SetHandlerForOOMError(vm, nullptr);
  }
  JSVM_Value done = nullptr;
  OH_JSVM_GetBoolean(env, true, &done);
  return done;
}
JSVM_CallbackStruct g_fill_until_told = {FillUntilTold, nullptr};

void DocsOOMExampleChild(const Napi::CallbackInfo& info, Report& out) {
  g_jump_fatal = info[0].As<Napi::String>().Utf8Value() == "fatal";
  JSVM_CreateVMOptions options{};
  options.maxOldGenerationSize = 256 << 20;  // four arrays' worth: the docs' loop on a default VM takes 1.5 GB
  JSVM_PropertyDescriptor props[] = {{"fillUntilTold", nullptr, &g_fill_until_told, nullptr, nullptr, nullptr,
                                      JSVM_DEFAULT}};
  Session s(&options, 1, props);
  out.Set("run", s.Eval("fillUntilTold(); 'after the example'"));
  std::printf("survived\n");
  std::fflush(stdout);
}

// Child: one allocation larger than the headroom the heap limit grants
// (filling a 64M-element array in one builtin call under a 16 MB limit): V8's OOM.
// info[0]: "oom" (an OOM handler), "cleared" (one set, then NULL), "fatal"
// (only a fatal-error handler: V8 reports the OOM to it).
void OOMChild(const Napi::CallbackInfo& info, Report& out) {
  const std::string mode = info[0].As<Napi::String>().Utf8Value();
  JSVM_CreateVMOptions options{};
  options.maxOldGenerationSize = 16 << 20;
  Session s(&options);
  if (mode == "fatal") {
    OH_JSVM_SetHandlerForFatalError(s.vm, OnFatal);
  } else {
    OH_JSVM_SetHandlerForOOMError(s.vm, OnOOM);
    if (mode == "cleared") OH_JSVM_SetHandlerForOOMError(s.vm, nullptr);
  }
  std::printf("before allocation\n");
  std::fflush(stdout);
  const std::string source =
      info.Length() > 1 ? info[1].As<Napi::String>().Utf8Value() : std::string("new Array(1 << 26).fill(1.5).length");
  out.Set("run", s.Eval(source.c_str()));
  std::printf("survived\n");
  std::fflush(stdout);
}

// Child: a failed V8 API check (an empty MaybeLocal taken as checked) while
// the VM is entered: V8's fatal error.
void FatalChild(const Napi::CallbackInfo& info, Report& out) {
  const bool with_handler = info[0].As<Napi::Boolean>().Value();
  Session s;
  OH_JSVM_SetHandlerForFatalError(s.vm, OnFatal);
  if (!with_handler) OH_JSVM_SetHandlerForFatalError(s.vm, nullptr);
  std::printf("before fatal error\n");
  std::fflush(stdout);
  v8::MaybeLocal<v8::Value> empty;
  v8::Local<v8::Value> value = empty.ToLocalChecked();
  out.Set("survived", !value.IsEmpty());
  std::printf("survived\n");
  std::fflush(stdout);
}

// ---------------------------------------------------------------------------
// OH_JSVM_SetDebugOption.
// ---------------------------------------------------------------------------
void DebugOption(const Napi::CallbackInfo&, Report& out) {
  JSVM_VM vm = nullptr;
  JSVM_Env env = nullptr;
  OH_JSVM_CreateVM(nullptr, &vm);
  OH_JSVM_CreateEnv(vm, 0, nullptr, &env);
  // As in the docs' example: enabled before the scopes open, disabled after they close.
  out.Set("enable", Last(env, OH_JSVM_SetDebugOption(env, JSVM_SCOPE_CHECK, true)));
  JSVM_VMScope vm_scope = nullptr;
  JSVM_EnvScope env_scope = nullptr;
  JSVM_HandleScope scope = nullptr;
  OH_JSVM_OpenVMScope(vm, &vm_scope);
  OH_JSVM_OpenEnvScope(env, &env_scope);
  OH_JSVM_OpenHandleScope(env, &scope);
  JSVM_Value result = nullptr;
  JSVM_Value code = nullptr;
  JSVM_Script script = nullptr;
  OH_JSVM_CreateStringUtf8(env, "1 === 1", JSVM_AUTO_LENGTH, &code);
  OH_JSVM_CompileScript(env, code, nullptr, 0, true, nullptr, &script);
  OH_JSVM_RunScript(env, script, &result);
  bool is_boolean = false;
  out.Set("isBoolean", Last(env, OH_JSVM_IsBoolean(env, result, &is_boolean)));
  out.Set("isBooleanResult", is_boolean);
  OH_JSVM_CloseHandleScope(env, scope);
  OH_JSVM_CloseEnvScope(env, env_scope);
  OH_JSVM_CloseVMScope(vm, vm_scope);
  out.Set("disable", Last(env, OH_JSVM_SetDebugOption(env, JSVM_SCOPE_CHECK, false)));
  out.Set("badOption", Last(env, OH_JSVM_SetDebugOption(env, static_cast<JSVM_DebugOption>(3), true)));
  out.Set("nullEnv", Last(nullptr, OH_JSVM_SetDebugOption(nullptr, JSVM_SCOPE_CHECK, true)));
  OH_JSVM_DestroyEnv(env);
  out.Set("destroyedEnv", Last(nullptr, OH_JSVM_SetDebugOption(env, JSVM_SCOPE_CHECK, true)));
  OH_JSVM_DestroyVM(vm);
}

}  // namespace

void RegisterRuntimeServicesLoop(Napi::Env env, Napi::Object exports) {
  exports.Set("loopMicrotaskPolicy", Scenario(env, MicrotaskPolicy));
  exports.Set("loopPumpFinalization", Scenario(env, PumpFinalization));
  exports.Set("loopPumpWasm", Scenario(env, PumpWasm));
  exports.Set("loopPumpDelayed", Scenario(env, PumpDelayed));
  exports.Set("loopRuntimeTask", Scenario(env, RuntimeTask));
  exports.Set("loopPromiseReject", Scenario(env, PromiseReject));
  exports.Set("loopErrorHandlerStatuses", Scenario(env, ErrorHandlerStatuses));
  exports.Set("loopHeapLimitNotOOM", Scenario(env, HeapLimitNotOOM));
  exports.Set("loopOOMChild", Scenario(env, OOMChild));
  exports.Set("loopDocsOOMExampleChild", Scenario(env, DocsOOMExampleChild));
  exports.Set("loopFatalChild", Scenario(env, FatalChild));
  exports.Set("loopDebugOption", Scenario(env, DebugOption));
}

}  // namespace harness
