// Scenarios: WebAssembly modules compiled from bytes and from caches
// (OH_JSVM_CompileWasmModule, OH_JSVM_CompileWasmFunction,
// OH_JSVM_CreateWasmCache). See test/wasm.spec.ts.
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "harness.h"

namespace harness {
namespace {

// (module (func $add (param i32 i32) (result i32) local.get 0 local.get 1 i32.add) (export "add" (func $add)))
const std::vector<uint8_t> kAdd = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x07, 0x01, 0x60, 0x02, 0x7f,
                                   0x7f, 0x01, 0x7f, 0x03, 0x02, 0x01, 0x00, 0x07, 0x07, 0x01, 0x03, 0x61, 0x64, 0x64,
                                   0x00, 0x00, 0x0a, 0x09, 0x01, 0x07, 0x00, 0x20, 0x00, 0x20, 0x01, 0x6a, 0x0b};
// The same with i32.sub: another module of the same shape.
std::vector<uint8_t> SubBytes() {
  std::vector<uint8_t> bytes = kAdd;
  bytes[bytes.size() - 2] = 0x6b;
  return bytes;
}
// (module (import "env" "f" (func (param i32))) (func $g (export "g") (result i32) i32.const 7))
const std::vector<uint8_t> kImport = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x09, 0x02, 0x60, 0x01, 0x7f, 0x00, 0x60, 0x00, 0x01,
    0x7f, 0x02, 0x09, 0x01, 0x03, 0x65, 0x6e, 0x76, 0x01, 0x66, 0x00, 0x00, 0x03, 0x02, 0x01, 0x01, 0x07, 0x05,
    0x01, 0x01, 0x67, 0x00, 0x01, 0x0a, 0x06, 0x01, 0x04, 0x00, 0x41, 0x07, 0x0b};

void SetGlobal(JSVM_Env env, const char* name, JSVM_Value value) {
  JSVM_Value global;
  OH_JSVM_GetGlobal(env, &global);
  OH_JSVM_SetNamedProperty(env, global, name, value);
}

JSVM_Value Prop(JSVM_Env env, JSVM_Value object, const char* name) {
  JSVM_Value value = nullptr;
  OH_JSVM_GetNamedProperty(env, object, name, &value);
  return value;
}

// Instantiates `module` and calls its export "add" with (a, b) through the
// API, as the docs' example does; "<status N>" when a step fails.
std::string CallAdd(JSVM_Env env, JSVM_Value module, int32_t a, int32_t b) {
  JSVM_Value global, instance, ctor, result, undefined;
  OH_JSVM_GetGlobal(env, &global);
  ctor = Prop(env, Prop(env, global, "WebAssembly"), "Instance");
  JSVM_Status status = OH_JSVM_NewInstance(env, ctor, 1, &module, &instance);
  if (status != JSVM_OK) return "<status " + std::to_string(status) + "> " + TakeException(env);
  JSVM_Value add = Prop(env, Prop(env, instance, "exports"), "add");
  JSVM_Value argv[2];
  OH_JSVM_CreateInt32(env, a, &argv[0]);
  OH_JSVM_CreateInt32(env, b, &argv[1]);
  OH_JSVM_GetUndefined(env, &undefined);
  status = OH_JSVM_CallFunction(env, undefined, add, 2, argv, &result);
  if (status != JSVM_OK) return "<status " + std::to_string(status) + "> " + TakeException(env);
  int32_t sum = 0;
  OH_JSVM_GetValueInt32(env, result, &sum);
  return std::to_string(sum);
}

// A cache of `bytes` (copied out of the runtime's buffer, which is released).
std::vector<uint8_t> MakeCache(JSVM_Env env, const std::vector<uint8_t>& bytes, Report& out, const std::string& tag) {
  JSVM_Value module = nullptr;
  OH_JSVM_CompileWasmModule(env, bytes.data(), bytes.size(), nullptr, 0, nullptr, &module);
  out.Set(tag + "TierUp", Last(env, OH_JSVM_CompileWasmFunction(env, module, 0, JSVM_WASM_OPT_HIGH)));
  const uint8_t* data = nullptr;
  size_t length = 0;
  out.Set(tag + "Create", Last(env, OH_JSVM_CreateWasmCache(env, module, &data, &length)));
  std::vector<uint8_t> copy;
  if (data != nullptr) copy.assign(data, data + length);
  OH_JSVM_ReleaseCache(env, data, JSVM_CACHE_TYPE_WASM);
  return copy;
}

// The docs' WebAssembly example, written our own way: compile, optimise
// function 0, instantiate and call add from JS; cache; recompile from the
// cache; the same again.
void WasmExample(const Napi::CallbackInfo&, Report& out) {
  Session s;
  JSVM_Env env = s.env;
  JSVM_Value module = nullptr;
  out.Set("compile", Last(env, OH_JSVM_CompileWasmModule(env, kAdd.data(), kAdd.size(), nullptr, 0, nullptr, &module)));
  bool isModule = false;
  OH_JSVM_IsWasmModuleObject(env, module, &isModule);
  out.Set("isModule", isModule);
  out.Set("optimise", Last(env, OH_JSVM_CompileWasmFunction(env, module, 0, JSVM_WASM_OPT_HIGH)));
  out.Set("sum", CallAdd(env, module, 1, 2));
  SetGlobal(env, "addModule", module);
  out.Set("fromJs", s.Eval("new WebAssembly.Instance(addModule).exports.add(20, 22)"));

  const uint8_t* data = nullptr;
  size_t length = 0;
  out.Set("createCache", Last(env, OH_JSVM_CreateWasmCache(env, module, &data, &length)));
  out.Set("cacheLength", static_cast<double>(length));
  std::vector<uint8_t> saved;
  if (data != nullptr) saved.assign(data, data + length);
  out.Set("released", OH_JSVM_ReleaseCache(env, data, JSVM_CACHE_TYPE_WASM) == JSVM_OK);
  out.Set("releasedTwice", OH_JSVM_ReleaseCache(env, data, JSVM_CACHE_TYPE_WASM) == JSVM_OK);

  bool rejected = true;
  JSVM_Value module2 = nullptr;
  out.Set("fromCache", Last(env, OH_JSVM_CompileWasmModule(env, kAdd.data(), kAdd.size(), saved.data(), saved.size(),
                                                           &rejected, &module2)));
  out.Set("rejected", rejected);
  bool isModule2 = false;
  OH_JSVM_IsWasmModuleObject(env, module2, &isModule2);
  out.Set("isModule2", isModule2);
  out.Set("optimise2", Last(env, OH_JSVM_CompileWasmFunction(env, module2, 0, JSVM_WASM_OPT_BASELINE)));
  out.Set("sum2", CallAdd(env, module2, 40, 2));
  // A cache of a module made from a cache.
  data = nullptr;
  out.Set("createCache2", Last(env, OH_JSVM_CreateWasmCache(env, module2, &data, &length)));
  out.Set("released2", OH_JSVM_ReleaseCache(env, data, JSVM_CACHE_TYPE_WASM) == JSVM_OK);
  // A module with an import: its function 0 is the import.
  JSVM_Value imported = nullptr;
  OH_JSVM_CompileWasmModule(env, kImport.data(), kImport.size(), nullptr, 0, nullptr, &imported);
  out.Set("importIndex", Last(env, OH_JSVM_CompileWasmFunction(env, imported, 0, JSVM_WASM_OPT_HIGH)));
  out.Set("ownIndex", Last(env, OH_JSVM_CompileWasmFunction(env, imported, 1, JSVM_WASM_OPT_HIGH)));
  out.Set("pastIndex", Last(env, OH_JSVM_CompileWasmFunction(env, imported, 2, JSVM_WASM_OPT_HIGH)));
  SetGlobal(env, "importModule", imported);
  out.Set("importCall", s.Eval("new WebAssembly.Instance(importModule, { env: { f() {} } }).exports.g()"));
}

// Caches that must be rejected; the module still compiles from its bytes.
void WasmBadCaches(const Napi::CallbackInfo&, Report& out) {
  Session s;
  JSVM_Env env = s.env;
  std::vector<uint8_t> good = MakeCache(env, kAdd, out, "add");
  std::vector<uint8_t> foreign = MakeCache(env, SubBytes(), out, "sub");
  out.Set("goodLength", static_cast<double>(good.size()));
  if (good.empty() || foreign.empty()) return;  // no cache on this line (Node 24: no optimising compile)
  std::vector<std::pair<std::string, std::vector<uint8_t>>> cases;
  cases.push_back({"good", good});
  std::vector<uint8_t> corrupt = good;
  if (!corrupt.empty()) corrupt[corrupt.size() - 5] ^= 0x5a;
  cases.push_back({"corrupt", corrupt});
  std::vector<uint8_t> header = good;
  if (header.size() > 20) header[20] ^= 1;
  cases.push_back({"header", header});
  cases.push_back({"truncated", std::vector<uint8_t>(good.begin(), good.begin() + good.size() / 2)});
  cases.push_back({"short", std::vector<uint8_t>(good.begin(), good.begin() + 5)});
  std::vector<uint8_t> longer = good;
  longer.push_back(0);
  cases.push_back({"extended", longer});
  cases.push_back({"foreign", foreign});
  cases.push_back({"garbage", std::vector<uint8_t>(4096, 0xab)});
  for (auto& c : cases) {
    bool rejected = false;
    JSVM_Value module = nullptr;
    out.Set(c.first, Last(env, OH_JSVM_CompileWasmModule(env, kAdd.data(), kAdd.size(), c.second.data(),
                                                          c.second.size(), &rejected, &module)));
    out.Set(c.first + "Rejected", rejected);
    out.Set(c.first + "Sum", module != nullptr ? CallAdd(env, module, 2, 3) : "<none>");
  }
  // cacheRejected is optional.
  JSVM_Value module = nullptr;
  out.Set("noRejectedFlag", Last(env, OH_JSVM_CompileWasmModule(env, kAdd.data(), kAdd.size(), corrupt.data(),
                                                                corrupt.size(), nullptr, &module)));
}

// Bytes that are not a module: a status, and WebAssembly.CompileError pending.
void WasmInvalidBytes(const Napi::CallbackInfo&, Report& out) {
  Session s;
  JSVM_Env env = s.env;
  JSVM_Value module = nullptr;
  const uint8_t garbage[] = {1, 2, 3, 4, 5, 6, 7, 8, 9};
  SetThrown(out, env, "garbage", OH_JSVM_CompileWasmModule(env, garbage, sizeof(garbage), nullptr, 0, nullptr, &module));
  std::vector<uint8_t> cut(kAdd.begin(), kAdd.end() - 3);
  SetThrown(out, env, "truncated", OH_JSVM_CompileWasmModule(env, cut.data(), cut.size(), nullptr, 0, nullptr, &module));
  std::vector<uint8_t> bad = kAdd;
  bad[bad.size() - 2] = 0xff;  // not an opcode
  SetThrown(out, env, "badOpcode", OH_JSVM_CompileWasmModule(env, bad.data(), bad.size(), nullptr, 0, nullptr, &module));
  // A valid cache with invalid bytes: the cache cannot save them.
  std::vector<uint8_t> cache = MakeCache(env, kAdd, out, "add");
  bool rejected = false;
  SetThrown(out, env, "badWithCache",
            OH_JSVM_CompileWasmModule(env, bad.data(), bad.size(), cache.data(), cache.size(), &rejected, &module));
  out.Set("badWithCacheRejected", rejected);
  // The exception was taken: the env works again.
  out.Set("after", CallAdd(env, [&] {
            JSVM_Value m = nullptr;
            OH_JSVM_CompileWasmModule(env, kAdd.data(), kAdd.size(), nullptr, 0, nullptr, &m);
            return m;
          }(), 3, 4));
}

// NULL and wrong-type arguments, wrong state.
void WasmBadArgs(const Napi::CallbackInfo&, Report& out) {
  Session s;
  JSVM_Env env = s.env;
  JSVM_Value module = nullptr, object = nullptr, number = nullptr, result = nullptr;
  OH_JSVM_CompileWasmModule(env, kAdd.data(), kAdd.size(), nullptr, 0, nullptr, &module);
  OH_JSVM_CreateObject(env, &object);
  OH_JSVM_CreateInt32(env, 1, &number);
  const uint8_t* data = nullptr;
  size_t length = 0;
  uint8_t byte = 0;
  bool rejected = false;

  out.Set("compileNullEnv", Last(nullptr, OH_JSVM_CompileWasmModule(nullptr, kAdd.data(), kAdd.size(), nullptr, 0,
                                                                     nullptr, &result)));
  out.Set("compileNullBytes",
          Last(env, OH_JSVM_CompileWasmModule(env, nullptr, kAdd.size(), nullptr, 0, nullptr, &result)));
  out.Set("compileNullBytesNoLength",
          Last(env, OH_JSVM_CompileWasmModule(env, nullptr, 0, nullptr, 0, nullptr, &result)));
  out.Set("compileZeroLength", Last(env, OH_JSVM_CompileWasmModule(env, kAdd.data(), 0, nullptr, 0, nullptr, &result)));
  out.Set("compileNullResult",
          Last(env, OH_JSVM_CompileWasmModule(env, kAdd.data(), kAdd.size(), nullptr, 0, nullptr, nullptr)));
  out.Set("compileNullCacheWithLength",
          Last(env, OH_JSVM_CompileWasmModule(env, kAdd.data(), kAdd.size(), nullptr, 16, &rejected, &result)));
  out.Set("compileCacheZeroLength",
          Last(env, OH_JSVM_CompileWasmModule(env, kAdd.data(), kAdd.size(), &byte, 0, &rejected, &result)));
  for (bool initial : {true, false}) {  // no cache: the flag is not written
    bool flag = initial;
    OH_JSVM_CompileWasmModule(env, kAdd.data(), kAdd.size(), nullptr, 0, &flag, &result);
    out.Set(std::string("noCacheLeaves") + (initial ? "True" : "False"), flag == initial);
  }

  out.Set("functionNullEnv", Last(nullptr, OH_JSVM_CompileWasmFunction(nullptr, module, 0, JSVM_WASM_OPT_HIGH)));
  out.Set("functionNullModule", Last(env, OH_JSVM_CompileWasmFunction(env, nullptr, 0, JSVM_WASM_OPT_HIGH)));
  out.Set("functionOfObject", Last(env, OH_JSVM_CompileWasmFunction(env, object, 0, JSVM_WASM_OPT_HIGH)));
  out.Set("functionOfNumber", Last(env, OH_JSVM_CompileWasmFunction(env, number, 0, JSVM_WASM_OPT_HIGH)));
  out.Set("functionPastEnd", Last(env, OH_JSVM_CompileWasmFunction(env, module, 1, JSVM_WASM_OPT_HIGH)));
  out.Set("functionHugeIndex", Last(env, OH_JSVM_CompileWasmFunction(env, module, UINT32_MAX, JSVM_WASM_OPT_HIGH)));
  out.Set("functionBadLevel",
          Last(env, OH_JSVM_CompileWasmFunction(env, module, 0, static_cast<JSVM_WasmOptLevel>(15))));

  out.Set("cacheNullEnv", Last(nullptr, OH_JSVM_CreateWasmCache(nullptr, module, &data, &length)));
  out.Set("cacheNullModule", Last(env, OH_JSVM_CreateWasmCache(env, nullptr, &data, &length)));
  out.Set("cacheNullData", Last(env, OH_JSVM_CreateWasmCache(env, module, nullptr, &length)));
  out.Set("cacheNullLength", Last(env, OH_JSVM_CreateWasmCache(env, module, &data, nullptr)));
  out.Set("cacheOfObject", Last(env, OH_JSVM_CreateWasmCache(env, object, &data, &length)));
  // Nothing optimised yet: V8 has no machine code to serialise.
  out.Set("cacheUnoptimised", Last(env, OH_JSVM_CreateWasmCache(env, module, &data, &length)));
  out.Set("cacheUnoptimisedData", data == nullptr);

  // The registry frees only what it handed out.
  out.Set("releaseNull", OH_JSVM_ReleaseCache(env, nullptr, JSVM_CACHE_TYPE_WASM) == JSVM_OK);
  out.Set("releaseForeign", OH_JSVM_ReleaseCache(env, &byte, JSVM_CACHE_TYPE_WASM) == JSVM_OK);

  // An exception pending: the three refuse.
  JSVM_Value error = nullptr;
  OH_JSVM_CreateInt32(env, 9, &error);
  OH_JSVM_Throw(env, error);
  out.Set("compilePending",
          Last(env, OH_JSVM_CompileWasmModule(env, kAdd.data(), kAdd.size(), nullptr, 0, nullptr, &result)));
  out.Set("functionPending", Last(env, OH_JSVM_CompileWasmFunction(env, module, 0, JSVM_WASM_OPT_HIGH)));
  out.Set("cachePending", Last(env, OH_JSVM_CreateWasmCache(env, module, &data, &length)));
  TakeException(env);
}

// Outside any env scope: the env is not entered.
void WasmNoScope(const Napi::CallbackInfo&, Report& out) {
  JSVM_VM vm = nullptr;
  JSVM_Env env = nullptr;
  OH_JSVM_CreateVM(nullptr, &vm);
  JSVM_VMScope vm_scope = nullptr;
  OH_JSVM_OpenVMScope(vm, &vm_scope);
  OH_JSVM_CreateEnv(vm, 0, nullptr, &env);
  JSVM_Value result = nullptr;
  out.Set("compileNoScope",
          Last(env, OH_JSVM_CompileWasmModule(env, kAdd.data(), kAdd.size(), nullptr, 0, nullptr, &result)));
  OH_JSVM_DestroyEnv(env);
  OH_JSVM_CloseVMScope(vm, vm_scope);
  OH_JSVM_DestroyVM(vm);
  out.Set("compileDeadEnv",
          Last(env, OH_JSVM_CompileWasmModule(env, kAdd.data(), kAdd.size(), nullptr, 0, nullptr, &result)));
}

template <typename T>
void Put(std::vector<uint8_t>& bytes, size_t at, T value) {
  std::memcpy(bytes.data() + at, &value, sizeof(value));
}

// Rewrites a cache's header (112 bytes: magic, format, reserved, payload
// length, wire length, nonce, payload tags, wire tags) for `wire` and its
// current payload, tagged under this process's user key: so that what V8
// does with the edited bytes is what is tested.
void Reseal(std::vector<uint8_t>& cache, const std::vector<uint8_t>& wire) {
  if (cache.size() < 112) return;
  Put<uint64_t>(cache, 16, cache.size() - 112);
  Put<uint64_t>(cache, 24, wire.size());
  SealWithUserKey("jsvm-desktop wasm cache key v1", cache.data() + 32, cache.data() + 112, cache.size() - 112,
                  cache.data() + 48);
  SealWithUserKey("jsvm-desktop wasm cache wire bytes key v1", cache.data() + 32, wire.data(), wire.size(),
                  cache.data() + 80);
}

// Runs the VM's foreground tasks and microtasks until none is left (V8
// settles streaming compiles' promises from a task).
void Pump(JSVM_VM vm) {
  for (int round = 0; round < 4; ++round) {
    OH_JSVM_PerformMicrotaskCheckpoint(vm);
    for (bool more = true; more;) {
      if (OH_JSVM_PumpMessageLoop(vm, &more) != JSVM_OK) break;
    }
  }
  OH_JSVM_PerformMicrotaskCheckpoint(vm);
}

// The streaming path (WebAssembly.compileStreaming inside the runtime):
// caches V8 takes and refuses, the user's microtasks left alone, and JS's own
// compileStreaming calls.
void WasmStreaming(const Napi::CallbackInfo&, Report& out) {
  Session s;
  JSVM_Env env = s.env;
  std::vector<uint8_t> cache = MakeCache(env, kAdd, out, "add");

  // A microtask of the user's is queued: compiling does not run it.
  OH_JSVM_SetMicrotaskPolicy(s.vm, JSVM_MICROTASK_EXPLICIT);
  s.Eval("globalThis.ran = 0; Promise.resolve().then(() => { ran = 1; })");
  for (const char* name : {"accepted", "acceptedAgain"}) {
    bool rejected = true;
    JSVM_Value module = nullptr;
    out.Set(name, Last(env, OH_JSVM_CompileWasmModule(env, kAdd.data(), kAdd.size(), cache.data(), cache.size(),
                                                      &rejected, &module)));
    out.Set(std::string(name) + "Rejected", rejected);
    out.Set(std::string(name) + "Sum", module != nullptr ? CallAdd(env, module, 30, 12) : "<none>");
    SetGlobal(env, "cached", module);
    out.Set(std::string(name) + "InEnv",
            s.Eval("(cached instanceof WebAssembly.Module) + ' ' + WebAssembly.Module.exports(cached)[0].name"));
  }
  out.Set("microtaskBefore", s.Eval("ran"));
  OH_JSVM_PerformMicrotaskCheckpoint(s.vm);
  out.Set("microtaskAfter", s.Eval("ran"));

  // V8 refuses the payload's flag hash (V8's header: magic, version hash, CPU
  // features, flag hash): SetCompiledModuleBytes says no.
  std::vector<uint8_t> flags = cache;
  if (flags.size() > 112 + 16) flags[112 + 12] ^= 0xff;
  Reseal(flags, kAdd);
  bool rejected = false;
  JSVM_Value module = nullptr;
  out.Set("v8Refuses", Last(env, OH_JSVM_CompileWasmModule(env, kAdd.data(), kAdd.size(), flags.data(), flags.size(),
                                                           &rejected, &module)));
  out.Set("v8RefusesRejected", rejected);
  out.Set("v8RefusesSum", module != nullptr ? CallAdd(env, module, 2, 3) : "<none>");

  // A payload V8 takes (version, flags, CPU) but fails to deserialise (a
  // byte left over after the last function): V8 then compiles the bytes in
  // the streaming job, which (lazy compilation) finishes inside Finish: the
  // module is the bytes', and the runtime cannot tell it was not the cache's
  // (README).
  std::vector<uint8_t> extra = cache;
  extra.push_back(0);
  Reseal(extra, kAdd);
  rejected = false;
  module = nullptr;
  out.Set("v8Fails", Last(env, OH_JSVM_CompileWasmModule(env, kAdd.data(), kAdd.size(), extra.data(), extra.size(),
                                                         &rejected, &module)));
  out.Set("v8FailsRejected", rejected);
  out.Set("v8FailsSum", module != nullptr ? CallAdd(env, module, 2, 3) : "<none>");

  // Our checks pass (resealed for these bytes) but V8 cannot decode the bytes
  // (their version is 2): deserialisation fails inside Finish, the streaming
  // compile fails too, and the bytes' own CompileError is what the caller sees.
  std::vector<uint8_t> badVersion = kAdd;
  badVersion[4] = 2;
  std::vector<uint8_t> forged = cache;
  Reseal(forged, badVersion);
  rejected = false;
  module = nullptr;
  SetThrown(out, env, "forged",
            OH_JSVM_CompileWasmModule(env, badVersion.data(), badVersion.size(), forged.data(), forged.size(),
                                      &rejected, &module));
  out.Set("forgedRejected", rejected);

  // JS's own compileStreaming / instantiateStreaming: a rejected promise.
  OH_JSVM_SetMicrotaskPolicy(s.vm, JSVM_MICROTASK_AUTO);
  out.Set("jsType", s.Eval("typeof WebAssembly.compileStreaming + ' ' + typeof WebAssembly.instantiateStreaming"));
  s.Eval(
      "globalThis.seen = [];"
      "const note = (e) => seen.push(e instanceof TypeError ? 'TypeError: ' + e.message : 'not a TypeError: ' + e);"
      "WebAssembly.compileStreaming(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0])).then(() => seen.push('fulfilled'), note);"
      "WebAssembly.instantiateStreaming(Promise.resolve({})).then(() => seen.push('fulfilled'), note);"
      "WebAssembly.compileStreaming().then(() => seen.push('fulfilled'), note);");
  Pump(s.vm);
  out.Set("jsSeen", s.Eval("seen.join('\\n')"));
  // A call of JS's still waiting for its microtask while a cache is compiled:
  // each gets its own answer.
  OH_JSVM_SetMicrotaskPolicy(s.vm, JSVM_MICROTASK_EXPLICIT);
  s.Eval("seen = []; WebAssembly.compileStreaming({}).then(() => seen.push('fulfilled'), note)");
  rejected = true;
  module = nullptr;
  out.Set("interleaved", Last(env, OH_JSVM_CompileWasmModule(env, kAdd.data(), kAdd.size(), cache.data(),
                                                             cache.size(), &rejected, &module)));
  out.Set("interleavedRejected", rejected);
  Pump(s.vm);
  out.Set("interleavedJs", s.Eval("seen.join('\\n')"));
}

// Leaves a VM that compiled wasm (from bytes, from a cache, with one of V8's
// background compiles abandoned, and JS's own compileStreaming) alive for the
// process's exit: see the 'exit' spec.
void WasmLeftAlive(const Napi::CallbackInfo&, Report& out) {
  JSVM_VM vm = nullptr;
  JSVM_Env env = nullptr;
  OH_JSVM_CreateVM(nullptr, &vm);
  JSVM_VMScope vm_scope = nullptr;
  OH_JSVM_OpenVMScope(vm, &vm_scope);
  OH_JSVM_CreateEnv(vm, 0, nullptr, &env);
  JSVM_EnvScope env_scope = nullptr;
  OH_JSVM_OpenEnvScope(env, &env_scope);
  JSVM_HandleScope scope = nullptr;
  OH_JSVM_OpenHandleScope(env, &scope);
  std::vector<uint8_t> cache = MakeCache(env, kAdd, out, "add");
  bool rejected = true;
  JSVM_Value module = nullptr;
  out.Set("fromCache", Last(env, OH_JSVM_CompileWasmModule(env, kAdd.data(), kAdd.size(), cache.data(), cache.size(),
                                                           &rejected, &module)));
  out.Set("rejected", rejected);
  out.Set("sum", CallAdd(env, module, 1, 2));
  std::vector<uint8_t> flags = cache;
  if (flags.size() > 112 + 16) flags[112 + 12] ^= 0xff;
  Reseal(flags, kAdd);
  OH_JSVM_CompileWasmModule(env, kAdd.data(), kAdd.size(), flags.data(), flags.size(), &rejected, &module);
  out.Set("js", EvalIn(env, "WebAssembly.compileStreaming({}).catch(() => {}); 'ok'"));
  OH_JSVM_CloseHandleScope(env, scope);
  OH_JSVM_CloseEnvScope(env, env_scope);
  OH_JSVM_CloseVMScope(vm, vm_scope);
}

}  // namespace

void RegisterWasm(Napi::Env env, Napi::Object exports) {
  exports.Set("wasmExample", Scenario(env, WasmExample));
  exports.Set("wasmBadCaches", Scenario(env, WasmBadCaches));
  exports.Set("wasmInvalidBytes", Scenario(env, WasmInvalidBytes));
  exports.Set("wasmBadArgs", Scenario(env, WasmBadArgs));
  exports.Set("wasmNoScope", Scenario(env, WasmNoScope));
  exports.Set("wasmStreaming", Scenario(env, WasmStreaming));
  exports.Set("wasmLeftAlive", Scenario(env, WasmLeftAlive));
}

}  // namespace harness
