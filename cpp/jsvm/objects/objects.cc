// Objects and named properties.
#include "common/internal.h"

using jsvm::ToJSVM;
using jsvm::ToV8;

namespace jsvm {
namespace {

JSVM_Status Key(JSVM_Env env, const char* utf8name, v8::Local<v8::String>* key) {
  CHECK_ARG(env, utf8name);
  JSVM_RETURN_STATUS_IF_FALSE(
      env, v8::String::NewFromUtf8(env->isolate, utf8name, v8::NewStringType::kInternalized).ToLocal(key),
      JSVM_GENERIC_FAILURE);
  return JSVM_OK;
}

}  // namespace
}  // namespace jsvm

JSVM_Status OH_JSVM_CreateObject(JSVM_Env env, JSVM_Value* result) try {
  JSVM_ENTRY_CONTEXT(env, result);
  jsvm::ContextGuard context_guard(env);
  *result = ToJSVM(v8::Object::New(env->isolate));
  return JSVM_OK;
} JSVM_EXIT(env)

// Primitives are boxed first (as ToObject does); null and undefined are refused.
JSVM_Status OH_JSVM_SetNamedProperty(JSVM_Env env, JSVM_Value object, const char* utf8name, JSVM_Value value) try {
  JSVM_ENTRY_JS(env, value);
  v8::Local<v8::Context> context = env->context();
  v8::Local<v8::Object> obj;
  CHECK_TO_OBJECT(env, context, obj, object);
  v8::Local<v8::String> key;
  JSVM_RETURN_IF_NOT_OK(jsvm::Key(env, utf8name, &key));
  v8::Maybe<bool> set = obj->Set(context, key, ToV8(value));
  if (set.IsNothing()) return jsvm::SetLastError(env, JSVM_PENDING_EXCEPTION);
  return JSVM_OK;
} JSVM_EXIT(env)

JSVM_Status OH_JSVM_GetNamedProperty(JSVM_Env env, JSVM_Value object, const char* utf8name, JSVM_Value* result) try {
  JSVM_ENTRY_JS(env, result);
  v8::Local<v8::Context> context = env->context();
  v8::Local<v8::Object> obj;
  CHECK_TO_OBJECT(env, context, obj, object);
  v8::Local<v8::String> key;
  JSVM_RETURN_IF_NOT_OK(jsvm::Key(env, utf8name, &key));
  v8::Local<v8::Value> value;
  if (!obj->Get(context, key).ToLocal(&value)) return jsvm::SetLastError(env, JSVM_PENDING_EXCEPTION);
  *result = ToJSVM(value);
  return JSVM_OK;
} JSVM_EXIT(env)

JSVM_Status OH_JSVM_HasNamedProperty(JSVM_Env env, JSVM_Value object, const char* utf8name, bool* result) try {
  JSVM_ENTRY_JS(env, result);
  v8::Local<v8::Context> context = env->context();
  v8::Local<v8::Object> obj;
  CHECK_TO_OBJECT(env, context, obj, object);
  v8::Local<v8::String> key;
  JSVM_RETURN_IF_NOT_OK(jsvm::Key(env, utf8name, &key));
  v8::Maybe<bool> has = obj->Has(context, key);
  if (has.IsNothing()) return jsvm::SetLastError(env, JSVM_PENDING_EXCEPTION);
  *result = has.FromJust();
  return JSVM_OK;
} JSVM_EXIT(env)
