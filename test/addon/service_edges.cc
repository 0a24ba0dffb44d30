// Scenarios: runtime services (code caches, wasm, locks, background
// deserialisation) on inputs and call sequences that crashed, hung or left a
// VM that could not be destroyed. Each runs in a child process from
// test/service-edges.spec.ts, so that a regression fails the spec instead of
// ending mocha.
#include <v8.h>

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "harness.h"

namespace harness {
namespace {

// A cache of `source` made in its own VM (after a run, so that its lazy
// functions are in it too).
std::vector<uint8_t> CacheOf(const std::string& source) {
  Session s;
  JSVM_Value code, result;
  JSVM_Script script = nullptr;
  OH_JSVM_CreateStringUtf8(s.env, source.c_str(), source.size(), &code);
  OH_JSVM_CompileScript(s.env, code, nullptr, 0, false, nullptr, &script);
  OH_JSVM_RunScript(s.env, script, &result);
  const uint8_t* data = nullptr;
  size_t length = 0;
  std::vector<uint8_t> bytes;
  if (OH_JSVM_CreateCodeCache(s.env, script, &data, &length) == JSVM_OK) {
    bytes.assign(data, data + length);
    OH_JSVM_ReleaseCache(s.env, data, JSVM_CACHE_TYPE_JS);
  }
  return bytes;
}

// Two scripts of one length whose function `h` starts at the same offset, B's
// with more inner functions than A's. V8 checks only the length: given A's
// cache, B's compile took A's functions, and calling into h's inner
// functions read past A's function table ("Check failed: function_literal_id
// < script->shared_function_info_count()", SIGTRAP). info[0]: "compile" (the
// cache given to the compile) or "background" (OH_JSVM_BackgroundDeserialize).
void SameLengthInnerFunctions(const Napi::CallbackInfo& info, Report& out) {
  const bool background = info[0].As<Napi::String>().Utf8Value() == "background";
  std::string a = "function h(x){return [x,x,x,x,x,x,x,x,x]}\n'A:'+typeof h";
  std::string b = "function h(x){return ()=>()=>()=>()=>x; }\n'B:'+typeof h";
  while (a.size() < b.size()) a += ' ';
  while (b.size() < a.size()) b += ' ';
  out.Set("sameLength", a.size() == b.size());
  std::vector<uint8_t> cache = CacheOf(a);
  Session s;
  JSVM_Value code, result;
  JSVM_Script script = nullptr;
  OH_JSVM_CreateStringUtf8(s.env, b.c_str(), b.size(), &code);
  bool rejected = false;
  if (background) {
    JSVM_DeserializeResult deserialized = nullptr;
    OH_JSVM_BackgroundDeserialize(s.vm, {cache.data(), cache.size()}, &deserialized);
    JSVM_CompileOptions options[2];
    options[0].id = JSVM_COMPILE_BACKGROUND_DESERIALIZE_RESULT;
    options[0].content.ptr = deserialized;
    options[1].id = JSVM_COMPILE_CODE_CACHE_REJECTED;
    options[1].content.ptr = &rejected;
    out.Set("compile", Last(s.env, OH_JSVM_CompileScriptWithOptions(s.env, code, 2, options, &script)));
    OH_JSVM_ReleaseDeserializeResult(deserialized);
  } else {
    out.Set("compile", Last(s.env, OH_JSVM_CompileScript(s.env, code, cache.data(), cache.size(), false, &rejected,
                                                         &script)));
  }
  out.Set("rejected", rejected);
  if (script != nullptr && OH_JSVM_RunScript(s.env, script, &result) == JSVM_OK) out.Set("run", StringOf(s.env, result));
  out.Set("inner", s.Eval("String(h(1)()()()())"));
}

// (module (func (param i32 i32) (result i32) local.get 0 local.get 1 i32.add) (export "add" (func 0)))
const uint8_t kAddModule[] = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x07, 0x01, 0x60, 0x02, 0x7f,
                              0x7f, 0x01, 0x7f, 0x03, 0x02, 0x01, 0x00, 0x07, 0x07, 0x01, 0x03, 0x61, 0x64, 0x64,
                              0x00, 0x00, 0x0a, 0x09, 0x01, 0x07, 0x00, 0x20, 0x00, 0x20, 0x01, 0x6a, 0x0b};

// CompileWasmModule where it cannot work: in a VM made for snapshotting (V8
// leaves WebAssembly out of it: SIGSEGV), and with lengths V8 cut to 32 bits.
void WasmOutOfReach(const Napi::CallbackInfo&, Report& out) {
  JSVM_Value module = nullptr;
  {
    JSVM_CreateVMOptions options{};
    options.isForSnapshotting = true;
    Session s(&options);
    out.Set("typeofInSnapshotVM", s.Eval("typeof WebAssembly"));
    out.Set("snapshotVM", Last(s.env, OH_JSVM_CompileWasmModule(s.env, kAddModule, sizeof(kAddModule), nullptr, 0,
                                                                nullptr, &module)));
    const uint8_t cache[64] = {1, 2, 3};
    bool rejected = false;
    out.Set("snapshotVMWithCache", Last(s.env, OH_JSVM_CompileWasmModule(s.env, kAddModule, sizeof(kAddModule), cache,
                                                                         sizeof(cache), &rejected, &module)));
  }
  Session s;
  out.Set("plain", Last(s.env, OH_JSVM_CompileWasmModule(s.env, kAddModule, sizeof(kAddModule), nullptr, 0, nullptr,
                                                         &module)));
  // Lengths past what the buffer holds are the caller's error and cannot be
  // seen; past V8's limit they are refused before anything is read.
  const size_t wrapped = (size_t{1} << 32) + sizeof(kAddModule);
  out.Set("wrappedLength", Last(s.env, OH_JSVM_CompileWasmModule(s.env, kAddModule, wrapped, nullptr, 0, nullptr,
                                                                 &module)));
  out.Set("hugeLength", Last(s.env, OH_JSVM_CompileWasmModule(s.env, kAddModule, size_t{1} << 40, nullptr, 0, nullptr,
                                                              &module)));
  out.Set("overLimit", Last(s.env, OH_JSVM_CompileWasmModule(s.env, kAddModule, (size_t{1} << 30) + 1, nullptr, 0,
                                                             nullptr, &module)));
}

// OH_JSVM_ReleaseDeserializeResult from a finalizer V8 runs inside a GC while
// the worker still deserialises: the worker waits for the GC to end, and the
// release waited for the worker (a hang). The finalizer starts a background
// deserialisation of a large cache and releases it at once.
struct ReleaseInGC {
  JSVM_VM vm = nullptr;
  std::vector<uint8_t> cache;
  int calls = 0;
  JSVM_Status start = JSVM_GENERIC_FAILURE;
  JSVM_Status release = JSVM_GENERIC_FAILURE;
  JSVM_DeserializeResult result = nullptr;
};
ReleaseInGC* g_release_in_gc = nullptr;
void ReleasingFinalizer(JSVM_Env, void*, void*) {
  ReleaseInGC& st = *g_release_in_gc;
  if (++st.calls > 1) return;
  st.start = OH_JSVM_BackgroundDeserialize(st.vm, {st.cache.data(), st.cache.size()}, &st.result);
  st.release = OH_JSVM_ReleaseDeserializeResult(st.result);
}

void ReleaseDeserializeInGC(const Napi::CallbackInfo&, Report& out) {
  ReleaseInGC st;
  g_release_in_gc = &st;
  std::string source = "globalThis.fns = [];\n";
  for (int i = 0; i < 3000; ++i) {
    source += "fns.push(function f" + std::to_string(i) + "(x) { return [x, " + std::to_string(i) + "].join('-'); });\n";
  }
  source += "fns.map(f => f(1)).length";
  st.cache = CacheOf(source);
  Session s;
  st.vm = s.vm;
  static char text[] = "an external string that V8 does not copy, and frees in a GC";
  JSVM_HandleScope scope = nullptr;
  OH_JSVM_OpenHandleScope(s.env, &scope);
  JSVM_Value str = nullptr;
  bool copied = true;
  out.Set("make", Last(s.env, OH_JSVM_CreateExternalStringLatin1(s.env, text, JSVM_AUTO_LENGTH, ReleasingFinalizer,
                                                                 nullptr, &str, &copied)));
  out.Set("copied", copied);
  OH_JSVM_CloseHandleScope(s.env, scope);
  out.Set("gc", s.Eval("gc(); gc(); 'done'"));
  out.Set("calls", st.calls);
  out.Set("start", static_cast<double>(st.start));
  out.Set("releaseInGC", static_cast<double>(st.release));
  // Refused inside the GC: released now, after it.
  if (st.release != JSVM_OK) out.Set("releaseAfter", Last(nullptr, OH_JSVM_ReleaseDeserializeResult(st.result)));
  out.Set("destroy", Last(nullptr, s.Destroy()));
  g_release_in_gc = nullptr;
}

// Locks that used to outlive any way to release them, and one taken while
// the VM is being destroyed. info[0]:
// - "destroyEnv": AcquireLock, then the env destroyed: ReleaseLock needs a
//   live env, so DestroyVM refused forever ("a thread holds the VM's lock").
// - "inCallback": AcquireLock inside a native callback, left held when it
//   returns: ReleaseLock refused (the callback depth it began at is gone).
// - "atTeardown": AcquireLock from a finalizer DestroyVM runs: V8 aborted
//   ("Disposing the isolate that is entered by a thread").
JSVM_Status g_lock_status = JSVM_GENERIC_FAILURE;
std::string g_lock_message;
JSVM_Value AcquireAndReturn(JSVM_Env env, JSVM_CallbackInfo) {
  g_lock_status = OH_JSVM_AcquireLock(env);
  return nullptr;
}
JSVM_CallbackStruct g_acquire_and_return = {AcquireAndReturn, nullptr};
void AcquireInFinalizer(JSVM_Env env, void*, void*) {
  g_lock_status = OH_JSVM_AcquireLock(env);
  const JSVM_ExtendedErrorInfo* error = nullptr;
  OH_JSVM_GetLastErrorInfo(nullptr, &error);
  g_lock_message = error != nullptr && error->errorMessage != nullptr ? error->errorMessage : "";
}

void LocksLeftHeld(const Napi::CallbackInfo& info, Report& out) {
  const std::string which = info[0].As<Napi::String>().Utf8Value();
  v8::Isolate* node_isolate = v8::Isolate::TryGetCurrent();
  JSVM_VM vm = nullptr;
  OH_JSVM_CreateVM(nullptr, &vm);
  JSVM_VMScope vm_scope = nullptr;
  OH_JSVM_OpenVMScope(vm, &vm_scope);
  JSVM_Env env = nullptr;
  OH_JSVM_CreateEnv(vm, 0, nullptr, &env);
  if (which == "destroyEnv") {
    OH_JSVM_CloseVMScope(vm, vm_scope);
    out.Set("acquire", Last(nullptr, OH_JSVM_AcquireLock(env)));
    out.Set("destroyEnv", Last(nullptr, OH_JSVM_DestroyEnv(env)));
    out.Set("release", Last(nullptr, OH_JSVM_ReleaseLock(env)));
  } else if (which == "inCallback") {
    JSVM_EnvScope env_scope = nullptr;
    OH_JSVM_OpenEnvScope(env, &env_scope);
    JSVM_Value fn = nullptr, global = nullptr;
    OH_JSVM_CreateFunction(env, "acquire", JSVM_AUTO_LENGTH, &g_acquire_and_return, &fn);
    OH_JSVM_GetGlobal(env, &global);
    OH_JSVM_SetNamedProperty(env, global, "acquire", fn);
    out.Set("eval", EvalIn(env, "acquire(); 'returned'"));
    out.Set("acquire", static_cast<double>(g_lock_status));
    out.Set("release", Last(nullptr, OH_JSVM_ReleaseLock(env)));
    out.Set("closeEnvScope", Last(env, OH_JSVM_CloseEnvScope(env, env_scope)));
  } else if (which == "insideVMScope") {
    // Taken inside a VM scope (its entry above the scope's): DestroyVM leaves
    // them in reverse order, and the thread's record of what is entered is
    // right after, which VMs made later at the same addresses rely on.
    JSVM_EnvScope env_scope = nullptr;
    OH_JSVM_OpenEnvScope(env, &env_scope);
    out.Set("acquire", Last(nullptr, OH_JSVM_AcquireLock(env)));
    JSVM_VMScope inner = nullptr;
    OH_JSVM_OpenVMScope(vm, &inner);
  } else {
    JSVM_EnvScope env_scope = nullptr;
    OH_JSVM_OpenEnvScope(env, &env_scope);
    JSVM_Value object = nullptr;
    JSVM_HandleScope scope = nullptr;
    OH_JSVM_OpenHandleScope(env, &scope);
    OH_JSVM_CreateObject(env, &object);
    static int native = 0;
    out.Set("wrap", Last(env, OH_JSVM_Wrap(env, object, &native, AcquireInFinalizer, nullptr, nullptr)));
    OH_JSVM_CloseHandleScope(env, scope);
    OH_JSVM_CloseEnvScope(env, env_scope);
    OH_JSVM_CloseVMScope(vm, vm_scope);
  }
  out.Set("destroyVM", Last(nullptr, OH_JSVM_DestroyVM(vm)));
  if (which == "atTeardown") {
    out.Set("acquireAtTeardown", static_cast<double>(g_lock_status));
    out.Set("acquireAtTeardownMessage", g_lock_message);
  }
  // Nothing is left entered on this thread.
  out.Set("nodeIsolateCurrent", node_isolate != nullptr && v8::Isolate::TryGetCurrent() == node_isolate);
  // VMs made after it (often at the same address) are used with env and
  // handle scopes alone, which enter the VM only if it is not entered here.
  std::string later;
  for (int i = 0; i < 8; ++i) {
    JSVM_VM next = nullptr;
    OH_JSVM_CreateVM(nullptr, &next);
    JSVM_VMScope next_scope = nullptr;
    OH_JSVM_OpenVMScope(next, &next_scope);
    JSVM_Env next_env = nullptr;
    OH_JSVM_CreateEnv(next, 0, nullptr, &next_env);
    OH_JSVM_CloseVMScope(next, next_scope);
    JSVM_EnvScope next_env_scope = nullptr;
    JSVM_Status opened = OH_JSVM_OpenEnvScope(next_env, &next_env_scope);
    later += opened == JSVM_OK ? EvalIn(next_env, "String(6 * 7)") : "<" + std::to_string(opened) + ">";
    if (opened == JSVM_OK) OH_JSVM_CloseEnvScope(next_env, next_env_scope);
    OH_JSVM_DestroyEnv(next_env);
    OH_JSVM_DestroyVM(next);
    later += ' ';
  }
  out.Set("laterVMs", later);
  out.Set("nodeIsolateCurrentAtEnd", node_isolate != nullptr && v8::Isolate::TryGetCurrent() == node_isolate);
}

// The OOM handler told of the heap limit (at the next env call) destroys the
// VM, or closes the scope the call would use: the call must not go on with
// what it checked before. info[0]: "destroyVM" or "closeScope".
struct TellingState {
  std::string what;
  JSVM_VM vm = nullptr;
  JSVM_Env env = nullptr;
  JSVM_HandleScope scope = nullptr;
  int calls = 0;
  JSVM_Status action = JSVM_GENERIC_FAILURE;
};
TellingState* g_telling = nullptr;
void ActingOOMHandler(const char*, const char*, bool) {
  TellingState& st = *g_telling;
  ++st.calls;
  st.action = st.what == "destroyVM" ? OH_JSVM_DestroyVM(st.vm) : OH_JSVM_CloseHandleScope(st.env, st.scope);
}

void HandlerActsOnHeapLimit(const Napi::CallbackInfo& info, Report& out) {
  TellingState st;
  st.what = info[0].As<Napi::String>().Utf8Value();
  g_telling = &st;
  JSVM_CreateVMOptions options{};
  options.maxOldGenerationSize = 16 << 20;
  OH_JSVM_CreateVM(&options, &st.vm);
  JSVM_VMScope vm_scope = nullptr;
  OH_JSVM_OpenVMScope(st.vm, &vm_scope);
  OH_JSVM_CreateEnv(st.vm, 0, nullptr, &st.env);
  JSVM_EnvScope env_scope = nullptr;
  OH_JSVM_OpenEnvScope(st.env, &env_scope);
  OH_JSVM_OpenHandleScope(st.env, &st.scope);
  OH_JSVM_SetHandlerForOOMError(st.vm, ActingOOMHandler);
  JSVM_Value code = nullptr, result = nullptr;
  JSVM_Script script = nullptr;
  OH_JSVM_CreateStringUtf8(st.env, "const keep = []; for (;;) keep.push(new Array(1000).fill(keep.length)); 1",
                           JSVM_AUTO_LENGTH, &code);
  OH_JSVM_CompileScript(st.env, code, nullptr, 0, false, nullptr, &script);
  out.Set("run", Last(st.env, OH_JSVM_RunScript(st.env, script, &result)));
  // The next env call tells the handler, which acts; the call then answers.
  JSVM_Value object = nullptr;
  JSVM_Status made = OH_JSVM_CreateObject(st.env, &object);
  out.Set("calls", st.calls);
  out.Set("action", static_cast<double>(st.action));
  if (st.what == "destroyVM") {
    out.Set("next", Last(nullptr, made));
  } else {
    out.Set("next", Last(st.env, made));
    out.Set("nextEval", EvalIn(st.env, "'still ' + 'usable'"));
    OH_JSVM_CloseEnvScope(st.env, env_scope);
    OH_JSVM_DestroyEnv(st.env);
    OH_JSVM_CloseVMScope(st.vm, vm_scope);
    out.Set("destroy", Last(nullptr, OH_JSVM_DestroyVM(st.vm)));
  }
  g_telling = nullptr;
}

// The lock calls report to the calling thread's record, a serialised env's
// refusal too (it went to the env's).
void LockOnSerialisedEnv(const Napi::CallbackInfo&, Report& out) {
  JSVM_CreateVMOptions options{};
  options.isForSnapshotting = true;
  JSVM_VM vm = nullptr;
  OH_JSVM_CreateVM(&options, &vm);
  JSVM_VMScope vm_scope = nullptr;
  OH_JSVM_OpenVMScope(vm, &vm_scope);
  JSVM_Env env = nullptr;
  OH_JSVM_CreateEnv(vm, 0, nullptr, &env);
  const char* blob = nullptr;
  size_t size = 0;
  out.Set("snapshot", Last(nullptr, OH_JSVM_CreateSnapshot(vm, 1, &env, &blob, &size)));
  bool locked = false;
  out.Set("isLocked", Last(nullptr, OH_JSVM_IsLocked(env, &locked)));
  out.Set("acquire", Last(nullptr, OH_JSVM_AcquireLock(env)));
  out.Set("release", Last(nullptr, OH_JSVM_ReleaseLock(env)));
  OH_JSVM_CloseVMScope(vm, vm_scope);
  OH_JSVM_DestroyVM(vm);
  std::free(const_cast<char*>(blob));
}

// Origin offsets: INT32_MAX showed as -2147483648 in stack traces.
void OriginOffsets(const Napi::CallbackInfo&, Report& out) {
  Session s;
  JSVM_Value code = nullptr;
  JSVM_Script script = nullptr;
  OH_JSVM_CreateStringUtf8(s.env, "new Error('here').stack", JSVM_AUTO_LENGTH, &code);
  for (uint64_t offset : {uint64_t{INT32_MAX}, uint64_t{INT32_MAX} - 1}) {
    const std::string name = offset == INT32_MAX ? "max" : "belowMax";
    JSVM_ScriptOrigin line{nullptr, "origin.js", offset, 0};
    out.Set(name + "Line", Last(s.env, OH_JSVM_CompileScriptWithOrigin(s.env, code, nullptr, 0, false, nullptr, &line,
                                                                       &script)));
    JSVM_ScriptOrigin column{nullptr, "origin.js", 0, offset};
    out.Set(name + "Column", Last(s.env, OH_JSVM_CompileScriptWithOrigin(s.env, code, nullptr, 0, false, nullptr,
                                                                         &column, &script)));
  }
  JSVM_Value stack = nullptr;
  if (OH_JSVM_RunScript(s.env, script, &stack) == JSVM_OK) out.Set("stack", StringOf(s.env, stack));
}

}  // namespace

void RegisterServiceEdges(Napi::Env env, Napi::Object exports) {
  exports.Set("sameLengthInnerFunctions", Scenario(env, SameLengthInnerFunctions));
  exports.Set("wasmOutOfReach", Scenario(env, WasmOutOfReach));
  exports.Set("releaseDeserializeInGC", Scenario(env, ReleaseDeserializeInGC));
  exports.Set("locksLeftHeld", Scenario(env, LocksLeftHeld));
  exports.Set("lockOnSerialisedEnv", Scenario(env, LockOnSerialisedEnv));
  exports.Set("handlerActsOnHeapLimit", Scenario(env, HandlerActsOnHeapLimit));
  exports.Set("originOffsets", Scenario(env, OriginOffsets));
}

}  // namespace harness
