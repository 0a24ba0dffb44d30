// Scenarios: see test/objects.spec.ts.
#include "harness.h"

namespace harness {

void RegisterObjects(Napi::Env env, Napi::Object exports) {}

}  // namespace harness
