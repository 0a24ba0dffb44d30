// GC handlers (OH_JSVM_AddHandlerForGC) and the heap threshold callback
// (OH_JSVM_SetHeapThresholdCallback), memory/gc_handlers.cc.
#ifndef JSVM_DESKTOP_GC_HANDLERS_H
#define JSVM_DESKTOP_GC_HANDLERS_H

#include "ark_runtime/jsvm_types.h"

namespace jsvm {

// Unhooks the VM from V8's GC callbacks and forgets its handlers and threshold
// callback (OH_JSVM_DestroyVM, with the VM locked).
void RemoveGCHandlers(JSVM_VM vm);

}  // namespace jsvm

#endif  // JSVM_DESKTOP_GC_HANDLERS_H
