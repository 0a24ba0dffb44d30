// Scenarios: see test/buffers.spec.ts.
#include "harness.h"

namespace harness {

void RegisterBuffers(Napi::Env env, Napi::Object exports) {}

}  // namespace harness
