// Symbols, the global symbol registry and the well-known symbols.
#include "common/internal.h"

using jsvm::ToJSVM;
using jsvm::ToV8;

JSVM_Status OH_JSVM_CreateSymbol(JSVM_Env env, JSVM_Value description, JSVM_Value* result) try {
  JSVM_ENTRY_CONTEXT(env, result);
  JSVM_CHECK_VALUE(env, description);
  v8::Local<v8::String> text;
  if (description != nullptr) {
    v8::Local<v8::Value> d = ToV8(description);
    JSVM_RETURN_STATUS_IF_FALSE(env, d->IsString(), JSVM_STRING_EXPECTED);
    text = d.As<v8::String>();
  }
  *result = ToJSVM(v8::Symbol::New(env->isolate, text));
  return JSVM_OK;
} JSVM_EXIT(env)

// Symbol.for(description): the same symbol for the same text, in every env of the VM.
JSVM_Status OH_JSVM_SymbolFor(JSVM_Env env, const char* utf8description, size_t length, JSVM_Value* result) try {
  JSVM_ENTRY_CONTEXT(env, result);
  JSVM_RETURN_STATUS_IF_FALSE_MSG(env, utf8description != nullptr || length == 0, JSVM_INVALID_ARG,
                                  "utf8description is NULL but length is not 0");
  JSVM_RETURN_STATUS_IF_FALSE(env, length == JSVM_AUTO_LENGTH || length <= INT32_MAX, JSVM_INVALID_ARG);
  v8::Local<v8::String> text;
  if (utf8description == nullptr) {
    text = v8::String::Empty(env->isolate);
  } else {
    JSVM_RETURN_STATUS_IF_FALSE(env,
                                v8::String::NewFromUtf8(env->isolate, utf8description, v8::NewStringType::kNormal,
                                                        length == JSVM_AUTO_LENGTH ? -1 : static_cast<int>(length))
                                    .ToLocal(&text),
                                JSVM_GENERIC_FAILURE);
  }
  *result = ToJSVM(v8::Symbol::For(env->isolate, text));
  return JSVM_OK;
} JSVM_EXIT(env)

namespace {

// The well-known symbols (Symbol.iterator, ...), shared by every env of the VM.
JSVM_Status WellKnown(JSVM_Env env, JSVM_Value* result, v8::Local<v8::Symbol> (*getter)(v8::Isolate*),
    const char* jsvm_api_name_ = __builtin_FUNCTION()) {
  JSVM_ENTRY_CONTEXT(env, result);
  *result = ToJSVM(getter(env->isolate));
  return JSVM_OK;
}

}  // namespace

JSVM_Status OH_JSVM_GetSymbolAsyncIterator(JSVM_Env env, JSVM_Value* result) try {
  return WellKnown(env, result, v8::Symbol::GetAsyncIterator);
} JSVM_EXIT(env)

JSVM_Status OH_JSVM_GetSymbolHasInstance(JSVM_Env env, JSVM_Value* result) try {
  return WellKnown(env, result, v8::Symbol::GetHasInstance);
} JSVM_EXIT(env)

JSVM_Status OH_JSVM_GetSymbolIsConcatSpreadable(JSVM_Env env, JSVM_Value* result) try {
  return WellKnown(env, result, v8::Symbol::GetIsConcatSpreadable);
} JSVM_EXIT(env)

JSVM_Status OH_JSVM_GetSymbolMatch(JSVM_Env env, JSVM_Value* result) try {
  return WellKnown(env, result, v8::Symbol::GetMatch);
} JSVM_EXIT(env)

JSVM_Status OH_JSVM_GetSymbolReplace(JSVM_Env env, JSVM_Value* result) try {
  return WellKnown(env, result, v8::Symbol::GetReplace);
} JSVM_EXIT(env)

JSVM_Status OH_JSVM_GetSymbolSearch(JSVM_Env env, JSVM_Value* result) try {
  return WellKnown(env, result, v8::Symbol::GetSearch);
} JSVM_EXIT(env)

JSVM_Status OH_JSVM_GetSymbolSplit(JSVM_Env env, JSVM_Value* result) try {
  return WellKnown(env, result, v8::Symbol::GetSplit);
} JSVM_EXIT(env)

JSVM_Status OH_JSVM_GetSymbolToPrimitive(JSVM_Env env, JSVM_Value* result) try {
  return WellKnown(env, result, v8::Symbol::GetToPrimitive);
} JSVM_EXIT(env)

JSVM_Status OH_JSVM_GetSymbolUnscopables(JSVM_Env env, JSVM_Value* result) try {
  return WellKnown(env, result, v8::Symbol::GetUnscopables);
} JSVM_EXIT(env)

JSVM_Status OH_JSVM_GetSymbolToStringTag(JSVM_Env env, JSVM_Value* result) try {
  return WellKnown(env, result, v8::Symbol::GetToStringTag);
} JSVM_EXIT(env)

JSVM_Status OH_JSVM_GetSymbolIterator(JSVM_Env env, JSVM_Value* result) try {
  return WellKnown(env, result, v8::Symbol::GetIterator);
} JSVM_EXIT(env)

