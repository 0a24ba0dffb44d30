// Scenarios: see test/types.spec.ts.
#include "harness.h"

namespace harness {

void RegisterTypes(Napi::Env env, Napi::Object exports) {}

}  // namespace harness
