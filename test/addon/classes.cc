// Scenarios: see test/classes.spec.ts.
#include "harness.h"

namespace harness {

void RegisterClasses(Napi::Env env, Napi::Object exports) {}

}  // namespace harness
