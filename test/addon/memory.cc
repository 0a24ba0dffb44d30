// Scenarios: heap statistics, external memory, memory pressure.
#include "harness.h"

namespace harness {
namespace {

void Memory(const Napi::CallbackInfo& info, Report& out) {
  Session s;

  // Heap statistics, inside the VM scope and (below) outside it.
  JSVM_HeapStatistics stats{};
  out.Set("stats", Last(nullptr, OH_JSVM_GetHeapStatistics(s.vm, &stats)));
  out.Set("totalHeapSize", static_cast<double>(stats.totalHeapSize));
  out.Set("usedHeapSize", static_cast<double>(stats.usedHeapSize));
  out.Set("heapSizeLimit", static_cast<double>(stats.heapSizeLimit));
  out.Set("contexts", static_cast<double>(stats.numberOfNativeContexts));
  JSVM_Env second = nullptr;
  OH_JSVM_CreateEnv(s.vm, 0, nullptr, &second);
  OH_JSVM_GetHeapStatistics(s.vm, &stats);
  out.Set("contextsWithSecondEnv", static_cast<double>(stats.numberOfNativeContexts));
  OH_JSVM_DestroyEnv(second);
  out.Set("statsNullVm", Last(nullptr, OH_JSVM_GetHeapStatistics(nullptr, &stats)));
  out.Set("statsNullResult", Last(nullptr, OH_JSVM_GetHeapStatistics(s.vm, nullptr)));

  // External memory: the VM's running total.
  int64_t base = 0, grown = 0, shrunk = 0;
  out.Set("adjustZero", Last(s.env, OH_JSVM_AdjustExternalMemory(s.env, 0, &base)));
  out.Set("adjustUp", Last(s.env, OH_JSVM_AdjustExternalMemory(s.env, 1 << 20, &grown)));
  out.Set("adjustDown", Last(s.env, OH_JSVM_AdjustExternalMemory(s.env, -(1 << 20), &shrunk)));
  out.Set("grownBy", static_cast<double>(grown - base));
  out.Set("shrunkBack", shrunk == base);
  out.Set("adjustNullEnv", Last(nullptr, OH_JSVM_AdjustExternalMemory(nullptr, 1, &base)));
  out.Set("adjustNullResult", Last(s.env, OH_JSVM_AdjustExternalMemory(s.env, 1, nullptr)));

  // NONE, MODERATE and CRITICAL are advice to the GC.
  for (int level = JSVM_MEMORY_PRESSURE_LEVEL_NONE; level <= JSVM_MEMORY_PRESSURE_LEVEL_CRITICAL; ++level) {
    out.Set(("level" + std::to_string(level)).c_str(),
            Last(s.env, OH_JSVM_MemoryPressureNotification(s.env, static_cast<JSVM_MemoryPressureLevel>(level))));
  }

  // LOW_MEMORY collects now: an object only a weak reference holds is gone.
  JSVM_Ref weak = nullptr;
  {
    JSVM_HandleScope scope;
    OH_JSVM_OpenHandleScope(s.env, &scope);
    JSVM_Value object = nullptr;
    s.Run("({ payload: new Array(1000).fill('x') })", &object);
    OH_JSVM_CreateReference(s.env, object, 0, &weak);
    OH_JSVM_CloseHandleScope(s.env, scope);
  }
  JSVM_Value value = nullptr;
  {
    JSVM_HandleScope scope;  // the value read back must not outlive this check
    OH_JSVM_OpenHandleScope(s.env, &scope);
    OH_JSVM_GetReferenceValue(s.env, weak, &value);
    out.Set("aliveBefore", value != nullptr);
    OH_JSVM_CloseHandleScope(s.env, scope);
  }
  out.Set("lowMemory", Last(s.env, OH_JSVM_MemoryPressureNotification(s.env, JSVM_MEMORY_PRESSURE_LEVEL_LOW_MEMORY)));
  OH_JSVM_GetReferenceValue(s.env, weak, &value);
  out.Set("collectedAfterLowMemory", value == nullptr);
  OH_JSVM_DeleteReference(s.env, weak);
  out.Set("unknownLevel",
          Last(s.env, OH_JSVM_MemoryPressureNotification(s.env, static_cast<JSVM_MemoryPressureLevel>(99))));
  out.Set("pressureNullEnv",
          Last(nullptr, OH_JSVM_MemoryPressureNotification(nullptr, JSVM_MEMORY_PRESSURE_LEVEL_NONE)));
  out.Set("stillRuns", s.Eval("1 + 1"));
  JSVM_VM vm = s.vm;
  // Session closes its scopes at destruction; statistics also work with none open.
  OH_JSVM_CloseEnvScope(s.env, s.env_scope);
  OH_JSVM_CloseVMScope(s.vm, s.vm_scope);
  out.Set("statsOutsideScope", Last(nullptr, OH_JSVM_GetHeapStatistics(vm, &stats)));
  out.Set("usedOutsideScope", static_cast<double>(stats.usedHeapSize));
  OH_JSVM_OpenVMScope(s.vm, &s.vm_scope);
  OH_JSVM_OpenEnvScope(s.env, &s.env_scope);
}

}  // namespace

void RegisterMemory(Napi::Env env, Napi::Object exports) { exports.Set("memory", Scenario(env, Memory)); }

}  // namespace harness
