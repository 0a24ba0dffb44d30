// The device engine profile: the JS language features a JSVM env offers,
// matched to a device's V8 as closely as the running Node line's V8 allows.
//
// Chosen once, at OH_JSVM_Init, by the argv flag `--jsvm-profile=NAME` or, for
// code that cannot be changed, the environment variable `JSVM_PROFILE=NAME`
// (the flag wins). Names (README, "Device engine profile"):
//   node     no profile: the Node line's own V8 defaults (the default)
//   api20    current devices, V8 13.2
//   v8-14.4  newer devices, V8 14.4
//
// A profile turns on, by V8 flag, each feature the device's V8 has that this
// V8 keeps behind a flag, and turns off each feature this V8 ships that the
// device's V8 does not have yet: its syntax by flag, its built-ins by deleting
// them from every env's context as the env is made (a flag alone does not take
// them out of contexts made from V8's built-in snapshot). Flags are
// process-wide: Node's own contexts made afterwards see them too.
#ifndef JSVM_DESKTOP_ENGINE_PROFILE_H
#define JSVM_DESKTOP_ENGINE_PROFILE_H

#include <v8.h>

#include <string>
#include <vector>

namespace jsvm {

// Finds and takes out `--jsvm-profile=NAME` from argv (when `remove` is set the
// caller's argv is compacted and *argc lowered, as V8 does for its own flags;
// otherwise `v8_args` receives a copy without it for V8), falls back on
// JSVM_PROFILE, and sets the profile's V8 flags. False with `error` set for an
// unknown name; then nothing was changed.
bool SelectEngineProfile(int* argc, char** argv, bool remove, std::vector<char*>* v8_args, std::string* error);

// The active profile's name ("node" without one).
const char* EngineProfileName();

// Removes, from a new env's context, the built-ins the active profile turns
// off. The caller has entered the context's isolate and holds a handle scope.
void ApplyEngineProfile(v8::Local<v8::Context> context);

}  // namespace jsvm

#endif  // JSVM_DESKTOP_ENGINE_PROFILE_H
