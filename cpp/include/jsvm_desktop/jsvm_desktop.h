/*
 * jsvm-desktop: desktop-only additions to the JSVM-API (not on the device).
 */
#ifndef JSVM_DESKTOP_EXTENSIONS_H
#define JSVM_DESKTOP_EXTENSIONS_H

#include <stddef.h>
#include <stdint.h>

#include "ark_runtime/jsvm.h"

EXTERN_C_START

/**
 * Checks a snapshot blob the way OH_JSVM_CreateVM does (header, authentication
 * tags under the user's key, V8 version, external reference table) without
 * creating a VM. Returns JSVM_OK or
 * JSVM_INVALID_ARG; `reason` (optional, `reasonSize` bytes) receives why.
 * Call after OH_JSVM_Init.
 */
JSVM_EXTERN JSVM_Status JSVM_Desktop_ValidateSnapshotBlob(const char* blob, size_t size, char* reason,
                                                          size_t reasonSize);

/**
 * Where V8's bytes start in this snapshot blob (the header's size, which
 * grows with the external reference table it records); 0 unless the header
 * checks out (authenticated, this V8, this reference table). Call after
 * OH_JSVM_Init.
 */
JSVM_EXTERN size_t JSVM_Desktop_SnapshotPayloadOffset(const char* blob, size_t size);

/**
 * The external reference table every VM uses (the runtime's own entries, then
 * those given to OH_JSVM_Init), 0-terminated; NULL before OH_JSVM_Init. For
 * tools that restore our blobs' V8 payload with plain V8 (benchmarks).
 */
JSVM_EXTERN const intptr_t* JSVM_Desktop_ExternalReferenceTable(void);

EXTERN_C_END

#endif /* JSVM_DESKTOP_EXTENSIONS_H */
