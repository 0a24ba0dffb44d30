// Primitive values: singletons, numbers, booleans, typeof, and reading them back.
#include <cmath>

#include "common/internal.h"

using jsvm::ToJSVM;
using jsvm::ToV8;

JSVM_Status OH_JSVM_GetUndefined(JSVM_Env env, JSVM_Value* result) try {
  JSVM_ENTRY_CONTEXT(env, result);
  *result = ToJSVM(v8::Undefined(env->isolate));
  return JSVM_OK;
} JSVM_EXIT(env)

JSVM_Status OH_JSVM_GetNull(JSVM_Env env, JSVM_Value* result) try {
  JSVM_ENTRY_CONTEXT(env, result);
  *result = ToJSVM(v8::Null(env->isolate));
  return JSVM_OK;
} JSVM_EXIT(env)

JSVM_Status OH_JSVM_GetGlobal(JSVM_Env env, JSVM_Value* result) try {
  JSVM_ENTRY_CONTEXT(env, result);
  *result = ToJSVM(env->context()->Global());
  return JSVM_OK;
} JSVM_EXIT(env)

JSVM_Status OH_JSVM_GetBoolean(JSVM_Env env, bool value, JSVM_Value* result) try {
  JSVM_ENTRY_CONTEXT(env, result);
  *result = ToJSVM(v8::Boolean::New(env->isolate, value));
  return JSVM_OK;
} JSVM_EXIT(env)

JSVM_Status OH_JSVM_CreateInt32(JSVM_Env env, int32_t value, JSVM_Value* result) try {
  JSVM_ENTRY_CONTEXT(env, result);
  *result = ToJSVM(v8::Integer::New(env->isolate, value));
  return JSVM_OK;
} JSVM_EXIT(env)

JSVM_Status OH_JSVM_CreateUint32(JSVM_Env env, uint32_t value, JSVM_Value* result) try {
  JSVM_ENTRY_CONTEXT(env, result);
  *result = ToJSVM(v8::Integer::NewFromUnsigned(env->isolate, value));
  return JSVM_OK;
} JSVM_EXIT(env)

// Values beyond 2^53 lose precision, as in JS.
JSVM_Status OH_JSVM_CreateInt64(JSVM_Env env, int64_t value, JSVM_Value* result) try {
  JSVM_ENTRY_CONTEXT(env, result);
  *result = ToJSVM(v8::Number::New(env->isolate, static_cast<double>(value)));
  return JSVM_OK;
} JSVM_EXIT(env)

JSVM_Status OH_JSVM_CreateDouble(JSVM_Env env, double value, JSVM_Value* result) try {
  JSVM_ENTRY_CONTEXT(env, result);
  *result = ToJSVM(v8::Number::New(env->isolate, value));
  return JSVM_OK;
} JSVM_EXIT(env)

// Non-integers are truncated and wrapped to 32 bits; NaN and ±Infinity give 0.
JSVM_Status OH_JSVM_GetValueInt32(JSVM_Env env, JSVM_Value value, int32_t* result) try {
  JSVM_ENTRY_CONTEXT(env, value, result);
  v8::Local<v8::Value> v = ToV8(value);
  // Small integers are tagged in the handle's slot itself: read them without
  // calling into V8 (the same check V8's inline accessors make).
  static_assert(sizeof(v8::internal::Address) == sizeof(void*), "a handle slot holds one tagged word");
  v8::internal::Address tagged = *reinterpret_cast<const v8::internal::Address*>(*v);
  if (!v8::internal::Internals::HasHeapObjectTag(tagged)) {
    *result = v8::internal::Internals::SmiValue(tagged);
    return JSVM_OK;
  }
  if (v->IsInt32()) {
    *result = v.As<v8::Int32>()->Value();
    return JSVM_OK;
  }
  JSVM_RETURN_STATUS_IF_FALSE(env, v->IsNumber(), JSVM_NUMBER_EXPECTED);
  *result = v->Int32Value(env->context()).FromJust();
  return JSVM_OK;
} JSVM_EXIT(env)

JSVM_Status OH_JSVM_GetValueUint32(JSVM_Env env, JSVM_Value value, uint32_t* result) try {
  JSVM_ENTRY_CONTEXT(env, value, result);
  v8::Local<v8::Value> v = ToV8(value);
  if (v->IsUint32()) {
    *result = v.As<v8::Uint32>()->Value();
    return JSVM_OK;
  }
  JSVM_RETURN_STATUS_IF_FALSE(env, v->IsNumber(), JSVM_NUMBER_EXPECTED);
  *result = v->Uint32Value(env->context()).FromJust();
  return JSVM_OK;
} JSVM_EXIT(env)

// NaN and ±Infinity give 0; other values are truncated toward zero.
JSVM_Status OH_JSVM_GetValueInt64(JSVM_Env env, JSVM_Value value, int64_t* result) try {
  JSVM_ENTRY_CONTEXT(env, value, result);
  v8::Local<v8::Value> v = ToV8(value);
  if (v->IsInt32()) {
    *result = v.As<v8::Int32>()->Value();
    return JSVM_OK;
  }
  JSVM_RETURN_STATUS_IF_FALSE(env, v->IsNumber(), JSVM_NUMBER_EXPECTED);
  double d = v.As<v8::Number>()->Value();
  *result = std::isfinite(d) ? v->IntegerValue(env->context()).FromJust() : 0;
  return JSVM_OK;
} JSVM_EXIT(env)

JSVM_Status OH_JSVM_GetValueDouble(JSVM_Env env, JSVM_Value value, double* result) try {
  JSVM_ENTRY_CONTEXT(env, value, result);
  v8::Local<v8::Value> v = ToV8(value);
  JSVM_RETURN_STATUS_IF_FALSE(env, v->IsNumber(), JSVM_NUMBER_EXPECTED);
  *result = v.As<v8::Number>()->Value();
  return JSVM_OK;
} JSVM_EXIT(env)

JSVM_Status OH_JSVM_GetValueBool(JSVM_Env env, JSVM_Value value, bool* result) try {
  JSVM_ENTRY_CONTEXT(env, value, result);
  v8::Local<v8::Value> v = ToV8(value);
  JSVM_RETURN_STATUS_IF_FALSE(env, v->IsBoolean(), JSVM_BOOLEAN_EXPECTED);
  *result = v.As<v8::Boolean>()->Value();
  return JSVM_OK;
} JSVM_EXIT(env)

JSVM_Status OH_JSVM_Typeof(JSVM_Env env, JSVM_Value value, JSVM_ValueType* result) try {
  JSVM_ENTRY_CONTEXT(env, value, result);
  v8::Local<v8::Value> v = ToV8(value);
  if (v->IsNumber()) {
    *result = JSVM_NUMBER;
  } else if (v->IsBigInt()) {
    *result = JSVM_BIGINT;
  } else if (v->IsString()) {
    *result = JSVM_STRING;
  } else if (v->IsFunction()) {
    *result = JSVM_FUNCTION;
  } else if (v->IsExternal()) {
    *result = JSVM_EXTERNAL;
  } else if (v->IsObject()) {
    *result = JSVM_OBJECT;
  } else if (v->IsBoolean()) {
    *result = JSVM_BOOLEAN;
  } else if (v->IsUndefined()) {
    *result = JSVM_UNDEFINED;
  } else if (v->IsSymbol()) {
    *result = JSVM_SYMBOL;
  } else if (v->IsNull()) {
    *result = JSVM_NULL;
  } else {
    return jsvm::SetLastError(env, JSVM_INVALID_ARG, "the value has no JS type");
  }
  return JSVM_OK;
} JSVM_EXIT(env)
