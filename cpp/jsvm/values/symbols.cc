// Symbols, the global symbol registry and the well-known symbols.
#include "common/internal.h"

using jsvm::ToJSVM;
using jsvm::ToV8;

JSVM_Status OH_JSVM_CreateSymbol(JSVM_Env env, JSVM_Value description, JSVM_Value* result) {
  CHECK_ENV_READY(env);
  CHECK_ARG(env, result);
  v8::Local<v8::String> text;
  if (description != nullptr) {
    v8::Local<v8::Value> d = ToV8(description);
    JSVM_RETURN_STATUS_IF_FALSE(env, d->IsString(), JSVM_STRING_EXPECTED);
    text = d.As<v8::String>();
  }
  *result = ToJSVM(v8::Symbol::New(env->isolate, text));
  return JSVM_OK;
}

// Symbol.for(description): the same symbol for the same text, in every env of the VM.
JSVM_Status OH_JSVM_SymbolFor(JSVM_Env env, const char* utf8description, size_t length, JSVM_Value* result) {
  CHECK_ENV_READY(env);
  CHECK_ARG(env, result);
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
}

#define JSVM_WELL_KNOWN_SYMBOL(Name, Getter)                        \
  JSVM_Status OH_JSVM_GetSymbol##Name(JSVM_Env env, JSVM_Value* result) { \
    CHECK_ENV_READY(env);                                           \
    CHECK_ARG(env, result);                                         \
    *result = ToJSVM(v8::Symbol::Getter(env->isolate));             \
    return JSVM_OK;                                                 \
  }

JSVM_WELL_KNOWN_SYMBOL(AsyncIterator, GetAsyncIterator)
JSVM_WELL_KNOWN_SYMBOL(HasInstance, GetHasInstance)
JSVM_WELL_KNOWN_SYMBOL(IsConcatSpreadable, GetIsConcatSpreadable)
JSVM_WELL_KNOWN_SYMBOL(Match, GetMatch)
JSVM_WELL_KNOWN_SYMBOL(Replace, GetReplace)
JSVM_WELL_KNOWN_SYMBOL(Search, GetSearch)
JSVM_WELL_KNOWN_SYMBOL(Split, GetSplit)
JSVM_WELL_KNOWN_SYMBOL(ToPrimitive, GetToPrimitive)
JSVM_WELL_KNOWN_SYMBOL(Unscopables, GetUnscopables)
JSVM_WELL_KNOWN_SYMBOL(ToStringTag, GetToStringTag)
JSVM_WELL_KNOWN_SYMBOL(Iterator, GetIterator)
