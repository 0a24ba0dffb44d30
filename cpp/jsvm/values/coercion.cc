// Coercion: the abstract operations ToBoolean, ToNumber, ToObject, ToString.
#include "common/internal.h"

using jsvm::ToJSVM;
using jsvm::ToV8;

namespace jsvm {
namespace {

template <typename Convert>
JSVM_Status Coerce(JSVM_Env env, JSVM_Value value, JSVM_Value* result, JSVM_Status on_failure, Convert convert,
    const char* jsvm_api_name_ = __builtin_FUNCTION()) {
  JSVM_ENTRY_JS(env, value, result);
  v8::Local<v8::Value> out;
  if (!convert(env->context(), ToV8(value), &out)) {
    // The value cannot be converted: ToObject(undefined / null), ToNumber of a
    // Symbol, a valueOf / toString / Symbol.toPrimitive that throws. The docs
    // answer the type's *_EXPECTED status (ToObject: also measured on the
    // device); what the conversion threw stays pending, as in Node-API.
    return SetLastError(env, on_failure);
  }
  *result = ToJSVM(out);
  return JSVM_OK;
}

}  // namespace
}  // namespace jsvm

JSVM_Status OH_JSVM_CoerceToBool(JSVM_Env env, JSVM_Value value, JSVM_Value* result) try {
  JSVM_ENTRY_CONTEXT(env, value, result);
  JSVM_CHECK_NOT_PENDING(env);
  *result = ToJSVM(ToV8(value)->ToBoolean(env->isolate));
  return JSVM_OK;
} JSVM_EXIT(env)

JSVM_Status OH_JSVM_CoerceToNumber(JSVM_Env env, JSVM_Value value, JSVM_Value* result) try {
  return jsvm::Coerce(env, value, result, JSVM_NUMBER_EXPECTED, [](v8::Local<v8::Context> c, v8::Local<v8::Value> v, v8::Local<v8::Value>* out) {
    v8::Local<v8::Number> converted;
    if (!v->ToNumber(c).ToLocal(&converted)) return false;
    *out = converted;
    return true;
  });
} JSVM_EXIT(env)

JSVM_Status OH_JSVM_CoerceToObject(JSVM_Env env, JSVM_Value value, JSVM_Value* result) try {
  return jsvm::Coerce(env, value, result, JSVM_OBJECT_EXPECTED, [](v8::Local<v8::Context> c, v8::Local<v8::Value> v, v8::Local<v8::Value>* out) {
    v8::Local<v8::Object> converted;
    if (!v->ToObject(c).ToLocal(&converted)) return false;
    *out = converted;
    return true;
  });
} JSVM_EXIT(env)

JSVM_Status OH_JSVM_CoerceToString(JSVM_Env env, JSVM_Value value, JSVM_Value* result) try {
  return jsvm::Coerce(env, value, result, JSVM_STRING_EXPECTED, [](v8::Local<v8::Context> c, v8::Local<v8::Value> v, v8::Local<v8::Value>* out) {
    v8::Local<v8::String> converted;
    if (!v->ToString(c).ToLocal(&converted)) return false;
    *out = converted;
    return true;
  });
} JSVM_EXIT(env)
