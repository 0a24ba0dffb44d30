// Strings in and out: UTF-8, UTF-16 and Latin-1.
#include "common/internal.h"

using jsvm::ToJSVM;
using jsvm::ToV8;

namespace jsvm {
namespace {

// Checks str/length and computes the int length V8 wants (-1: up to NUL).
JSVM_Status CheckNewString(JSVM_Env env, const void* str, size_t length, JSVM_Value* result, int* v8_length,
    const char* jsvm_api_name_ = __builtin_FUNCTION()) {
  JSVM_ENTRY_CONTEXT(env, result);
  JSVM_RETURN_STATUS_IF_FALSE_MSG(env, str != nullptr || length == 0, JSVM_INVALID_ARG,
                                  "str is NULL but length is not 0");
  JSVM_RETURN_STATUS_IF_FALSE_MSG(env, length == JSVM_AUTO_LENGTH || length <= INT32_MAX, JSVM_INVALID_ARG,
                                  "the string is too long");
  if (str == nullptr) {
    *v8_length = 0;
  } else {
    *v8_length = length == JSVM_AUTO_LENGTH ? -1 : static_cast<int>(length);
  }
  return JSVM_OK;
}

template <typename Make>
JSVM_Status NewString(JSVM_Env env, const void* str, size_t length, JSVM_Value* result, Make make,
                      const char* jsvm_api_name_ = __builtin_FUNCTION()) {
  int v8_length = 0;
  JSVM_RETURN_IF_NOT_OK(CheckNewString(env, str, length, result, &v8_length, jsvm_api_name_));
  v8::Local<v8::String> value;
  if (str == nullptr) {
    value = v8::String::Empty(env->isolate);
  } else {
    JSVM_RETURN_STATUS_IF_FALSE_MSG(env, make(v8_length).ToLocal(&value), JSVM_GENERIC_FAILURE,
                                    "V8 could not create the string (too long?)");
    value = InCurrentScope(env->isolate, value);
  }
  *result = ToJSVM(value);
  return JSVM_OK;
}

JSVM_Status CheckReadString(JSVM_Env env, JSVM_Value value, const void* buf, size_t* result,
                            v8::Local<v8::String>* out,
    const char* jsvm_api_name_ = __builtin_FUNCTION()) {
  JSVM_ENTRY_CONTEXT(env, value);
  v8::Local<v8::Value> v = ToV8(value);
  JSVM_RETURN_STATUS_IF_FALSE(env, v->IsString(), JSVM_STRING_EXPECTED);
  if (buf == nullptr) CHECK_ARG(env, result);
  *out = v.As<v8::String>();
  return JSVM_OK;
}

}  // namespace
}  // namespace jsvm

JSVM_Status OH_JSVM_CreateStringUtf8(JSVM_Env env, const char* str, size_t length, JSVM_Value* result) try {
  return jsvm::NewString(env, str, length, result, [&](int n) {
    return v8::String::NewFromUtf8(env->isolate, str, v8::NewStringType::kNormal, n);
  });
} JSVM_EXIT(env)

JSVM_Status OH_JSVM_CreateStringUtf16(JSVM_Env env, const char16_t* str, size_t length, JSVM_Value* result) try {
  return jsvm::NewString(env, str, length, result, [&](int n) {
    return v8::String::NewFromTwoByte(env->isolate, reinterpret_cast<const uint16_t*>(str),
                                      v8::NewStringType::kNormal, n);
  });
} JSVM_EXIT(env)

JSVM_Status OH_JSVM_CreateStringLatin1(JSVM_Env env, const char* str, size_t length, JSVM_Value* result) try {
  return jsvm::NewString(env, str, length, result, [&](int n) {
    return v8::String::NewFromOneByte(env->isolate, reinterpret_cast<const uint8_t*>(str),
                                      v8::NewStringType::kNormal, n);
  });
} JSVM_EXIT(env)

// With buf NULL, *result is the length in bytes (without NUL). Otherwise up to
// bufsize-1 bytes are copied (never a partial character), NUL-terminated, and
// *result (if given) is the number copied.
JSVM_Status OH_JSVM_GetValueStringUtf8(JSVM_Env env, JSVM_Value value, char* buf, size_t bufsize, size_t* result) try {
  v8::Local<v8::String> str;
  JSVM_RETURN_IF_NOT_OK(jsvm::CheckReadString(env, value, buf, result, &str));
  if (buf == nullptr) {
    *result = jsvm::Utf8Length(env->isolate, str);
  } else if (bufsize != 0) {
    size_t copied = jsvm::WriteUtf8(env->isolate, str, buf, bufsize - 1);
    buf[copied] = '\0';
    if (result != nullptr) *result = copied;
  } else if (result != nullptr) {
    *result = 0;
  }
  return JSVM_OK;
} JSVM_EXIT(env)

// Lengths and sizes count UTF-16 code units.
JSVM_Status OH_JSVM_GetValueStringUtf16(JSVM_Env env, JSVM_Value value, char16_t* buf, size_t bufsize,
                                        size_t* result) try {
  v8::Local<v8::String> str;
  JSVM_RETURN_IF_NOT_OK(jsvm::CheckReadString(env, value, buf, result, &str));
  if (buf == nullptr) {
    *result = static_cast<size_t>(str->Length());
  } else if (bufsize != 0) {
    size_t copied = jsvm::WriteUtf16(env->isolate, str, reinterpret_cast<uint16_t*>(buf), bufsize - 1);
    buf[copied] = u'\0';
    if (result != nullptr) *result = copied;
  } else if (result != nullptr) {
    *result = 0;
  }
  return JSVM_OK;
} JSVM_EXIT(env)

// Characters above U+00FF keep only their low byte, as V8's one-byte write does.
JSVM_Status OH_JSVM_GetValueStringLatin1(JSVM_Env env, JSVM_Value value, char* buf, size_t bufsize,
                                         size_t* result) try {
  v8::Local<v8::String> str;
  JSVM_RETURN_IF_NOT_OK(jsvm::CheckReadString(env, value, buf, result, &str));
  if (buf == nullptr) {
    *result = static_cast<size_t>(str->Length());
  } else if (bufsize != 0) {
    size_t copied = jsvm::WriteLatin1(env->isolate, str, reinterpret_cast<uint8_t*>(buf), bufsize - 1);
    buf[copied] = '\0';
    if (result != nullptr) *result = copied;
  } else if (result != nullptr) {
    *result = 0;
  }
  return JSVM_OK;
} JSVM_EXIT(env)
