// Handle casts: a JSVM_Value is the bits of a v8::Local<v8::Value>, as in
// Node-API; a JSVM_Script the bits of a v8::Local<v8::Script>.
#ifndef JSVM_DESKTOP_VALUES_H
#define JSVM_DESKTOP_VALUES_H

#include <v8.h>

#include <cstring>

#include "ark_runtime/jsvm_types.h"

namespace jsvm {

static_assert(sizeof(v8::Local<v8::Value>) == sizeof(JSVM_Value), "a Local must fit in a JSVM_Value");
static_assert(sizeof(v8::Local<v8::Script>) == sizeof(JSVM_Script), "a Local must fit in a JSVM_Script");

inline JSVM_Value ToJSVM(v8::Local<v8::Value> local) {
  JSVM_Value value;
  std::memcpy(&value, &local, sizeof(local));
  return value;
}

inline v8::Local<v8::Value> ToV8(JSVM_Value value) {
  v8::Local<v8::Value> local;
  std::memcpy(static_cast<void*>(&local), &value, sizeof(value));
  return local;
}

inline JSVM_Script ToJSVMScript(v8::Local<v8::Script> local) {
  JSVM_Script script;
  std::memcpy(&script, &local, sizeof(local));
  return script;
}

inline v8::Local<v8::Script> ToV8Script(JSVM_Script script) {
  v8::Local<v8::Script> local;
  std::memcpy(static_cast<void*>(&local), &script, sizeof(script));
  return local;
}

}  // namespace jsvm

#endif  // JSVM_DESKTOP_VALUES_H
