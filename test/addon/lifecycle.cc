// Scenarios: Init, VM and env lifecycle, scopes, instance data, heap limits, threads.
#include <thread>

#include "harness.h"

namespace harness {
namespace {

void InitAgain(const Napi::CallbackInfo& info, Report& out) {
  JSVM_InitOptions options{nullptr, nullptr, nullptr, false};
  JSVM_Status status = OH_JSVM_Init(&options);
  Outcome outcome = Last(nullptr, status);
  out.Set("status", static_cast<double>(outcome.status));
  out.Set("message", outcome.message);
}

void VmInfo(const Napi::CallbackInfo& info, Report& out) {
  JSVM_VMInfo vm_info{};
  out.Set("status", static_cast<double>(OH_JSVM_GetVMInfo(&vm_info)));
  out.Set("apiVersion", vm_info.apiVersion);
  out.Set("engine", vm_info.engine ? vm_info.engine : "");
  out.Set("version", vm_info.version ? vm_info.version : "");
  out.Set("cachedDataVersionTag", vm_info.cachedDataVersionTag);
  out.Set("nullResult", static_cast<double>(OH_JSVM_GetVMInfo(nullptr)));
  Session s;
  uint32_t version = 0;
  out.Set("getVersion", static_cast<double>(OH_JSVM_GetVersion(s.env, &version)));
  out.Set("version8", version);
  JSVM_VM vm = nullptr;
  out.Set("getVM", static_cast<double>(OH_JSVM_GetVM(s.env, &vm)));
  out.Set("sameVM", vm == s.vm);
  out.Set("getVMNullEnv", static_cast<double>(OH_JSVM_GetVM(nullptr, &vm)));
  out.Set("getVMNullResult", static_cast<double>(OH_JSVM_GetVM(s.env, nullptr)));
  out.Set("getVersionNullResult", static_cast<double>(OH_JSVM_GetVersion(s.env, nullptr)));
  out.Set("getVersionNullEnv", static_cast<double>(OH_JSVM_GetVersion(nullptr, &version)));
  return;
}

// Every bad-input path of the lifecycle functions; each entry is {status, message}.
void LifecycleBadInput(const Napi::CallbackInfo& info, Report& out) {

  out.Set("createVMNullResult", Last(nullptr, OH_JSVM_CreateVM(nullptr, nullptr)));
  JSVM_CreateVMOptions bad_heap{};
  bad_heap.maxOldGenerationSize = 16u << 20;
  bad_heap.initialOldGenerationSize = 32u << 20;
  JSVM_VM vm = nullptr;
  out.Set("createVMInitialAboveMax", Last(nullptr, OH_JSVM_CreateVM(&bad_heap, &vm)));
  out.Set("destroyVMNull", Last(nullptr, OH_JSVM_DestroyVM(nullptr)));
  JSVM_VMScope vm_scope = nullptr;
  out.Set("openVMScopeNullVM", Last(nullptr, OH_JSVM_OpenVMScope(nullptr, &vm_scope)));

  out.Set("createVM", Last(nullptr, OH_JSVM_CreateVM(nullptr, &vm)));
  out.Set("openVMScopeNullResult", Last(nullptr, OH_JSVM_OpenVMScope(vm, nullptr)));
  out.Set("closeVMScopeNotOpen", Last(nullptr, OH_JSVM_CloseVMScope(vm, reinterpret_cast<JSVM_VMScope>(&vm))));
  JSVM_Env env = nullptr;
  out.Set("createEnvNullVM", Last(nullptr, OH_JSVM_CreateEnv(nullptr, 0, nullptr, &env)));
  out.Set("createEnvNullResult", Last(nullptr, OH_JSVM_CreateEnv(vm, 0, nullptr, nullptr)));
  out.Set("createEnvCountWithoutProperties", Last(nullptr, OH_JSVM_CreateEnv(vm, 2, nullptr, &env)));
  out.Set("createEnvFromSnapshotPlainVM", Last(nullptr, OH_JSVM_CreateEnvFromSnapshot(vm, 0, &env)));
  out.Set("createEnvOutsideScope", Last(nullptr, OH_JSVM_CreateEnv(vm, 0, nullptr, &env)));

  // The VM is not entered on this thread: env calls say so.
  JSVM_Value value = nullptr;
  out.Set("valueWithoutVMScope", Last(env, OH_JSVM_CreateInt32(env, 1, &value)));
  // A handle scope enters the VM itself (as on the device), until it closes.
  JSVM_HandleScope handle_scope = nullptr;
  out.Set("handleScopeWithoutVMScope", Last(env, OH_JSVM_OpenHandleScope(env, &handle_scope)));
  out.Set("valueInImplicitHandleScope", Last(env, OH_JSVM_CreateInt32(env, 1, &value)));
  out.Set("closeImplicitHandleScope", Last(env, OH_JSVM_CloseHandleScope(env, handle_scope)));
  out.Set("valueAfterImplicitHandleScope", Last(env, OH_JSVM_CreateInt32(env, 1, &value)));
  // So does an env scope.
  JSVM_EnvScope env_scope = nullptr;
  out.Set("envScopeWithoutVMScope", Last(env, OH_JSVM_OpenEnvScope(env, &env_scope)));
  out.Set("valueInImplicitVMEntry", Last(env, OH_JSVM_CreateInt32(env, 7, &value)));
  int32_t seven = 0;
  OH_JSVM_GetValueInt32(env, value, &seven);
  out.Set("valueInImplicitVMEntryRead", seven);
  out.Set("closeImplicitEnvScope", Last(env, OH_JSVM_CloseEnvScope(env, env_scope)));
  out.Set("valueAfterImplicitEntryClosed", Last(env, OH_JSVM_CreateInt32(env, 1, &value)));

  out.Set("openVMScope", Last(nullptr, OH_JSVM_OpenVMScope(vm, &vm_scope)));
  out.Set("valueWithoutHandleScope", Last(env, OH_JSVM_CreateInt32(env, 1, &value)));
  out.Set("openEnvScopeNullEnv", Last(nullptr, OH_JSVM_OpenEnvScope(nullptr, &env_scope)));
  out.Set("openEnvScopeNullResult", Last(env, OH_JSVM_OpenEnvScope(env, nullptr)));
  out.Set("openEnvScope", Last(env, OH_JSVM_OpenEnvScope(env, &env_scope)));
  out.Set("closeEnvScopeNull", Last(env, OH_JSVM_CloseEnvScope(env, nullptr)));
  out.Set("closeEnvScopeWrong", Last(env, OH_JSVM_CloseEnvScope(env, reinterpret_cast<JSVM_EnvScope>(&env))));
  out.Set("getInstanceDataNull", Last(env, OH_JSVM_GetInstanceData(env, nullptr)));
  out.Set("setInstanceDataNullEnv", Last(nullptr, OH_JSVM_SetInstanceData(nullptr, nullptr, nullptr, nullptr)));
  out.Set("getLastErrorInfoNullResult", Last(env, OH_JSVM_GetLastErrorInfo(env, nullptr)));
  out.Set("getLastErrorInfoNullBoth", Last(nullptr, OH_JSVM_GetLastErrorInfo(nullptr, nullptr)));
  out.Set("closeEnvScope", Last(env, OH_JSVM_CloseEnvScope(env, env_scope)));
  out.Set("destroyEnvNull", Last(nullptr, OH_JSVM_DestroyEnv(nullptr)));
  out.Set("destroyEnv", Last(nullptr, OH_JSVM_DestroyEnv(env)));
  out.Set("closeVMScope", Last(nullptr, OH_JSVM_CloseVMScope(vm, vm_scope)));
  out.Set("destroyVM", Last(nullptr, OH_JSVM_DestroyVM(vm)));
  return;
}

// CreateEnv with every kind of property descriptor, observed from JS.
void EnvProperties(const Napi::CallbackInfo& info, Report& out) {
  JSVM_VM vm = nullptr;
  OH_JSVM_CreateVM(nullptr, &vm);
  JSVM_VMScope vm_scope;
  OH_JSVM_OpenVMScope(vm, &vm_scope);
  {
    // Values for the descriptors come from a helper env of the same VM.
    JSVM_Env helper;
    OH_JSVM_CreateEnv(vm, 0, nullptr, &helper);
    JSVM_EnvScope helper_scope;
    OH_JSVM_OpenEnvScope(helper, &helper_scope);
    JSVM_Value answer, symbol_name, greeting;
    OH_JSVM_CreateInt32(helper, 42, &answer);
    OH_JSVM_CreateStringUtf8(helper, "viaName", JSVM_AUTO_LENGTH, &symbol_name);
    OH_JSVM_CreateStringUtf8(helper, "hi", JSVM_AUTO_LENGTH, &greeting);

    g_counter = 0;
    JSVM_PropertyDescriptor props[] = {
        {"hello", nullptr, &kHello, nullptr, nullptr, nullptr, JSVM_DEFAULT_METHOD},
        {"add", nullptr, &kAdd, nullptr, nullptr, nullptr, JSVM_DEFAULT},
        {"counter", nullptr, nullptr, &kCounterGet, &kCounterSet, nullptr, JSVM_ENUMERABLE},
        {"readOnlyCounter", nullptr, nullptr, &kCounterGet, nullptr, nullptr, JSVM_DEFAULT},
        {"writeOnlyCounter", nullptr, nullptr, nullptr, &kCounterSet, nullptr, JSVM_DEFAULT},
        {"answer", nullptr, nullptr, nullptr, nullptr, answer, JSVM_DEFAULT},
        {"greeting", nullptr, nullptr, nullptr, nullptr, greeting, JSVM_DEFAULT_JSPROPERTY},
        {nullptr, symbol_name, &kDescribe, nullptr, nullptr, nullptr, JSVM_DEFAULT_METHOD},
    };
    JSVM_Env env = nullptr;
    out.Set("create", static_cast<double>(OH_JSVM_CreateEnv(vm, sizeof(props) / sizeof(props[0]), props, &env)));
    {
      JSVM_EnvScope env_scope;
      OH_JSVM_OpenEnvScope(env, &env_scope);
      out.Set("observed", EvalIn(env, R"JS(
        'use strict';
        const d = (n) => { const p = Object.getOwnPropertyDescriptor(globalThis, n);
          return [n, 'w' + p.writable, 'e' + p.enumerable, 'c' + p.configurable].join(':'); };
        counter = 7;
        let readOnlyWrite = 'allowed';
        try { readOnlyCounter = 1; } catch (e) { readOnlyWrite = e.constructor.name; }
        let answerWrite = 'allowed';
        try { answer = 1; } catch (e) { answerWrite = e.constructor.name; }
        JSON.stringify([hello(), add(2, 3), counter, readOnlyCounter, readOnlyWrite, answer, answerWrite,
          d('answer'), d('greeting'), d('hello'), viaName.call({}, 1, 2), hello.name,
          (writeOnlyCounter = 9, [String(writeOnlyCounter), readOnlyCounter].join('/')), (counter = 7, 'reset'),
          Object.keys(globalThis).filter((k) => k !== 'gc').sort().join(',')])
      )JS"));
      out.Set("nativeCounter", g_counter);
      OH_JSVM_CloseEnvScope(env, env_scope);
    }
    OH_JSVM_DestroyEnv(env);

    JSVM_PropertyDescriptor nameless[] = {{nullptr, nullptr, &kHello, nullptr, nullptr, nullptr, JSVM_DEFAULT}};
    out.Set("nameless", Last(nullptr, OH_JSVM_CreateEnv(vm, 1, nameless, &env)));
    JSVM_PropertyDescriptor empty[] = {{"nothing", nullptr, nullptr, nullptr, nullptr, nullptr, JSVM_DEFAULT}};
    out.Set("empty", Last(nullptr, OH_JSVM_CreateEnv(vm, 1, empty, &env)));
    JSVM_PropertyDescriptor number_name[] = {{nullptr, answer, &kHello, nullptr, nullptr, nullptr, JSVM_DEFAULT}};
    out.Set("numberName", Last(nullptr, OH_JSVM_CreateEnv(vm, 1, number_name, &env)));
    JSVM_CallbackStruct no_callback = {nullptr, nullptr};
    JSVM_PropertyDescriptor null_cb[] = {{"f", nullptr, &no_callback, nullptr, nullptr, nullptr, JSVM_DEFAULT}};
    out.Set("nullCallback", Last(nullptr, OH_JSVM_CreateEnv(vm, 1, null_cb, &env)));

    OH_JSVM_CloseEnvScope(helper, helper_scope);
    OH_JSVM_DestroyEnv(helper);
  }
  OH_JSVM_CloseVMScope(vm, vm_scope);
  OH_JSVM_DestroyVM(vm);
  return;
}

struct FinalizeLog {
  int calls = 0;
  void* data = nullptr;
  void* hint = nullptr;
  bool env_usable = false;
};

void RecordFinalize(JSVM_Env env, void* data, void* hint) {
  auto* log = static_cast<FinalizeLog*>(hint);
  log->calls++;
  log->data = data;
  JSVM_Value value;
  // The env is still usable from the finalizer.
  log->env_usable = OH_JSVM_CreateInt32(env, 1, &value) == JSVM_OK;
}

void InstanceData(const Napi::CallbackInfo& info, Report& out) {
  FinalizeLog first_log, second_log;
  int first = 1, second = 2;
  {
    Session s;
    void* data = &second;
    out.Set("getEmpty", static_cast<double>(OH_JSVM_GetInstanceData(s.env, &data)));
    out.Set("emptyIsNull", data == nullptr);
    out.Set("setFirst", static_cast<double>(OH_JSVM_SetInstanceData(s.env, &first, RecordFinalize, &first_log)));
    out.Set("setSecond", static_cast<double>(OH_JSVM_SetInstanceData(s.env, &second, RecordFinalize, &second_log)));
    out.Set("get", static_cast<double>(OH_JSVM_GetInstanceData(s.env, &data)));
    out.Set("gotSecond", data == &second);
    out.Set("callsBeforeDestroy", second_log.calls);
  }
  out.Set("firstCalls", first_log.calls);
  out.Set("secondCalls", second_log.calls);
  out.Set("secondData", second_log.data == &second);
  out.Set("envUsableInFinalizer", second_log.env_usable);
  return;
}

void HandleScopes(const Napi::CallbackInfo& info, Report& out) {
  Session s;
  JSVM_Env env = s.env;
  JSVM_HandleScope outer = nullptr, inner = nullptr;
  out.Set("openNullEnv", Last(env, OH_JSVM_OpenHandleScope(nullptr, &outer)));
  out.Set("openNullResult", Last(env, OH_JSVM_OpenHandleScope(env, nullptr)));
  out.Set("closeNull", Last(env, OH_JSVM_CloseHandleScope(env, nullptr)));
  out.Set("openOuter", Last(env, OH_JSVM_OpenHandleScope(env, &outer)));
  out.Set("openInner", Last(env, OH_JSVM_OpenHandleScope(env, &inner)));
  out.Set("closeOuterFirst", Last(env, OH_JSVM_CloseHandleScope(env, outer)));
  out.Set("closeInner", Last(env, OH_JSVM_CloseHandleScope(env, inner)));
  out.Set("closeInnerAgain", Last(env, OH_JSVM_CloseHandleScope(env, inner)));
  out.Set("closeOuter", Last(env, OH_JSVM_CloseHandleScope(env, outer)));

  // Many values, each batch in its own scope.
  int sum = 0;
  for (int batch = 0; batch < 100; ++batch) {
    JSVM_HandleScope scope;
    OH_JSVM_OpenHandleScope(env, &scope);
    for (int i = 0; i < 1000; ++i) {
      JSVM_Value v;
      OH_JSVM_CreateInt32(env, 1, &v);
      int32_t x = 0;
      OH_JSVM_GetValueInt32(env, v, &x);
      sum += x;
    }
    OH_JSVM_CloseHandleScope(env, scope);
  }
  out.Set("sum", sum);

  JSVM_EscapableHandleScope esc = nullptr;
  JSVM_Value escaped = nullptr, again = nullptr, local = nullptr;
  out.Set("openEscapableNullResult", Last(env, OH_JSVM_OpenEscapableHandleScope(env, nullptr)));
  out.Set("openEscapable", Last(env, OH_JSVM_OpenEscapableHandleScope(env, &esc)));
  local = s.Str("kept alive");
  out.Set("escapeNullValue", Last(env, OH_JSVM_EscapeHandle(env, esc, nullptr, &escaped)));
  out.Set("escapeNullResult", Last(env, OH_JSVM_EscapeHandle(env, esc, local, nullptr)));
  out.Set("escape", Last(env, OH_JSVM_EscapeHandle(env, esc, local, &escaped)));
  out.Set("escapeTwice", Last(env, OH_JSVM_EscapeHandle(env, esc, local, &again)));
  out.Set("closeEscapableAsPlain", Last(env, OH_JSVM_CloseHandleScope(env, reinterpret_cast<JSVM_HandleScope>(esc))));
  out.Set("closeEscapable", Last(env, OH_JSVM_CloseEscapableHandleScope(env, esc)));
  out.Set("closeEscapableNull", Last(env, OH_JSVM_CloseEscapableHandleScope(env, nullptr)));
  out.Set("escapedValue", s.ToString(escaped));
  return;
}

// Allocates `allocate_mb` MB of live objects in a VM limited to `max_old_mb`.
void HeapLimit(const Napi::CallbackInfo& info, Report& out) {
  size_t max_old_mb = info[0].As<Napi::Number>().Uint32Value();
  uint32_t allocate_mb = info[1].As<Napi::Number>().Uint32Value();
  JSVM_CreateVMOptions options{};
  options.maxOldGenerationSize = max_old_mb << 20;
  Session s(&options);
  std::string source = "globalThis.keep = []; for (let i = 0; i < " + std::to_string(allocate_mb) +
                       " * 16; i++) keep.push(new Array(8192).fill(i)); keep.length";
  JSVM_Value result = nullptr;
  JSVM_Status status = s.Run(source.c_str(), &result);
  out.Set("run", Last(s.env, status));
  if (status == JSVM_OK) out.Set("length", s.ToString(result));
  bool pending = true;
  OH_JSVM_IsExceptionPending(s.env, &pending);
  out.Set("pendingAfter", pending);
  // The VM stays usable once the garbage is dropped.
  out.Set("after", s.Eval("globalThis.keep = null; [1, 2, 3].map((x) => x * 2).join(',')"));
  return;
}

// A VM created, used and destroyed on the calling thread (workers call this).
Napi::Value EvalInFreshVm(const Napi::CallbackInfo& info) {
  std::string source = info[0].As<Napi::String>();
  JSVM_PropertyDescriptor props[] = {{"hello", nullptr, &kHello, nullptr, nullptr, nullptr, JSVM_DEFAULT}};
  std::string result = "<no vm>";
  {
    Session s(nullptr, 1, props);
    if (s.ok()) result = s.Eval(source.c_str());
  }
  return Napi::String::New(info.Env(), result);
}

// A VM whose pointer the specs pass between threads: created here with no
// scope open, usable from any thread, one at a time.
struct SharedVm {
  JSVM_VM vm;
  JSVM_Env env;
};

Napi::Value SharedVmCreate(const Napi::CallbackInfo& info) {
  auto* shared = new SharedVm{nullptr, nullptr};
  OH_JSVM_CreateVM(nullptr, &shared->vm);
  OH_JSVM_CreateEnv(shared->vm, 0, nullptr, &shared->env);
  return Napi::BigInt::New(info.Env(), static_cast<uint64_t>(reinterpret_cast<uintptr_t>(shared)));
}

SharedVm* SharedFrom(const Napi::Value& value) {
  bool lossless = false;
  return reinterpret_cast<SharedVm*>(static_cast<uintptr_t>(value.As<Napi::BigInt>().Uint64Value(&lossless)));
}

Napi::Value SharedVmEval(const Napi::CallbackInfo& info) {
  SharedVm* shared = SharedFrom(info[0]);
  std::string source = info[1].As<Napi::String>();
  JSVM_VMScope vm_scope;
  OH_JSVM_OpenVMScope(shared->vm, &vm_scope);
  JSVM_EnvScope env_scope;
  OH_JSVM_OpenEnvScope(shared->env, &env_scope);
  std::string result = EvalIn(shared->env, source.c_str());
  OH_JSVM_CloseEnvScope(shared->env, env_scope);
  OH_JSVM_CloseVMScope(shared->vm, vm_scope);
  return Napi::String::New(info.Env(), result);
}

Napi::Value SharedVmDestroy(const Napi::CallbackInfo& info) {
  SharedVm* shared = SharedFrom(info[0]);
  JSVM_Status a = OH_JSVM_DestroyEnv(shared->env);
  JSVM_Status b = OH_JSVM_DestroyVM(shared->vm);
  delete shared;
  return Napi::Number::New(info.Env(), a == JSVM_OK && b == JSVM_OK ? 0 : 1);
}

// A native function made in env B, held by env A of the same VM: it runs in B
// while B lives and throws once B is destroyed (its context survives).
void OrphanFunction(const Napi::CallbackInfo& info, Report& out) {
  Session a(nullptr, 0, nullptr);
  JSVM_Env b = nullptr;
  out.Set("createB", static_cast<double>(OH_JSVM_CreateEnv(a.vm, 0, nullptr, &b)));
  JSVM_EnvScope b_scope = nullptr;
  out.Set("openB", static_cast<double>(OH_JSVM_OpenEnvScope(b, &b_scope)));
  JSVM_Value hello = nullptr, global = nullptr, b_global = nullptr;
  OH_JSVM_CreateFunction(b, "hello", JSVM_AUTO_LENGTH, &kHello, &hello);
  OH_JSVM_GetGlobal(b, &b_global);
  OH_JSVM_SetNamedProperty(b, b_global, "marker", a.Str("B"));
  OH_JSVM_GetGlobal(a.env, &global);
  out.Set("share", static_cast<double>(OH_JSVM_SetNamedProperty(a.env, global, "fromB", hello)));
  OH_JSVM_CloseEnvScope(b, b_scope);  // handles made since OpenEnvScope(b) are gone
  OH_JSVM_GetGlobal(a.env, &global);
  JSVM_Value own = nullptr;
  out.Set("createOwn", Last(a.env, OH_JSVM_CreateFunction(a.env, "own", JSVM_AUTO_LENGTH, &kHello, &own)));
  out.Set("setOwn", Last(a.env, OH_JSVM_SetNamedProperty(a.env, global, "own", own)));
  out.Set("whileAlive", a.Eval("own() + ' / ' + fromB()"));
  out.Set("destroyB", static_cast<double>(OH_JSVM_DestroyEnv(b)));
  out.Set("afterDestroy", a.Eval("try { fromB(); 'no throw' } catch (e) { e.constructor.name + ': ' + e.message }"));
  out.Set("ownStillWorks", a.Eval("own()"));
  out.Set("againAfterOwn", a.Eval("try { fromB(); 'no throw' } catch (e) { e.message }"));
}

JSVM_Value AddTwo(JSVM_Env env, JSVM_CallbackInfo info) {
  size_t argc = 2;
  JSVM_Value argv[2] = {};
  OH_JSVM_GetCbInfo(env, info, &argc, argv, nullptr, nullptr);
  double a = 0, b = 0;
  OH_JSVM_GetValueDouble(env, argv[0], &a);
  OH_JSVM_GetValueDouble(env, argv[1], &b);
  JSVM_Value sum = nullptr;
  OH_JSVM_CreateDouble(env, a + b, &sum);
  return sum;
}

// The docs' threading example, in a process whose first OH_JSVM_Init comes from
// a std::thread (run with JSVM_TEST_SKIP_INIT=1): Init, a VM, an env with a
// native function, a script calling it, all on that thread.
void InitInThread(const Napi::CallbackInfo& info, Report& out) {
  Outcome init{}, create_vm{}, create_env{}, run{};
  double sum = 0;
  std::thread([&] {
    JSVM_InitOptions options{};
    init = Last(nullptr, OH_JSVM_Init(&options));
    JSVM_VM vm = nullptr;
    create_vm = Last(nullptr, OH_JSVM_CreateVM(nullptr, &vm));
    if (create_vm.status != JSVM_OK) return;
    JSVM_VMScope vm_scope = nullptr;
    OH_JSVM_OpenVMScope(vm, &vm_scope);
    static JSVM_CallbackStruct add{AddTwo, nullptr};
    JSVM_PropertyDescriptor descriptor{"add", nullptr, &add, nullptr, nullptr, nullptr, JSVM_DEFAULT};
    JSVM_Env env = nullptr;
    create_env = Last(nullptr, OH_JSVM_CreateEnv(vm, 1, &descriptor, &env));
    if (create_env.status == JSVM_OK) {
      JSVM_EnvScope env_scope = nullptr;
      OH_JSVM_OpenEnvScope(env, &env_scope);
      JSVM_HandleScope scope = nullptr;
      OH_JSVM_OpenHandleScope(env, &scope);
      JSVM_Value source = nullptr, result = nullptr;
      JSVM_Script script = nullptr;
      OH_JSVM_CreateStringUtf8(env, "add(4.96, 5.28)", JSVM_AUTO_LENGTH, &source);
      OH_JSVM_CompileScript(env, source, nullptr, 0, true, nullptr, &script);
      run = Last(env, OH_JSVM_RunScript(env, script, &result));
      OH_JSVM_GetValueDouble(env, result, &sum);
      OH_JSVM_CloseHandleScope(env, scope);
      OH_JSVM_CloseEnvScope(env, env_scope);
      OH_JSVM_DestroyEnv(env);
    }
    OH_JSVM_CloseVMScope(vm, vm_scope);
    OH_JSVM_DestroyVM(vm);
  }).join();
  out.Set("init", init);
  out.Set("createVM", create_vm);
  out.Set("createEnv", create_env);
  out.Set("run", run);
  out.Set("sum", sum);
  JSVM_InitOptions options{};
  out.Set("initAgain", Last(nullptr, OH_JSVM_Init(&options)));
}

}  // namespace

void RegisterLifecycle(Napi::Env env, Napi::Object exports) {
  exports.Set("initAgain", Scenario(env, InitAgain));
  exports.Set("initInThread", Scenario(env, InitInThread));
  exports.Set("vmInfo", Scenario(env, VmInfo));
  exports.Set("lifecycleBadInput", Scenario(env, LifecycleBadInput));
  exports.Set("envProperties", Scenario(env, EnvProperties));
  exports.Set("instanceData", Scenario(env, InstanceData));
  exports.Set("handleScopes", Scenario(env, HandleScopes));
  exports.Set("heapLimit", Scenario(env, HeapLimit));
  exports.Set("evalInFreshVm", Napi::Function::New(env, EvalInFreshVm));
  exports.Set("sharedVmCreate", Napi::Function::New(env, SharedVmCreate));
  exports.Set("sharedVmEval", Napi::Function::New(env, SharedVmEval));
  exports.Set("sharedVmDestroy", Napi::Function::New(env, SharedVmDestroy));
  exports.Set("orphanFunction", Scenario(env, OrphanFunction));
}

}  // namespace harness
