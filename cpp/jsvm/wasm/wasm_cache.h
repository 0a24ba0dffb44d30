// The registry of wasm caches handed out by OH_JSVM_CreateWasmCache, so that
// OH_JSVM_ReleaseCache (script/) can free them without knowing how they were
// allocated.
#ifndef JSVM_DESKTOP_WASM_CACHE_H
#define JSVM_DESKTOP_WASM_CACHE_H

#include <cstdint>

namespace jsvm {

// Frees `data` and returns true if it is a wasm cache OH_JSVM_CreateWasmCache
// returned and that was not released yet; returns false (touching nothing)
// for any other pointer, NULL included. Visible outside the library so that
// the test addon can drive the registry directly.
__attribute__((visibility("default"))) bool ReleaseWasmCache(const uint8_t* data);

}  // namespace jsvm

#endif
