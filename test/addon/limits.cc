// Scenarios: sizes V8 would abort on, user code that throws C++ exceptions,
// and the JS heap limit reached from native code and from JS. The specs run
// them in child processes: a regression aborts the process.
#define JSVM_EXPERIMENTAL  // OH_JSVM_CreateArrayBufferFromExternalMemory
#include <cstdio>
#include <cstring>
#include <fstream>
#include <stdexcept>
#include <string>

#include "harness.h"

namespace harness {
namespace {

// ---------------------------------------------------------------------------
// Sizes.
// ---------------------------------------------------------------------------

int g_buffer_finalized = 0;
void CountBufferFinalize(JSVM_Env env, void* data, void* hint, bool) { ++g_buffer_finalized; }

void SizeLimits(const Napi::CallbackInfo& info, Report& out) {
  g_buffer_finalized = 0;
  // Memory that huge sizes claim to describe; it must stay as it is.
  alignas(64) static unsigned char small[64];
  std::memset(small, 0x5a, sizeof(small));
  {
    Session s;
    JSVM_Env env = s.env;
    JSVM_Value array = nullptr;
    out.Set("array2to30", Last(env, OH_JSVM_CreateArrayWithLength(env, size_t{1} << 30, &array)));
    uint32_t length = 0;
    out.Set("array2to30Length", Last(env, OH_JSVM_GetArrayLength(env, array, &length)));
    out.Set("length2to30", length);
    out.Set("arrayPastUint32", Last(env, OH_JSVM_CreateArrayWithLength(env, size_t{UINT32_MAX} + 1, &array)));

    void* store = nullptr;
    out.Set("allocateStore", Last(nullptr, OH_JSVM_AllocateArrayBufferBackingStoreData(16, JSVM_ZERO_INITIALIZED, &store)));
    JSVM_Value buffer = nullptr;
    const size_t k2to53 = size_t{1} << 53, k2to54 = size_t{1} << 54;
    out.Set("storeBoth2to54",
            Last(env, OH_JSVM_CreateArrayBufferFromBackingStoreData(env, store, k2to54, 0, k2to54, &buffer)));
    out.Set("storeBoth2to53",
            Last(env, OH_JSVM_CreateArrayBufferFromBackingStoreData(env, store, k2to53, 0, k2to53, &buffer)));
    out.Set("storeSizeMax",
            Last(env, OH_JSVM_CreateArrayBufferFromBackingStoreData(env, store, SIZE_MAX, 8, SIZE_MAX - 8, &buffer)));
    out.Set("storeSmall", Last(env, OH_JSVM_CreateArrayBufferFromBackingStoreData(env, store, 16, 0, 16, &buffer)));
    size_t store_length = 0;
    OH_JSVM_GetArraybufferInfo(env, buffer, nullptr, &store_length);
    out.Set("storeSmallLength", static_cast<double>(store_length));

    bool copied = true;
    out.Set("external2to53",
            Last(env, OH_JSVM_CreateArrayBufferFromExternalMemory(env, small, k2to53, CountBufferFinalize, nullptr,
                                                                  &copied, &buffer)));
    out.Set("externalSizeMax",
            Last(env, OH_JSVM_CreateArrayBufferFromExternalMemory(env, small, SIZE_MAX, CountBufferFinalize, nullptr,
                                                                  &copied, &buffer)));

    // A buffer that claims 2^33 + 8 bytes over 64 real ones: fine while nothing reads it.
    JSVM_Value big = nullptr, typed = nullptr;
    out.Set("externalClaim2to33",
            Last(env, OH_JSVM_CreateArrayBufferFromExternalMemory(env, small, (size_t{1} << 33) + 8, nullptr, nullptr,
                                                                  &copied, &big)));
    const size_t past2to32 = (size_t{1} << 32) + 1;
    SetThrown(out, env, "int8Past2to32", OH_JSVM_CreateTypedarray(env, JSVM_INT8_ARRAY, past2to32, big, 0, &typed));
    SetThrown(out, env, "int16Past2to32", OH_JSVM_CreateTypedarray(env, JSVM_INT16_ARRAY, past2to32, big, 0, &typed));
    SetThrown(out, env, "uint8SizeMax", OH_JSVM_CreateTypedarray(env, JSVM_UINT8_ARRAY, SIZE_MAX, big, 0, &typed));
    out.Set("stillUsable", s.Eval("new Uint8Array(4).length"));
    OH_JSVM_FreeArrayBufferBackingStoreData(store);
    out.Set("destroy", Last(nullptr, s.Destroy()));
  }
  bool untouched = true;
  for (unsigned char byte : small) untouched = untouched && byte == 0x5a;
  out.Set("memoryUntouched", untouched);
  out.Set("refusedFinalized", g_buffer_finalized);
}

// ---------------------------------------------------------------------------
// User code that throws.
// ---------------------------------------------------------------------------

struct ThrowCounts {
  int finalizer = 0, wrap = 0, string = 0, buffer = 0, instance = 0;
} g_throws;

void ThrowingFinalizer(JSVM_Env env, void* data, void* hint) {
  ++g_throws.finalizer;
  throw std::runtime_error("finalizer boom");
}
void ThrowingWrapFinalizer(JSVM_Env env, void* data, void* hint) {
  ++g_throws.wrap;
  throw std::runtime_error("wrap boom");
}
void ThrowingStringFinalizer(JSVM_Env env, void* data, void* hint) {
  ++g_throws.string;
  throw std::runtime_error("external string boom");
}
void ThrowingBufferFinalizer(JSVM_Env env, void* data, void* hint, bool) {
  ++g_throws.buffer;
  throw std::runtime_error("external buffer boom");
}
void ThrowingInstanceFinalizer(JSVM_Env env, void* data, void* hint) {
  ++g_throws.instance;
  throw std::runtime_error("instance data boom");
}

JSVM_Value ThrowingGetter(JSVM_Env env, JSVM_Value name, JSVM_Value self, JSVM_Value data) {
  throw std::runtime_error("handler boom");
}
JSVM_Value Construct(JSVM_Env env, JSVM_CallbackInfo info) {
  JSVM_Value self = nullptr;
  OH_JSVM_GetCbInfo(env, info, nullptr, nullptr, &self, nullptr);
  return self;
}

void ThrowingUserCode(const Napi::CallbackInfo& info, Report& out) {
  g_throws = ThrowCounts{};
  static char latin1[] = "an external Latin-1 string, long enough to stay external in V8";
  static unsigned char external_bytes[256];
  Session s;
  JSVM_Env env = s.env;

  // A named-property getter that throws: a JS Error.
  JSVM_CallbackStruct constructor = {Construct, nullptr};
  JSVM_PropertyHandlerConfigurationStruct handlers{};
  handlers.genericNamedPropertyGetterCallback = ThrowingGetter;
  JSVM_Value cls = nullptr, global = nullptr;
  out.Set("defineClass",
          Last(env, OH_JSVM_DefineClassWithPropertyHandler(env, "Handled", JSVM_AUTO_LENGTH, &constructor, 0, nullptr,
                                                           &handlers, nullptr, &cls)));
  OH_JSVM_GetGlobal(env, &global);
  OH_JSVM_SetNamedProperty(env, global, "Handled", cls);
  out.Set("handlerThrew", s.Eval("try { new Handled().anything; 'no throw' } catch (e) { e.constructor.name + ': ' + e.message }"));

  // Finalizers that throw while a GC runs them.
  {
    JSVM_HandleScope scope = nullptr;
    OH_JSVM_OpenHandleScope(env, &scope);
    JSVM_Value finalized = nullptr, wrapped = nullptr, string = nullptr, buffer = nullptr;
    OH_JSVM_CreateObject(env, &finalized);
    out.Set("addFinalizer",
            Last(env, OH_JSVM_AddFinalizer(env, finalized, nullptr, ThrowingFinalizer, nullptr, nullptr)));
    OH_JSVM_CreateObject(env, &wrapped);
    out.Set("wrap", Last(env, OH_JSVM_Wrap(env, wrapped, &g_throws, ThrowingWrapFinalizer, nullptr, nullptr)));
    bool copied = false;
    out.Set("externalString",
            Last(env, OH_JSVM_CreateExternalStringLatin1(env, latin1, JSVM_AUTO_LENGTH, ThrowingStringFinalizer,
                                                         nullptr, &string, &copied)));
    out.Set("externalBuffer",
            Last(env, OH_JSVM_CreateArrayBufferFromExternalMemory(env, external_bytes, sizeof(external_bytes),
                                                                  ThrowingBufferFinalizer, nullptr, &copied, &buffer)));
    OH_JSVM_CloseHandleScope(env, scope);
  }
  out.Set("critical", Last(env, OH_JSVM_MemoryPressureNotification(env, JSVM_MEMORY_PRESSURE_LEVEL_CRITICAL)));
  out.Set("runsAfterCritical", s.Eval("'still ' + 'running'"));
  out.Set("lowMemory", Last(env, OH_JSVM_MemoryPressureNotification(env, JSVM_MEMORY_PRESSURE_LEVEL_LOW_MEMORY)));
  out.Set("runsAfterLowMemory", s.Eval("[1, 2].map((x) => x * 10).join()"));
  out.Set("finalizerRunsBeforeDestroy", g_throws.finalizer);
  out.Set("wrapRunsBeforeDestroy", g_throws.wrap);

  // The instance-data finalizer throws at DestroyEnv; another env of the VM goes on.
  JSVM_Env other = nullptr, doomed = nullptr;
  out.Set("createOther", Last(env, OH_JSVM_CreateEnv(s.vm, 0, nullptr, &other)));
  out.Set("createDoomed", Last(env, OH_JSVM_CreateEnv(s.vm, 0, nullptr, &doomed)));
  out.Set("setInstanceData",
          Last(doomed, OH_JSVM_SetInstanceData(doomed, &g_throws, ThrowingInstanceFinalizer, nullptr)));
  out.Set("destroyDoomed", Last(nullptr, OH_JSVM_DestroyEnv(doomed)));
  {
    JSVM_EnvScope scope = nullptr;
    out.Set("openOther", Last(other, OH_JSVM_OpenEnvScope(other, &scope)));
    out.Set("otherRuns", EvalIn(other, "'other ' + typeof globalThis"));
    OH_JSVM_CloseEnvScope(other, scope);
  }
  out.Set("destroyOther", Last(nullptr, OH_JSVM_DestroyEnv(other)));
  out.Set("sessionRuns", s.Eval("'session ' + (40 + 2)"));
  out.Set("destroy", Last(nullptr, s.Destroy()));
  out.Set("finalizerRuns", g_throws.finalizer);
  out.Set("wrapRuns", g_throws.wrap);
  out.Set("stringRuns", g_throws.string);
  out.Set("bufferRuns", g_throws.buffer);
  out.Set("instanceRuns", g_throws.instance);
}

// ---------------------------------------------------------------------------
// The heap limit.
// ---------------------------------------------------------------------------

// A /proc/self/status field in kB (VmRSS, VmHWM), or -1.
double ProcStatusKb(const char* field) {
  std::ifstream status("/proc/self/status");
  std::string line;
  std::string prefix = std::string(field) + ":";
  while (std::getline(status, line)) {
    if (line.compare(0, prefix.size(), prefix) == 0) return std::stod(line.substr(prefix.size()));
  }
  return -1;
}

// A VM limited to `info[0]` MB: native code allocates 1 KB strings into one
// array until a call is refused; then JS allocates without bound.
void HeapLimitNative(const Napi::CallbackInfo& info, Report& out) {
  const size_t limit_mb = info[0].As<Napi::Number>().Uint32Value();
  out.Set("rssBeforeKb", ProcStatusKb("VmRSS"));
  JSVM_CreateVMOptions options{};
  options.maxOldGenerationSize = limit_mb << 20;
  Session s(&options);
  JSVM_Env env = s.env;

  const std::string text(1024, 'x');
  const uint32_t kCap = 2000000;
  JSVM_HandleScope scope = nullptr;
  out.Set("openScope", Last(env, OH_JSVM_OpenHandleScope(env, &scope)));
  JSVM_Value array = nullptr;
  out.Set("createArray", Last(env, OH_JSVM_CreateArray(env, &array)));
  uint32_t i = 0;
  JSVM_Status status = JSVM_OK;
  const char* failed_call = "none";
  for (; i < kCap; ++i) {
    JSVM_Value string = nullptr;
    status = OH_JSVM_CreateStringUtf8(env, text.data(), text.size(), &string);
    if (status != JSVM_OK) {
      failed_call = "OH_JSVM_CreateStringUtf8";
      break;
    }
    status = OH_JSVM_SetElement(env, array, i, string);
    if (status != JSVM_OK) {
      failed_call = "OH_JSVM_SetElement";
      break;
    }
  }
  out.Set("refused", Last(env, status));
  out.Set("refusedCall", failed_call);
  out.Set("iterations", static_cast<double>(i));
  out.Set("rssAtLimitKb", ProcStatusKb("VmRSS"));
  out.Set("refusedAgain", Last(env, OH_JSVM_CreateInt32(env, 1, &array)));
  out.Set("closeScope", Last(env, OH_JSVM_CloseHandleScope(env, scope)));
  out.Set("openAfter", Last(env, OH_JSVM_OpenHandleScope(env, &scope)));
  out.Set("runAfter", s.Eval("[1, 2, 3].reduce((a, b) => a + b)"));
  out.Set("closeAfter", Last(env, OH_JSVM_CloseHandleScope(env, scope)));

  // JS allocating without bound.
  JSVM_Value result = nullptr;
  out.Set("runUnbounded",
          Last(env, s.Run("const keep = []; for (;;) keep.push(new Array(1000).fill('y' + keep.length)); 1", &result)));
  bool pending = true;
  OH_JSVM_IsExceptionPending(env, &pending);
  out.Set("pendingAfterUnbounded", pending);
  out.Set("runAfterUnbounded", s.Eval("'small ' + 'script'"));
  out.Set("peakKb", ProcStatusKb("VmHWM"));
  out.Set("destroy", Last(nullptr, s.Destroy()));
}

// The docs' OOM example in a VM without maxOldGenerationSize: arrays of
// 0xffffff elements kept until the heap is full. V8's default limit applies,
// reached as the VM's own: a status naming it, not V8's OOM abort.
void HeapLimitDefault(const Napi::CallbackInfo& info, Report& out) {
  Session s;
  JSVM_Env env = s.env;
  JSVM_HandleScope scope = nullptr;
  OH_JSVM_OpenHandleScope(env, &scope);
  JSVM_Status status = JSVM_OK;
  int arrays = 0;
  for (; arrays < 1000; ++arrays) {
    JSVM_Value array = nullptr;
    status = OH_JSVM_CreateArrayWithLength(env, 0xffffff, &array);
    if (status != JSVM_OK) break;
  }
  out.Set("refused", Last(env, status));
  out.Set("arrays", arrays);
  out.Set("closeScope", Last(env, OH_JSVM_CloseHandleScope(env, scope)));
  OH_JSVM_OpenHandleScope(env, &scope);
  out.Set("runAfter", s.Eval("[1, 2, 3].reduce((a, b) => a + b)"));
  OH_JSVM_CloseHandleScope(env, scope);
  out.Set("destroy", Last(nullptr, s.Destroy()));
}

}  // namespace

void RegisterLimits(Napi::Env env, Napi::Object exports) {
  exports.Set("sizeLimits", Scenario(env, SizeLimits));
  exports.Set("throwingUserCode", Scenario(env, ThrowingUserCode));
  exports.Set("heapLimitNative", Scenario(env, HeapLimitNative));
  exports.Set("heapLimitDefault", Scenario(env, HeapLimitDefault));
}

}  // namespace harness
