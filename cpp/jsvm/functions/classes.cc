// Classes: DefineClass and its variants (property handlers, internal fields,
// parent classes), NewInstance, GetNewTarget, CreateFunctionWithScript.
#include "common/internal.h"

namespace jsvm {

ClassRecord::ClassRecord(JSVM_VM owner) : vm(owner) { vm->class_records.insert(this); }
ClassRecord::~ClassRecord() { vm->class_records.erase(this); }

namespace {

v8::Local<v8::FunctionTemplate> NativeTemplate(JSVM_Env env, JSVM_Callback cb, v8::Local<v8::Signature> signature) {
  if (env->vm->creator) env->vm->native_callbacks.insert(cb);
  return v8::FunctionTemplate::New(env->isolate, NativeCallbackTrampoline, v8::External::New(env->isolate, cb),
                                   signature);
}

// ---------------------------------------------------------------------------
// Property handlers: V8 interceptors that call the user's callbacks.
// ---------------------------------------------------------------------------

// Runs a handler callback and reports what it returned (null: not intercepted).
// *threw: the handler left an exception (V8 12 wants that reported as intercepted).
template <typename Call>
v8::Local<v8::Value> RunHandler(v8::Isolate* isolate, ClassRecord** record_out, JSVM_Env* env_out, bool* threw,
                                v8::Local<v8::Value> data, Call call) {
  auto* record = static_cast<ClassRecord*>(data.As<v8::External>()->Value());
  JSVM_Env env = CurrentCallbackEnv(isolate);
  *record_out = record;
  *env_out = env;
  // The class's env was destroyed (an instance kept by another env of the VM
  // outlives it): its record is freed, and nothing is intercepted.
  if (env == nullptr || env->vm->class_records.count(record) == 0) return {};
  JSVM_Value result = nullptr;
  CppFailure failure;
  EnvInUse in_use(env);  // the handler may not destroy its env: we read it after
  if (CallbackStackSpentAtDepth(env, env->vm->callback_depth)) {
    *threw = true;
    return {};
  }
  CallIntoModule(env->vm, &failure, [&] { result = call(env, record); });
  if (!env->last_exception.IsEmpty()) {
    isolate->ThrowException(env->last_exception.Get(isolate));
    env->last_exception.Reset();
    *threw = true;
    return {};
  }
  if (failure.failed) {
    ThrowCppFailure(isolate, "property handler", failure);
    *threw = true;
    return {};
  }
  if (ReturnsOtherVMsObject(env, result)) {
    v8::Local<v8::String> text;
    std::string message = std::string("the property handler ") + kReturnedOtherVMsObject;
    if (v8::String::NewFromUtf8(isolate, message.c_str()).ToLocal(&text)) {
      isolate->ThrowException(v8::Exception::Error(text));
    }
    *threw = true;
    return {};
  }
  return result != nullptr ? ToV8(result) : v8::Local<v8::Value>();
}

// V8 12 interceptors return whether they intercepted (v8::Intercepted) and
// setters get a PropertyCallbackInfo<void>; V8 11 tells by the return value.
#if JSVM_V8_AT_LEAST(12, 4)
using Interception = v8::Intercepted;
using SetterInfo = v8::PropertyCallbackInfo<void>;
#define JSVM_INTERCEPTED(yes) return (yes) ? v8::Intercepted::kYes : v8::Intercepted::kNo
// An interceptor that threw still reports kYes, and V8 12 then checks that a
// result was set.
#define JSVM_THREW_RESULT(threw, set_result) \
  if (threw) set_result
#else
#define JSVM_THREW_RESULT(threw, set_result) (void)(threw)
using Interception = void;
using SetterInfo = v8::PropertyCallbackInfo<v8::Value>;
#define JSVM_INTERCEPTED(yes) return
#endif

// A setter that intercepted: V8 11 reads that from the return value.
inline void SetterResult(const SetterInfo& info, v8::Local<v8::Value> result) {
#if !JSVM_V8_AT_LEAST(12, 4)
  if (!result.IsEmpty()) info.GetReturnValue().Set(result);
#endif
}

JSVM_Value NamedData(JSVM_Env env, ClassRecord* record) {
  return record->named_data.IsEmpty() ? nullptr : ToJSVM(record->named_data.Get(env->isolate));
}

JSVM_Value IndexedData(JSVM_Env env, ClassRecord* record) {
  return record->indexed_data.IsEmpty() ? nullptr : ToJSVM(record->indexed_data.Get(env->isolate));
}

Interception NamedGetter(v8::Local<v8::Name> name, const v8::PropertyCallbackInfo<v8::Value>& info) {
  ClassRecord* record;
  JSVM_Env env;
  bool threw = false;
  v8::Local<v8::Value> result = RunHandler(info.GetIsolate(), &record, &env, &threw, info.Data(), [&](JSVM_Env e, ClassRecord* r) {
    auto cb = r->handlers.genericNamedPropertyGetterCallback;
    return cb ? cb(e, ToJSVM(name), ToJSVM(info.This()), NamedData(e, r)) : nullptr;
  });
  if (!result.IsEmpty()) info.GetReturnValue().Set(result);
  JSVM_THREW_RESULT(threw, info.GetReturnValue().SetUndefined());
  JSVM_INTERCEPTED(!result.IsEmpty() || threw);
}

Interception NamedSetter(v8::Local<v8::Name> name, v8::Local<v8::Value> value, const SetterInfo& info) {
  ClassRecord* record;
  JSVM_Env env;
  bool threw = false;
  v8::Local<v8::Value> result = RunHandler(info.GetIsolate(), &record, &env, &threw, info.Data(), [&](JSVM_Env e, ClassRecord* r) {
    auto cb = r->handlers.genericNamedPropertySetterCallback;
    return cb ? cb(e, ToJSVM(name), ToJSVM(value), ToJSVM(info.This()), NamedData(e, r)) : nullptr;
  });
  SetterResult(info, result);
  JSVM_INTERCEPTED(!result.IsEmpty() || threw);
}

Interception NamedDeleter(v8::Local<v8::Name> name, const v8::PropertyCallbackInfo<v8::Boolean>& info) {
  ClassRecord* record;
  JSVM_Env env;
  bool threw = false;
  v8::Local<v8::Value> result = RunHandler(info.GetIsolate(), &record, &env, &threw, info.Data(), [&](JSVM_Env e, ClassRecord* r) {
    auto cb = r->handlers.genericNamedPropertyDeleterCallback;
    return cb ? cb(e, ToJSVM(name), ToJSVM(info.This()), NamedData(e, r)) : nullptr;
  });
  if (!result.IsEmpty()) info.GetReturnValue().Set(result->BooleanValue(info.GetIsolate()));
  JSVM_THREW_RESULT(threw, info.GetReturnValue().Set(false));
  JSVM_INTERCEPTED(!result.IsEmpty() || threw);
}

void NamedEnumerator(const v8::PropertyCallbackInfo<v8::Array>& info) {
  ClassRecord* record;
  JSVM_Env env;
  bool threw = false;
  v8::Local<v8::Value> result = RunHandler(info.GetIsolate(), &record, &env, &threw, info.Data(), [&](JSVM_Env e, ClassRecord* r) {
    auto cb = r->handlers.genericNamedPropertyEnumeratorCallback;
    return cb ? cb(e, ToJSVM(info.This()), NamedData(e, r)) : nullptr;
  });
  if (!result.IsEmpty() && result->IsArray()) info.GetReturnValue().Set(result.As<v8::Array>());
}

Interception IndexedGetter(uint32_t index, const v8::PropertyCallbackInfo<v8::Value>& info) {
  ClassRecord* record;
  JSVM_Env env;
  v8::Isolate* isolate = info.GetIsolate();
  bool threw = false;
  v8::Local<v8::Value> result = RunHandler(isolate, &record, &env, &threw, info.Data(), [&](JSVM_Env e, ClassRecord* r) {
    auto cb = r->handlers.genericIndexedPropertyGetterCallback;
    return cb ? cb(e, ToJSVM(v8::Integer::NewFromUnsigned(isolate, index)), ToJSVM(info.This()), IndexedData(e, r))
              : nullptr;
  });
  if (!result.IsEmpty()) info.GetReturnValue().Set(result);
  JSVM_THREW_RESULT(threw, info.GetReturnValue().SetUndefined());
  JSVM_INTERCEPTED(!result.IsEmpty() || threw);
}

Interception IndexedSetter(uint32_t index, v8::Local<v8::Value> value, const SetterInfo& info) {
  ClassRecord* record;
  JSVM_Env env;
  v8::Isolate* isolate = info.GetIsolate();
  bool threw = false;
  v8::Local<v8::Value> result = RunHandler(isolate, &record, &env, &threw, info.Data(), [&](JSVM_Env e, ClassRecord* r) {
    auto cb = r->handlers.genericIndexedPropertySetterCallback;
    return cb ? cb(e, ToJSVM(v8::Integer::NewFromUnsigned(isolate, index)), ToJSVM(value), ToJSVM(info.This()),
                   IndexedData(e, r))
              : nullptr;
  });
  SetterResult(info, result);
  JSVM_INTERCEPTED(!result.IsEmpty() || threw);
}

Interception IndexedDeleter(uint32_t index, const v8::PropertyCallbackInfo<v8::Boolean>& info) {
  ClassRecord* record;
  JSVM_Env env;
  v8::Isolate* isolate = info.GetIsolate();
  bool threw = false;
  v8::Local<v8::Value> result = RunHandler(isolate, &record, &env, &threw, info.Data(), [&](JSVM_Env e, ClassRecord* r) {
    auto cb = r->handlers.genericIndexedPropertyDeleterCallback;
    return cb ? cb(e, ToJSVM(v8::Integer::NewFromUnsigned(isolate, index)), ToJSVM(info.This()), IndexedData(e, r))
              : nullptr;
  });
  if (!result.IsEmpty()) info.GetReturnValue().Set(result->BooleanValue(isolate));
  JSVM_THREW_RESULT(threw, info.GetReturnValue().Set(false));
  JSVM_INTERCEPTED(!result.IsEmpty() || threw);
}

void IndexedEnumerator(const v8::PropertyCallbackInfo<v8::Array>& info) {
  ClassRecord* record;
  JSVM_Env env;
  bool threw = false;
  v8::Local<v8::Value> result = RunHandler(info.GetIsolate(), &record, &env, &threw, info.Data(), [&](JSVM_Env e, ClassRecord* r) {
    auto cb = r->handlers.genericIndexedPropertyEnumeratorCallback;
    return cb ? cb(e, ToJSVM(info.This()), IndexedData(e, r)) : nullptr;
  });
  if (!result.IsEmpty() && result->IsArray()) info.GetReturnValue().Set(result.As<v8::Array>());
}

struct ClassOptions {
  int internal_fields = 0;
  JSVM_PropertyHandlerCfg handlers = nullptr;
  JSVM_Callback call_as_function = nullptr;
  v8::Local<v8::Value> parent;
};

// The FunctionTemplate of a class this env defined, for inheritance.
v8::Local<v8::FunctionTemplate> TemplateOf(JSVM_Env env, v8::Local<v8::Value> function) {
  for (const auto& record : env->classes) {
    if (record->function.Get(env->isolate)->StrictEquals(function)) return record->tpl.Get(env->isolate);
  }
  return {};
}

JSVM_Status DefineClass(JSVM_Env env, const char* utf8name, size_t length, JSVM_Callback constructor,
                        size_t property_count, const JSVM_PropertyDescriptor* properties, const ClassOptions& options,
                        JSVM_Value* result,
    const char* jsvm_api_name_ = __builtin_FUNCTION()) {
  JSVM_ENTRY_JS(env, utf8name, result, constructor);
  JSVM_RETURN_STATUS_IF_FALSE_MSG(env, constructor->callback != nullptr, JSVM_INVALID_ARG, "constructor->callback is NULL");
  if (property_count > 0) CHECK_ARG(env, properties);
  if (ValueChecksOn(env)) {
    JSVM_RETURN_IF_NOT_OK(CheckDescriptorValues(env, JSVM_API_NAME_, property_count, properties));
  }
  if (options.handlers != nullptr) {
    JSVM_CHECK_VALUE(env, options.handlers->namedPropertyData);
    JSVM_CHECK_VALUE(env, options.handlers->indexedPropertyData);
  }
  JSVM_RETURN_STATUS_IF_FALSE(env, length == JSVM_AUTO_LENGTH || length <= INT32_MAX, JSVM_INVALID_ARG);
  v8::Isolate* isolate = env->isolate;
  v8::Local<v8::Context> context = env->context();

  v8::Local<v8::String> name;
  JSVM_RETURN_STATUS_IF_FALSE(env,
                              v8::String::NewFromUtf8(isolate, utf8name, v8::NewStringType::kInternalized,
                                                      length == JSVM_AUTO_LENGTH ? -1 : static_cast<int>(length))
                                  .ToLocal(&name),
                              JSVM_GENERIC_FAILURE);

  auto record = std::make_unique<ClassRecord>(env->vm);
  v8::Local<v8::FunctionTemplate> tpl = NativeTemplate(env, constructor, {});
  tpl->SetClassName(name);
  if (options.internal_fields > 0) tpl->InstanceTemplate()->SetInternalFieldCount(options.internal_fields);

  if (!options.parent.IsEmpty() && !options.parent->IsUndefined() && !options.parent->IsNull()) {
    // Only a class made by OH_JSVM_DefineClass* can be a parent: anything else
    // (a JS function or class, an object) is JSVM_INVALID_ARG, as on the device.
    v8::Local<v8::FunctionTemplate> parent_tpl =
        options.parent->IsFunction() ? TemplateOf(env, options.parent) : v8::Local<v8::FunctionTemplate>();
    JSVM_RETURN_STATUS_IF_FALSE_MSG(env, !parent_tpl.IsEmpty(), JSVM_INVALID_ARG,
                                    "parentClass was not made by OH_JSVM_DefineClass");
    tpl->Inherit(parent_tpl);
  }

  if (options.handlers != nullptr) {
    record->has_handlers = true;
    record->handlers = *options.handlers;
    if (options.handlers->namedPropertyData != nullptr) {
      record->named_data.Reset(isolate, ToV8(options.handlers->namedPropertyData));
    }
    if (options.handlers->indexedPropertyData != nullptr) {
      record->indexed_data.Reset(isolate, ToV8(options.handlers->indexedPropertyData));
    }
    v8::Local<v8::External> data = v8::External::New(isolate, record.get());
    const JSVM_PropertyHandlerConfigurationStruct& h = *options.handlers;
    // Masking, as the indexed handlers: every named get, set and delete of an
    // instance reaches the user's callbacks, the instance's own properties
    // included (the docs' example reads back and deletes a property it set);
    // a callback that returns NULL lets the access go on as usual. Installed
    // only with a callback of its kind: without one, a named read (a method
    // call included) does not leave V8.
    if (h.genericNamedPropertyGetterCallback != nullptr || h.genericNamedPropertySetterCallback != nullptr ||
        h.genericNamedPropertyDeleterCallback != nullptr || h.genericNamedPropertyEnumeratorCallback != nullptr) {
      tpl->InstanceTemplate()->SetHandler(v8::NamedPropertyHandlerConfiguration(
          NamedGetter, NamedSetter, nullptr, NamedDeleter, NamedEnumerator, data));
    }
    if (h.genericIndexedPropertyGetterCallback != nullptr || h.genericIndexedPropertySetterCallback != nullptr ||
        h.genericIndexedPropertyDeleterCallback != nullptr || h.genericIndexedPropertyEnumeratorCallback != nullptr) {
      tpl->InstanceTemplate()->SetHandler(v8::IndexedPropertyHandlerConfiguration(
          IndexedGetter, IndexedSetter, nullptr, IndexedDeleter, IndexedEnumerator, data));
    }
  }
  if (options.call_as_function != nullptr) {
    JSVM_RETURN_STATUS_IF_FALSE(env, options.call_as_function->callback != nullptr, JSVM_INVALID_ARG);
    if (env->vm->creator) env->vm->native_callbacks.insert(options.call_as_function);
    tpl->InstanceTemplate()->SetCallAsFunctionHandler(NativeCallbackTrampoline,
                                                      v8::External::New(isolate, options.call_as_function));
  }

  // Instance methods and accessors go on the prototype template, with a receiver
  // check unless JSVM_NO_RECEIVER_CHECK; static ones and plain values are defined
  // on the created function and its prototype.
  std::vector<JSVM_PropertyDescriptor> statics;
  std::vector<JSVM_PropertyDescriptor> instance_values;
  v8::Local<v8::Signature> signature = v8::Signature::New(isolate, tpl);
  for (size_t i = 0; i < property_count; ++i) {
    const JSVM_PropertyDescriptor& p = properties[i];
    if ((p.attributes & JSVM_STATIC) != 0) {
      statics.push_back(p);
      continue;
    }
    if (p.getter == nullptr && p.setter == nullptr && p.method == nullptr) {
      instance_values.push_back(p);
      continue;
    }
    v8::Local<v8::Name> property_name;
    JSVM_RETURN_IF_NOT_OK(NameFromDescriptor(env, p, &property_name));
    v8::Local<v8::Signature> receiver =
        (p.attributes & JSVM_NO_RECEIVER_CHECK) != 0 ? v8::Local<v8::Signature>() : signature;
    if (p.getter != nullptr || p.setter != nullptr) {
      v8::Local<v8::FunctionTemplate> getter;
      v8::Local<v8::FunctionTemplate> setter;
      if (p.getter != nullptr) {
        JSVM_RETURN_STATUS_IF_FALSE(env, p.getter->callback != nullptr, JSVM_INVALID_ARG);
        getter = NativeTemplate(env, p.getter, receiver);
      }
      if (p.setter != nullptr) {
        JSVM_RETURN_STATUS_IF_FALSE(env, p.setter->callback != nullptr, JSVM_INVALID_ARG);
        setter = NativeTemplate(env, p.setter, receiver);
      }
      tpl->PrototypeTemplate()->SetAccessorProperty(property_name, getter, setter, ToV8Attributes(p.attributes, true));
    } else {
      JSVM_RETURN_STATUS_IF_FALSE(env, p.method->callback != nullptr, JSVM_INVALID_ARG);
      v8::Local<v8::FunctionTemplate> method = NativeTemplate(env, p.method, receiver);
      if (property_name->IsString()) method->SetClassName(property_name.As<v8::String>());
      tpl->PrototypeTemplate()->Set(property_name, method, ToV8Attributes(p.attributes, false));
    }
  }

  v8::Local<v8::Function> function;
  if (!tpl->GetFunction(context).ToLocal(&function)) return SetLastError(env, JSVM_PENDING_EXCEPTION);
  function->SetName(name);
  if (!statics.empty()) JSVM_RETURN_IF_NOT_OK(DefineProperties(env, function, statics.size(), statics.data()));
  if (!instance_values.empty()) {
    v8::Local<v8::Value> prototype;
    if (!function->Get(context, v8::String::NewFromUtf8Literal(isolate, "prototype")).ToLocal(&prototype) ||
        !prototype->IsObject()) {
      return SetLastError(env, JSVM_GENERIC_FAILURE);
    }
    JSVM_RETURN_IF_NOT_OK(
        DefineProperties(env, prototype.As<v8::Object>(), instance_values.size(), instance_values.data()));
  }
  record->tpl.Reset(isolate, tpl);
  record->function.Reset(isolate, function);
  env->classes.push_back(std::move(record));
  *result = ToJSVM(function);
  return JSVM_OK;
}

}  // namespace
}  // namespace jsvm

using jsvm::SetLastError;
using jsvm::ToJSVM;
using jsvm::ToV8;

JSVM_Status OH_JSVM_DefineClass(JSVM_Env env, const char* utf8name, size_t length, JSVM_Callback constructor,
                                size_t propertyCount, const JSVM_PropertyDescriptor* properties, JSVM_Value* result) try {
  return jsvm::DefineClass(env, utf8name, length, constructor, propertyCount, properties, {}, result);
} JSVM_EXIT(env)

JSVM_Status OH_JSVM_DefineClassWithPropertyHandler(JSVM_Env env, const char* utf8name, size_t length,
                                                   JSVM_Callback constructor, size_t propertyCount,
                                                   const JSVM_PropertyDescriptor* properties,
                                                   JSVM_PropertyHandlerCfg propertyHandlerCfg,
                                                   JSVM_Callback callAsFunctionCallback, JSVM_Value* result) try {
  if (jsvm::IsLiveEnv(env) && propertyHandlerCfg == nullptr) {
    return SetLastError(env, JSVM_INVALID_ARG, "propertyHandlerCfg is NULL");
  }
  jsvm::ClassOptions options;
  options.handlers = propertyHandlerCfg;
  options.call_as_function = callAsFunctionCallback;
  return jsvm::DefineClass(env, utf8name, length, constructor, propertyCount, properties, options, result);
} JSVM_EXIT(env)

JSVM_Status OH_JSVM_DefineClassWithOptions(JSVM_Env env, const char* utf8name, size_t length, JSVM_Callback constructor,
                                           size_t propertyCount, const JSVM_PropertyDescriptor* properties,
                                           JSVM_Value parentClass, size_t option_count,
                                           JSVM_DefineClassOptions options[], JSVM_Value* result) try {
  JSVM_ENTRY_ENV(env);
  if (option_count > 0) CHECK_ARG(env, options);
  JSVM_CHECK_VALUE(env, parentClass);
  jsvm::ClassOptions parsed;
  if (parentClass != nullptr) parsed.parent = ToV8(parentClass);
  for (size_t i = 0; i < option_count; ++i) {
    // Read as an int: a caller's id outside the enumeration is not one of its values.
    int id;
    std::memcpy(&id, &options[i].id, sizeof(id));
    switch (id) {
      case JSVM_DEFINE_CLASS_NORMAL:
        break;
      case JSVM_DEFINE_CLASS_WITH_COUNT:
        JSVM_RETURN_STATUS_IF_FALSE_MSG(env, options[i].content.num >= 0, JSVM_INVALID_ARG,
                                        "the internal field count is negative");
        JSVM_RETURN_STATUS_IF_FALSE_MSG(env, options[i].content.num <= jsvm::kMaxInternalFieldCount, JSVM_INVALID_ARG,
                                        ("the internal field count is larger than an object can hold (" +
                                         std::to_string(jsvm::kMaxInternalFieldCount) + ")"));
        parsed.internal_fields = options[i].content.num;
        break;
      case JSVM_DEFINE_CLASS_WITH_PROPERTY_HANDLER: {
        auto* handler = static_cast<JSVM_PropertyHandler*>(options[i].content.ptr);
        JSVM_RETURN_STATUS_IF_FALSE_MSG(env, handler != nullptr && handler->propertyHandlerCfg != nullptr,
                                        JSVM_INVALID_ARG, "JSVM_DEFINE_CLASS_WITH_PROPERTY_HANDLER needs a handler");
        parsed.handlers = handler->propertyHandlerCfg;
        parsed.call_as_function = handler->callAsFunctionCallback;
        break;
      }
      default:
        return SetLastError(env, JSVM_INVALID_ARG, "unknown JSVM_DefineClassOptionsId");
    }
  }
  return jsvm::DefineClass(env, utf8name, length, constructor, propertyCount, properties, parsed, result);
} JSVM_EXIT(env)

JSVM_Status OH_JSVM_NewInstance(JSVM_Env env, JSVM_Value constructor, size_t argc, const JSVM_Value* argv,
                                JSVM_Value* result) try {
  JSVM_ENTRY_JS(env, constructor, result);
  if (argc > 0) CHECK_ARG(env, argv);
  JSVM_RETURN_STATUS_IF_FALSE(env, argc <= INT32_MAX, JSVM_INVALID_ARG);
  JSVM_CHECK_VALUE_ARRAY(env, argc, argv);
  v8::Local<v8::Value> ctor = ToV8(constructor);
  // The docs list no FUNCTION_EXPECTED here; Node-API answers napi_invalid_arg.
  JSVM_RETURN_STATUS_IF_FALSE_MSG(env, ctor->IsFunction(), JSVM_INVALID_ARG, "constructor is not a function");
  jsvm::JsFrame frame(env->vm);
  v8::Local<v8::Object> instance;
  if (!ctor.As<v8::Function>()
           ->NewInstance(env->context(), static_cast<int>(argc),
                         reinterpret_cast<v8::Local<v8::Value>*>(const_cast<JSVM_Value*>(argv)))
           .ToLocal(&instance)) {
    return jsvm::ReportRunFailure(env, try_catch);
  }
  *result = ToJSVM(instance);
  return JSVM_OK;
} JSVM_EXIT(env)

// NULL when the callback was not called as a constructor.
JSVM_Status OH_JSVM_GetNewTarget(JSVM_Env env, JSVM_CallbackInfo cbinfo, JSVM_Value* result) try {
  JSVM_ENTRY_ENV(env, cbinfo, result);
  const auto* info = reinterpret_cast<jsvm::CallbackInfo*>(cbinfo);
  v8::Local<v8::Value> target = info->info->NewTarget();
  *result = target->IsUndefined() ? nullptr : ToJSVM(target);
  return jsvm::ClearLastError(env);
} JSVM_EXIT(env)

// argv holds the parameter names (strings); script is the body.
JSVM_Status OH_JSVM_CreateFunctionWithScript(JSVM_Env env, const char* funcName, size_t length, size_t argc,
                                             const JSVM_Value* argv, JSVM_Value script, JSVM_Value* result) try {
  JSVM_ENTRY_JS(env, script, result);
  if (argc > 0) CHECK_ARG(env, argv);
  JSVM_CHECK_VALUE_ARRAY(env, argc, argv);
  v8::Local<v8::Value> body = ToV8(script);
  JSVM_RETURN_STATUS_IF_FALSE(env, body->IsString(), JSVM_STRING_EXPECTED);
  std::vector<v8::Local<v8::String>> params;
  for (size_t i = 0; i < argc; ++i) {
    CHECK_ARG(env, argv[i]);
    v8::Local<v8::Value> param = ToV8(argv[i]);
    JSVM_RETURN_STATUS_IF_FALSE(env, param->IsString(), JSVM_STRING_EXPECTED);
    params.push_back(param.As<v8::String>());
  }
  v8::ScriptCompiler::Source source(body.As<v8::String>());
  v8::Local<v8::Function> function;
  if (!v8::ScriptCompiler::CompileFunction(env->context(), &source, params.size(), params.data(), 0, nullptr)
           .ToLocal(&function)) {
    // The device documents JSVM_GENERIC_FAILURE for a body that does not
    // compile; the SyntaxError stays pending, as Node-API leaves a compile error.
    if (try_catch.HasTerminated()) return jsvm::ReportRunFailure(env, try_catch);
    return SetLastError(env, JSVM_GENERIC_FAILURE, "the script does not compile (a SyntaxError is pending)");
  }
  if (funcName != nullptr) {
    JSVM_RETURN_STATUS_IF_FALSE(env, length == JSVM_AUTO_LENGTH || length <= INT32_MAX, JSVM_INVALID_ARG);
    v8::Local<v8::String> name;
    if (v8::String::NewFromUtf8(env->isolate, funcName, v8::NewStringType::kNormal,
                                length == JSVM_AUTO_LENGTH ? -1 : static_cast<int>(length))
            .ToLocal(&name)) {
      function->SetName(name);
    }
  }
  *result = ToJSVM(function);
  return JSVM_OK;
} JSVM_EXIT(env)
