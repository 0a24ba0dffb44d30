// BigInt: creation from 64-bit integers and words, reading back, coercion.
#include "common/internal.h"

using jsvm::ToJSVM;
using jsvm::ToV8;

JSVM_Status OH_JSVM_CreateBigintInt64(JSVM_Env env, int64_t value, JSVM_Value* result) try {
  JSVM_ENTRY_CONTEXT(env, result);
  *result = ToJSVM(v8::BigInt::New(env->isolate, value));
  return JSVM_OK;
} JSVM_EXIT(env)

JSVM_Status OH_JSVM_CreateBigintUint64(JSVM_Env env, uint64_t value, JSVM_Value* result) try {
  JSVM_ENTRY_CONTEXT(env, result);
  *result = ToJSVM(v8::BigInt::NewFromUnsigned(env->isolate, value));
  return JSVM_OK;
} JSVM_EXIT(env)

// words are little-endian 64-bit digits; too many of them throws a RangeError.
JSVM_Status OH_JSVM_CreateBigintWords(JSVM_Env env, int signBit, size_t wordCount, const uint64_t* words,
                                      JSVM_Value* result) try {
  JSVM_ENTRY_JS(env, result);
  // A NULL pointer is JSVM_INVALID_ARG, even where wordCount 0 would not read it.
  CHECK_ARG(env, words);
  JSVM_RETURN_STATUS_IF_FALSE_MSG(env, wordCount <= INT32_MAX, JSVM_INVALID_ARG, "wordCount is too large");
  v8::Local<v8::BigInt> value;
  if (!v8::BigInt::NewFromWords(env->context(), signBit, static_cast<int>(wordCount), words).ToLocal(&value)) {
    return jsvm::SetLastError(env, JSVM_PENDING_EXCEPTION);
  }
  *result = ToJSVM(value);
  return JSVM_OK;
} JSVM_EXIT(env)

JSVM_Status OH_JSVM_GetValueBigintInt64(JSVM_Env env, JSVM_Value value, int64_t* result, bool* lossless) try {
  JSVM_ENTRY_CONTEXT(env, value, result, lossless);
  v8::Local<v8::Value> v = ToV8(value);
  JSVM_RETURN_STATUS_IF_FALSE(env, v->IsBigInt(), JSVM_BIGINT_EXPECTED);
  *result = v.As<v8::BigInt>()->Int64Value(lossless);
  return JSVM_OK;
} JSVM_EXIT(env)

JSVM_Status OH_JSVM_GetValueBigintUint64(JSVM_Env env, JSVM_Value value, uint64_t* result, bool* lossless) try {
  JSVM_ENTRY_CONTEXT(env, value, result, lossless);
  v8::Local<v8::Value> v = ToV8(value);
  JSVM_RETURN_STATUS_IF_FALSE(env, v->IsBigInt(), JSVM_BIGINT_EXPECTED);
  *result = v.As<v8::BigInt>()->Uint64Value(lossless);
  return JSVM_OK;
} JSVM_EXIT(env)

// With signBit and words both NULL, *wordCount receives the number of words
// needed (as Node-API documents; one of them NULL is JSVM_INVALID_ARG).
// Otherwise up to *wordCount words are copied, and *wordCount and *signBit set.
JSVM_Status OH_JSVM_GetValueBigintWords(JSVM_Env env, JSVM_Value value, int* signBit, size_t* wordCount,
                                        uint64_t* words) try {
  JSVM_ENTRY_CONTEXT(env, value, wordCount);
  v8::Local<v8::Value> v = ToV8(value);
  JSVM_RETURN_STATUS_IF_FALSE(env, v->IsBigInt(), JSVM_BIGINT_EXPECTED);
  v8::Local<v8::BigInt> big = v.As<v8::BigInt>();
  int needed = big->WordCount();
  if (words == nullptr && signBit == nullptr) {
    *wordCount = static_cast<size_t>(needed);
    return JSVM_OK;
  }
  JSVM_RETURN_STATUS_IF_FALSE_MSG(env, signBit != nullptr, JSVM_INVALID_ARG, "signBit is NULL");
  JSVM_RETURN_STATUS_IF_FALSE_MSG(env, words != nullptr, JSVM_INVALID_ARG, "words is NULL");
  int count = *wordCount > static_cast<size_t>(INT32_MAX) ? INT32_MAX : static_cast<int>(*wordCount);
  big->ToWordsArray(signBit, &count, words);
  *wordCount = static_cast<size_t>(count);
  return JSVM_OK;
} JSVM_EXIT(env)

// A value ToBigInt() refuses ("abc", undefined, a Symbol, 1.5) is
// JSVM_BIGINT_EXPECTED, as the device documents and answers; what ToBigInt
// threw (SyntaxError, TypeError, RangeError) stays pending, as Node-API's
// napi_coerce_to_* leave theirs.
JSVM_Status OH_JSVM_CoerceToBigInt(JSVM_Env env, JSVM_Value value, JSVM_Value* result) try {
  JSVM_ENTRY_JS(env, value, result);
  v8::Local<v8::BigInt> big;
  if (!ToV8(value)->ToBigInt(env->context()).ToLocal(&big)) {
    return jsvm::SetLastError(env, JSVM_BIGINT_EXPECTED);
  }
  *result = ToJSVM(big);
  return JSVM_OK;
} JSVM_EXIT(env)
