#include "vm/heap_limit.h"

#include <algorithm>

#include "common/internal.h"

namespace jsvm {

size_t OnNearHeapLimit(void* data, size_t current_heap_limit, size_t initial_heap_limit) {
  JSVM_VM vm = static_cast<JSVM_VM>(data);
  SetHeapLimitReached(vm, true);
  if (vm->initial_heap_limit == 0) vm->initial_heap_limit = initial_heap_limit;
  // Only JS of this VM on the stack can be terminated; with none, the
  // termination would hit the next script instead.
  if (vm->js_depth > 0) vm->isolate->TerminateExecution();
  const size_t cap = initial_heap_limit * 2 + (size_t{64} << 20);
  const size_t step = std::max<size_t>(initial_heap_limit / 4, size_t{16} << 20);
  // Past the cap V8 aborts; only a single call that allocates past twice the
  // limit by itself gets there (env calls are refused once the VM is marked).
  if (current_heap_limit >= cap) return current_heap_limit;
  return std::min(cap, current_heap_limit + step);
}

bool TryRecoverFromHeapLimit(JSVM_VM vm) {
  if (vm->js_depth > 0) return false;  // the terminated JS has not unwound yet
  v8::Isolate* isolate = vm->isolate;
  isolate->LowMemoryNotification();
  v8::HeapStatistics stats;
  isolate->GetHeapStatistics(&stats);
  size_t limit = vm->initial_heap_limit != 0 ? vm->initial_heap_limit : stats.heap_size_limit();
  if (stats.used_heap_size() >= limit / 4 * 3) return false;
  SetHeapLimitReached(vm, false);
  isolate->CancelTerminateExecution();  // a request no JS has seen yet, if any
  return true;
}

std::string HeapLimitReachedText(JSVM_VM vm) {
  if (vm->max_old_generation_size != 0) {
    return "the VM reached its JS heap limit (maxOldGenerationSize " + std::to_string(vm->max_old_generation_size) +
           " bytes)";
  }
  return "the VM reached its JS heap limit (V8's default, " + std::to_string(vm->initial_heap_limit) +
         " bytes: no maxOldGenerationSize was set)";
}

}  // namespace jsvm
