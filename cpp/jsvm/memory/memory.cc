// Memory: heap statistics, external memory accounting, memory pressure.
#include "common/internal.h"

using jsvm::SetLastError;
using jsvm::SetThreadError;

// Works with or without the VM's scope open on this thread: it takes the VM's
// lock itself when nobody holds it here.
JSVM_Status OH_JSVM_GetHeapStatistics(JSVM_VM vm, JSVM_HeapStatistics* result) try {
  JSVM_ENTRY_VM(vm, result);
  v8::HeapStatistics stats;
  if (jsvm::IsEnteredHere(vm->isolate)) {
    vm->isolate->GetHeapStatistics(&stats);
  } else {
    v8::Locker locker(vm->isolate);
    vm->isolate->GetHeapStatistics(&stats);
  }
  result->totalHeapSize = stats.total_heap_size();
  result->totalHeapSizeExecutable = stats.total_heap_size_executable();
  result->totalPhysicalSize = stats.total_physical_size();
  result->totalAvailableSize = stats.total_available_size();
  result->usedHeapSize = stats.used_heap_size();
  result->heapSizeLimit = stats.heap_size_limit();
  result->mallocedMemory = stats.malloced_memory();
  result->externalMemory = stats.external_memory();
  result->peakMallocedMemory = stats.peak_malloced_memory();
  result->numberOfNativeContexts = stats.number_of_native_contexts();
  result->numberOfDetachedContexts = stats.number_of_detached_contexts();
  result->totalGlobalHandlesSize = stats.total_global_handles_size();
  result->usedGlobalHandlesSize = stats.used_global_handles_size();
  return SetThreadError(JSVM_OK);
} JSVM_EXIT_THREAD

// Tells the GC about native memory kept alive by JS objects; `result` is the
// VM's new total (as napi_adjust_external_memory).
JSVM_Status OH_JSVM_AdjustExternalMemory(JSVM_Env env, int64_t changeInBytes, int64_t* result) try {
  JSVM_ENTRY_CONTEXT(env, result);
  // V8 aborts on a change outside [-2^60, 2^60) ("Check failed:
  // kMinReasonableBytes <= change_in_bytes && change_in_bytes <
  // kMaxReasonableBytes"); the running total is kept in that range too, so
  // that repeated changes cannot overflow it.
  constexpr int64_t kMaxReasonableBytes = int64_t{1} << 60;
  JSVM_RETURN_STATUS_IF_FALSE_MSG(env, changeInBytes >= -kMaxReasonableBytes && changeInBytes < kMaxReasonableBytes,
                                  JSVM_INVALID_ARG, "changeInBytes is beyond what V8 accepts (-2^60 to 2^60 - 1)");
  const int64_t total = env->isolate->AdjustAmountOfExternalAllocatedMemory(0);
  JSVM_RETURN_STATUS_IF_FALSE_MSG(env, total + changeInBytes >= -kMaxReasonableBytes &&
                                           total + changeInBytes < kMaxReasonableBytes,
                                  JSVM_INVALID_ARG,
                                  "the external memory total would go beyond what V8 accepts (-2^60 to 2^60 - 1)");
  *result = env->isolate->AdjustAmountOfExternalAllocatedMemory(changeInBytes);
  return JSVM_OK;
} JSVM_EXIT(env)

// NONE, MODERATE and CRITICAL steer the GC's heuristics; LOW_MEMORY collects
// garbage now, before returning.
JSVM_Status OH_JSVM_MemoryPressureNotification(JSVM_Env env, JSVM_MemoryPressureLevel level) try {
  JSVM_ENTRY_CONTEXT(env);
  switch (level) {
    case JSVM_MEMORY_PRESSURE_LEVEL_NONE:
      env->isolate->MemoryPressureNotification(v8::MemoryPressureLevel::kNone);
      return JSVM_OK;
    case JSVM_MEMORY_PRESSURE_LEVEL_MODERATE:
      env->isolate->MemoryPressureNotification(v8::MemoryPressureLevel::kModerate);
      return JSVM_OK;
    case JSVM_MEMORY_PRESSURE_LEVEL_CRITICAL:
      env->isolate->MemoryPressureNotification(v8::MemoryPressureLevel::kCritical);
      return JSVM_OK;
    case JSVM_MEMORY_PRESSURE_LEVEL_LOW_MEMORY:
      env->isolate->LowMemoryNotification();
      return JSVM_OK;
  }
  return SetLastError(env, JSVM_INVALID_ARG, "unknown JSVM_MemoryPressureLevel");
} JSVM_EXIT(env)
