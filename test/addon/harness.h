// The test addon's harness: drives the JSVM-API from C++ and reports what it saw
// to the mocha specs as plain JS objects. Each exported function is a scenario;
// the specs hold the assertions.
#ifndef JSVM_TEST_HARNESS_H
#define JSVM_TEST_HARNESS_H

// First: renames the Node-API calls of node-addon-api and of the scenarios to
// libace_napi.z.so's wrappers, which make them safe while a VM scope is open.
#include "napi/native_api.h"

#include <napi.h>

#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "ark_runtime/jsvm.h"

namespace harness {

// Native callbacks registered as external references at OH_JSVM_Init.
extern JSVM_CallbackStruct kHello;        // () => "Hello world!"
extern JSVM_CallbackStruct kAdd;          // (a, b) => a + b  (numbers)
extern JSVM_CallbackStruct kThrowType;    // throws TypeError "bad input", code "ERR_BAD"
extern JSVM_CallbackStruct kThrowCpp;     // throws a C++ exception
extern JSVM_CallbackStruct kDescribe;     // describes its call: "argc|typeof this|data"
extern JSVM_CallbackStruct kCallArg;      // (f, x) => f(x) through OH_JSVM_CallFunction
extern JSVM_CallbackStruct kCounterGet;   // getter of a native counter
extern JSVM_CallbackStruct kCounterSet;   // setter of a native counter
// Not registered: a snapshot of a VM using it must be refused.
extern JSVM_CallbackStruct kUnregistered;
extern int g_counter;

// Reads `status` and the last-error message of `env` (NULL: this thread's).
struct Outcome {
  JSVM_Status status;
  std::string message;
};
Outcome Last(JSVM_Env env, JSVM_Status status);
Napi::Object ToJs(Napi::Env napi, const Outcome& outcome);

// What a scenario observed, as a JS object built while the scenario runs: its
// Node-API calls are made with VM scopes open and from inside JSVM callbacks,
// as device code makes them (libace_napi.z.so's wrappers make that safe).
struct Bytes {
  std::string data;
};
class Report {
 public:
  explicit Report(Napi::Env napi) : napi_(napi), object_(Napi::Object::New(napi)) {}
  void Set(const std::string& name, double value) { object_.Set(name, value); }
  void Set(const std::string& name, int value) { object_.Set(name, static_cast<double>(value)); }
  void Set(const std::string& name, uint32_t value) { object_.Set(name, static_cast<double>(value)); }
  void Set(const std::string& name, bool value) { object_.Set(name, value); }
  void Set(const std::string& name, const char* value) { object_.Set(name, value); }
  void Set(const std::string& name, const std::string& value) { object_.Set(name, value); }
  void Set(const std::string& name, const std::u16string& value) {
    object_.Set(name, Napi::String::New(napi_, value));
  }
  void Set(const std::string& name, const Bytes& value) {
    object_.Set(name, Napi::Buffer<char>::Copy(napi_, value.data.data(), value.data.size()));
  }
  void Set(const std::string& name, const Outcome& value) { object_.Set(name, harness::ToJs(napi_, value)); }
  void Set(const std::string& name, const std::vector<std::string>& value);
  Napi::Object ToJs() const { return object_; }

 private:
  Napi::Env napi_;
  Napi::Object object_;
};

// A scenario fills a Report, which the scenario's JS function returns.
using ScenarioBody = void (*)(const Napi::CallbackInfo& info, Report& out);
Napi::Function Scenario(Napi::Env env, ScenarioBody body);

// A VM with one env, its VM and env scopes open. Tears all down in reverse.
class Session {
 public:
  explicit Session(const JSVM_CreateVMOptions* options = nullptr, size_t count = 0,
                   const JSVM_PropertyDescriptor* properties = nullptr);
  ~Session();
  // Tears down now: the first failing step's status, else JSVM_OK.
  JSVM_Status Destroy();
  bool ok() const { return env != nullptr; }
  // Runs source; returns the result as a string ("<status N>: message" on failure).
  std::string Eval(const char* source);
  JSVM_Status Run(const char* source, JSVM_Value* result);
  JSVM_Value Str(const char* text);
  std::string ToString(JSVM_Value value);

  JSVM_VM vm = nullptr;
  JSVM_VMScope vm_scope = nullptr;
  JSVM_Env env = nullptr;
  JSVM_EnvScope env_scope = nullptr;
};

// Evaluates in an env the caller has entered; the result coerced to a string.
std::string EvalIn(JSVM_Env env, const char* source);
std::string StringOf(JSVM_Env env, JSVM_Value value);
// The pending exception's string form ("" if none), clearing it.
std::string TakeException(JSVM_Env env);

// Records a call that may throw: `name` = Last(env, status), then `name +
// suffix` = the exception the call left pending as `take` describes it
// (cleared; "" if none).
using TakeFn = std::string (*)(JSVM_Env env);
void SetThrown(Report& out, JSVM_Env env, const std::string& name, JSVM_Status status,
               const char* suffix = "Exception", TakeFn take = TakeException);

// Scenario registration (one per source file).
void RegisterLifecycle(Napi::Env env, Napi::Object exports);
void RegisterValues(Napi::Env env, Napi::Object exports);
void RegisterErrors(Napi::Env env, Napi::Object exports);
void RegisterSnapshots(Napi::Env env, Napi::Object exports);
void RegisterHilog(Napi::Env env, Napi::Object exports);
void RegisterTypes(Napi::Env env, Napi::Object exports);    // types.cc
void RegisterObjects(Napi::Env env, Napi::Object exports);  // objects.cc
void RegisterBuffers(Napi::Env env, Napi::Object exports);  // buffers.cc
void RegisterClasses(Napi::Env env, Napi::Object exports);  // classes.cc
void RegisterMemory(Napi::Env env, Napi::Object exports);   // memory.cc
void RegisterEntry(Napi::Env env, Napi::Object exports);    // entry.cc
void RegisterLimits(Napi::Env env, Napi::Object exports);   // limits.cc
void RegisterSnapshotScopes(Napi::Env env, Napi::Object exports);  // snapshot_scopes.cc
void RegisterDeviceStatus(Napi::Env env, Napi::Object exports);  // device_status.cc
void RegisterInspector(Napi::Env env, Napi::Object exports);     // inspector.cc
void RegisterRuntimeServicesLoop(Napi::Env env, Napi::Object exports);  // runtime_services_loop.cc
void RegisterCodeCache(Napi::Env env, Napi::Object exports);     // code_cache.cc
void RegisterNapiInVM(Napi::Env env, Napi::Object exports);     // napi_in_vm.cc
void RegisterScopeTolerance(Napi::Env env, Napi::Object exports);  // scope_tolerance.cc
void RegisterLocksGc(Napi::Env env, Napi::Object exports);         // locks_gc.cc
void RegisterWasm(Napi::Env env, Napi::Object exports);            // wasm.cc
void RegisterScopeCheck(Napi::Env env, Napi::Object exports);      // scope_check.cc
void RegisterProfiler(Napi::Env env, Napi::Object exports);        // profiler.cc
void RegisterEdgeInputs(Napi::Env env, Napi::Object exports);      // edge_inputs.cc
void RegisterServiceEdges(Napi::Env env, Napi::Object exports);    // service_edges.cc
void RegisterStreamReentry(Napi::Env env, Napi::Object exports);  // stream_reentry.cc

// Tags `size` bytes as the runtime tags a cache's (two lanes, 32 bytes of
// tags) under `label`, `nonce` and this process's user key (cache_seal.cc);
// false when the key file cannot be read (a process with a key of its own).
bool SealWithUserKey(const char* label, const uint8_t nonce[16], const uint8_t* bytes, size_t size, uint8_t tags[32]);

// Every OH_JSVM_* taking a JSVM_Env or JSVM_VM, callable with any handle
// (generated_stale_calls.cc, written by scripts/gen-stale-calls.js). Other
// pointer arguments point into g_stale_arg_buffer, which starts zeroed.
struct StaleCall {
  const char* name;
  bool takes_vm;  // the handle parameter is a JSVM_VM (else a JSVM_Env)
  JSVM_Status (*call)(JSVM_Env env, JSVM_VM vm);
};
constexpr size_t kStaleArgBufferSize = 4096;
extern unsigned char g_stale_arg_buffer[kStaleArgBufferSize];
extern const StaleCall kStaleCalls[];
extern const size_t kStaleCallCount;

}  // namespace harness

#endif
