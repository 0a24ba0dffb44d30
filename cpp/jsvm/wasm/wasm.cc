// WebAssembly: compiling modules (optionally from a cache), compiling one
// function with the optimising tier, and making caches of compiled modules.
//
// Caches are deserialised through V8's public streaming API (v8-wasm.h): each
// VM's isolate has a WasmStreamingCallback; OH_JSVM_CompileWasmModule calls
// WebAssembly.compileStreaming(token) in a context of the VM's own whose
// microtask queue holds nothing but that call's job, runs that queue, and the
// callback (seeing the token, an object only this file ever holds) hands V8
// the cache (SetCompiledModuleBytes), the wire bytes and Finish(). V8 11.3
// deserialises inside Finish, on this thread, and settles the promise from a
// foreground task it posts meanwhile, which we run at once (only the tasks
// posted during Finish). A fulfilled promise is the accepted cache, and its
// module is re-made in the env's context (WasmModuleObject::FromCompiledModule,
// the same compiled code). Anything else (V8 refused the cache's version,
// flags or CPU features, or failed to deserialise it) is a rejected cache: the
// bytes are compiled synchronously (WasmModuleObject::Compile). After a failed
// deserialisation V8 compiles the wire bytes in the same job; with lazy
// compilation (Node 20's default) that finishes inside Finish, and its module
// is taken as the cache's (measured, test/wasm.spec.ts): still the module of
// these bytes, but cacheRejected is false. Only a forged cache gets there (ours
// are checksummed and V8 checks its version first); no public API tells the
// two apart. A job still compiling is cancelled when the isolate is disposed. A
// compileStreaming call from JS (any other argument than our token) gets a
// promise rejected with a TypeError, as there is no fetch Response to stream
// from here.
//
// V8 trusts a cache's payload (it checks its version, flags and CPU features,
// not its bytes: it maps the machine code in it and runs it), so ours wraps it
// in a header with tags of the payload and of the module's wire bytes under
// the per-user key (snapshot/blob_auth.h): a corrupted, truncated, forged or
// foreign cache is rejected before V8 reads it. (Checksums were not enough:
// anyone can recompute one, and an edited payload under recomputed CRCs
// crashed the process when its function ran.)
//
// Compiling one function with TurboFan has no public API in V8 11.3 (nor a way
// to tier up one function of an existing module): OH_JSVM_CompileWasmFunction
// is the one place left that calls V8's own functions, looked up with dlsym
// (README, "WebAssembly"). Where the binary does not export them (Node 22+
// exports no v8::internal symbols) it fails with JSVM_GENERIC_FAILURE and a
// message saying so; never a crash. The alternatives tried, and why they do
// not do the job, are in the README.

#include <dlfcn.h>

#include <cstddef>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "common/internal.h"
#include "script/code_cache.h"
#include "snapshot/blob_auth.h"
#include "wasm/wasm.h"
#include "platform/platform.h"

namespace jsvm {

// V8's largest module (kV8MaxWasmModuleSize in V8 11.3 to 13.6).
constexpr size_t kMaxWasmModuleSize = size_t{1} << 30;

// What OH_JSVM_CompileWasmModule asks of the streaming callback.
struct WasmRequest {
  v8::Local<v8::Object> token;  // the argument of our compileStreaming call
  const uint8_t* payload;       // V8's serialised module (past our header)
  size_t payload_length;
  const uint8_t* wire;
  size_t wire_length;
  bool served = false;  // the callback ran for the token
  // The VM's foreground tasks posted while Finish ran: [finish_mark, finished_mark).
  uint64_t finish_mark = 0;
  uint64_t finished_mark = 0;
};

namespace {

// ---------------------------------------------------------------------------
// V8 internals exported by the node binary (V8 11.3's ABI): only for
// OH_JSVM_CompileWasmFunction.
// ---------------------------------------------------------------------------

// v8::internal::wasm::GetWasmEngine() and WasmEngine::CompileFunction(Counters*,
// NativeModule*, uint32_t function_index, ExecutionTier): compiles one
// function now and publishes its code. Counters may be null: V8 11.x tests for
// null before each use (the code is then not counted in the isolate's stats).
using GetEngineFn = void* (*)();
using CompileFunctionFn = void (*)(void* engine, void* counters, void* native_module, uint32_t index, int8_t tier);
constexpr const char* kGetEngineSymbol = "_ZN2v88internal4wasm13GetWasmEngineEv";
constexpr const char* kCompileFunctionSymbol =
    "_ZN2v88internal4wasm10WasmEngine15CompileFunctionEPNS0_8CountersEPNS1_12NativeModuleEjNS1_13ExecutionTierE";
// V8 11.3's ExecutionTier: kNone, kLiftoff, kTurbofan.
constexpr int8_t kTierTurbofan = 2;

template <typename Fn>
Fn Lookup(const char* symbol) {
  return reinterpret_cast<Fn>(dlsym(RTLD_DEFAULT, symbol));
}

// CompiledWasmModule holds its std::shared_ptr<NativeModule> as its only
// leading member; a shared_ptr's first word is the object's address.
void* NativeModuleOf(const v8::CompiledWasmModule& compiled) {
  void* native_module;
  std::memcpy(&native_module, &compiled, sizeof(native_module));
  return native_module;
}

// ---------------------------------------------------------------------------
// Our cache: a header, then V8's serialised module.
// ---------------------------------------------------------------------------
constexpr char kMagic[8] = {'J', 'S', 'V', 'M', 'W', 'A', 'S', 'M'};
constexpr uint32_t kFormat = 2;  // 1: CRC-32C checksums only (refused)
constexpr char kPayloadKeyLabel[] = "jsvm-desktop wasm cache key v1";
constexpr char kWireKeyLabel[] = "jsvm-desktop wasm cache wire bytes key v1";
struct CacheHeader {
  char magic[8];
  uint32_t format;
  uint32_t reserved;         // 0
  uint64_t payload_length;
  uint64_t wire_length;      // the module's bytes the cache was made from
  unsigned char nonce[kNonceSize];
  PayloadTags payload_tags;  // the V8 payload's, under kPayloadKeyLabel
  PayloadTags wire_tags;     // the wire bytes', under kWireKeyLabel
};
static_assert(sizeof(CacheHeader) == 112, "the cache header has a fixed layout");

// Whether `tags` vouch for `bytes` (copied to `copy` as they are checked).
bool Vouches(const char* label, const unsigned char nonce[kNonceSize], const uint8_t* bytes, size_t size,
             const PayloadTags& tags, std::vector<uint8_t>* copy) {
  copy->resize(size);
  PayloadTags expected;
  return TagPayloadFor(label, nonce, reinterpret_cast<const char*>(bytes), size,
                       reinterpret_cast<char*>(copy->data()), &expected) &&
         SameTags(expected, tags);
}

// Why a cache cannot be used for `wire`, or nullptr if it can; then `payload`
// and `checked_wire` hold the bytes checked, for V8 to read instead of the
// caller's.
const char* CacheProblem(const uint8_t* cache, size_t length, const uint8_t* wire, size_t wire_length,
                         std::vector<uint8_t>* payload, std::vector<uint8_t>* checked_wire) {
  CacheHeader header;
  if (length < sizeof(header)) return "shorter than its header";
  std::memcpy(&header, cache, sizeof(header));
  if (std::memcmp(header.magic, kMagic, sizeof(kMagic)) != 0) return "not a wasm cache of OH_JSVM_CreateWasmCache";
  if (header.format != kFormat) return "made by an earlier release (unauthenticated format)";
  if (header.payload_length != length - sizeof(header)) return "truncated or extended";
  if (header.wire_length != wire_length ||
      !Vouches(kWireKeyLabel, header.nonce, wire, wire_length, header.wire_tags, checked_wire)) {
    return "made from other wasm bytes, changed, or made under another user's key";
  }
  if (!Vouches(kPayloadKeyLabel, header.nonce, cache + sizeof(header), length - sizeof(header), header.payload_tags,
               payload)) {
    return "changed after it was made, or made under another user's key";
  }
  return nullptr;
}

// ---------------------------------------------------------------------------
// The function index space of a module, from its (validated) wire bytes.
// ---------------------------------------------------------------------------
class Reader {
 public:
  Reader(const uint8_t* data, size_t length) : at_(data), end_(data + length) {}
  bool ok() const { return ok_; }
  bool done() const { return at_ >= end_; }
  uint8_t Byte() {
    if (at_ >= end_) return Fail();
    return *at_++;
  }
  uint64_t Leb() {
    uint64_t value = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      uint8_t byte = Byte();
      value |= static_cast<uint64_t>(byte & 0x7f) << shift;
      if ((byte & 0x80) == 0) return value;
    }
    return Fail();
  }
  void Skip(uint64_t count) {
    if (count > static_cast<uint64_t>(end_ - at_)) {
      Fail();
      return;
    }
    at_ += count;
  }
  // A value type: one byte, or a reference type with a heap type.
  void ValueType() {
    uint8_t code = Byte();
    if (code == 0x63 || code == 0x64) Leb();
  }
  void Limits() {
    uint8_t flags = Byte();
    Leb();
    if (flags & 1) Leb();
  }
  const uint8_t* position() const { return at_; }

 private:
  uint8_t Fail() {
    ok_ = false;
    at_ = end_;
    return 0;
  }
  const uint8_t* at_;
  const uint8_t* end_;
  bool ok_ = true;
};

struct FunctionSpace {
  uint64_t imported = 0;
  uint64_t declared = 0;
};

bool ReadFunctionSpace(const uint8_t* bytes, size_t length, FunctionSpace* space) {
  Reader module(bytes, length);
  module.Skip(8);  // magic and version
  while (module.ok() && !module.done()) {
    uint8_t id = module.Byte();
    uint64_t size = module.Leb();
    const uint8_t* body = module.position();
    module.Skip(size);
    if (!module.ok()) return false;
    Reader section(body, size);
    if (id == 2) {  // imports
      for (uint64_t count = section.Leb(); section.ok() && count > 0; --count) {
        section.Skip(section.Leb());  // module name
        section.Skip(section.Leb());  // field name
        switch (section.Byte()) {
          case 0: section.Leb(); ++space->imported; break;          // function: type index
          case 1: section.ValueType(); section.Limits(); break;     // table
          case 2: section.Limits(); break;                          // memory
          case 3: section.ValueType(); section.Byte(); break;       // global: type, mutability
          case 4: section.Byte(); section.Leb(); break;             // tag: attribute, type index
          default: return false;
        }
      }
    } else if (id == 3) {  // function declarations
      space->declared = section.Leb();
    }
    if (!section.ok()) return false;
  }
  return module.ok();
}

// ---------------------------------------------------------------------------
// Deserialising through WasmStreaming.
// ---------------------------------------------------------------------------

v8::Local<v8::String> Text(v8::Isolate* isolate, const char* text) {
  return v8::String::NewFromUtf8(isolate, text).ToLocalChecked();
}

// The isolate's WasmStreamingCallback: V8 calls it (from a microtask) for
// every WebAssembly.compileStreaming / instantiateStreaming call, with the
// call's argument, resolved, as info[0].
void OnWasmStreaming(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  v8::HandleScope scope(isolate);
  std::shared_ptr<v8::WasmStreaming> streaming = v8::WasmStreaming::Unpack(isolate, info.Data());
  auto vm = static_cast<JSVM_VM>(isolate->GetData(kVmDataSlot));
  WasmRequest* request = IsLiveVM(vm) ? vm->wasm_request : nullptr;
  // Only the token of the compile under way is ours; JS never sees it.
  if (request == nullptr || request->served || info.Length() < 1 || !info[0]->StrictEquals(request->token)) {
    // V8 rejects the promise from a foreground task of the VM (measured: it
    // settles when the VM's tasks run, at CloseVMScope or PumpMessageLoop).
    streaming->Abort(v8::Exception::TypeError(
        Text(isolate,
             "WebAssembly.compileStreaming(): Argument 0 must be a Response, and this runtime has no fetch to make "
             "one: compile the bytes with WebAssembly.compile or WebAssembly.Module instead")));
    return;
  }
  request->served = true;
  // V8 checks the payload's version, flags and CPU features here: a refusal
  // ends the job (no promise settles, nothing compiles in the background).
  if (!streaming->SetCompiledModuleBytes(request->payload, request->payload_length)) {
    streaming->Abort(v8::MaybeLocal<v8::Value>());
    return;
  }
  streaming->OnBytesReceived(request->wire, request->wire_length);
  // Deserialises now, on this thread; when that fails, V8 decodes the wire
  // bytes and compiles them in the background instead (a job the promise
  // would report later, which nobody waits for: the isolate's disposal
  // cancels it).
  ForegroundTaskRunner& runner = vm->delegate->runner();
  request->finish_mark = runner.Mark();
  streaming->Finish(true);
  request->finished_mark = runner.Mark();
}

// The VM's wasm context and the microtask queue it posts to. Snapshotting VMs
// get a fresh pair each time (`own` holds the queue; the context is garbage
// after the call).
bool WasmContext(JSVM_VM vm, v8::Local<v8::Context>* context, v8::MicrotaskQueue** queue,
                 std::unique_ptr<v8::MicrotaskQueue>* own) {
  v8::Isolate* isolate = vm->isolate;
  auto make = [&](std::unique_ptr<v8::MicrotaskQueue>* holder) {
    *holder = v8::MicrotaskQueue::New(isolate, v8::MicrotasksPolicy::kExplicit);
    return v8::Context::New(isolate, nullptr, v8::MaybeLocal<v8::ObjectTemplate>(), v8::MaybeLocal<v8::Value>(),
                            v8::DeserializeInternalFieldsCallback(), holder->get());
  };
  if (vm->creator) {
    *context = make(own);
    *queue = own->get();
  } else {
    if (vm->wasm_context.IsEmpty()) {
      v8::Local<v8::Context> made = make(&vm->wasm_microtasks);
      if (made.IsEmpty()) return false;
      vm->wasm_context.Reset(isolate, made);
    }
    *context = vm->wasm_context.Get(isolate);
    *queue = vm->wasm_microtasks.get();
  }
  return !context->IsEmpty() && *queue != nullptr;
}

// The module V8 deserialises from `payload` (made from `wire`), in the env's
// context; empty when V8 does not take the cache. Nothing is left pending.
v8::MaybeLocal<v8::WasmModuleObject> Deserialize(JSVM_Env env, const uint8_t* payload, size_t payload_length,
                                                 const uint8_t* wire, size_t wire_length) {
  JSVM_VM vm = env->vm;
  v8::Isolate* isolate = env->isolate;
  // Our callback serves one request at a time (it never calls back into here).
  if (vm->wasm_request != nullptr) return {};
  v8::EscapableHandleScope scope(isolate);
  v8::Local<v8::Context> context;
  v8::MicrotaskQueue* queue = nullptr;
  std::unique_ptr<v8::MicrotaskQueue> own_queue;
  if (!WasmContext(vm, &context, &queue, &own_queue)) return {};
  WasmRequest request{v8::Object::New(isolate, v8::Null(isolate), nullptr, nullptr, 0), payload, payload_length,
                      wire, wire_length};
  v8::Local<v8::Value> returned;
  {
    v8::Context::Scope context_scope(context);
    v8::TryCatch try_catch(isolate);
    v8::Local<v8::Value> wasm, compile;
    v8::Local<v8::Value> argv[] = {request.token};
    if (!context->Global()->Get(context, Text(isolate, "WebAssembly")).ToLocal(&wasm) || !wasm->IsObject() ||
        !wasm.As<v8::Object>()->Get(context, Text(isolate, "compileStreaming")).ToLocal(&compile) ||
        !compile->IsFunction() ||
        !compile.As<v8::Function>()->Call(context, wasm, 1, argv).ToLocal(&returned)) {
      return {};
    }
    if (!returned->IsPromise()) return {};
    vm->wasm_request = &request;
    queue->PerformCheckpoint(isolate);  // our callback runs here: nothing else is in this queue
    vm->wasm_request = nullptr;
    // V8 11.3 deserialises inside Finish, on this thread, but settles the
    // promise from a foreground task it posts then (measured: the promise is
    // still pending when Finish returns, fulfilled after that one task). Only
    // tasks posted while Finish ran are run here, until the promise settles;
    // the tasks of a background compile V8 started after failing to
    // deserialise come later and are not waited for.
    v8::Local<v8::Promise> promise = returned.As<v8::Promise>();
    ForegroundTaskRunner& runner = vm->delegate->runner();
    while (request.served && promise->State() == v8::Promise::kPending &&
           runner.RunOneDueTaskPostedBetween(request.finish_mark, request.finished_mark)) {
    }
  }
  if (!request.served) return {};
  v8::Local<v8::Promise> promise = returned.As<v8::Promise>();
  if (promise->State() != v8::Promise::kFulfilled || !promise->Result()->IsWasmModuleObject()) return {};
  // The module is our context's: the env gets its own module object on the
  // same compiled code (its prototype is the env's WebAssembly.Module's).
  v8::CompiledWasmModule compiled = promise->Result().As<v8::WasmModuleObject>()->GetCompiledModule();
  v8::Local<v8::WasmModuleObject> module;
  if (!v8::WasmModuleObject::FromCompiledModule(isolate, compiled).ToLocal(&module)) return {};
  return scope.Escape(module);
}

JSVM_Status GetModule(JSVM_Env env, JSVM_Value value, v8::Local<v8::WasmModuleObject>* module) {
  v8::Local<v8::Value> v = ToV8(value);
  JSVM_RETURN_STATUS_IF_FALSE_MSG(env, v->IsWasmModuleObject(), JSVM_INVALID_TYPE,
                                  "wasmModule is not a WebAssembly.Module");
  *module = v.As<v8::WasmModuleObject>();
  return JSVM_OK;
}

}  // namespace

void InstallWasmStreaming(JSVM_VM vm) { vm->isolate->SetWasmStreamingCallback(OnWasmStreaming); }

void DropWasmState(JSVM_VM vm) {
  vm->wasm_context.Reset();
  vm->wasm_microtasks.reset();
}

}  // namespace jsvm

JSVM_Status OH_JSVM_CompileWasmModule(JSVM_Env env, const uint8_t* wasmBytecode, size_t wasmBytecodeLength,
                                      const uint8_t* cacheData, size_t cacheDataLength, bool* cacheRejected,
                                      JSVM_Value* wasmModule) try {
  JSVM_ENTRY_JS(env, wasmBytecode, wasmModule);
  JSVM_RETURN_STATUS_IF_FALSE_MSG(env, wasmBytecodeLength > 0, JSVM_INVALID_ARG, "wasmBytecodeLength is 0");
  // V8 keeps a module's length in 32 bits and takes at most 1 GiB: a longer
  // one was cut short (2^32 + 41 bytes compiled as 41).
  JSVM_RETURN_STATUS_IF_FALSE_MSG(env, wasmBytecodeLength <= jsvm::kMaxWasmModuleSize, JSVM_INVALID_ARG,
                                  "wasmBytecodeLength is over V8's limit for a module (1 GiB)");
  // V8 leaves WebAssembly out of a context made for a snapshot; compiling a
  // module there read its missing constructor (SIGSEGV).
  JSVM_RETURN_STATUS_IF_FALSE_MSG(env, !env->vm->creator, JSVM_GENERIC_FAILURE,
                                  "WebAssembly is not available in a VM made for snapshotting (isForSnapshotting)");
  JSVM_RETURN_STATUS_IF_FALSE_MSG(env, cacheData != nullptr || cacheDataLength == 0, JSVM_INVALID_ARG,
                                  "cacheData is NULL but cacheDataLength is not 0");
  JSVM_RETURN_STATUS_IF_FALSE_MSG(env, cacheData == nullptr || cacheDataLength > 0, JSVM_INVALID_ARG,
                                  "cacheDataLength is 0 but cacheData is given");
  v8::Isolate* isolate = env->isolate;
  v8::Local<v8::Value> result;
  bool rejected = cacheData != nullptr;
  std::vector<uint8_t> payload, wire;  // the cache's bytes as checked
  if (cacheData != nullptr &&
      jsvm::CacheProblem(cacheData, cacheDataLength, wasmBytecode, wasmBytecodeLength, &payload, &wire) == nullptr) {
    v8::Local<v8::WasmModuleObject> module;
    if (jsvm::Deserialize(env, payload.data(), payload.size(), wire.data(), wire.size()).ToLocal(&module)) {
      result = module;
      rejected = false;
    }
  }
  if (result.IsEmpty()) {
    v8::Local<v8::WasmModuleObject> module;
    // Invalid bytes throw WebAssembly.CompileError, which becomes pending.
    if (!v8::WasmModuleObject::Compile(isolate, {wasmBytecode, wasmBytecodeLength}).ToLocal(&module)) {
      if (cacheRejected != nullptr && cacheData != nullptr) *cacheRejected = rejected;
      return jsvm::SetLastError(env, JSVM_PENDING_EXCEPTION);
    }
    result = module;
  }
  // Without a cache the caller's flag is left as it was, as for scripts.
  if (cacheRejected != nullptr && cacheData != nullptr) *cacheRejected = rejected;
  *wasmModule = jsvm::ToJSVM(result);
  return JSVM_OK;
} JSVM_EXIT(env)

JSVM_Status OH_JSVM_CompileWasmFunction(JSVM_Env env, JSVM_Value wasmModule, uint32_t functionIndex,
                                        JSVM_WasmOptLevel optLevel) try {
  JSVM_ENTRY_JS(env, wasmModule);
  // The docs: only the highest level is enabled, BASELINE compiles as HIGH.
  const int level = jsvm::EnumArg(optLevel);
  JSVM_RETURN_STATUS_IF_FALSE_MSG(env, level == JSVM_WASM_OPT_BASELINE || level == JSVM_WASM_OPT_HIGH,
                                  JSVM_INVALID_ARG, "optLevel is not a JSVM_WasmOptLevel");
  v8::Local<v8::WasmModuleObject> module;
  JSVM_RETURN_IF_NOT_OK(jsvm::GetModule(env, wasmModule, &module));
  v8::CompiledWasmModule compiled = module->GetCompiledModule();
  v8::MemorySpan<const uint8_t> wire = compiled.GetWireBytesRef();
  jsvm::FunctionSpace space;
  JSVM_RETURN_STATUS_IF_FALSE_MSG(env, jsvm::ReadFunctionSpace(wire.data(), wire.size(), &space),
                                  JSVM_GENERIC_FAILURE, "the module's bytes could not be read");
  JSVM_RETURN_STATUS_IF_FALSE_MSG(env, functionIndex >= space.imported, JSVM_INVALID_ARG,
                                  "functionIndex names an imported function, which has no code to compile");
  JSVM_RETURN_STATUS_IF_FALSE_MSG(env, functionIndex - space.imported < space.declared, JSVM_INVALID_ARG,
                                  "functionIndex is past the module's last function");
  static const auto get_engine = jsvm::Lookup<jsvm::GetEngineFn>(jsvm::kGetEngineSymbol);
  static const auto compile = jsvm::Lookup<jsvm::CompileFunctionFn>(jsvm::kCompileFunctionSymbol);
  JSVM_RETURN_STATUS_IF_FALSE_MSG(env, get_engine != nullptr && compile != nullptr, JSVM_GENERIC_FAILURE,
                                  "this V8 does not export its wasm function compiler");
  void* native_module = jsvm::NativeModuleOf(compiled);
  JSVM_RETURN_STATUS_IF_FALSE_MSG(env, native_module != nullptr, JSVM_GENERIC_FAILURE,
                                  "the module has no compiled form");
  compile(get_engine(), nullptr, native_module, functionIndex, jsvm::kTierTurbofan);
  return JSVM_OK;
} JSVM_EXIT(env)

JSVM_Status OH_JSVM_CreateWasmCache(JSVM_Env env, JSVM_Value wasmModule, const uint8_t** data, size_t* length) try {
  JSVM_ENTRY_JS(env, wasmModule, data, length);
  v8::Local<v8::WasmModuleObject> module;
  JSVM_RETURN_IF_NOT_OK(jsvm::GetModule(env, wasmModule, &module));
  v8::CompiledWasmModule compiled = module->GetCompiledModule();
  v8::OwnedBuffer serialized = compiled.Serialize();
  // V8 serialises optimised code only: a module none of whose functions went
  // through OH_JSVM_CompileWasmFunction (or tiered up while running) has none.
  JSVM_RETURN_STATUS_IF_FALSE_MSG(env, serialized.buffer != nullptr && serialized.size > 0, JSVM_GENERIC_FAILURE,
                                  "the module has no optimised machine code to cache "
                                  "(compile its functions with OH_JSVM_CompileWasmFunction first)");
  v8::MemorySpan<const uint8_t> wire = compiled.GetWireBytesRef();
  jsvm::CacheHeader header{};
  std::memcpy(header.magic, jsvm::kMagic, sizeof(header.magic));
  header.format = jsvm::kFormat;
  header.payload_length = serialized.size;
  header.wire_length = wire.size();
  std::string problem;
  if (!jsvm::KeyUsable(&problem) || !jsvm::NewNonce(header.nonce) ||
      !jsvm::TagPayloadFor(jsvm::kWireKeyLabel, header.nonce, reinterpret_cast<const char*>(wire.data()), wire.size(),
                           nullptr, &header.wire_tags)) {
    return jsvm::SetLastError(env, JSVM_GENERIC_FAILURE,
                              "could not authenticate the wasm cache" + (problem.empty() ? "" : ": " + problem));
  }
  size_t total = sizeof(header) + serialized.size;
  // Recorded in the registry of caches handed out (script/code_cache.h):
  // OH_JSVM_ReleaseCache frees it, once.
  std::unique_ptr<uint8_t[]> cache(new uint8_t[total]);
  // The payload is tagged as it is copied into the cache.
  JSVM_RETURN_STATUS_IF_FALSE_MSG(
      env,
      jsvm::TagPayloadFor(jsvm::kPayloadKeyLabel, header.nonce, reinterpret_cast<const char*>(serialized.buffer.get()),
                          serialized.size, reinterpret_cast<char*>(cache.get() + sizeof(header)), &header.payload_tags),
      JSVM_GENERIC_FAILURE, "could not authenticate the wasm cache");
  std::memcpy(cache.get(), &header, sizeof(header));
  const uint8_t* bytes = cache.release();
  jsvm::RegisterCache(bytes, JSVM_CACHE_TYPE_WASM, [bytes] { delete[] bytes; });
  *data = bytes;
  *length = total;
  return JSVM_OK;
} JSVM_EXIT(env)
