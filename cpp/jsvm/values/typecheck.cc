// Type checks (OH_JSVM_Is*), instanceof and equality.
#include "common/internal.h"

using jsvm::ToV8;

// Each Is* function: env and both arguments must be given; the answer is a
// property of the value alone.
#define JSVM_TYPE_CHECK(Name, predicate)                                     \
  JSVM_Status OH_JSVM_##Name(JSVM_Env env, JSVM_Value value, bool* result) { \
    CHECK_ENV(env);                                                          \
    CHECK_ARG(env, value);                                                   \
    CHECK_ARG(env, result);                                                  \
    v8::Local<v8::Value> v = ToV8(value);                                    \
    *result = (predicate);                                                   \
    return jsvm::ClearLastError(env);                                        \
  }

JSVM_TYPE_CHECK(IsArray, v->IsArray())
JSVM_TYPE_CHECK(IsArraybuffer, v->IsArrayBuffer())
JSVM_TYPE_CHECK(IsDate, v->IsDate())
JSVM_TYPE_CHECK(IsTypedarray, v->IsTypedArray())
JSVM_TYPE_CHECK(IsDataview, v->IsDataView())
JSVM_TYPE_CHECK(IsPromise, v->IsPromise())
JSVM_TYPE_CHECK(IsCallable, v->IsFunction())
JSVM_TYPE_CHECK(IsUndefined, v->IsUndefined())
JSVM_TYPE_CHECK(IsNull, v->IsNull())
JSVM_TYPE_CHECK(IsNullOrUndefined, v->IsNullOrUndefined())
JSVM_TYPE_CHECK(IsBoolean, v->IsBoolean())
JSVM_TYPE_CHECK(IsNumber, v->IsNumber())
JSVM_TYPE_CHECK(IsString, v->IsString())
JSVM_TYPE_CHECK(IsSymbol, v->IsSymbol())
JSVM_TYPE_CHECK(IsFunction, v->IsFunction())
JSVM_TYPE_CHECK(IsObject, v->IsObject())
JSVM_TYPE_CHECK(IsBigInt, v->IsBigInt())
JSVM_TYPE_CHECK(IsMap, v->IsMap())
JSVM_TYPE_CHECK(IsSet, v->IsSet())
JSVM_TYPE_CHECK(IsRegExp, v->IsRegExp())
JSVM_TYPE_CHECK(IsConstructor, v->IsObject() && v.As<v8::Object>()->IsConstructor())
JSVM_TYPE_CHECK(IsWasmModuleObject, v->IsWasmModuleObject())
JSVM_TYPE_CHECK(IsBigIntObject, v->IsBigIntObject())
JSVM_TYPE_CHECK(IsBooleanObject, v->IsBooleanObject())
JSVM_TYPE_CHECK(IsStringObject, v->IsStringObject())
JSVM_TYPE_CHECK(IsNumberObject, v->IsNumberObject())
JSVM_TYPE_CHECK(IsSymbolObject, v->IsSymbolObject())
JSVM_TYPE_CHECK(IsProxy, v->IsProxy())

// A pending exception if Symbol.hasInstance throws.
JSVM_Status OH_JSVM_Instanceof(JSVM_Env env, JSVM_Value object, JSVM_Value constructor, bool* result) {
  JSVM_PREAMBLE(env);
  CHECK_ARG(env, object);
  CHECK_ARG(env, constructor);
  CHECK_ARG(env, result);
  v8::Local<v8::Value> ctor = ToV8(constructor);
  JSVM_RETURN_STATUS_IF_FALSE(env, ctor->IsFunction(), JSVM_FUNCTION_EXPECTED);
  v8::Maybe<bool> is = ToV8(object)->InstanceOf(env->context(), ctor.As<v8::Object>());
  if (is.IsNothing()) return jsvm::SetLastError(env, JSVM_PENDING_EXCEPTION);
  *result = is.FromJust();
  return JSVM_OK;
}

JSVM_Status OH_JSVM_StrictEquals(JSVM_Env env, JSVM_Value lhs, JSVM_Value rhs, bool* result) {
  CHECK_ENV(env);
  CHECK_ARG(env, lhs);
  CHECK_ARG(env, rhs);
  CHECK_ARG(env, result);
  *result = ToV8(lhs)->StrictEquals(ToV8(rhs));
  return jsvm::ClearLastError(env);
}

// Abstract equality (==): may run valueOf/toString, so it may throw.
JSVM_Status OH_JSVM_Equals(JSVM_Env env, JSVM_Value lhs, JSVM_Value rhs, bool* result) {
  JSVM_PREAMBLE(env);
  CHECK_ARG(env, lhs);
  CHECK_ARG(env, rhs);
  CHECK_ARG(env, result);
  v8::Maybe<bool> equal = ToV8(lhs)->Equals(env->context(), ToV8(rhs));
  if (equal.IsNothing()) return jsvm::SetLastError(env, JSVM_PENDING_EXCEPTION);
  *result = equal.FromJust();
  return JSVM_OK;
}
