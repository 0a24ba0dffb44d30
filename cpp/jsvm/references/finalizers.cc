// Native finalizers and counted references.
//
// A Finalizer watches a JS value through a weak handle; when V8 collects the
// value, the second-pass weak callback runs the user's JSVM_Finalize (with the
// env usable). Whatever is left when the env is destroyed runs then, once.
#include <exception>

#include "common/internal.h"

namespace jsvm {
namespace {

void OnSecondPass(const v8::WeakCallbackInfo<Finalizer>& data) { RunFinalizer(data.GetParameter()); }

void OnFirstPass(const v8::WeakCallbackInfo<Finalizer>& data) {
  Finalizer* finalizer = data.GetParameter();
  finalizer->target.Reset();
  data.SetSecondPassCallback(OnSecondPass);
}

bool CanBeWeak(v8::Local<v8::Value> value) { return value->IsObject() || value->IsSymbol() || value->IsExternal(); }

void MakeWeakOrRelease(JSVM_Ref ref) {
  if (ref->is_data) return;  // data items (private keys) stay until deleted
  if (ref->can_be_weak) {
    ref->handle.SetWeak();
  } else {
    ref->handle.Reset();
  }
}

}  // namespace

void CallIntoEnv(JSVM_Env env, const char* who, const std::function<void()>& call) {
  CppFailure failure;
  // A finalizer may not destroy its env: DestroyEnv may be running it, and
  // would free the env under its own feet.
  EnvInUse in_use(env);
  if (env->context_persistent.IsEmpty()) {
    CallIntoModule(env->vm, &failure, call);
  } else {
    v8::HandleScope handles(env->isolate);
    v8::Context::Scope context_scope(env->context());
    CallIntoModule(env->vm, &failure, call);
  }
  if (failure.failed) LogCppFailure(who, failure);
}

Finalizer* AddFinalizer(JSVM_Env env, v8::Local<v8::Value> target, JSVM_Finalize callback, void* data, void* hint) {
  auto* finalizer = new Finalizer{env, callback, data, hint, v8::Global<v8::Value>(env->isolate, target)};
  finalizer->target.SetWeak(finalizer, OnFirstPass, v8::WeakCallbackType::kParameter);
  env->finalizers.insert(finalizer);
  return finalizer;
}

void CancelFinalizer(Finalizer* finalizer) {
  finalizer->env->finalizers.erase(finalizer);
  finalizer->target.Reset();
  delete finalizer;
}

void RunFinalizer(Finalizer* finalizer) {
  JSVM_Env env = finalizer->env;
  if (env->finalizers.erase(finalizer) == 0) return;  // already ran or cancelled
  finalizer->target.Reset();
  if (finalizer->callback != nullptr) {
    JSVM_Finalize callback = finalizer->callback;
    void* data = finalizer->data;
    void* hint = finalizer->hint;
    CallIntoEnv(env, "a finalizer", [&] { callback(env, data, hint); });
  }
  delete finalizer;
}

JSVM_Status NewReference(JSVM_Env env, v8::Local<v8::Data> value, bool is_data, bool can_be_weak, uint32_t count,
                         JSVM_Ref* result) {
  auto* ref = new JSVM_Ref__{env, v8::Global<v8::Data>(env->isolate, value), count, is_data, can_be_weak};
  if (count == 0) MakeWeakOrRelease(ref);
  env->refs.insert(ref);
  *result = ref;
  return JSVM_OK;
}

// JSVM_INVALID_ARG unless `ref` is a reference not yet deleted of `env` or of
// another live env of its VM. The docs present references as the way to share
// a value between contexts, and an env is one; a deleted reference is freed
// memory, and another VM's holds a handle of another heap. A reference stays
// its own env's: that env's DestroyEnv deletes it (from then on, every env
// refuses it).
JSVM_Status CheckLiveReference(JSVM_Env env, JSVM_Ref ref) {
  if (EnvOfVMHolding(env, [ref](JSVM_Env owner) { return owner->refs.count(ref) != 0; }) != nullptr) return JSVM_OK;
  return SetLastError(env, JSVM_INVALID_ARG,
                      "not a live reference of this VM (deleted, deleted with the env that made it, or made in "
                      "another VM)");
}

void DeleteReference(JSVM_Ref ref) {
  ref->env->refs.erase(ref);
  ref->handle.Reset();
  delete ref;
}

v8::Local<v8::Private> WrapKey(v8::Isolate* isolate) {
  return v8::Private::ForApi(isolate, v8::String::NewFromUtf8Literal(isolate, "jsvm-desktop:wrap"));
}

v8::Local<v8::Private> TypeTagKey(v8::Isolate* isolate) {
  return v8::Private::ForApi(isolate, v8::String::NewFromUtf8Literal(isolate, "jsvm-desktop:type-tag"));
}

}  // namespace jsvm

using jsvm::SetLastError;
using jsvm::ToJSVM;
using jsvm::ToV8;

// ---------------------------------------------------------------------------
// References
// ---------------------------------------------------------------------------

JSVM_Status OH_JSVM_CreateReference(JSVM_Env env, JSVM_Value value, uint32_t initialRefcount, JSVM_Ref* result) try {
  JSVM_ENTRY_CONTEXT(env, value, result);
  v8::Local<v8::Value> v = ToV8(value);
  return jsvm::NewReference(env, v, false, jsvm::CanBeWeak(v), initialRefcount, result);
} JSVM_EXIT(env)

JSVM_Status OH_JSVM_CreateDataReference(JSVM_Env env, JSVM_Data data, uint32_t initialRefcount, JSVM_Ref* result) try {
  JSVM_ENTRY_CONTEXT(env, data, result);
  if (jsvm::IsOtherVMsData(env, data)) {
    return jsvm::ReportRefusedValue(env, JSVM_API_NAME_,
                                    "data is a private key or an object of another VM: a JSVM_Data can be given only "
                                    "to envs of the VM that made it");
  }
  v8::Local<v8::Data> d;
  std::memcpy(static_cast<void*>(&d), &data, sizeof(data));
  return jsvm::NewReference(env, d, true, false, initialRefcount, result);
} JSVM_EXIT(env)

JSVM_Status OH_JSVM_DeleteReference(JSVM_Env env, JSVM_Ref ref) try {
  JSVM_ENTRY_ENV(env, ref);
  JSVM_RETURN_IF_NOT_OK(jsvm::CheckLiveReference(env, ref));
  jsvm::DeleteReference(ref);
  return jsvm::ClearLastError(env);
} JSVM_EXIT(env)

JSVM_Status OH_JSVM_ReferenceRef(JSVM_Env env, JSVM_Ref ref, uint32_t* result) try {
  JSVM_ENTRY_CONTEXT(env, ref);
  JSVM_RETURN_IF_NOT_OK(jsvm::CheckLiveReference(env, ref));
  if (ref->count == 0 && !ref->is_data) {
    JSVM_RETURN_STATUS_IF_FALSE_MSG(env, !ref->handle.IsEmpty(), JSVM_GENERIC_FAILURE,
                                    "the referenced value was already released");
    ref->handle.ClearWeak();
  }
  JSVM_RETURN_STATUS_IF_FALSE_MSG(env, ref->count < UINT32_MAX, JSVM_GENERIC_FAILURE,
                                  "the reference count is already at its maximum (2^32 - 1)");
  ++ref->count;
  if (result != nullptr) *result = ref->count;
  return JSVM_OK;
} JSVM_EXIT(env)

JSVM_Status OH_JSVM_ReferenceUnref(JSVM_Env env, JSVM_Ref ref, uint32_t* result) try {
  JSVM_ENTRY_CONTEXT(env, ref);
  JSVM_RETURN_IF_NOT_OK(jsvm::CheckLiveReference(env, ref));
  JSVM_RETURN_STATUS_IF_FALSE_MSG(env, ref->count > 0, JSVM_GENERIC_FAILURE, "the reference count is already 0");
  if (--ref->count == 0) jsvm::MakeWeakOrRelease(ref);
  if (result != nullptr) *result = ref->count;
  return JSVM_OK;
} JSVM_EXIT(env)

// A released or collected value gives NULL.
JSVM_Status OH_JSVM_GetReferenceValue(JSVM_Env env, JSVM_Ref ref, JSVM_Value* result) try {
  JSVM_ENTRY_CONTEXT(env, ref, result);
  JSVM_RETURN_IF_NOT_OK(jsvm::CheckLiveReference(env, ref));
  JSVM_RETURN_STATUS_IF_FALSE_MSG(env, !ref->is_data, JSVM_INVALID_ARG,
                                  "a data reference: use OH_JSVM_GetReferenceData");
  if (ref->handle.IsEmpty()) {
    *result = nullptr;
  } else {
    *result = ToJSVM(ref->handle.Get(env->isolate).As<v8::Value>());
  }
  return JSVM_OK;
} JSVM_EXIT(env)

JSVM_Status OH_JSVM_GetReferenceData(JSVM_Env env, JSVM_Ref ref, JSVM_Data* result) try {
  JSVM_ENTRY_CONTEXT(env, ref, result);
  JSVM_RETURN_IF_NOT_OK(jsvm::CheckLiveReference(env, ref));
  JSVM_RETURN_STATUS_IF_FALSE_MSG(env, ref->is_data, JSVM_INVALID_ARG,
                                  "a value reference: use OH_JSVM_GetReferenceValue");
  v8::Local<v8::Data> data = ref->handle.Get(env->isolate);
  std::memcpy(static_cast<void*>(result), &data, sizeof(data));
  return JSVM_OK;
} JSVM_EXIT(env)

// ---------------------------------------------------------------------------
// Externals, wraps, finalizers, type tags
// ---------------------------------------------------------------------------

JSVM_Status OH_JSVM_CreateExternal(JSVM_Env env, void* data, JSVM_Finalize finalizeCb, void* finalizeHint,
                                   JSVM_Value* result) try {
  JSVM_ENTRY_CONTEXT(env, result);
  v8::Local<v8::External> external = v8::External::New(env->isolate, data);
  jsvm::AddFinalizer(env, external, finalizeCb, data, finalizeHint);
  *result = ToJSVM(external);
  return JSVM_OK;
} JSVM_EXIT(env)

JSVM_Status OH_JSVM_GetValueExternal(JSVM_Env env, JSVM_Value value, void** result) try {
  JSVM_ENTRY_CONTEXT(env, value, result);
  v8::Local<v8::Value> v = ToV8(value);
  JSVM_RETURN_STATUS_IF_FALSE_MSG(env, v->IsExternal(), JSVM_INVALID_ARG, "the value is not an external");
  *result = v.As<v8::External>()->Value();
  return JSVM_OK;
} JSVM_EXIT(env)

namespace jsvm {
namespace {

// The Finalizer a wrapped object carries, or null. The object's External
// outlives the wrap when the env that wrapped it is destroyed while another
// env of the VM keeps the object: that env's finalizers ran and were freed
// then. So the record is taken only while an env of the VM still holds it,
// watching this very object (an address reused by another wrap is not it).
Finalizer* WrapOf(JSVM_Env env, v8::Local<v8::Object> object) {
  v8::Local<v8::Value> stored;
  if (!object->GetPrivate(env->context(), WrapKey(env->isolate)).ToLocal(&stored) || !stored->IsExternal()) {
    return nullptr;
  }
  auto* finalizer = static_cast<Finalizer*>(stored.As<v8::External>()->Value());
  for (JSVM_Env owner : env->vm->envs) {
    if (owner->finalizers.count(finalizer) != 0) return finalizer->target == object ? finalizer : nullptr;
  }
  return nullptr;
}

// `not_object`: what a value that is not an object gives. Wrap, Unwrap,
// RemoveWrap and AddFinalizer: JSVM_INVALID_ARG (their docs list no
// OBJECT_EXPECTED; Node-API answers napi_invalid_arg).
JSVM_Status ObjectArg(JSVM_Env env, JSVM_Value value, v8::Local<v8::Object>* object,
                      JSVM_Status not_object = JSVM_INVALID_ARG) {
  CHECK_ARG(env, value);
  JSVM_RETURN_IF_NOT_OK(CheckValue(env, nullptr, "the object", value));
  v8::Local<v8::Value> v = ToV8(value);
  JSVM_RETURN_STATUS_IF_FALSE_MSG(env, v->IsObject(), not_object, "the value is not an object");
  *object = v.As<v8::Object>();
  return JSVM_OK;
}

}  // namespace
}  // namespace jsvm

JSVM_Status OH_JSVM_Wrap(JSVM_Env env, JSVM_Value jsObject, void* nativeObject, JSVM_Finalize finalizeCb,
                         void* finalizeHint, JSVM_Ref* result) try {
  JSVM_ENTRY_CONTEXT(env);
  JSVM_CHECK_NOT_PENDING(env);
  jsvm::ContextGuard context_guard(env);
  v8::Local<v8::Object> object;
  JSVM_RETURN_IF_NOT_OK(jsvm::ObjectArg(env, jsObject, &object));
  // nativeObject may be NULL, as on the device: Unwrap then gives NULL.
  JSVM_RETURN_STATUS_IF_FALSE_MSG(env, jsvm::WrapOf(env, object) == nullptr, JSVM_INVALID_ARG,
                                  "the object is already wrapped");
  jsvm::Finalizer* finalizer = jsvm::AddFinalizer(env, object, finalizeCb, nativeObject, finalizeHint);
  if (!object->SetPrivate(env->context(), jsvm::WrapKey(env->isolate), v8::External::New(env->isolate, finalizer))
           .FromMaybe(false)) {
    jsvm::CancelFinalizer(finalizer);
    return SetLastError(env, JSVM_GENERIC_FAILURE);
  }
  if (result != nullptr) return jsvm::NewReference(env, object, false, true, 0, result);
  return JSVM_OK;
} JSVM_EXIT(env)

JSVM_Status OH_JSVM_Unwrap(JSVM_Env env, JSVM_Value jsObject, void** result) try {
  JSVM_ENTRY_CONTEXT(env, result);
  JSVM_CHECK_NOT_PENDING(env);
  jsvm::ContextGuard context_guard(env);
  v8::Local<v8::Object> object;
  JSVM_RETURN_IF_NOT_OK(jsvm::ObjectArg(env, jsObject, &object));
  jsvm::Finalizer* finalizer = jsvm::WrapOf(env, object);
  JSVM_RETURN_STATUS_IF_FALSE_MSG(env, finalizer != nullptr, JSVM_INVALID_ARG, "the object is not wrapped");
  *result = finalizer->data;
  return JSVM_OK;
} JSVM_EXIT(env)

// Unwraps and forgets the finalizer: the caller owns the native object again.
JSVM_Status OH_JSVM_RemoveWrap(JSVM_Env env, JSVM_Value jsObject, void** result) try {
  JSVM_ENTRY_CONTEXT(env);
  JSVM_CHECK_NOT_PENDING(env);
  jsvm::ContextGuard context_guard(env);
  v8::Local<v8::Object> object;
  JSVM_RETURN_IF_NOT_OK(jsvm::ObjectArg(env, jsObject, &object));
  jsvm::Finalizer* finalizer = jsvm::WrapOf(env, object);
  JSVM_RETURN_STATUS_IF_FALSE_MSG(env, finalizer != nullptr, JSVM_INVALID_ARG, "the object is not wrapped");
  object->DeletePrivate(env->context(), jsvm::WrapKey(env->isolate)).FromMaybe(false);
  if (result != nullptr) *result = finalizer->data;
  jsvm::CancelFinalizer(finalizer);
  return JSVM_OK;
} JSVM_EXIT(env)

JSVM_Status OH_JSVM_AddFinalizer(JSVM_Env env, JSVM_Value jsObject, void* finalizeData, JSVM_Finalize finalizeCb,
                                 void* finalizeHint, JSVM_Ref* result) try {
  JSVM_ENTRY_CONTEXT(env, finalizeCb);
  v8::Local<v8::Object> object;
  JSVM_RETURN_IF_NOT_OK(jsvm::ObjectArg(env, jsObject, &object));
  jsvm::AddFinalizer(env, object, finalizeCb, finalizeData, finalizeHint);
  if (result != nullptr) return jsvm::NewReference(env, object, false, true, 0, result);
  return JSVM_OK;
} JSVM_EXIT(env)

// The tag is kept as a BigInt of its two words under a private key.
JSVM_Status OH_JSVM_TypeTagObject(JSVM_Env env, JSVM_Value value, const JSVM_TypeTag* typeTag) try {
  JSVM_ENTRY_CONTEXT(env, typeTag);
  jsvm::ContextGuard context_guard(env);
  v8::Local<v8::Object> object;
  JSVM_RETURN_IF_NOT_OK(jsvm::ObjectArg(env, value, &object, JSVM_OBJECT_EXPECTED));
  v8::Local<v8::Context> context = env->context();
  v8::Local<v8::Private> key = jsvm::TypeTagKey(env->isolate);
  JSVM_RETURN_STATUS_IF_FALSE_MSG(env, !object->HasPrivate(context, key).FromMaybe(true), JSVM_INVALID_ARG,
                                  "the object already has a type tag");
  const uint64_t words[2] = {typeTag->lower, typeTag->upper};
  v8::Local<v8::BigInt> tag;
  JSVM_RETURN_STATUS_IF_FALSE(env, v8::BigInt::NewFromWords(context, 0, 2, words).ToLocal(&tag), JSVM_GENERIC_FAILURE);
  JSVM_RETURN_STATUS_IF_FALSE(env, object->SetPrivate(context, key, tag).FromMaybe(false), JSVM_GENERIC_FAILURE);
  return JSVM_OK;
} JSVM_EXIT(env)

JSVM_Status OH_JSVM_CheckObjectTypeTag(JSVM_Env env, JSVM_Value value, const JSVM_TypeTag* typeTag, bool* result) try {
  JSVM_ENTRY_CONTEXT(env, typeTag, result);
  jsvm::ContextGuard context_guard(env);
  v8::Local<v8::Object> object;
  JSVM_RETURN_IF_NOT_OK(jsvm::ObjectArg(env, value, &object, JSVM_OBJECT_EXPECTED));
  v8::Local<v8::Value> stored;
  *result = false;
  if (object->GetPrivate(env->context(), jsvm::TypeTagKey(env->isolate)).ToLocal(&stored) && stored->IsBigInt()) {
    int sign = 0;
    int count = 2;
    uint64_t words[2] = {0, 0};
    stored.As<v8::BigInt>()->ToWordsArray(&sign, &count, words);
    *result = words[0] == typeTag->lower && words[1] == typeTag->upper;
  }
  return JSVM_OK;
} JSVM_EXIT(env)
