// A VM's JS heap limit (JSVM_CreateVMOptions.maxOldGenerationSize) without
// V8's out-of-memory abort.
//
// When V8 nears the limit it asks us for more room. We terminate the JS that
// runs, mark the VM, and grant a bounded step of headroom so that the call in
// progress can finish. While the VM is marked, env calls that make handles or
// run JS are refused (JSVM_GENERIC_FAILURE "reached its JS heap limit"); each
// refused call first collects garbage and lifts the mark if the heap is back
// under three quarters of the limit. So allocations made from native code
// stop too, and the heap stays within 2 x limit + 64 MB whatever the caller
// does (one call can only overshoot by the headroom it was granted). The
// user's OOM handler hears of it at the next env call (TellHeapLimit).
#ifndef JSVM_DESKTOP_HEAP_LIMIT_H
#define JSVM_DESKTOP_HEAP_LIMIT_H

#include <cstddef>
#include <string>

#include "ark_runtime/jsvm_types.h"

namespace jsvm {

// Registered on every VM's isolate (data: the JSVM_VM).
size_t OnNearHeapLimit(void* data, size_t current_heap_limit, size_t initial_heap_limit);

// For a marked VM with no JS of its own on the stack: collects garbage and
// unmarks it if the heap is back under the limit. True when unmarked.
bool TryRecoverFromHeapLimit(JSVM_VM vm);

// Tells the user's OOM handler (or, without one, the fatal-error handler)
// that the VM reached its heap limit, once per time it did, from the next env
// call (common/entry.cc: nothing of that call is under way yet, so a handler
// that longjmps out, as the docs' example does, leaves nothing half done).
// The process goes on: the call then proceeds, or is refused while the heap
// stays over the limit. Does nothing when nothing is untold.
void TellHeapLimit(JSVM_VM vm);

// "the VM reached its JS heap limit (...)", naming the limit in force: the
// VM's maxOldGenerationSize, or V8's default when it set none.
std::string HeapLimitReachedText(JSVM_VM vm);

}  // namespace jsvm

#endif  // JSVM_DESKTOP_HEAP_LIMIT_H
