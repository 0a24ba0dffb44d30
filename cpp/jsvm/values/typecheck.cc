// Type checks (OH_JSVM_Is*), instanceof and equality.
#include "common/internal.h"

using jsvm::ToV8;

namespace {

// Each Is* function: env and both arguments must be given; the answer is a
// property of the value alone (no handle is made, no JS runs).
template <typename Predicate>
JSVM_Status TypeCheck(JSVM_Env env, JSVM_Value value, bool* result, Predicate predicate,
    const char* jsvm_api_name_ = __builtin_FUNCTION()) {
  JSVM_ENTRY_ENV(env, value, result);
  *result = predicate(ToV8(value));
  return jsvm::ClearLastError(env);
}

}  // namespace

JSVM_Status OH_JSVM_IsArray(JSVM_Env env, JSVM_Value value, bool* result) try {
  return TypeCheck(env, value, result, [](v8::Local<v8::Value> v) { return v->IsArray(); });
} JSVM_EXIT(env)

JSVM_Status OH_JSVM_IsArraybuffer(JSVM_Env env, JSVM_Value value, bool* result) try {
  return TypeCheck(env, value, result, [](v8::Local<v8::Value> v) { return v->IsArrayBuffer(); });
} JSVM_EXIT(env)

JSVM_Status OH_JSVM_IsDate(JSVM_Env env, JSVM_Value value, bool* result) try {
  return TypeCheck(env, value, result, [](v8::Local<v8::Value> v) { return v->IsDate(); });
} JSVM_EXIT(env)

JSVM_Status OH_JSVM_IsTypedarray(JSVM_Env env, JSVM_Value value, bool* result) try {
  return TypeCheck(env, value, result, [](v8::Local<v8::Value> v) { return v->IsTypedArray(); });
} JSVM_EXIT(env)

JSVM_Status OH_JSVM_IsDataview(JSVM_Env env, JSVM_Value value, bool* result) try {
  return TypeCheck(env, value, result, [](v8::Local<v8::Value> v) { return v->IsDataView(); });
} JSVM_EXIT(env)

JSVM_Status OH_JSVM_IsPromise(JSVM_Env env, JSVM_Value value, bool* result) try {
  return TypeCheck(env, value, result, [](v8::Local<v8::Value> v) { return v->IsPromise(); });
} JSVM_EXIT(env)

JSVM_Status OH_JSVM_IsCallable(JSVM_Env env, JSVM_Value value, bool* result) try {
  return TypeCheck(env, value, result, [](v8::Local<v8::Value> v) { return v->IsFunction(); });
} JSVM_EXIT(env)

JSVM_Status OH_JSVM_IsUndefined(JSVM_Env env, JSVM_Value value, bool* result) try {
  return TypeCheck(env, value, result, [](v8::Local<v8::Value> v) { return v->IsUndefined(); });
} JSVM_EXIT(env)

JSVM_Status OH_JSVM_IsNull(JSVM_Env env, JSVM_Value value, bool* result) try {
  return TypeCheck(env, value, result, [](v8::Local<v8::Value> v) { return v->IsNull(); });
} JSVM_EXIT(env)

JSVM_Status OH_JSVM_IsNullOrUndefined(JSVM_Env env, JSVM_Value value, bool* result) try {
  return TypeCheck(env, value, result, [](v8::Local<v8::Value> v) { return v->IsNullOrUndefined(); });
} JSVM_EXIT(env)

JSVM_Status OH_JSVM_IsBoolean(JSVM_Env env, JSVM_Value value, bool* result) try {
  return TypeCheck(env, value, result, [](v8::Local<v8::Value> v) { return v->IsBoolean(); });
} JSVM_EXIT(env)

JSVM_Status OH_JSVM_IsNumber(JSVM_Env env, JSVM_Value value, bool* result) try {
  return TypeCheck(env, value, result, [](v8::Local<v8::Value> v) { return v->IsNumber(); });
} JSVM_EXIT(env)

JSVM_Status OH_JSVM_IsString(JSVM_Env env, JSVM_Value value, bool* result) try {
  return TypeCheck(env, value, result, [](v8::Local<v8::Value> v) { return v->IsString(); });
} JSVM_EXIT(env)

JSVM_Status OH_JSVM_IsSymbol(JSVM_Env env, JSVM_Value value, bool* result) try {
  return TypeCheck(env, value, result, [](v8::Local<v8::Value> v) { return v->IsSymbol(); });
} JSVM_EXIT(env)

JSVM_Status OH_JSVM_IsFunction(JSVM_Env env, JSVM_Value value, bool* result) try {
  return TypeCheck(env, value, result, [](v8::Local<v8::Value> v) { return v->IsFunction(); });
} JSVM_EXIT(env)

JSVM_Status OH_JSVM_IsObject(JSVM_Env env, JSVM_Value value, bool* result) try {
  return TypeCheck(env, value, result, [](v8::Local<v8::Value> v) { return v->IsObject(); });
} JSVM_EXIT(env)

JSVM_Status OH_JSVM_IsBigInt(JSVM_Env env, JSVM_Value value, bool* result) try {
  return TypeCheck(env, value, result, [](v8::Local<v8::Value> v) { return v->IsBigInt(); });
} JSVM_EXIT(env)

JSVM_Status OH_JSVM_IsMap(JSVM_Env env, JSVM_Value value, bool* result) try {
  return TypeCheck(env, value, result, [](v8::Local<v8::Value> v) { return v->IsMap(); });
} JSVM_EXIT(env)

JSVM_Status OH_JSVM_IsSet(JSVM_Env env, JSVM_Value value, bool* result) try {
  return TypeCheck(env, value, result, [](v8::Local<v8::Value> v) { return v->IsSet(); });
} JSVM_EXIT(env)

JSVM_Status OH_JSVM_IsRegExp(JSVM_Env env, JSVM_Value value, bool* result) try {
  return TypeCheck(env, value, result, [](v8::Local<v8::Value> v) { return v->IsRegExp(); });
} JSVM_EXIT(env)

JSVM_Status OH_JSVM_IsConstructor(JSVM_Env env, JSVM_Value value, bool* result) try {
  return TypeCheck(env, value, result, [](v8::Local<v8::Value> v) { return v->IsObject() && v.As<v8::Object>()->IsConstructor(); });
} JSVM_EXIT(env)

JSVM_Status OH_JSVM_IsWasmModuleObject(JSVM_Env env, JSVM_Value value, bool* result) try {
  return TypeCheck(env, value, result, [](v8::Local<v8::Value> v) { return v->IsWasmModuleObject(); });
} JSVM_EXIT(env)

JSVM_Status OH_JSVM_IsBigIntObject(JSVM_Env env, JSVM_Value value, bool* result) try {
  return TypeCheck(env, value, result, [](v8::Local<v8::Value> v) { return v->IsBigIntObject(); });
} JSVM_EXIT(env)

JSVM_Status OH_JSVM_IsBooleanObject(JSVM_Env env, JSVM_Value value, bool* result) try {
  return TypeCheck(env, value, result, [](v8::Local<v8::Value> v) { return v->IsBooleanObject(); });
} JSVM_EXIT(env)

JSVM_Status OH_JSVM_IsStringObject(JSVM_Env env, JSVM_Value value, bool* result) try {
  return TypeCheck(env, value, result, [](v8::Local<v8::Value> v) { return v->IsStringObject(); });
} JSVM_EXIT(env)

JSVM_Status OH_JSVM_IsNumberObject(JSVM_Env env, JSVM_Value value, bool* result) try {
  return TypeCheck(env, value, result, [](v8::Local<v8::Value> v) { return v->IsNumberObject(); });
} JSVM_EXIT(env)

JSVM_Status OH_JSVM_IsSymbolObject(JSVM_Env env, JSVM_Value value, bool* result) try {
  return TypeCheck(env, value, result, [](v8::Local<v8::Value> v) { return v->IsSymbolObject(); });
} JSVM_EXIT(env)

JSVM_Status OH_JSVM_IsProxy(JSVM_Env env, JSVM_Value value, bool* result) try {
  return TypeCheck(env, value, result, [](v8::Local<v8::Value> v) { return v->IsProxy(); });
} JSVM_EXIT(env)


// A pending exception if Symbol.hasInstance throws.
JSVM_Status OH_JSVM_Instanceof(JSVM_Env env, JSVM_Value object, JSVM_Value constructor, bool* result) try {
  JSVM_ENTRY_JS(env, object, constructor, result);
  v8::Local<v8::Value> ctor = ToV8(constructor);
  JSVM_RETURN_STATUS_IF_FALSE(env, ctor->IsFunction(), JSVM_FUNCTION_EXPECTED);
  v8::Maybe<bool> is = ToV8(object)->InstanceOf(env->context(), ctor.As<v8::Object>());
  if (is.IsNothing()) return jsvm::SetLastError(env, JSVM_PENDING_EXCEPTION);
  *result = is.FromJust();
  return JSVM_OK;
} JSVM_EXIT(env)

JSVM_Status OH_JSVM_StrictEquals(JSVM_Env env, JSVM_Value lhs, JSVM_Value rhs, bool* result) try {
  JSVM_ENTRY_ENV(env, lhs, rhs, result);
  JSVM_CHECK_NOT_PENDING(env);
  *result = ToV8(lhs)->StrictEquals(ToV8(rhs));
  return jsvm::ClearLastError(env);
} JSVM_EXIT(env)

// Abstract equality (==): may run valueOf/toString, so it may throw.
JSVM_Status OH_JSVM_Equals(JSVM_Env env, JSVM_Value lhs, JSVM_Value rhs, bool* result) try {
  JSVM_ENTRY_JS(env, lhs, rhs, result);
  v8::Maybe<bool> equal = ToV8(lhs)->Equals(env->context(), ToV8(rhs));
  if (equal.IsNothing()) return jsvm::SetLastError(env, JSVM_PENDING_EXCEPTION);
  *result = equal.FromJust();
  return JSVM_OK;
} JSVM_EXIT(env)
