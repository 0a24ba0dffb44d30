// WebAssembly state a VM keeps (wasm/wasm.cc): the streaming callback through
// which its caches are deserialised, and what it holds for that.
#ifndef JSVM_DESKTOP_WASM_H
#define JSVM_DESKTOP_WASM_H

#include "ark_runtime/jsvm_types.h"

namespace jsvm {

// Sets the VM's isolate's wasm streaming callback; before any context is made
// (V8 installs WebAssembly.compileStreaming in contexts made after it).
void InstallWasmStreaming(JSVM_VM vm);
// Drops the VM's wasm context and its microtask queue: DestroyVM, after the
// VM's foreground tasks are dropped and before the isolate is disposed.
void DropWasmState(JSVM_VM vm);

}  // namespace jsvm

#endif  // JSVM_DESKTOP_WASM_H
