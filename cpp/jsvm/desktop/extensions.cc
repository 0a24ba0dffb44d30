// Desktop-only additions (jsvm_desktop/jsvm_desktop.h).
#include "jsvm_desktop/jsvm_desktop.h"

#include <algorithm>
#include <cstring>

#include "common/internal.h"
#include "snapshot/blob_format.h"

JSVM_Status JSVM_Desktop_ValidateSnapshotBlob(const char* blob, size_t size, char* reason, size_t reasonSize) try {
  JSVM_ENTRY_PROCESS();  // a NULL blob is a blob to refuse; reason is optional
  if (!jsvm::IsInitialized()) return jsvm::SetThreadError(JSVM_GENERIC_FAILURE, "call OH_JSVM_Init first");
  jsvm::BlobHeader header;
  std::string why;
  if (jsvm::ValidateBlob(blob, size, &header, &why)) {
    if (reason != nullptr && reasonSize > 0) reason[0] = '\0';
    return jsvm::SetThreadError(JSVM_OK);
  }
  if (reason != nullptr && reasonSize > 0) {
    size_t n = std::min(why.size(), reasonSize - 1);  // cut to fit, always terminated
    std::memcpy(reason, why.data(), n);
    reason[n] = '\0';
  }
  return jsvm::SetThreadError(JSVM_INVALID_ARG, "invalid snapshot blob: " + why);
} JSVM_EXIT_THREAD

// 0 unless the header checks out (no status to return: nothing is thrown either).
size_t JSVM_Desktop_SnapshotPayloadOffset(const char* blob, size_t size) try {
  if (!jsvm::IsInitialized()) return 0;
  jsvm::BlobHeader header;
  std::string why;
  return jsvm::CheckHeader(blob, size, &header, &why) ? header.header_size : 0;
} catch (...) {
  return 0;
}

const intptr_t* JSVM_Desktop_ExternalReferenceTable(void) {
  return jsvm::IsInitialized() ? jsvm::ExternalReferences() : nullptr;
}
