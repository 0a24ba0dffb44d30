// Built-in object kinds: Proxy, Date, RegExp, JSON, private keys.
#include "common/internal.h"

using jsvm::SetLastError;
using jsvm::ToJSVM;
using jsvm::ToV8;

JSVM_Status OH_JSVM_CreateProxy(JSVM_Env env, JSVM_Value target, JSVM_Value handler, JSVM_Value* result) try {
  JSVM_ENTRY_JS(env, target, handler, result);
  v8::Local<v8::Value> t = ToV8(target);
  v8::Local<v8::Value> h = ToV8(handler);
  JSVM_RETURN_STATUS_IF_FALSE(env, t->IsObject() && h->IsObject(), JSVM_OBJECT_EXPECTED);
  v8::Local<v8::Proxy> proxy;
  if (!v8::Proxy::New(env->context(), t.As<v8::Object>(), h.As<v8::Object>()).ToLocal(&proxy)) {
    return SetLastError(env, JSVM_PENDING_EXCEPTION);
  }
  *result = ToJSVM(proxy);
  return JSVM_OK;
} JSVM_EXIT(env)

JSVM_Status OH_JSVM_ProxyGetTarget(JSVM_Env env, JSVM_Value value, JSVM_Value* result) try {
  JSVM_ENTRY_CONTEXT(env, value, result);
  v8::Local<v8::Value> v = ToV8(value);
  JSVM_RETURN_STATUS_IF_FALSE_MSG(env, v->IsProxy(), JSVM_INVALID_TYPE, "the value is not a Proxy");
  *result = ToJSVM(v.As<v8::Proxy>()->GetTarget());
  return JSVM_OK;
} JSVM_EXIT(env)

// time: milliseconds since the epoch (NaN gives an invalid Date).
JSVM_Status OH_JSVM_CreateDate(JSVM_Env env, double time, JSVM_Value* result) try {
  JSVM_ENTRY_JS(env, result);
  v8::Local<v8::Value> date;
  if (!v8::Date::New(env->context(), time).ToLocal(&date)) return SetLastError(env, JSVM_PENDING_EXCEPTION);
  *result = ToJSVM(date);
  return JSVM_OK;
} JSVM_EXIT(env)

JSVM_Status OH_JSVM_GetDateValue(JSVM_Env env, JSVM_Value value, double* result) try {
  JSVM_ENTRY_CONTEXT(env, value, result);
  JSVM_CHECK_NOT_PENDING(env);
  v8::Local<v8::Value> v = ToV8(value);
  JSVM_RETURN_STATUS_IF_FALSE(env, v->IsDate(), JSVM_DATE_EXPECTED);
  *result = v.As<v8::Date>()->ValueOf();
  return JSVM_OK;
} JSVM_EXIT(env)

// The JSVM_RegExpFlags bits are V8's RegExp::Flags bits.
JSVM_Status OH_JSVM_CreateRegExp(JSVM_Env env, JSVM_Value value, JSVM_RegExpFlags flags, JSVM_Value* result) try {
  static_assert(int{JSVM_REGEXP_GLOBAL} == int{v8::RegExp::kGlobal} &&
                    int{JSVM_REGEXP_IGNORE_CASE} == int{v8::RegExp::kIgnoreCase} &&
                    int{JSVM_REGEXP_MULTILINE} == int{v8::RegExp::kMultiline} &&
                    int{JSVM_REGEXP_STICKY} == int{v8::RegExp::kSticky} &&
                    int{JSVM_REGEXP_UNICODE} == int{v8::RegExp::kUnicode} &&
                    int{JSVM_REGEXP_DOT_ALL} == int{v8::RegExp::kDotAll} &&
                    int{JSVM_REGEXP_LINEAR} == int{v8::RegExp::kLinear} &&
                    int{JSVM_REGEXP_HAS_INDICES} == int{v8::RegExp::kHasIndices} &&
                    int{JSVM_REGEXP_UNICODE_SETS} == int{v8::RegExp::kUnicodeSets},
                "regexp flag values");
  JSVM_ENTRY_JS(env, value, result);
  v8::Local<v8::Value> pattern = ToV8(value);
  JSVM_RETURN_STATUS_IF_FALSE(env, pattern->IsString(), JSVM_STRING_EXPECTED);
  JSVM_RETURN_STATUS_IF_FALSE_MSG(env, (static_cast<unsigned>(flags) & ~0x1FFu) == 0, JSVM_INVALID_ARG,
                                  "unknown JSVM_RegExpFlags bits");
  // A pattern (or flag set) the RegExp constructor refuses is JSVM_GENERIC_FAILURE,
  // as the device answers; the SyntaxError stays pending (the device documents
  // that this call may throw).
  // As the RegExp constructor: 'u' and 'v' exclude each other (V8's API does not check it).
  if ((flags & JSVM_REGEXP_UNICODE) != 0 && (flags & JSVM_REGEXP_UNICODE_SETS) != 0) {
    env->isolate->ThrowException(v8::Exception::SyntaxError(v8::String::NewFromUtf8Literal(
        env->isolate, "Invalid regular expression flags: unicode (u) and unicodeSets (v) cannot be combined")));
    return SetLastError(env, JSVM_GENERIC_FAILURE, "invalid regular expression flags (a SyntaxError is pending)");
  }
  v8::Local<v8::RegExp> regexp;
  if (!v8::RegExp::New(env->context(), pattern.As<v8::String>(), static_cast<v8::RegExp::Flags>(flags))
           .ToLocal(&regexp)) {
    if (try_catch.HasTerminated()) return jsvm::ReportRunFailure(env, try_catch);
    return SetLastError(env, JSVM_GENERIC_FAILURE, "invalid regular expression (a SyntaxError is pending)");
  }
  *result = ToJSVM(regexp);
  return JSVM_OK;
} JSVM_EXIT(env)

JSVM_Status OH_JSVM_JsonParse(JSVM_Env env, JSVM_Value jsonString, JSVM_Value* result) try {
  JSVM_ENTRY_JS(env, jsonString, result);
  v8::Local<v8::Value> text = ToV8(jsonString);
  JSVM_RETURN_STATUS_IF_FALSE(env, text->IsString(), JSVM_STRING_EXPECTED);
  v8::Local<v8::Value> parsed;
  if (!v8::JSON::Parse(env->context(), text.As<v8::String>()).ToLocal(&parsed)) {
    return SetLastError(env, JSVM_PENDING_EXCEPTION);
  }
  *result = ToJSVM(parsed);
  return JSVM_OK;
} JSVM_EXIT(env)

// As JSON.stringify; a value JSON cannot express (undefined, a function) gives undefined.
JSVM_Status OH_JSVM_JsonStringify(JSVM_Env env, JSVM_Value jsonObject, JSVM_Value* result) try {
  JSVM_ENTRY_JS(env, jsonObject, result);
  v8::Local<v8::String> text;
  if (!v8::JSON::Stringify(env->context(), ToV8(jsonObject)).ToLocal(&text)) {
    return SetLastError(env, JSVM_PENDING_EXCEPTION);
  }
  // V8 converts an undefined outcome to the text "undefined", which is never
  // valid JSON: that text can only mean JSON.stringify gave undefined.
  if (text->StringEquals(v8::String::NewFromUtf8Literal(env->isolate, "undefined"))) {
    *result = ToJSVM(v8::Undefined(env->isolate));
    return JSVM_OK;
  }
  *result = ToJSVM(text);
  return JSVM_OK;
} JSVM_EXIT(env)

// ---------------------------------------------------------------------------
// Private keys (v8::Private): properties no script can see.
// ---------------------------------------------------------------------------

namespace jsvm {
namespace {

inline JSVM_Data ToJSVMData(v8::Local<v8::Data> local) {
  JSVM_Data data;
  std::memcpy(&data, &local, sizeof(local));
  return data;
}

inline v8::Local<v8::Private> ToPrivate(JSVM_Data data) {
  v8::Local<v8::Private> local;
  std::memcpy(static_cast<void*>(&local), &data, sizeof(data));
  return local;
}

// Whether `data` is a key made by OH_JSVM_CreatePrivate. Anything else (a
// Symbol or a string passed as JSVM_Data) is JSVM_INVALID_ARG, as on the
// device: V8 would otherwise store it as a visible property.
inline bool IsPrivateKey(JSVM_Data data) {
  v8::Local<v8::Data> local;
  std::memcpy(static_cast<void*>(&local), &data, sizeof(data));
  return local->IsPrivate();
}

// One key of vm->private_keys: a weak handle, so a key made per call and
// dropped does not stay listed.
struct PrivateKeyRecord {
  JSVM_VM vm;
  v8::Global<v8::Private> key;
};

void OnPrivateKeyDead(const v8::WeakCallbackInfo<PrivateKeyRecord>& info) {
  PrivateKeyRecord* record = info.GetParameter();
  record->key.Reset();
  record->vm->private_keys.erase(record);
  delete record;
}

void RegisterPrivateKey(JSVM_Env env, v8::Local<v8::Private> key) {
  auto* record = new PrivateKeyRecord{env->vm, v8::Global<v8::Private>(env->isolate, key)};
  record->key.SetWeak(record, OnPrivateKeyDead, v8::WeakCallbackType::kParameter);
  env->vm->private_keys.insert(record);
}

// A linear search: a VM makes few keys (one per hidden field a module uses).
bool IsOwnPrivateKey(JSVM_VM vm, v8::Local<v8::Private> key) {
  for (void* entry : vm->private_keys) {
    if (static_cast<PrivateKeyRecord*>(entry)->key == key) return true;
  }
  return false;
}

const char kOtherVMsKey[] =
    "key is a private key of another VM: a JSVM_Data can be given only to envs of the VM that made it "
    "(OH_JSVM_CreatePrivate)";

// JSVM_INVALID_ARG (logged) for another VM's key, while several VMs exist.
JSVM_Status CheckOwnKey(JSVM_Env env, JSVM_Data key, const char* function) {
  if (SeveralVMs() && !IsOwnPrivateKey(env->vm, ToPrivate(key))) return ReportRefusedValue(env, function, kOtherVMsKey);
  return JSVM_OK;
}

}  // namespace

void DropPrivateKeys(JSVM_VM vm) {
  for (void* entry : vm->private_keys) {
    auto* record = static_cast<PrivateKeyRecord*>(entry);
    record->key.Reset();
    delete record;
  }
  vm->private_keys.clear();
}

bool IsOtherVMsData(JSVM_Env env, JSVM_Data data) {
  if (!SeveralVMs()) return false;
  v8::Local<v8::Data> local;
  std::memcpy(static_cast<void*>(&local), &data, sizeof(data));
  if (local->IsPrivate()) return !IsOwnPrivateKey(env->vm, ToPrivate(data));
  return local->IsValue() && IsOtherVMsObject(env, reinterpret_cast<JSVM_Value>(data));
}

}  // namespace jsvm

JSVM_Status OH_JSVM_CreatePrivate(JSVM_Env env, JSVM_Value description, JSVM_Data* result) try {
  JSVM_ENTRY_CONTEXT(env, result);
  JSVM_CHECK_VALUE(env, description);
  v8::Local<v8::String> text;
  if (description != nullptr) {
    v8::Local<v8::Value> d = ToV8(description);
    JSVM_RETURN_STATUS_IF_FALSE(env, d->IsString(), JSVM_STRING_EXPECTED);
    text = d.As<v8::String>();
  }
  v8::Local<v8::Private> key = v8::Private::New(env->isolate, text);
  jsvm::RegisterPrivateKey(env, key);
  *result = jsvm::ToJSVMData(key);
  return JSVM_OK;
} JSVM_EXIT(env)

JSVM_Status OH_JSVM_SetPrivate(JSVM_Env env, JSVM_Value object, JSVM_Data key, JSVM_Value value) try {
  JSVM_ENTRY_JS(env, object, key, value);
  v8::Local<v8::Value> target = ToV8(object);
  JSVM_RETURN_STATUS_IF_FALSE(env, target->IsObject(), JSVM_OBJECT_EXPECTED);
  JSVM_RETURN_STATUS_IF_FALSE_MSG(env, jsvm::IsPrivateKey(key), JSVM_INVALID_ARG,
                                  "key is not a private key (OH_JSVM_CreatePrivate)");
  JSVM_RETURN_IF_NOT_OK(jsvm::CheckOwnKey(env, key, JSVM_API_NAME_));
  v8::Maybe<bool> done = target.As<v8::Object>()->SetPrivate(env->context(), jsvm::ToPrivate(key), ToV8(value));
  if (done.IsNothing()) return SetLastError(env, JSVM_PENDING_EXCEPTION);
  return JSVM_OK;
} JSVM_EXIT(env)

// An object without the key gives undefined.
JSVM_Status OH_JSVM_GetPrivate(JSVM_Env env, JSVM_Value object, JSVM_Data key, JSVM_Value* result) try {
  JSVM_ENTRY_JS(env, object, key, result);
  v8::Local<v8::Value> target = ToV8(object);
  JSVM_RETURN_STATUS_IF_FALSE(env, target->IsObject(), JSVM_OBJECT_EXPECTED);
  JSVM_RETURN_STATUS_IF_FALSE_MSG(env, jsvm::IsPrivateKey(key), JSVM_INVALID_ARG,
                                  "key is not a private key (OH_JSVM_CreatePrivate)");
  JSVM_RETURN_IF_NOT_OK(jsvm::CheckOwnKey(env, key, JSVM_API_NAME_));
  v8::Local<v8::Value> value;
  if (!target.As<v8::Object>()->GetPrivate(env->context(), jsvm::ToPrivate(key)).ToLocal(&value)) {
    return SetLastError(env, JSVM_PENDING_EXCEPTION);
  }
  *result = ToJSVM(value);
  return JSVM_OK;
} JSVM_EXIT(env)

JSVM_Status OH_JSVM_DeletePrivate(JSVM_Env env, JSVM_Value object, JSVM_Data key) try {
  JSVM_ENTRY_JS(env, object, key);
  v8::Local<v8::Value> target = ToV8(object);
  JSVM_RETURN_STATUS_IF_FALSE(env, target->IsObject(), JSVM_OBJECT_EXPECTED);
  JSVM_RETURN_STATUS_IF_FALSE_MSG(env, jsvm::IsPrivateKey(key), JSVM_INVALID_ARG,
                                  "key is not a private key (OH_JSVM_CreatePrivate)");
  JSVM_RETURN_IF_NOT_OK(jsvm::CheckOwnKey(env, key, JSVM_API_NAME_));
  v8::Maybe<bool> done = target.As<v8::Object>()->DeletePrivate(env->context(), jsvm::ToPrivate(key));
  if (done.IsNothing()) return SetLastError(env, JSVM_PENDING_EXCEPTION);
  return JSVM_OK;
} JSVM_EXIT(env)
