// Native functions: the callback trampoline, OH_JSVM_CreateFunction,
// OH_JSVM_GetCbInfo, OH_JSVM_CallFunction, and property descriptors.
#include <exception>

#include "common/internal.h"

namespace jsvm {
namespace {

void ThrowPlainError(v8::Isolate* isolate, const std::string& message) {
  v8::Local<v8::String> text;
  if (v8::String::NewFromUtf8(isolate, message.c_str()).ToLocal(&text)) {
    isolate->ThrowException(v8::Exception::Error(text));
  }
}

}  // namespace

// JSVM_PropertyAttributes as V8 reads them (an accessor has no "writable").
v8::PropertyAttribute ToV8Attributes(JSVM_PropertyAttributes attributes, bool accessor) {
  unsigned result = v8::None;
  if (!accessor && (attributes & JSVM_WRITABLE) == 0) result |= v8::ReadOnly;
  if ((attributes & JSVM_ENUMERABLE) == 0) result |= v8::DontEnum;
  if ((attributes & JSVM_CONFIGURABLE) == 0) result |= v8::DontDelete;
  return static_cast<v8::PropertyAttribute>(result);
}

// The one V8 callback behind every JSVM_Callback. Its data is an External that
// points at the user's JSVM_CallbackStruct (an external reference in snapshots);
// the env comes from the context the function was created in.
void NativeCallbackTrampoline(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  // A function made without a callback (OH_JSVM_CreateFunction with a NULL
  // one) has no data: calling it returns undefined. (Every other function of
  // ours has an External; IsUndefined is inline, IsExternal a call into V8.)
  if (info.Data()->IsUndefined()) return;
  auto* cb = static_cast<JSVM_CallbackStruct*>(info.Data().As<v8::External>()->Value());
  // V8 enters the function's own context: its env is the one to run in.
  JSVM_Env env = CurrentCallbackEnv(isolate);
  if (env == nullptr || cb == nullptr || cb->callback == nullptr) {
    ThrowPlainError(isolate, "native callback called outside of a JSVM environment");
    return;
  }
  JSVM_VM vm = env->vm;
  EnvInUse in_use(env);  // the callback may not destroy its env: we read it after
  if (CallbackStackSpentAtDepth(env, vm->callback_depth)) return;
  CallbackInfo cbinfo{&info, cb->data};
  size_t scopes_at_entry = vm->scopes.size();
  CppFailure failure;
  JSVM_Value result = nullptr;
  bool other_vms_result = false;
  {
    CallbackScope depth(vm);
    GuardUserCode(&failure, [&] { result = cb->callback(env, reinterpret_cast<JSVM_CallbackInfo>(&cbinfo)); });
    // Set before the scopes the callback left open close: `result` may live there.
    if (!failure.failed && result != nullptr) {
      other_vms_result = ReturnsOtherVMsObject(env, result);
      if (!other_vms_result) info.GetReturnValue().Set(ToV8(result));
    }
    // Close what the callback left open, innermost first.
    while (vm->scopes.size() > scopes_at_entry) {
      ScopeRecord record = vm->scopes.back();
      PopScope(vm);
      record.destroy(vm, record.scope);
    }
  }
  if (!env->last_exception.IsEmpty()) {
    // What the callback threw (or left pending) reaches the JS caller.
    isolate->ThrowException(env->last_exception.Get(isolate));
    env->last_exception.Reset();
  } else if (failure.failed) {
    ThrowCppFailure(isolate, "native callback", failure);
  } else if (other_vms_result) {
    ThrowPlainError(isolate, std::string("the native callback ") + kReturnedOtherVMsObject);
  }
}

// A NULL cb (or one whose callback is NULL) makes a function that returns
// undefined: no data, so nothing a snapshot would have to name.
v8::MaybeLocal<v8::Function> NewNativeFunction(JSVM_Env env, JSVM_Callback cb, v8::Local<v8::String> name,
                                               int length) {
  v8::Isolate* isolate = env->isolate;
  bool callable = cb != nullptr && cb->callback != nullptr;
  v8::Local<v8::Value> data;
  if (callable) data = v8::External::New(isolate, cb);
  v8::Local<v8::Function> function;
  if (!v8::Function::New(env->context(), NativeCallbackTrampoline, data, length).ToLocal(&function)) return {};
  if (!name.IsEmpty()) function->SetName(name);
  if (callable && env->vm->creator) env->vm->native_callbacks.insert(cb);
  return function;
}

JSVM_Status NameFromDescriptor(JSVM_Env env, const JSVM_PropertyDescriptor& p, v8::Local<v8::Name>* result) {
  if (p.utf8name != nullptr) {
    v8::Local<v8::String> name;
    JSVM_RETURN_STATUS_IF_FALSE(
        env, v8::String::NewFromUtf8(env->isolate, p.utf8name, v8::NewStringType::kInternalized).ToLocal(&name),
        JSVM_GENERIC_FAILURE);
    *result = name;
    return JSVM_OK;
  }
  JSVM_RETURN_STATUS_IF_FALSE_MSG(env, p.name != nullptr, JSVM_NAME_EXPECTED,
                                  "a property descriptor has neither utf8name nor name");
  v8::Local<v8::Value> name = ToV8(p.name);
  JSVM_RETURN_STATUS_IF_FALSE(env, name->IsName(), JSVM_NAME_EXPECTED);
  *result = name.As<v8::Name>();
  return JSVM_OK;
}

JSVM_Status DefineProperties(JSVM_Env env, v8::Local<v8::Object> target, size_t count,
                             const JSVM_PropertyDescriptor* properties) {
  v8::Local<v8::Context> context = env->context();
  for (size_t i = 0; i < count; ++i) {
    const JSVM_PropertyDescriptor& p = properties[i];
    v8::Local<v8::Name> name;
    JSVM_RETURN_IF_NOT_OK(NameFromDescriptor(env, p, &name));
    v8::Local<v8::String> function_name = name->IsString() ? name.As<v8::String>() : v8::Local<v8::String>();
    if (p.getter != nullptr || p.setter != nullptr) {
      // Through [[DefineOwnProperty]] with a descriptor: a proxy's trap runs, a
      // frozen target refuses, and a missing getter or setter stays undefined
      // (v8::Object::SetAccessorProperty does none of these).
      v8::Local<v8::Value> getter = v8::Undefined(env->isolate);
      v8::Local<v8::Value> setter = v8::Undefined(env->isolate);
      v8::Local<v8::Function> function;
      if (p.getter != nullptr) {
        JSVM_RETURN_STATUS_IF_FALSE(env, p.getter->callback != nullptr, JSVM_INVALID_ARG);
        JSVM_RETURN_STATUS_IF_FALSE(env, NewNativeFunction(env, p.getter, function_name).ToLocal(&function),
                                    JSVM_GENERIC_FAILURE);
        getter = function;
      }
      if (p.setter != nullptr) {
        JSVM_RETURN_STATUS_IF_FALSE(env, p.setter->callback != nullptr, JSVM_INVALID_ARG);
        JSVM_RETURN_STATUS_IF_FALSE(env, NewNativeFunction(env, p.setter, function_name).ToLocal(&function),
                                    JSVM_GENERIC_FAILURE);
        setter = function;
      }
      v8::PropertyDescriptor descriptor(getter, setter);
      descriptor.set_enumerable((p.attributes & JSVM_ENUMERABLE) != 0);
      descriptor.set_configurable((p.attributes & JSVM_CONFIGURABLE) != 0);
      JSVM_RETURN_STATUS_IF_FALSE(env, target->DefineProperty(context, name, descriptor).FromMaybe(false),
                                  JSVM_GENERIC_FAILURE);
      continue;
    }
    v8::Local<v8::Value> value;
    if (p.method != nullptr) {
      JSVM_RETURN_STATUS_IF_FALSE(env, p.method->callback != nullptr, JSVM_INVALID_ARG);
      v8::Local<v8::Function> method;
      JSVM_RETURN_STATUS_IF_FALSE(env, NewNativeFunction(env, p.method, function_name).ToLocal(&method),
                                  JSVM_GENERIC_FAILURE);
      value = method;
    } else {
      // A descriptor with only a name defines the property as undefined, as
      // the device does.
      value = p.value != nullptr ? ToV8(p.value) : v8::Undefined(env->isolate).As<v8::Value>();
    }
    v8::Maybe<bool> defined = target->DefineOwnProperty(context, name, value, ToV8Attributes(p.attributes, false));
    JSVM_RETURN_STATUS_IF_FALSE(env, defined.FromMaybe(false), JSVM_GENERIC_FAILURE);
  }
  return JSVM_OK;
}

}  // namespace jsvm

using jsvm::SetLastError;
using jsvm::ToJSVM;
using jsvm::ToV8;

JSVM_Status OH_JSVM_CreateFunction(JSVM_Env env, const char* utf8name, size_t length, JSVM_Callback cb,
                                   JSVM_Value* result) try {
  JSVM_ENTRY_CONTEXT(env, result);  // cb may be NULL: the function then returns undefined (as on the device)
  JSVM_CHECK_NOT_PENDING(env);
  jsvm::ContextGuard context_guard(env);
  v8::Local<v8::String> name;
  if (utf8name != nullptr) {
    JSVM_RETURN_STATUS_IF_FALSE(env, length == JSVM_AUTO_LENGTH || length <= INT32_MAX, JSVM_INVALID_ARG);
    int size = length == JSVM_AUTO_LENGTH ? -1 : static_cast<int>(length);
    JSVM_RETURN_STATUS_IF_FALSE(
        env, v8::String::NewFromUtf8(env->isolate, utf8name, v8::NewStringType::kInternalized, size).ToLocal(&name),
        JSVM_GENERIC_FAILURE);
  }
  v8::Local<v8::Function> function;
  JSVM_RETURN_STATUS_IF_FALSE(env, jsvm::NewNativeFunction(env, cb, name).ToLocal(&function), JSVM_GENERIC_FAILURE);
  *result = ToJSVM(function);
  return JSVM_OK;
} JSVM_EXIT(env)

JSVM_Status OH_JSVM_GetCbInfo(JSVM_Env env, JSVM_CallbackInfo cbinfo, size_t* argc, JSVM_Value* argv,
                              JSVM_Value* thisArg, void** data) try {
  JSVM_ENTRY_ENV(env, cbinfo);
  jsvm::LogMadeValue(env, JSVM_API_NAME_, argv != nullptr || thisArg != nullptr);  // both optional
  const auto* info = reinterpret_cast<jsvm::CallbackInfo*>(cbinfo);
  const v8::FunctionCallbackInfo<v8::Value>& args = *info->info;
  if (argv != nullptr) {
    CHECK_ARG(env, argc);
    size_t wanted = *argc;
    size_t given = static_cast<size_t>(args.Length());
    size_t i = 0;
    for (; i < wanted && i < given; ++i) argv[i] = ToJSVM(args[static_cast<int>(i)]);
    if (i < wanted) {
      JSVM_Value undefined = ToJSVM(v8::Undefined(env->isolate));
      for (; i < wanted; ++i) argv[i] = undefined;
    }
  }
  if (argc != nullptr) *argc = static_cast<size_t>(args.Length());
  if (thisArg != nullptr) *thisArg = ToJSVM(args.This());
  if (data != nullptr) *data = info->data;
  return jsvm::ClearLastError(env);
} JSVM_EXIT(env)

JSVM_Status OH_JSVM_CallFunction(JSVM_Env env, JSVM_Value recv, JSVM_Value func, size_t argc,
                                 const JSVM_Value* argv, JSVM_Value* result) try {
  JSVM_ENTRY_JS(env, recv, func);
  if (argc > 0) CHECK_ARG(env, argv);
  JSVM_RETURN_STATUS_IF_FALSE(env, argc <= INT32_MAX, JSVM_INVALID_ARG);
  JSVM_CHECK_VALUE_ARRAY(env, argc, argv);
  JSVM_OPTIONAL_RESULT_MADE(env, result);
  v8::Local<v8::Value> callee = ToV8(func);
  // The docs list no FUNCTION_EXPECTED here; Node-API answers napi_invalid_arg.
  JSVM_RETURN_STATUS_IF_FALSE_MSG(env, callee->IsFunction(), JSVM_INVALID_ARG, "func is not a function");
  jsvm::JsFrame frame(env->vm);
  v8::MaybeLocal<v8::Value> maybe = callee.As<v8::Function>()->Call(
      env->context(), ToV8(recv), static_cast<int>(argc),
      reinterpret_cast<v8::Local<v8::Value>*>(const_cast<JSVM_Value*>(argv)));
  v8::Local<v8::Value> value;
  if (!maybe.ToLocal(&value)) return jsvm::ReportRunFailure(env, try_catch);
  if (result != nullptr) *result = ToJSVM(value);
  return JSVM_OK;
} JSVM_EXIT(env)
