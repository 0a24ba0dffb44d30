// Errors and exceptions: throwing, creating error objects, the pending exception.
#include "common/internal.h"

using jsvm::SetLastError;
using jsvm::ToJSVM;
using jsvm::ToV8;

namespace jsvm {
namespace {

using ErrorFactory = v8::Local<v8::Value> (*)(v8::Local<v8::String> message);

// V8 12 gave the v8::Exception constructors a second (options) parameter, so
// they are wrapped rather than taken by address.
v8::Local<v8::Value> PlainErrorFactory(v8::Local<v8::String> message) { return v8::Exception::Error(message); }
v8::Local<v8::Value> TypeErrorFactory(v8::Local<v8::String> message) { return v8::Exception::TypeError(message); }
v8::Local<v8::Value> RangeErrorFactory(v8::Local<v8::String> message) { return v8::Exception::RangeError(message); }

v8::Local<v8::Value> SyntaxErrorFactory(v8::Local<v8::String> message) {
  return v8::Exception::SyntaxError(message);
}

// Sets `error.code`, as Node-API does, when a code is given.
JSVM_Status SetCode(JSVM_Env env, v8::Local<v8::Value> error, v8::Local<v8::Value> code) {
  if (code.IsEmpty() || code->IsUndefined()) return JSVM_OK;
  JSVM_RETURN_STATUS_IF_FALSE(env, error->IsObject(), JSVM_OBJECT_EXPECTED);
  v8::Local<v8::String> key = v8::String::NewFromUtf8Literal(env->isolate, "code");
  v8::Maybe<bool> set = error.As<v8::Object>()->Set(env->context(), key, code);
  JSVM_RETURN_STATUS_IF_FALSE(env, set.FromMaybe(false), JSVM_GENERIC_FAILURE);
  return JSVM_OK;
}

JSVM_Status Create(JSVM_Env env, ErrorFactory factory, JSVM_Value code, JSVM_Value msg, JSVM_Value* result,
    const char* jsvm_api_name_ = __builtin_FUNCTION()) {
  JSVM_ENTRY_CONTEXT(env, msg, result);
  JSVM_CHECK_VALUE(env, code);
  ContextGuard context_guard(env);
  v8::Local<v8::Value> message = ToV8(msg);
  JSVM_RETURN_STATUS_IF_FALSE(env, message->IsString(), JSVM_STRING_EXPECTED);
  v8::Local<v8::Value> code_value;
  if (code != nullptr) {
    code_value = ToV8(code);
    JSVM_RETURN_STATUS_IF_FALSE(env, code_value->IsString(), JSVM_STRING_EXPECTED);
  }
  v8::Local<v8::Value> error = factory(message.As<v8::String>());
  JSVM_RETURN_IF_NOT_OK(SetCode(env, error, code_value));
  *result = ToJSVM(error);
  return JSVM_OK;
}

JSVM_Status ThrowNew(JSVM_Env env, ErrorFactory factory, const char* code, const char* msg,
    const char* jsvm_api_name_ = __builtin_FUNCTION()) {
  JSVM_ENTRY_JS(env, msg);
  v8::Isolate* isolate = env->isolate;
  v8::Local<v8::String> message;
  JSVM_RETURN_STATUS_IF_FALSE(env, v8::String::NewFromUtf8(isolate, msg).ToLocal(&message),
                              JSVM_GENERIC_FAILURE);
  v8::Local<v8::Value> error = factory(message);
  if (code != nullptr) {
    v8::Local<v8::String> code_value;
    JSVM_RETURN_STATUS_IF_FALSE(env, v8::String::NewFromUtf8(isolate, code).ToLocal(&code_value),
                                JSVM_GENERIC_FAILURE);
    JSVM_RETURN_IF_NOT_OK(SetCode(env, error, code_value));
  }
  isolate->ThrowException(error);  // caught by the preamble's TryCatch: now pending on env
  return JSVM_OK;
}

}  // namespace
}  // namespace jsvm

JSVM_Status OH_JSVM_Throw(JSVM_Env env, JSVM_Value error) try {
  JSVM_ENTRY_JS(env, error);
  env->isolate->ThrowException(ToV8(error));
  return JSVM_OK;
} JSVM_EXIT(env)

JSVM_Status OH_JSVM_ThrowError(JSVM_Env env, const char* code, const char* msg) try {
  return jsvm::ThrowNew(env, jsvm::PlainErrorFactory, code, msg);
} JSVM_EXIT(env)

JSVM_Status OH_JSVM_ThrowTypeError(JSVM_Env env, const char* code, const char* msg) try {
  return jsvm::ThrowNew(env, jsvm::TypeErrorFactory, code, msg);
} JSVM_EXIT(env)

JSVM_Status OH_JSVM_ThrowRangeError(JSVM_Env env, const char* code, const char* msg) try {
  return jsvm::ThrowNew(env, jsvm::RangeErrorFactory, code, msg);
} JSVM_EXIT(env)

JSVM_Status OH_JSVM_ThrowSyntaxError(JSVM_Env env, const char* code, const char* msg) try {
  return jsvm::ThrowNew(env, jsvm::SyntaxErrorFactory, code, msg);
} JSVM_EXIT(env)

JSVM_Status OH_JSVM_CreateError(JSVM_Env env, JSVM_Value code, JSVM_Value msg, JSVM_Value* result) try {
  return jsvm::Create(env, jsvm::PlainErrorFactory, code, msg, result);
} JSVM_EXIT(env)

JSVM_Status OH_JSVM_CreateTypeError(JSVM_Env env, JSVM_Value code, JSVM_Value msg, JSVM_Value* result) try {
  return jsvm::Create(env, jsvm::TypeErrorFactory, code, msg, result);
} JSVM_EXIT(env)

JSVM_Status OH_JSVM_CreateRangeError(JSVM_Env env, JSVM_Value code, JSVM_Value msg, JSVM_Value* result) try {
  return jsvm::Create(env, jsvm::RangeErrorFactory, code, msg, result);
} JSVM_EXIT(env)

JSVM_Status OH_JSVM_CreateSyntaxError(JSVM_Env env, JSVM_Value code, JSVM_Value msg, JSVM_Value* result) try {
  return jsvm::Create(env, jsvm::SyntaxErrorFactory, code, msg, result);
} JSVM_EXIT(env)

JSVM_Status OH_JSVM_IsError(JSVM_Env env, JSVM_Value value, bool* result) try {
  JSVM_ENTRY_ENV(env, value, result);
  *result = ToV8(value)->IsNativeError();
  return jsvm::ClearLastError(env);
} JSVM_EXIT(env)

JSVM_Status OH_JSVM_IsExceptionPending(JSVM_Env env, bool* result) try {
  JSVM_ENTRY_ENV(env, result);
  *result = !env->last_exception.IsEmpty();
  return jsvm::ClearLastError(env);
} JSVM_EXIT(env)

// With nothing pending, the result is undefined.
JSVM_Status OH_JSVM_GetAndClearLastException(JSVM_Env env, JSVM_Value* result) try {
  JSVM_ENTRY_CONTEXT(env, result);
  if (env->last_exception.IsEmpty()) {
    *result = ToJSVM(v8::Undefined(env->isolate));
  } else {
    *result = ToJSVM(env->last_exception.Get(env->isolate));
    env->last_exception.Reset();
  }
  return JSVM_OK;
} JSVM_EXIT(env)
