// The external reference table (vm/init.cc): the native addresses V8 may find
// in a heap, our internal entries first, then those given to OH_JSVM_Init.
// Snapshots name them by position; blobs record each one's description.
// Kept apart from the VM and env structs so that the snapshot format code
// depends on this alone.
#ifndef JSVM_DESKTOP_REFERENCES_H
#define JSVM_DESKTOP_REFERENCES_H

#include <cstdint>
#include <string>
#include <vector>

namespace jsvm {

const intptr_t* ExternalReferences();
bool IsExternalReference(const void* address);
uint64_t ExternalReferenceFingerprint();
// One description per entry of the table (library:symbol+offset), as blobs record them.
const std::vector<std::string>& ExternalReferenceNames();
bool IsInitialized();
// Destroys the VMs still alive when Node's environment (the one OH_JSVM_Init
// was called in) is torn down (vm/vm.cc): a live VM's wasm modules hold V8's
// wasm engine, whose teardown in V8::Dispose waits for them for good.
void DestroyLeftoverVMs(void*);

}  // namespace jsvm

#endif  // JSVM_DESKTOP_REFERENCES_H
