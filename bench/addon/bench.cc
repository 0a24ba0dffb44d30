// jsvm_bench.node: the measurements behind `npm run bench`. Each function runs
// one measurement and returns nanoseconds (timed here, in C++). Node-API values
// are created only while no JSVM VM scope is open (see README).
#include <node.h>
#include <node_api.h>
#include <uv.h>
#include <v8.h>

#include <chrono>
#include <cstring>
#include <string>
#include <vector>

#include "ark_runtime/jsvm.h"
#include "common/v8_compat.h"
#include "jsvm_desktop/jsvm_desktop.h"

namespace {

using Clock = std::chrono::steady_clock;

double Since(Clock::time_point start) {
  return static_cast<double>(std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now() - start).count());
}

// ---------------------------------------------------------------------------
// Small helpers around Node-API arguments.
// ---------------------------------------------------------------------------
struct Args {
  napi_env env;
  size_t argc = 4;
  napi_value argv[4];
  Args(napi_env e, napi_callback_info info) : env(e) { napi_get_cb_info(e, info, &argc, argv, nullptr, nullptr); }
  std::string String(size_t i) const {
    size_t length = 0;
    napi_get_value_string_utf8(env, argv[i], nullptr, 0, &length);
    std::string out(length, '\0');
    napi_get_value_string_utf8(env, argv[i], out.data(), length + 1, &length);
    return out;
  }
  double Number(size_t i) const {
    double value = 0;
    napi_get_value_double(env, argv[i], &value);
    return value;
  }
  std::string Bytes(size_t i) const {
    void* data = nullptr;
    size_t length = 0;
    napi_get_buffer_info(env, argv[i], &data, &length);
    return std::string(static_cast<char*>(data), length);
  }
  void* Pointer(size_t i) const {
    int64_t value = 0;
    napi_get_value_int64(env, argv[i], &value);
    return reinterpret_cast<void*>(static_cast<intptr_t>(value));
  }
};

napi_value Num(napi_env env, double value) {
  napi_value result;
  napi_create_double(env, value, &result);
  return result;
}

// ---------------------------------------------------------------------------
// JSVM side.
// ---------------------------------------------------------------------------
JSVM_Value Add(JSVM_Env env, JSVM_CallbackInfo info) {
  size_t argc = 2;
  JSVM_Value argv[2];
  OH_JSVM_GetCbInfo(env, info, &argc, argv, nullptr, nullptr);
  int32_t a = 0, b = 0;
  OH_JSVM_GetValueInt32(env, argv[0], &a);
  OH_JSVM_GetValueInt32(env, argv[1], &b);
  JSVM_Value sum;
  OH_JSVM_CreateInt32(env, a + b, &sum);
  return sum;
}
JSVM_CallbackStruct kAdd = {Add, nullptr};
intptr_t kExternals[] = {reinterpret_cast<intptr_t>(&kAdd), 0};

bool RunIn(JSVM_Env env, const std::string& source) {
  JSVM_Value code, result;
  JSVM_Script script;
  return OH_JSVM_CreateStringUtf8(env, source.data(), source.size(), &code) == JSVM_OK &&
         OH_JSVM_CompileScript(env, code, nullptr, 0, false, nullptr, &script) == JSVM_OK &&
         OH_JSVM_RunScript(env, script, &result) == JSVM_OK;
}

// A VM with a ready env, scopes closed, reachable from JS as a number.
struct Session {
  JSVM_VM vm = nullptr;
  JSVM_Env env = nullptr;
};

napi_value Init(napi_env env, napi_callback_info info) {
  JSVM_InitOptions options{kExternals, nullptr, nullptr, false};
  return Num(env, OH_JSVM_Init(&options));
}

// makeBlob(source): a snapshot of an env that ran `source` (with `add` defined).
napi_value MakeBlob(napi_env env, napi_callback_info info) {
  Args args(env, info);
  std::string source = args.String(0);
  JSVM_CreateVMOptions options{};
  options.isForSnapshotting = true;
  JSVM_VM vm;
  OH_JSVM_CreateVM(&options, &vm);
  JSVM_VMScope vm_scope;
  OH_JSVM_OpenVMScope(vm, &vm_scope);
  JSVM_PropertyDescriptor props[] = {{"add", nullptr, &kAdd, nullptr, nullptr, nullptr, JSVM_DEFAULT}};
  JSVM_Env jenv;
  OH_JSVM_CreateEnv(vm, 1, props, &jenv);
  JSVM_EnvScope env_scope;
  OH_JSVM_OpenEnvScope(jenv, &env_scope);
  bool ran = RunIn(jenv, source);
  OH_JSVM_CloseEnvScope(jenv, env_scope);
  const char* blob = nullptr;
  size_t size = 0;
  JSVM_Status status = ran ? OH_JSVM_CreateSnapshot(vm, 1, &jenv, &blob, &size) : JSVM_GENERIC_FAILURE;
  OH_JSVM_DestroyEnv(jenv);
  OH_JSVM_CloseVMScope(vm, vm_scope);
  OH_JSVM_DestroyVM(vm);
  std::string bytes = status == JSVM_OK ? std::string(blob, size) : std::string();
  free(const_cast<char*>(blob));
  napi_value result;
  if (bytes.empty()) {
    napi_get_null(env, &result);
  } else {
    napi_create_buffer_copy(env, bytes.size(), bytes.data(), nullptr, &result);
  }
  return result;
}

void Destroy(Session s) {
  if (s.env != nullptr) OH_JSVM_DestroyEnv(s.env);
  if (s.vm != nullptr) OH_JSVM_DestroyVM(s.vm);
}

// initFresh(source): new VM + CreateEnv + run source. Returns ns (teardown untimed).
napi_value InitFresh(napi_env env, napi_callback_info info) {
  Args args(env, info);
  std::string source = args.String(0);
  Session s;
  auto start = Clock::now();
  OH_JSVM_CreateVM(nullptr, &s.vm);
  JSVM_VMScope vm_scope;
  OH_JSVM_OpenVMScope(s.vm, &vm_scope);
  JSVM_PropertyDescriptor props[] = {{"add", nullptr, &kAdd, nullptr, nullptr, nullptr, JSVM_DEFAULT}};
  OH_JSVM_CreateEnv(s.vm, 1, props, &s.env);
  JSVM_EnvScope env_scope;
  OH_JSVM_OpenEnvScope(s.env, &env_scope);
  bool ok = RunIn(s.env, source);
  double ns = Since(start);
  OH_JSVM_CloseEnvScope(s.env, env_scope);
  OH_JSVM_CloseVMScope(s.vm, vm_scope);
  Destroy(s);
  return Num(env, ok ? ns : -1);
}

// restoreFresh(blob): CreateVM from the blob + CreateEnvFromSnapshot(0).
napi_value RestoreFresh(napi_env env, napi_callback_info info) {
  Args args(env, info);
  std::string blob = args.Bytes(0);
  Session s;
  auto start = Clock::now();
  JSVM_CreateVMOptions options{};
  options.snapshotBlobData = blob.data();
  options.snapshotBlobSize = blob.size();
  bool ok = OH_JSVM_CreateVM(&options, &s.vm) == JSVM_OK;
  JSVM_VMScope vm_scope = nullptr;
  if (ok) OH_JSVM_OpenVMScope(s.vm, &vm_scope);
  ok = ok && OH_JSVM_CreateEnvFromSnapshot(s.vm, 0, &s.env) == JSVM_OK;
  double ns = Since(start);
  if (vm_scope != nullptr) OH_JSVM_CloseVMScope(s.vm, vm_scope);
  Destroy(s);
  return Num(env, ok ? ns : -1);
}

// makeCodeCache(source): the code cache of `source`, compiled and run in a
// fresh VM (functions the run compiled are in it too); null on failure.
napi_value MakeCodeCache(napi_env env, napi_callback_info info) {
  Args args(env, info);
  std::string source = args.String(0);
  Session s;
  OH_JSVM_CreateVM(nullptr, &s.vm);
  JSVM_VMScope vm_scope;
  OH_JSVM_OpenVMScope(s.vm, &vm_scope);
  JSVM_PropertyDescriptor props[] = {{"add", nullptr, &kAdd, nullptr, nullptr, nullptr, JSVM_DEFAULT}};
  OH_JSVM_CreateEnv(s.vm, 1, props, &s.env);
  JSVM_EnvScope env_scope;
  OH_JSVM_OpenEnvScope(s.env, &env_scope);
  JSVM_Value code, result;
  JSVM_Script script;
  std::string bytes;
  if (OH_JSVM_CreateStringUtf8(s.env, source.data(), source.size(), &code) == JSVM_OK &&
      OH_JSVM_CompileScript(s.env, code, nullptr, 0, false, nullptr, &script) == JSVM_OK &&
      OH_JSVM_RunScript(s.env, script, &result) == JSVM_OK) {
    const uint8_t* data = nullptr;
    size_t length = 0;
    if (OH_JSVM_CreateCodeCache(s.env, script, &data, &length) == JSVM_OK) {
      bytes.assign(reinterpret_cast<const char*>(data), length);
      OH_JSVM_ReleaseCache(s.env, data, JSVM_CACHE_TYPE_JS);
    }
  }
  OH_JSVM_CloseEnvScope(s.env, env_scope);
  OH_JSVM_CloseVMScope(s.vm, vm_scope);
  Destroy(s);
  napi_value out;
  if (bytes.empty()) {
    napi_get_null(env, &out);
  } else {
    napi_create_buffer_copy(env, bytes.size(), bytes.data(), nullptr, &out);
  }
  return out;
}

// initCached(source, cache): new VM + CreateEnv + compile `source` with its
// code cache + run. Returns ns (-1 if the cache was rejected or a step failed).
napi_value InitCached(napi_env env, napi_callback_info info) {
  Args args(env, info);
  std::string source = args.String(0);
  std::string cache = args.Bytes(1);
  Session s;
  auto start = Clock::now();
  OH_JSVM_CreateVM(nullptr, &s.vm);
  JSVM_VMScope vm_scope;
  OH_JSVM_OpenVMScope(s.vm, &vm_scope);
  JSVM_PropertyDescriptor props[] = {{"add", nullptr, &kAdd, nullptr, nullptr, nullptr, JSVM_DEFAULT}};
  OH_JSVM_CreateEnv(s.vm, 1, props, &s.env);
  JSVM_EnvScope env_scope;
  OH_JSVM_OpenEnvScope(s.env, &env_scope);
  JSVM_Value code, result;
  JSVM_Script script;
  bool rejected = true;
  bool ok = OH_JSVM_CreateStringUtf8(s.env, source.data(), source.size(), &code) == JSVM_OK &&
            OH_JSVM_CompileScript(s.env, code, reinterpret_cast<const uint8_t*>(cache.data()), cache.size(), false,
                                  &rejected, &script) == JSVM_OK &&
            !rejected && OH_JSVM_RunScript(s.env, script, &result) == JSVM_OK;
  double ns = Since(start);
  OH_JSVM_CloseEnvScope(s.env, env_scope);
  OH_JSVM_CloseVMScope(s.vm, vm_scope);
  Destroy(s);
  return Num(env, ok ? ns : -1);
}

// compileOnly(source, cache | null): in a fresh VM and env (untimed), times
// OH_JSVM_CompileScript alone, with the cache if one is given (-1 if rejected).
napi_value CompileOnly(napi_env env, napi_callback_info info) {
  Args args(env, info);
  std::string source = args.String(0);
  napi_valuetype type;
  napi_typeof(env, args.argv[1], &type);
  std::string cache = type == napi_null ? std::string() : args.Bytes(1);
  Session s;
  OH_JSVM_CreateVM(nullptr, &s.vm);
  JSVM_VMScope vm_scope;
  OH_JSVM_OpenVMScope(s.vm, &vm_scope);
  OH_JSVM_CreateEnv(s.vm, 0, nullptr, &s.env);
  JSVM_EnvScope env_scope;
  OH_JSVM_OpenEnvScope(s.env, &env_scope);
  JSVM_Value code;
  JSVM_Script script;
  bool rejected = false;
  bool ok = OH_JSVM_CreateStringUtf8(s.env, source.data(), source.size(), &code) == JSVM_OK;
  auto start = Clock::now();
  ok = ok && OH_JSVM_CompileScript(s.env, code, cache.empty() ? nullptr : reinterpret_cast<const uint8_t*>(cache.data()),
                                   cache.size(), false, cache.empty() ? nullptr : &rejected, &script) == JSVM_OK;
  double ns = Since(start);
  OH_JSVM_CloseEnvScope(s.env, env_scope);
  OH_JSVM_CloseVMScope(s.vm, vm_scope);
  Destroy(s);
  return Num(env, ok && !rejected ? ns : -1);
}

// vmCreate(blob | null): a VM kept for warm measurements; returns its address.
napi_value VmCreate(napi_env env, napi_callback_info info) {
  Args args(env, info);
  napi_valuetype type;
  napi_typeof(env, args.argv[0], &type);
  static std::vector<std::string> blobs;  // kept alive with their VMs
  JSVM_CreateVMOptions options{};
  if (type == napi_object) {
    blobs.push_back(args.Bytes(0));
    options.snapshotBlobData = blobs.back().data();
    options.snapshotBlobSize = blobs.back().size();
  }
  JSVM_VM vm = nullptr;
  OH_JSVM_CreateVM(&options, &vm);
  return Num(env, static_cast<double>(reinterpret_cast<intptr_t>(vm)));
}

napi_value VmDestroy(napi_env env, napi_callback_info info) {
  Args args(env, info);
  return Num(env, OH_JSVM_DestroyVM(static_cast<JSVM_VM>(args.Pointer(0))));
}

// initWarm(vm, source): CreateEnv + run source in an existing VM.
napi_value InitWarm(napi_env env, napi_callback_info info) {
  Args args(env, info);
  auto vm = static_cast<JSVM_VM>(args.Pointer(0));
  std::string source = args.String(1);
  JSVM_VMScope vm_scope;
  OH_JSVM_OpenVMScope(vm, &vm_scope);
  JSVM_Env jenv = nullptr;
  auto start = Clock::now();
  JSVM_PropertyDescriptor props[] = {{"add", nullptr, &kAdd, nullptr, nullptr, nullptr, JSVM_DEFAULT}};
  OH_JSVM_CreateEnv(vm, 1, props, &jenv);
  JSVM_EnvScope env_scope;
  OH_JSVM_OpenEnvScope(jenv, &env_scope);
  bool ok = RunIn(jenv, source);
  double ns = Since(start);
  OH_JSVM_CloseEnvScope(jenv, env_scope);
  OH_JSVM_DestroyEnv(jenv);
  OH_JSVM_CloseVMScope(vm, vm_scope);
  return Num(env, ok ? ns : -1);
}

// restoreWarm(vm): CreateEnvFromSnapshot(0) in a VM restored from a blob.
napi_value RestoreWarm(napi_env env, napi_callback_info info) {
  Args args(env, info);
  auto vm = static_cast<JSVM_VM>(args.Pointer(0));
  JSVM_VMScope vm_scope;
  OH_JSVM_OpenVMScope(vm, &vm_scope);
  JSVM_Env jenv = nullptr;
  auto start = Clock::now();
  bool ok = OH_JSVM_CreateEnvFromSnapshot(vm, 0, &jenv) == JSVM_OK;
  double ns = Since(start);
  if (ok) OH_JSVM_DestroyEnv(jenv);
  OH_JSVM_CloseVMScope(vm, vm_scope);
  return Num(env, ok ? ns : -1);
}

// settle(vm): collects the VM's garbage (untimed housekeeping between rounds,
// so one round's leftovers are not collected on the next one's clock).
napi_value Settle(napi_env env, napi_callback_info info) {
  Args args(env, info);
  auto vm = static_cast<JSVM_VM>(args.Pointer(0));
  JSVM_VMScope vm_scope;
  OH_JSVM_OpenVMScope(vm, &vm_scope);
  JSVM_Env jenv = nullptr;
  JSVM_Status status = OH_JSVM_CreateEnv(vm, 0, nullptr, &jenv);
  if (status == JSVM_OK) {
    JSVM_EnvScope env_scope;
    OH_JSVM_OpenEnvScope(jenv, &env_scope);
    status = OH_JSVM_MemoryPressureNotification(jenv, JSVM_MEMORY_PRESSURE_LEVEL_LOW_MEMORY);
    OH_JSVM_CloseEnvScope(jenv, env_scope);
    OH_JSVM_DestroyEnv(jenv);
  }
  OH_JSVM_CloseVMScope(vm, vm_scope);
  return Num(env, status);
}

// envInVm(vm, n): n × (CreateEnv + DestroyEnv) in an existing VM, ns per pair.
napi_value EnvInVm(napi_env env, napi_callback_info info) {
  Args args(env, info);
  auto vm = static_cast<JSVM_VM>(args.Pointer(0));
  int n = static_cast<int>(args.Number(1));
  JSVM_VMScope vm_scope;
  OH_JSVM_OpenVMScope(vm, &vm_scope);
  auto start = Clock::now();
  for (int i = 0; i < n; ++i) {
    JSVM_Env jenv;
    OH_JSVM_CreateEnv(vm, 0, nullptr, &jenv);
    OH_JSVM_DestroyEnv(jenv);
  }
  double ns = Since(start) / n;
  OH_JSVM_CloseVMScope(vm, vm_scope);
  return Num(env, ns);
}

// vmEnvCycle(): CreateVM + CreateEnv + DestroyEnv + DestroyVM.
napi_value VmEnvCycle(napi_env env, napi_callback_info info) {
  auto start = Clock::now();
  JSVM_VM vm;
  OH_JSVM_CreateVM(nullptr, &vm);
  JSVM_Env jenv;
  OH_JSVM_CreateEnv(vm, 0, nullptr, &jenv);
  OH_JSVM_DestroyEnv(jenv);
  OH_JSVM_DestroyVM(vm);
  return Num(env, Since(start));
}

// validate(blob): ns spent in the blob checks alone.
napi_value Validate(napi_env env, napi_callback_info info) {
  Args args(env, info);
  std::string blob = args.Bytes(0);
  auto start = Clock::now();
  JSVM_Status status = JSVM_Desktop_ValidateSnapshotBlob(blob.data(), blob.size(), nullptr, 0);
  double ns = Since(start);
  return Num(env, status == JSVM_OK ? ns : -1);
}

// payloadOffset(blob): where V8's bytes start in the blob (0 if it does not check out).
napi_value PayloadOffset(napi_env env, napi_callback_info info) {
  Args args(env, info);
  std::string blob = args.Bytes(0);
  return Num(env, static_cast<double>(JSVM_Desktop_SnapshotPayloadOffset(blob.data(), blob.size())));
}

// createVmFromBlob(blob): ns for OH_JSVM_CreateVM from the blob (destroy untimed).
napi_value CreateVmFromBlob(napi_env env, napi_callback_info info) {
  Args args(env, info);
  std::string blob = args.Bytes(0);
  JSVM_CreateVMOptions options{};
  options.snapshotBlobData = blob.data();
  options.snapshotBlobSize = blob.size();
  JSVM_VM vm = nullptr;
  auto start = Clock::now();
  JSVM_Status status = OH_JSVM_CreateVM(&options, &vm);
  double ns = Since(start);
  if (status == JSVM_OK) OH_JSVM_DestroyVM(vm);
  return Num(env, status == JSVM_OK ? ns : -1);
}

// ---------------------------------------------------------------------------
// Raw V8 inside Node, the baseline: isolates registered with Node's platform on
// the main loop, as in shared/examples.
// ---------------------------------------------------------------------------
node::MultiIsolatePlatform* g_platform = nullptr;
uv_loop_t* g_loop = nullptr;

void FindPlatform() {
  if (g_platform != nullptr) return;
  v8::Isolate* main = v8::Isolate::GetCurrent();
  g_platform = node::GetMultiIsolatePlatform(node::GetCurrentEnvironment(main->GetCurrentContext()));
  g_loop = node::GetCurrentEventLoop(main);
}

struct RawIsolate {
  v8::Isolate* isolate = nullptr;
  v8::ArrayBuffer::Allocator* allocator = nullptr;
  v8::StartupData blob{nullptr, 0};
};

RawIsolate NewRaw(const std::string* payload) {
  FindPlatform();
  RawIsolate raw;
  raw.allocator = v8::ArrayBuffer::Allocator::NewDefaultAllocator();
  v8::Isolate::CreateParams params;
  params.array_buffer_allocator = raw.allocator;
  if (payload != nullptr) {
    raw.blob = {payload->data(), static_cast<int>(payload->size())};
    params.snapshot_blob = &raw.blob;
    params.external_references = JSVM_Desktop_ExternalReferenceTable();
  }
  raw.isolate = v8::Isolate::Allocate();
  g_platform->RegisterIsolate(raw.isolate, g_loop);
  v8::Isolate::Initialize(raw.isolate, params);
  return raw;
}

void DisposeRaw(RawIsolate raw) {
  jsvm::DisposeIsolate(g_platform, raw.isolate);  // the runtime's own order, per Node line
  delete raw.allocator;
}

// rawRestore(payload): isolate from the V8 bytes + Context::FromSnapshot(0).
napi_value RawRestore(napi_env env, napi_callback_info info) {
  Args args(env, info);
  std::string payload = args.Bytes(0);
  auto start = Clock::now();
  RawIsolate raw = NewRaw(&payload);
  bool ok;
  {
    v8::Isolate::Scope isolate_scope(raw.isolate);
    v8::HandleScope handles(raw.isolate);
    ok = !v8::Context::FromSnapshot(raw.isolate, 0).IsEmpty();
  }
  double ns = Since(start);
  DisposeRaw(raw);
  return Num(env, ok ? ns : -1);
}

// rawVmEnvCycle(): isolate + context, created and torn down.
napi_value RawVmEnvCycle(napi_env env, napi_callback_info info) {
  auto start = Clock::now();
  RawIsolate raw = NewRaw(nullptr);
  {
    v8::Isolate::Scope isolate_scope(raw.isolate);
    v8::HandleScope handles(raw.isolate);
    v8::Global<v8::Context> context(raw.isolate, v8::Context::New(raw.isolate));
    context.Reset();
  }
  DisposeRaw(raw);
  return Num(env, Since(start));
}

// The isolate rawContexts keeps between calls. It must be gone before Node's
// V8::Dispose: on Node 24 (V8 13.6) an isolate still alive then aborts the
// process ("group->reference_count_ == 1"), and on every line it would leak.
RawIsolate g_raw;

// The env cleanup hook (NAPI_MODULE_INIT): disposes g_raw if rawContexts made it.
void DisposeKeptRaw(void*) {
  if (g_raw.isolate == nullptr) return;
  DisposeRaw(g_raw);
  g_raw = RawIsolate();
}

// rawContexts(n): n × Context::New (kept as a Global, then released) in one isolate.
napi_value RawContexts(napi_env env, napi_callback_info info) {
  Args args(env, info);
  int n = static_cast<int>(args.Number(0));
  if (g_raw.isolate == nullptr) g_raw = NewRaw(nullptr);
  double ns;
  {
    v8::Isolate::Scope isolate_scope(g_raw.isolate);
    auto start = Clock::now();
    for (int i = 0; i < n; ++i) {
      v8::HandleScope handles(g_raw.isolate);
      v8::Global<v8::Context> context(g_raw.isolate, v8::Context::New(g_raw.isolate));
      context.Reset();
    }
    ns = Since(start) / n;
  }
  return Num(env, ns);
}

// ---------------------------------------------------------------------------
// Micro-operations, JSVM and Node-API side by side. Each returns ns per op.
// ---------------------------------------------------------------------------
const std::string kKilobyte(1024, 'k');

// The operation, decided once so the timed loops branch on an int.
enum class Op { kInt32, kShortString, kKilobyteString, kProperty, kCallJs, kJsCallsNative, kUnknown };

Op ParseOp(const std::string& what) {
  if (what == "int32") return Op::kInt32;
  if (what == "shortString") return Op::kShortString;
  if (what == "kilobyteString") return Op::kKilobyteString;
  if (what == "property") return Op::kProperty;
  if (what == "callJs") return Op::kCallJs;
  if (what == "jsCallsNative") return Op::kJsCallsNative;
  return Op::kUnknown;
}

double JsvmMicro(JSVM_VM vm, JSVM_Env jenv, Op what, int n) {
  JSVM_VMScope vm_scope;
  OH_JSVM_OpenVMScope(vm, &vm_scope);
  JSVM_EnvScope env_scope;
  OH_JSVM_OpenEnvScope(jenv, &env_scope);
  JSVM_Value global, object, fn, a, b, result;
  OH_JSVM_GetGlobal(jenv, &global);
  OH_JSVM_CreateObject(jenv, &object);
  OH_JSVM_CreateInt32(jenv, 1, &a);
  OH_JSVM_CreateInt32(jenv, 2, &b);
  RunIn(jenv, "globalThis.sum = (x, y) => x + y;");
  OH_JSVM_GetNamedProperty(jenv, global, "sum", &fn);
  char buffer[2048];
  size_t copied = 0;
  int32_t i32 = 0;
  double ns = 0;
  if (what == Op::kJsCallsNative) {
    JSVM_Value code;
    JSVM_Script script;
    std::string loop = "for (let i = 0; i < " + std::to_string(n) + "; i++) add(i, 2);";
    OH_JSVM_CreateStringUtf8(jenv, loop.c_str(), loop.size(), &code);
    OH_JSVM_CompileScript(jenv, code, nullptr, 0, false, nullptr, &script);
    auto start = Clock::now();
    OH_JSVM_RunScript(jenv, script, &result);
    ns = Since(start) / n;
  } else {
    JSVM_Value argv[2] = {a, b};
    auto start = Clock::now();
    for (int i = 0; i < n; ++i) {
      JSVM_HandleScope scope;
      OH_JSVM_OpenHandleScope(jenv, &scope);
      if (what == Op::kInt32) {
        OH_JSVM_CreateInt32(jenv, i, &result);
        OH_JSVM_GetValueInt32(jenv, result, &i32);
      } else if (what == Op::kShortString) {
        OH_JSVM_CreateStringUtf8(jenv, "hello", 5, &result);
        OH_JSVM_GetValueStringUtf8(jenv, result, buffer, sizeof(buffer), &copied);
      } else if (what == Op::kKilobyteString) {
        OH_JSVM_CreateStringUtf8(jenv, kKilobyte.data(), kKilobyte.size(), &result);
        OH_JSVM_GetValueStringUtf8(jenv, result, buffer, sizeof(buffer), &copied);
      } else if (what == Op::kProperty) {
        OH_JSVM_SetNamedProperty(jenv, object, "field", a);
        OH_JSVM_GetNamedProperty(jenv, object, "field", &result);
      } else if (what == Op::kCallJs) {
        OH_JSVM_CallFunction(jenv, global, fn, 2, argv, &result);
      }
      OH_JSVM_CloseHandleScope(jenv, scope);
    }
    ns = Since(start) / n;
  }
  OH_JSVM_CloseEnvScope(jenv, env_scope);
  OH_JSVM_CloseVMScope(vm, vm_scope);
  return ns;
}

napi_value NapiAdd(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr);
  int32_t a = 0, b = 0;
  napi_get_value_int32(env, argv[0], &a);
  napi_get_value_int32(env, argv[1], &b);
  napi_value sum;
  napi_create_int32(env, a + b, &sum);
  return sum;
}

double NapiMicro(napi_env env, Op what, int n) {
  napi_value global, object, fn, a, b, result;
  napi_get_global(env, &global);
  napi_create_object(env, &object);
  napi_create_int32(env, 1, &a);
  napi_create_int32(env, 2, &b);
  napi_value code;
  const char* define = "globalThis.__benchSum = (x, y) => x + y;";
  napi_create_string_utf8(env, define, NAPI_AUTO_LENGTH, &code);
  napi_run_script(env, code, &result);
  napi_get_named_property(env, global, "__benchSum", &fn);
  char buffer[2048];
  size_t copied = 0;
  int32_t i32 = 0;
  if (what == Op::kJsCallsNative) {
    napi_value add;
    napi_create_function(env, "add", NAPI_AUTO_LENGTH, NapiAdd, nullptr, &add);
    napi_set_named_property(env, global, "__benchAdd", add);
    std::string loop = "for (let i = 0; i < " + std::to_string(n) + "; i++) __benchAdd(i, 2);";
    napi_create_string_utf8(env, loop.c_str(), loop.size(), &code);
    auto start = Clock::now();
    napi_run_script(env, code, &result);
    return Since(start) / n;
  }
  napi_value argv[2] = {a, b};
  auto start = Clock::now();
  for (int i = 0; i < n; ++i) {
    napi_handle_scope scope;
    napi_open_handle_scope(env, &scope);
    if (what == Op::kInt32) {
      napi_create_int32(env, i, &result);
      napi_get_value_int32(env, result, &i32);
    } else if (what == Op::kShortString) {
      napi_create_string_utf8(env, "hello", 5, &result);
      napi_get_value_string_utf8(env, result, buffer, sizeof(buffer), &copied);
    } else if (what == Op::kKilobyteString) {
      napi_create_string_utf8(env, kKilobyte.data(), kKilobyte.size(), &result);
      napi_get_value_string_utf8(env, result, buffer, sizeof(buffer), &copied);
    } else if (what == Op::kProperty) {
      napi_set_named_property(env, object, "field", a);
      napi_get_named_property(env, object, "field", &result);
    } else if (what == Op::kCallJs) {
      napi_call_function(env, global, fn, 2, argv, &result);
    }
    napi_close_handle_scope(env, scope);
  }
  return Since(start) / n;
}

// libace_napi.z.so's wrapper of napi_create_int32 (what a module's call
// becomes through <napi/native_api.h>); this file calls Node's directly.
extern "C" napi_status jsvm_desktop_napi_create_int32(napi_env env, int32_t value, napi_value* result);

// napiWrapper('node' | 'wrapper' | 'wrapper_in_vm_scope', n, vm): ns per
// napi_create_int32, Node's own or through the wrapper, the latter with no VM
// scope open or inside one of `vm` (the wrapper then steps into Node's isolate).
napi_value NapiWrapper(napi_env env, napi_callback_info info) {
  Args args(env, info);
  std::string mode = args.String(0);
  int n = static_cast<int>(args.Number(1));
  auto create = mode == "node" ? &napi_create_int32 : &jsvm_desktop_napi_create_int32;
  JSVM_VMScope vm_scope = nullptr;
  JSVM_VM vm = nullptr;
  if (mode == "wrapper_in_vm_scope") {
    vm = static_cast<JSVM_VM>(args.Pointer(2));
    OH_JSVM_OpenVMScope(vm, &vm_scope);
  }
  constexpr int kPerScope = 1000;
  double total = 0;
  napi_value value;
  for (int done = 0; done < n; done += kPerScope) {
    napi_handle_scope scope;
    napi_open_handle_scope(env, &scope);
    auto start = Clock::now();
    for (int i = 0; i < kPerScope; ++i) create(env, i, &value);
    total += Since(start);
    napi_close_handle_scope(env, scope);
  }
  if (vm_scope != nullptr) OH_JSVM_CloseVMScope(vm, vm_scope);
  return Num(env, total / n);
}

// micro(which, 'jsvm' | 'napi', n, vm, env)
napi_value Micro(napi_env env, napi_callback_info info) {
  Args args(env, info);
  Op what = ParseOp(args.String(0));
  std::string side = args.String(1);
  int n = static_cast<int>(args.Number(2));
  if (what == Op::kUnknown || n <= 0) return Num(env, -1);
  if (side == "napi") return Num(env, NapiMicro(env, what, n));
  auto vm = static_cast<JSVM_VM>(args.Pointer(3));
  static JSVM_Env jenv = nullptr;
  static JSVM_VM jenv_vm = nullptr;
  if (jenv == nullptr || jenv_vm != vm) {
    JSVM_PropertyDescriptor props[] = {{"add", nullptr, &kAdd, nullptr, nullptr, nullptr, JSVM_DEFAULT}};
    OH_JSVM_CreateEnv(vm, 1, props, &jenv);
    jenv_vm = vm;
  }
  return Num(env, JsvmMicro(vm, jenv, what, n));
}

// ---------------------------------------------------------------------------
// WebAssembly: CompileWasmModule with and without a cache.
// ---------------------------------------------------------------------------

// Runs `body` in a fresh env of `vm` with its scopes open.
template <typename Body>
bool InFreshEnv(JSVM_VM vm, Body&& body) {
  JSVM_VMScope vm_scope;
  if (OH_JSVM_OpenVMScope(vm, &vm_scope) != JSVM_OK) return false;
  JSVM_Env jenv = nullptr;
  bool ok = OH_JSVM_CreateEnv(vm, 0, nullptr, &jenv) == JSVM_OK;
  if (ok) {
    JSVM_EnvScope env_scope;
    JSVM_HandleScope scope;
    OH_JSVM_OpenEnvScope(jenv, &env_scope);
    OH_JSVM_OpenHandleScope(jenv, &scope);
    ok = body(jenv);
    OH_JSVM_CloseHandleScope(jenv, scope);
    OH_JSVM_CloseEnvScope(jenv, env_scope);
    OH_JSVM_DestroyEnv(jenv);
  }
  OH_JSVM_CloseVMScope(vm, vm_scope);
  return ok;
}

// wasmCache(vm, bytes, functions): compiles the module, optimises its first
// `functions` functions (OH_JSVM_CompileWasmFunction) and returns the cache of
// OH_JSVM_CreateWasmCache as a Buffer (null on failure).
napi_value WasmCache(napi_env env, napi_callback_info info) {
  Args args(env, info);
  auto vm = static_cast<JSVM_VM>(args.Pointer(0));
  std::string bytes = args.Bytes(1);
  auto functions = static_cast<uint32_t>(args.Number(2));
  std::string cache;
  bool ok = InFreshEnv(vm, [&](JSVM_Env jenv) {
    JSVM_Value module;
    auto data = reinterpret_cast<const uint8_t*>(bytes.data());
    if (OH_JSVM_CompileWasmModule(jenv, data, bytes.size(), nullptr, 0, nullptr, &module) != JSVM_OK) return false;
    for (uint32_t i = 0; i < functions; ++i) {
      if (OH_JSVM_CompileWasmFunction(jenv, module, i, JSVM_WASM_OPT_HIGH) != JSVM_OK) return false;
    }
    const uint8_t* out = nullptr;
    size_t length = 0;
    if (OH_JSVM_CreateWasmCache(jenv, module, &out, &length) != JSVM_OK) return false;
    cache.assign(reinterpret_cast<const char*>(out), length);
    OH_JSVM_ReleaseCache(jenv, out, JSVM_CACHE_TYPE_WASM);  // a stub before script/ implements it: leaks once
    return true;
  });
  napi_value result;
  if (!ok) {
    napi_get_null(env, &result);
    return result;
  }
  napi_create_buffer_copy(env, cache.size(), cache.data(), nullptr, &result);
  return result;
}

// wasmOptimiser(): null when OH_JSVM_CompileWasmFunction works here, else the
// reason it does not (Node 24 exports no V8 internals, so there it reports
// that V8 does not export its wasm function compiler). Tried on a module of
// one empty function, in a VM of its own.
napi_value WasmOptimiser(napi_env env, napi_callback_info info) {
  static const uint8_t kModule[] = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,  // magic, version
                                    0x01, 0x04, 0x01, 0x60, 0x00, 0x00,              // type: () -> ()
                                    0x03, 0x02, 0x01, 0x00,                          // function 0: type 0
                                    0x0a, 0x04, 0x01, 0x02, 0x00, 0x0b};             // code: empty body
  std::string reason;
  JSVM_VM vm = nullptr;
  if (OH_JSVM_CreateVM(nullptr, &vm) != JSVM_OK) {
    reason = "could not create a VM";
  } else {
    bool ran = InFreshEnv(vm, [&](JSVM_Env jenv) {
      JSVM_Value module;
      JSVM_Status status = OH_JSVM_CompileWasmModule(jenv, kModule, sizeof(kModule), nullptr, 0, nullptr, &module);
      if (status == JSVM_OK) status = OH_JSVM_CompileWasmFunction(jenv, module, 0, JSVM_WASM_OPT_HIGH);
      if (status != JSVM_OK) {
        const JSVM_ExtendedErrorInfo* error = nullptr;
        OH_JSVM_GetLastErrorInfo(jenv, &error);
        reason = error != nullptr && error->errorMessage != nullptr ? error->errorMessage : "status " + std::to_string(status);
      }
      return true;
    });
    if (!ran) reason = "could not create an env";
    OH_JSVM_DestroyVM(vm);
  }
  napi_value result;
  if (reason.empty()) {
    napi_get_null(env, &result);
  } else {
    napi_create_string_utf8(env, reason.data(), reason.size(), &result);
  }
  return result;
}

// wasmCompile(vm, bytes, cache | null): OH_JSVM_CompileWasmModule, timed; -1
// on failure or when the cache is rejected.
napi_value WasmCompile(napi_env env, napi_callback_info info) {
  Args args(env, info);
  auto vm = static_cast<JSVM_VM>(args.Pointer(0));
  std::string bytes = args.Bytes(1);
  napi_valuetype type;
  napi_typeof(env, args.argv[2], &type);
  std::string cache = type == napi_object ? args.Bytes(2) : std::string();
  double ns = -1;
  InFreshEnv(vm, [&](JSVM_Env jenv) {
    JSVM_Value module;
    bool rejected = true;
    auto start = Clock::now();
    JSVM_Status status = OH_JSVM_CompileWasmModule(
        jenv, reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size(),
        cache.empty() ? nullptr : reinterpret_cast<const uint8_t*>(cache.data()), cache.size(), &rejected, &module);
    double elapsed = Since(start);
    if (status == JSVM_OK && (cache.empty() || !rejected)) ns = elapsed;
    return true;
  });
  return Num(env, ns);
}

// wasmCompileOptimised(vm, bytes, functions): OH_JSVM_CompileWasmModule and
// OH_JSVM_CompileWasmFunction of the first `functions` functions, timed
// together (what a cache of those functions saves); -1 on failure.
napi_value WasmCompileOptimised(napi_env env, napi_callback_info info) {
  Args args(env, info);
  auto vm = static_cast<JSVM_VM>(args.Pointer(0));
  std::string bytes = args.Bytes(1);
  auto functions = static_cast<uint32_t>(args.Number(2));
  double ns = -1;
  InFreshEnv(vm, [&](JSVM_Env jenv) {
    JSVM_Value module;
    auto start = Clock::now();
    if (OH_JSVM_CompileWasmModule(jenv, reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size(), nullptr, 0,
                                  nullptr, &module) != JSVM_OK) {
      return true;
    }
    for (uint32_t i = 0; i < functions; ++i) {
      if (OH_JSVM_CompileWasmFunction(jenv, module, i, JSVM_WASM_OPT_HIGH) != JSVM_OK) return true;
    }
    ns = Since(start);
    return true;
  });
  return Num(env, ns);
}

}  // namespace

NAPI_MODULE_INIT() {
  napi_property_descriptor properties[] = {
      {"init", nullptr, Init, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"makeBlob", nullptr, MakeBlob, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"initFresh", nullptr, InitFresh, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"restoreFresh", nullptr, RestoreFresh, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"makeCodeCache", nullptr, MakeCodeCache, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"initCached", nullptr, InitCached, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"compileOnly", nullptr, CompileOnly, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"vmCreate", nullptr, VmCreate, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"vmDestroy", nullptr, VmDestroy, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"initWarm", nullptr, InitWarm, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"restoreWarm", nullptr, RestoreWarm, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"settle", nullptr, Settle, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"envInVm", nullptr, EnvInVm, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"vmEnvCycle", nullptr, VmEnvCycle, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"payloadOffset", nullptr, PayloadOffset, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"validate", nullptr, Validate, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"createVmFromBlob", nullptr, CreateVmFromBlob, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"rawRestore", nullptr, RawRestore, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"rawVmEnvCycle", nullptr, RawVmEnvCycle, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"rawContexts", nullptr, RawContexts, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"micro", nullptr, Micro, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"napiWrapper", nullptr, NapiWrapper, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"wasmOptimiser", nullptr, WasmOptimiser, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"wasmCache", nullptr, WasmCache, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"wasmCompile", nullptr, WasmCompile, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"wasmCompileOptimised", nullptr, WasmCompileOptimised, nullptr, nullptr, nullptr, napi_default, nullptr},
  };
  napi_define_properties(env, exports, sizeof(properties) / sizeof(properties[0]), properties);
  napi_add_env_cleanup_hook(env, DisposeKeptRaw, nullptr);
  return exports;
}
