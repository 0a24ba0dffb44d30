// Properties by key and by index, property lists, descriptors, integrity
// levels, prototypes, Map and Set.
#include "common/internal.h"

using jsvm::SetLastError;
using jsvm::ToJSVM;
using jsvm::ToV8;

namespace jsvm {
namespace {

v8::KeyCollectionMode ToMode(JSVM_KeyCollectionMode mode) {
  return mode == JSVM_KEY_OWN_ONLY ? v8::KeyCollectionMode::kOwnOnly : v8::KeyCollectionMode::kIncludePrototypes;
}

v8::PropertyFilter ToFilter(JSVM_KeyFilter filter) {
  unsigned result = v8::ALL_PROPERTIES;
  if (filter & JSVM_KEY_WRITABLE) result |= v8::ONLY_WRITABLE;
  if (filter & JSVM_KEY_ENUMERABLE) result |= v8::ONLY_ENUMERABLE;
  if (filter & JSVM_KEY_CONFIGURABLE) result |= v8::ONLY_CONFIGURABLE;
  if (filter & JSVM_KEY_SKIP_STRINGS) result |= v8::SKIP_STRINGS;
  if (filter & JSVM_KEY_SKIP_SYMBOLS) result |= v8::SKIP_SYMBOLS;
  return static_cast<v8::PropertyFilter>(result);
}

JSVM_Status Keys(JSVM_Env env, JSVM_Value object, v8::KeyCollectionMode mode, v8::PropertyFilter filter,
                 v8::KeyConversionMode conversion, JSVM_Value* result,
    const char* jsvm_api_name_ = __builtin_FUNCTION()) {
  JSVM_ENTRY_JS(env, result);
  v8::Local<v8::Context> context = env->context();
  v8::Local<v8::Object> obj;
  CHECK_TO_OBJECT(env, context, obj, object);
  v8::Local<v8::Array> keys;
  if (!obj->GetPropertyNames(context, mode, filter, v8::IndexFilter::kIncludeIndices, conversion).ToLocal(&keys)) {
    return SetLastError(env, JSVM_PENDING_EXCEPTION);
  }
  *result = ToJSVM(keys);
  return JSVM_OK;
}

}  // namespace
}  // namespace jsvm

// Enumerable string keys of the object and its prototypes, indices as strings (for...in).
JSVM_Status OH_JSVM_GetPropertyNames(JSVM_Env env, JSVM_Value object, JSVM_Value* result) try {
  return jsvm::Keys(env, object, v8::KeyCollectionMode::kIncludePrototypes,
                    static_cast<v8::PropertyFilter>(v8::ONLY_ENUMERABLE | v8::SKIP_SYMBOLS),
                    v8::KeyConversionMode::kConvertToString, result);
} JSVM_EXIT(env)

JSVM_Status OH_JSVM_GetAllPropertyNames(JSVM_Env env, JSVM_Value object, JSVM_KeyCollectionMode keyMode,
                                        JSVM_KeyFilter keyFilter, JSVM_KeyConversion keyConversion,
                                        JSVM_Value* result) try {
  if (jsvm::IsLiveEnv(env) && (keyMode < JSVM_KEY_INCLUDE_PROTOTYPES || keyMode > JSVM_KEY_OWN_ONLY ||
                         keyConversion < JSVM_KEY_KEEP_NUMBERS || keyConversion > JSVM_KEY_NUMBERS_TO_STRINGS)) {
    return SetLastError(env, JSVM_INVALID_ARG, "unknown key collection mode or key conversion");
  }
  return jsvm::Keys(env, object, jsvm::ToMode(keyMode), jsvm::ToFilter(keyFilter),
                    keyConversion == JSVM_KEY_NUMBERS_TO_STRINGS ? v8::KeyConversionMode::kConvertToString
                                                                 : v8::KeyConversionMode::kKeepNumbers,
                    result);
} JSVM_EXIT(env)

JSVM_Status OH_JSVM_SetProperty(JSVM_Env env, JSVM_Value object, JSVM_Value key, JSVM_Value value) try {
  JSVM_ENTRY_JS(env, key, value);
  v8::Local<v8::Context> context = env->context();
  v8::Local<v8::Object> obj;
  CHECK_TO_OBJECT(env, context, obj, object);
  if (obj->Set(context, ToV8(key), ToV8(value)).IsNothing()) return SetLastError(env, JSVM_PENDING_EXCEPTION);
  return JSVM_OK;
} JSVM_EXIT(env)

JSVM_Status OH_JSVM_GetProperty(JSVM_Env env, JSVM_Value object, JSVM_Value key, JSVM_Value* result) try {
  JSVM_ENTRY_JS(env, key, result);
  v8::Local<v8::Context> context = env->context();
  v8::Local<v8::Object> obj;
  CHECK_TO_OBJECT(env, context, obj, object);
  v8::Local<v8::Value> value;
  if (!obj->Get(context, ToV8(key)).ToLocal(&value)) return SetLastError(env, JSVM_PENDING_EXCEPTION);
  *result = ToJSVM(value);
  return JSVM_OK;
} JSVM_EXIT(env)

JSVM_Status OH_JSVM_HasProperty(JSVM_Env env, JSVM_Value object, JSVM_Value key, bool* result) try {
  JSVM_ENTRY_JS(env, key, result);
  v8::Local<v8::Context> context = env->context();
  v8::Local<v8::Object> obj;
  CHECK_TO_OBJECT(env, context, obj, object);
  v8::Maybe<bool> has = obj->Has(context, ToV8(key));
  if (has.IsNothing()) return SetLastError(env, JSVM_PENDING_EXCEPTION);
  *result = has.FromJust();
  return JSVM_OK;
} JSVM_EXIT(env)

// *result (optional) is false when the property is non-configurable.
JSVM_Status OH_JSVM_DeleteProperty(JSVM_Env env, JSVM_Value object, JSVM_Value key, bool* result) try {
  JSVM_ENTRY_JS(env, key);
  v8::Local<v8::Context> context = env->context();
  v8::Local<v8::Object> obj;
  CHECK_TO_OBJECT(env, context, obj, object);
  v8::Maybe<bool> deleted = obj->Delete(context, ToV8(key));
  if (deleted.IsNothing()) return SetLastError(env, JSVM_PENDING_EXCEPTION);
  if (result != nullptr) *result = deleted.FromJust();
  return JSVM_OK;
} JSVM_EXIT(env)

// The key must be a string or symbol.
JSVM_Status OH_JSVM_HasOwnProperty(JSVM_Env env, JSVM_Value object, JSVM_Value key, bool* result) try {
  JSVM_ENTRY_JS(env, key, result);
  v8::Local<v8::Context> context = env->context();
  v8::Local<v8::Object> obj;
  CHECK_TO_OBJECT(env, context, obj, object);
  v8::Local<v8::Value> k = ToV8(key);
  JSVM_RETURN_STATUS_IF_FALSE(env, k->IsName(), JSVM_NAME_EXPECTED);
  v8::Maybe<bool> has = obj->HasOwnProperty(context, k.As<v8::Name>());
  if (has.IsNothing()) return SetLastError(env, JSVM_PENDING_EXCEPTION);
  *result = has.FromJust();
  return JSVM_OK;
} JSVM_EXIT(env)

JSVM_Status OH_JSVM_SetElement(JSVM_Env env, JSVM_Value object, uint32_t index, JSVM_Value value) try {
  JSVM_ENTRY_JS(env, value);
  v8::Local<v8::Context> context = env->context();
  v8::Local<v8::Object> obj;
  CHECK_TO_OBJECT(env, context, obj, object);
  if (obj->Set(context, index, ToV8(value)).IsNothing()) return SetLastError(env, JSVM_PENDING_EXCEPTION);
  return JSVM_OK;
} JSVM_EXIT(env)

JSVM_Status OH_JSVM_GetElement(JSVM_Env env, JSVM_Value object, uint32_t index, JSVM_Value* result) try {
  JSVM_ENTRY_JS(env, result);
  v8::Local<v8::Context> context = env->context();
  v8::Local<v8::Object> obj;
  CHECK_TO_OBJECT(env, context, obj, object);
  v8::Local<v8::Value> value;
  if (!obj->Get(context, index).ToLocal(&value)) return SetLastError(env, JSVM_PENDING_EXCEPTION);
  *result = ToJSVM(value);
  return JSVM_OK;
} JSVM_EXIT(env)

JSVM_Status OH_JSVM_HasElement(JSVM_Env env, JSVM_Value object, uint32_t index, bool* result) try {
  JSVM_ENTRY_JS(env, result);
  v8::Local<v8::Context> context = env->context();
  v8::Local<v8::Object> obj;
  CHECK_TO_OBJECT(env, context, obj, object);
  v8::Maybe<bool> has = obj->Has(context, index);
  if (has.IsNothing()) return SetLastError(env, JSVM_PENDING_EXCEPTION);
  *result = has.FromJust();
  return JSVM_OK;
} JSVM_EXIT(env)

JSVM_Status OH_JSVM_DeleteElement(JSVM_Env env, JSVM_Value object, uint32_t index, bool* result) try {
  JSVM_ENTRY_JS(env);
  v8::Local<v8::Context> context = env->context();
  v8::Local<v8::Object> obj;
  CHECK_TO_OBJECT(env, context, obj, object);
  v8::Maybe<bool> deleted = obj->Delete(context, index);
  if (deleted.IsNothing()) return SetLastError(env, JSVM_PENDING_EXCEPTION);
  if (result != nullptr) *result = deleted.FromJust();
  return JSVM_OK;
} JSVM_EXIT(env)

JSVM_Status OH_JSVM_DefineProperties(JSVM_Env env, JSVM_Value object, size_t propertyCount,
                                     const JSVM_PropertyDescriptor* properties) try {
  JSVM_ENTRY_JS(env, object);
  if (propertyCount > 0) CHECK_ARG(env, properties);
  if (jsvm::ValueChecksOn(env)) {
    JSVM_RETURN_IF_NOT_OK(jsvm::CheckDescriptorValues(env, JSVM_API_NAME_, propertyCount, properties));
  }
  v8::Local<v8::Value> target = ToV8(object);
  JSVM_RETURN_STATUS_IF_FALSE(env, target->IsObject(), JSVM_OBJECT_EXPECTED);
  JSVM_Status status = jsvm::DefineProperties(env, target.As<v8::Object>(), propertyCount, properties);
  if (status == JSVM_GENERIC_FAILURE && try_catch.HasCaught()) return SetLastError(env, JSVM_PENDING_EXCEPTION);
  return status;
} JSVM_EXIT(env)

namespace jsvm {
namespace {

// As Object.freeze / Object.seal: a primitive is left as it is (JSVM_OK; the
// docs list only OK and GENERIC_FAILURE), null / undefined are
// JSVM_OBJECT_EXPECTED (as Node-API), a refusal GENERIC_FAILURE, a trap's
// throw pending.
JSVM_Status Integrity(JSVM_Env env, JSVM_Value object, v8::IntegrityLevel level,
    const char* jsvm_api_name_ = __builtin_FUNCTION()) {
  JSVM_ENTRY_JS(env, object);
  v8::Local<v8::Value> target = ToV8(object);
  JSVM_RETURN_STATUS_IF_FALSE(env, !target->IsNullOrUndefined(), JSVM_OBJECT_EXPECTED);
  if (!target->IsObject()) return JSVM_OK;
#if JSVM_V8_AT_LEAST(13, 0)
  // V8 13.6 made a typed array's elements configurable, so Object.seal of a
  // non-empty one throws there; the device's V8 13.2 (and V8 11.3) seal it
  // and return OK, the elements staying writable. What the seal can still do:
  // no new properties (the elements cannot be made non-configurable).
  if (level == v8::IntegrityLevel::kSealed && target->IsTypedArray() && target.As<v8::TypedArray>()->Length() > 0) {
    v8::Local<v8::Context> context = env->context();
    v8::Local<v8::Value> object_ctor, prevent;
    if (!context->Global()->Get(context, v8::String::NewFromUtf8Literal(env->isolate, "Object")).ToLocal(&object_ctor) ||
        !object_ctor->IsObject() ||
        !object_ctor.As<v8::Object>()
             ->Get(context, v8::String::NewFromUtf8Literal(env->isolate, "preventExtensions"))
             .ToLocal(&prevent) ||
        !prevent->IsFunction()) {
      return SetLastError(env, try_catch.HasCaught() ? JSVM_PENDING_EXCEPTION : JSVM_GENERIC_FAILURE);
    }
    v8::Local<v8::Value> argv[] = {target};
    if (prevent.As<v8::Function>()->Call(context, object_ctor, 1, argv).IsEmpty()) {
      return SetLastError(env, try_catch.HasCaught() ? JSVM_PENDING_EXCEPTION : JSVM_GENERIC_FAILURE);
    }
    return JSVM_OK;
  }
#endif
  v8::Maybe<bool> done = target.As<v8::Object>()->SetIntegrityLevel(env->context(), level);
  if (done.IsNothing()) return SetLastError(env, try_catch.HasCaught() ? JSVM_PENDING_EXCEPTION : JSVM_GENERIC_FAILURE);
  JSVM_RETURN_STATUS_IF_FALSE(env, done.FromJust(), JSVM_GENERIC_FAILURE);
  return JSVM_OK;
}

}  // namespace
}  // namespace jsvm

JSVM_Status OH_JSVM_ObjectFreeze(JSVM_Env env, JSVM_Value object) try {
  return jsvm::Integrity(env, object, v8::IntegrityLevel::kFrozen);
} JSVM_EXIT(env)

JSVM_Status OH_JSVM_ObjectSeal(JSVM_Env env, JSVM_Value object) try {
  return jsvm::Integrity(env, object, v8::IntegrityLevel::kSealed);
} JSVM_EXIT(env)

JSVM_Status OH_JSVM_GetPrototype(JSVM_Env env, JSVM_Value object, JSVM_Value* result) try {
  JSVM_ENTRY_JS(env, result);
  v8::Local<v8::Context> context = env->context();
  v8::Local<v8::Object> obj;
  CHECK_TO_OBJECT(env, context, obj, object);
  *result = ToJSVM(obj->GetPrototype());
  return JSVM_OK;
} JSVM_EXIT(env)

// As Object.getPrototypeOf: a primitive's is its wrapper's (Number.prototype
// for 5); null / undefined are JSVM_OBJECT_EXPECTED (JS throws a TypeError).
JSVM_Status OH_JSVM_ObjectGetPrototypeOf(JSVM_Env env, JSVM_Value object, JSVM_Value* result) try {
  JSVM_ENTRY_CONTEXT(env, object, result);
  JSVM_CHECK_NOT_PENDING(env);
  jsvm::ContextGuard context_guard(env);
  v8::Local<v8::Context> context = env->context();
  v8::Local<v8::Object> target;
  CHECK_TO_OBJECT(env, context, target, object);
  *result = ToJSVM(target->GetPrototype());
  return JSVM_OK;
} JSVM_EXIT(env)

// The prototype must be an object or null (docs: JSVM_INVALID_ARG for invalid
// input). A change refused (a cycle, a non-extensible object, a Proxy whose
// setPrototypeOf trap refuses or throws) is JSVM_GENERIC_FAILURE, which the
// docs name for a cyclic prototype; nothing is left pending (V8 11.3 clears
// what it or the trap threw).
JSVM_Status OH_JSVM_ObjectSetPrototypeOf(JSVM_Env env, JSVM_Value object, JSVM_Value prototype) try {
  JSVM_ENTRY_JS(env, object, prototype);
  v8::Local<v8::Value> target = ToV8(object);
  v8::Local<v8::Value> proto = ToV8(prototype);
  JSVM_RETURN_STATUS_IF_FALSE(env, target->IsObject(), JSVM_OBJECT_EXPECTED);
  JSVM_RETURN_STATUS_IF_FALSE_MSG(env, proto->IsObject() || proto->IsNull(), JSVM_INVALID_ARG,
                                  "the prototype is neither an object nor null");
  v8::Maybe<bool> done = target.As<v8::Object>()->SetPrototype(env->context(), proto);
  if (done.IsNothing() && try_catch.HasCaught()) return SetLastError(env, JSVM_PENDING_EXCEPTION);
  JSVM_RETURN_STATUS_IF_FALSE_MSG(env, done.FromMaybe(false), JSVM_GENERIC_FAILURE,
                                  "the prototype cannot be set: it would make a cycle, the object is not "
                                  "extensible, or a Proxy refused");
  return JSVM_OK;
} JSVM_EXIT(env)

JSVM_Status OH_JSVM_CreateMap(JSVM_Env env, JSVM_Value* result) try {
  JSVM_ENTRY_CONTEXT(env, result);
  jsvm::ContextGuard context_guard(env);
  *result = ToJSVM(v8::Map::New(env->isolate));
  return JSVM_OK;
} JSVM_EXIT(env)

JSVM_Status OH_JSVM_CreateSet(JSVM_Env env, JSVM_Value* result) try {
  JSVM_ENTRY_CONTEXT(env, result);
  jsvm::ContextGuard context_guard(env);
  *result = ToJSVM(v8::Set::New(env->isolate));
  return JSVM_OK;
} JSVM_EXIT(env)
