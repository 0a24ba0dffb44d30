// Scenarios: call sequences whose status follows the OpenHarmony device (or,
// where its docs are silent, Node-API). See test/device-status.spec.ts and
// README, "Statuses aligned with the device".
#define JSVM_EXPERIMENTAL  // OH_JSVM_CreateArrayBufferFromExternalMemory
#include <cstdint>
#include <string>

#include "harness.h"

namespace harness {
namespace {

// Records a call's outcome as "name", whether it left an exception pending as
// "namePending" and that exception's string form (cleared) as "nameException".
void PutWithPending(JSVM_Env env, Report& out, const std::string& name, JSVM_Status status) {
  out.Set(name, Last(env, status));
  bool pending = false;
  OH_JSVM_IsExceptionPending(env, &pending);
  out.Set(name + "Pending", pending);
  out.Set(name + "Exception", TakeException(env));
}

void SetGlobal(JSVM_Env env, const char* name, JSVM_Value value) {
  JSVM_Value global;
  OH_JSVM_GetGlobal(env, &global);
  OH_JSVM_SetNamedProperty(env, global, name, value);
}

JSVM_Value Js(Session& s, const char* source) {
  JSVM_Value value = nullptr;
  if (s.Run(source, &value) != JSVM_OK) TakeException(s.env);
  return value;
}

JSVM_Value ReturnSeven(JSVM_Env env, JSVM_CallbackInfo) {
  JSVM_Value seven;
  OH_JSVM_CreateInt32(env, 7, &seven);
  return seven;
}
JSVM_CallbackStruct kSeven = {ReturnSeven, nullptr};
JSVM_CallbackStruct kNoCallback = {nullptr, nullptr};

void ArrayBufferViews(const Napi::CallbackInfo&, Report& out) {
  Session s;
  JSVM_Env env = s.env;
  JSVM_Value buffer = nullptr, object = nullptr, number = nullptr, typed = nullptr, view = nullptr;
  OH_JSVM_CreateArraybuffer(env, 16, nullptr, &buffer);
  OH_JSVM_CreateObject(env, &object);
  OH_JSVM_CreateInt32(env, 16, &number);
  JSVM_Value uint8 = nullptr;
  OH_JSVM_CreateTypedarray(env, JSVM_UINT8_ARRAY, 16, buffer, 0, &uint8);
  out.Set("typedOverObject", Last(env, OH_JSVM_CreateTypedarray(env, JSVM_UINT8_ARRAY, 4, object, 0, &typed)));
  out.Set("typedOverNumber", Last(env, OH_JSVM_CreateTypedarray(env, JSVM_UINT8_ARRAY, 4, number, 0, &typed)));
  out.Set("typedOverTypedArray", Last(env, OH_JSVM_CreateTypedarray(env, JSVM_UINT8_ARRAY, 4, uint8, 0, &typed)));
  out.Set("typedOverBuffer", Last(env, OH_JSVM_CreateTypedarray(env, JSVM_UINT8_ARRAY, 4, buffer, 0, &typed)));
  out.Set("viewOverObject", Last(env, OH_JSVM_CreateDataview(env, 4, object, 0, &view)));
  out.Set("viewOverTypedArray", Last(env, OH_JSVM_CreateDataview(env, 4, uint8, 0, &view)));
  out.Set("viewOverBuffer", Last(env, OH_JSVM_CreateDataview(env, 4, buffer, 0, &view)));
  size_t length = 0;
  out.Set("infoOfTypedArray", Last(env, OH_JSVM_GetArraybufferInfo(env, uint8, nullptr, &length)));
  out.Set("infoOfObject", Last(env, OH_JSVM_GetArraybufferInfo(env, object, nullptr, &length)));
  out.Set("infoOfBuffer", Last(env, OH_JSVM_GetArraybufferInfo(env, buffer, nullptr, &length)));
}

void Coercions(const Napi::CallbackInfo&, Report& out) {
  Session s;
  JSVM_Env env = s.env;
  JSVM_Value undefined = nullptr, null = nullptr, result = nullptr;
  OH_JSVM_GetUndefined(env, &undefined);
  OH_JSVM_GetNull(env, &null);
  PutWithPending(env, out, "objectOfUndefined", OH_JSVM_CoerceToObject(env, undefined, &result));
  PutWithPending(env, out, "objectOfNull", OH_JSVM_CoerceToObject(env, null, &result));
  PutWithPending(env, out, "objectOfString", OH_JSVM_CoerceToObject(env, s.Str("x"), &result));
  PutWithPending(env, out, "bigintOfAbc", OH_JSVM_CoerceToBigInt(env, s.Str("abc"), &result));
  PutWithPending(env, out, "bigintOfUndefined", OH_JSVM_CoerceToBigInt(env, undefined, &result));
  result = nullptr;
  PutWithPending(env, out, "bigintOf42", OH_JSVM_CoerceToBigInt(env, s.Str("42"), &result));
  out.Set("bigintOf42Value", result != nullptr ? StringOf(env, result) : "<none>");
}

void CompileFailures(const Napi::CallbackInfo&, Report& out) {
  Session s;
  JSVM_Env env = s.env;
  JSVM_Value result = nullptr;
  PutWithPending(env, out, "regexpBadPattern", OH_JSVM_CreateRegExp(env, s.Str("(unclosed"), JSVM_REGEXP_NONE, &result));
  PutWithPending(env, out, "regexpGood", OH_JSVM_CreateRegExp(env, s.Str("a+"), JSVM_REGEXP_GLOBAL, &result));
  PutWithPending(env, out, "functionSyntaxError",
                 OH_JSVM_CreateFunctionWithScript(env, "f", JSVM_AUTO_LENGTH, 0, nullptr, s.Str("return (;"), &result));
  PutWithPending(env, out, "functionGood",
                 OH_JSVM_CreateFunctionWithScript(env, "f", JSVM_AUTO_LENGTH, 0, nullptr, s.Str("return 1;"), &result));
}

void NameOnlyDescriptor(const Napi::CallbackInfo&, Report& out) {
  Session s;
  JSVM_Env env = s.env;
  JSVM_Value object = nullptr;
  OH_JSVM_CreateObject(env, &object);
  JSVM_PropertyDescriptor props[] = {
      {"bare", nullptr, nullptr, nullptr, nullptr, nullptr, JSVM_DEFAULT},
      {"bareWritable", nullptr, nullptr, nullptr, nullptr, nullptr,
       static_cast<JSVM_PropertyAttributes>(JSVM_WRITABLE | JSVM_ENUMERABLE)},
  };
  out.Set("define", Last(env, OH_JSVM_DefineProperties(env, object, 2, props)));
  SetGlobal(env, "target", object);
  out.Set("bare", s.Eval("const d = Object.getOwnPropertyDescriptor(target, 'bare');"
                         "d ? ('value' in d) + ' ' + typeof d.value + ' ' + d.writable : 'missing'"));
  out.Set("bareWritable", s.Eval("const w = Object.getOwnPropertyDescriptor(target, 'bareWritable');"
                                 "w ? typeof w.value + ' ' + w.writable + ' ' + w.enumerable : 'missing'"));
}

void NullCallbacks(const Napi::CallbackInfo&, Report& out) {
  Session s;
  JSVM_Env env = s.env;
  JSVM_Value nullCb = nullptr, emptyCb = nullptr, seven = nullptr, result = nullptr, undefined = nullptr;
  OH_JSVM_GetUndefined(env, &undefined);
  out.Set("createNullCb", Last(env, OH_JSVM_CreateFunction(env, "nothing", JSVM_AUTO_LENGTH, nullptr, &nullCb)));
  out.Set("createEmptyCb", Last(env, OH_JSVM_CreateFunction(env, "empty", JSVM_AUTO_LENGTH, &kNoCallback, &emptyCb)));
  out.Set("createSeven", Last(env, OH_JSVM_CreateFunction(env, "seven", JSVM_AUTO_LENGTH, &kSeven, &seven)));
  out.Set("callNullCb", Last(env, OH_JSVM_CallFunction(env, undefined, nullCb, 0, nullptr, &result)));
  out.Set("callNullCbResult", result != nullptr ? StringOf(env, result) : "<none>");
  SetGlobal(env, "nothing", nullCb);
  SetGlobal(env, "empty", emptyCb);
  SetGlobal(env, "seven", seven);
  out.Set("fromJs", s.Eval("[typeof nothing, String(nothing(1, 2)), String(empty()), nothing.name, "
                           "String(new nothing() instanceof nothing), String(seven())].join(' ')"));
}

void WrapNull(const Napi::CallbackInfo&, Report& out) {
  Session s;
  JSVM_Env env = s.env;
  JSVM_Value object = nullptr;
  OH_JSVM_CreateObject(env, &object);
  out.Set("wrap", Last(env, OH_JSVM_Wrap(env, object, nullptr, nullptr, nullptr, nullptr)));
  void* unwrapped = &out;
  out.Set("unwrap", Last(env, OH_JSVM_Unwrap(env, object, &unwrapped)));
  out.Set("unwrapIsNull", unwrapped == nullptr);
  out.Set("wrapAgain", Last(env, OH_JSVM_Wrap(env, object, &out, nullptr, nullptr, nullptr)));
  void* removed = &out;
  out.Set("removeWrap", Last(env, OH_JSVM_RemoveWrap(env, object, &removed)));
  out.Set("removedIsNull", removed == nullptr);
  out.Set("unwrapAfterRemove", Last(env, OH_JSVM_Unwrap(env, object, &unwrapped)));
}

void PrivateKeys(const Napi::CallbackInfo&, Report& out) {
  Session s;
  JSVM_Env env = s.env;
  JSVM_Value object = nullptr, symbol = nullptr, value = nullptr, result = nullptr;
  OH_JSVM_CreateObject(env, &object);
  OH_JSVM_CreateSymbol(env, s.Str("sym"), &symbol);
  OH_JSVM_CreateInt32(env, 5, &value);
  JSVM_Value text = s.Str("key");
  auto symbolKey = reinterpret_cast<JSVM_Data>(symbol);
  auto stringKey = reinterpret_cast<JSVM_Data>(text);
  out.Set("setSymbol", Last(env, OH_JSVM_SetPrivate(env, object, symbolKey, value)));
  out.Set("setString", Last(env, OH_JSVM_SetPrivate(env, object, stringKey, value)));
  out.Set("getSymbol", Last(env, OH_JSVM_GetPrivate(env, object, symbolKey, &result)));
  out.Set("getString", Last(env, OH_JSVM_GetPrivate(env, object, stringKey, &result)));
  out.Set("deleteSymbol", Last(env, OH_JSVM_DeletePrivate(env, object, symbolKey)));
  out.Set("deleteString", Last(env, OH_JSVM_DeletePrivate(env, object, stringKey)));
  SetGlobal(env, "target", object);
  out.Set("visibleKeys", s.Eval("Reflect.ownKeys(target).length"));
  JSVM_Data key = nullptr;
  OH_JSVM_CreatePrivate(env, s.Str("real"), &key);
  out.Set("setPrivate", Last(env, OH_JSVM_SetPrivate(env, object, key, value)));
  result = nullptr;
  out.Set("getPrivate", Last(env, OH_JSVM_GetPrivate(env, object, key, &result)));
  out.Set("privateValue", result != nullptr ? StringOf(env, result) : "<none>");
  out.Set("deletePrivate", Last(env, OH_JSVM_DeletePrivate(env, object, key)));
  out.Set("visibleKeysAfter", s.Eval("Reflect.ownKeys(target).length"));
}

void ParentClasses(const Napi::CallbackInfo&, Report& out) {
  Session s;
  JSVM_Env env = s.env;
  JSVM_Value cls = nullptr;
  auto define = [&](JSVM_Value parent) {
    return OH_JSVM_DefineClassWithOptions(env, "Child", JSVM_AUTO_LENGTH, &kSeven, 0, nullptr, parent, 0, nullptr, &cls);
  };
  out.Set("plainFunction", Last(env, define(Js(s, "(function Plain() {})"))));
  out.Set("jsClass", Last(env, define(Js(s, "(class Base {})"))));
  out.Set("object", Last(env, define(Js(s, "({})"))));
  out.Set("number", Last(env, define(Js(s, "42"))));
  JSVM_Value parent = nullptr;
  out.Set("defineParent", Last(env, OH_JSVM_DefineClass(env, "Parent", JSVM_AUTO_LENGTH, &kSeven, 0, nullptr, &parent)));
  out.Set("nativeParent", Last(env, define(parent)));
  SetGlobal(env, "Child", cls);
  SetGlobal(env, "Parent", parent);
  out.Set("inherits", s.Eval("String(new Child() instanceof Parent)"));
}

void ExternalMemory(const Napi::CallbackInfo&, Report& out) {
  alignas(16) static unsigned char memory[64];
  Session s;
  JSVM_Env env = s.env;
  JSVM_Value buffer = nullptr;
  bool copied = true;
  out.Set("nullEmpty", Last(env, OH_JSVM_CreateArrayBufferFromExternalMemory(env, nullptr, 0, nullptr, nullptr, &copied, &buffer)));
  size_t length = 99;
  bool isBuffer = false;
  if (buffer != nullptr) {
    OH_JSVM_IsArraybuffer(env, buffer, &isBuffer);
    OH_JSVM_GetArraybufferInfo(env, buffer, nullptr, &length);
  }
  out.Set("nullEmptyIsBuffer", isBuffer);
  out.Set("nullEmptyLength", static_cast<double>(length));
  out.Set("nullWithLength", Last(env, OH_JSVM_CreateArrayBufferFromExternalMemory(env, nullptr, 8, nullptr, nullptr, &copied, &buffer)));
  out.Set("offBy1", Last(env, OH_JSVM_CreateArrayBufferFromExternalMemory(env, memory + 1, 8, nullptr, nullptr, &copied, &buffer)));
  out.Set("offBy4", Last(env, OH_JSVM_CreateArrayBufferFromExternalMemory(env, memory + 4, 8, nullptr, nullptr, &copied, &buffer)));
  out.Set("offBy8", Last(env, OH_JSVM_CreateArrayBufferFromExternalMemory(env, memory + 8, 8, nullptr, nullptr, &copied, &buffer)));
}

void ThrowingSetter(const Napi::CallbackInfo&, Report& out) {
  Session s;
  JSVM_Env env = s.env;
  JSVM_Value object = Js(s, "Object.defineProperty({}, 0, { set(v) { throw new RangeError('no element ' + v); } })");
  JSVM_Value value = nullptr;
  OH_JSVM_CreateInt32(env, 3, &value);
  PutWithPending(env, out, "setElement", OH_JSVM_SetElement(env, object, 0, value));
}

// Run in a child process: a regression crashes inside V8.
void CreateVmOptions(const Napi::CallbackInfo&, Report& out) {
  auto try_vm = [&](const char* name, const JSVM_CreateVMOptions& options) {
    Session s(&options);
    out.Set(name, s.ok() ? Outcome{JSVM_OK, ""} : Last(nullptr, JSVM_GENERIC_FAILURE));
    out.Set(std::string(name) + "Eval", s.ok() ? s.Eval("const a = []; for (let i = 0; i < 1e5; i++) a.push({i}); "
                                                        "String(a.length + 1)")
                                               : "<no vm>");
  };
  JSVM_CreateVMOptions options{};
  options.initialYoungGenerationSize = 1;
  try_vm("initialYoung1", options);
  options = {};
  options.maxYoungGenerationSize = 1;
  try_vm("maxYoung1", options);
  options = {};
  options.initialYoungGenerationSize = 1;
  options.maxYoungGenerationSize = 1;
  try_vm("bothYoung1", options);
  options = {};
  options.snapshotBlobData = nullptr;
  options.snapshotBlobSize = 1;
  try_vm("nullBlobSize1", options);
  // The status CreateVM itself returned, for the record.
  JSVM_VM vm = nullptr;
  options = {};
  options.initialYoungGenerationSize = 1;
  out.Set("createInitialYoung1", Last(nullptr, OH_JSVM_CreateVM(&options, &vm)));
  if (vm != nullptr) OH_JSVM_DestroyVM(vm);
  vm = nullptr;
  options = {};
  options.snapshotBlobSize = 1;
  out.Set("createNullBlobSize1", Last(nullptr, OH_JSVM_CreateVM(&options, &vm)));
  if (vm != nullptr) OH_JSVM_DestroyVM(vm);
}

void Versions(const Napi::CallbackInfo&, Report& out) {
  JSVM_VMInfo info{};
  out.Set("vmInfo", Last(nullptr, OH_JSVM_GetVMInfo(&info)));
  out.Set("apiVersion", info.apiVersion);
  Session s;
  uint32_t version = 0;
  out.Set("getVersion", Last(s.env, OH_JSVM_GetVersion(s.env, &version)));
  out.Set("version", version);
}

// Calls that run no JS but whose docs answer JSVM_PENDING_EXCEPTION while an
// exception is pending; each checked with one pending, then without.
void WhilePending(const Napi::CallbackInfo&, Report& out) {
  Session s;
  JSVM_Env env = s.env;
  JSVM_Value object = Js(s, "({})");
  JSVM_Value array = Js(s, "[1, 2, 3]");
  JSVM_Value date = Js(s, "new Date(5)");
  JSVM_Value wrapped = Js(s, "({})");
  static int native = 1;
  OH_JSVM_Wrap(env, wrapped, &native, nullptr, nullptr, nullptr);
  JSVM_Value result;
  bool flag;
  double number;
  uint32_t length;
  void* data;
  auto calls = [&](const std::string& suffix) {
    out.Set("coerceToBool" + suffix, Last(env, OH_JSVM_CoerceToBool(env, object, &result)));
    out.Set("strictEquals" + suffix, Last(env, OH_JSVM_StrictEquals(env, object, object, &flag)));
    out.Set("getDateValue" + suffix, Last(env, OH_JSVM_GetDateValue(env, date, &number)));
    out.Set("createFunction" + suffix, Last(env, OH_JSVM_CreateFunction(env, "f", JSVM_AUTO_LENGTH, &kSeven, &result)));
    out.Set("wrap" + suffix, Last(env, OH_JSVM_Wrap(env, object, &native, nullptr, nullptr, nullptr)));
    out.Set("unwrap" + suffix, Last(env, OH_JSVM_Unwrap(env, wrapped, &data)));
    out.Set("removeWrap" + suffix, Last(env, OH_JSVM_RemoveWrap(env, wrapped, &data)));
    out.Set("objectGetPrototypeOf" + suffix, Last(env, OH_JSVM_ObjectGetPrototypeOf(env, object, &result)));
    out.Set("getArrayLength" + suffix, Last(env, OH_JSVM_GetArrayLength(env, array, &length)));
  };
  JSVM_Value error;
  OH_JSVM_CreateStringUtf8(env, "pending", JSVM_AUTO_LENGTH, &error);
  OH_JSVM_Throw(env, error);
  calls("Pending");
  out.Set("stillPending", TakeException(env));
  calls("");
  out.Set("arrayLength", length);
}

// Object.freeze / seal / getPrototypeOf semantics for primitives; BigInt words
// with one of signBit / words NULL.
void PrimitivesAndWords(const Napi::CallbackInfo&, Report& out) {
  Session s;
  JSVM_Env env = s.env;
  JSVM_Value five = Js(s, "5"), text = Js(s, "'s'"), null_value = Js(s, "null"), undefined_value = Js(s, "undefined");
  out.Set("freezeNumber", Last(env, OH_JSVM_ObjectFreeze(env, five)));
  out.Set("sealString", Last(env, OH_JSVM_ObjectSeal(env, text)));
  out.Set("freezeNull", Last(env, OH_JSVM_ObjectFreeze(env, null_value)));
  out.Set("sealUndefined", Last(env, OH_JSVM_ObjectSeal(env, undefined_value)));
  JSVM_Value proto = nullptr;
  bool same = false;
  out.Set("prototypeOfNumber", Last(env, OH_JSVM_ObjectGetPrototypeOf(env, five, &proto)));
  if (proto != nullptr) OH_JSVM_StrictEquals(env, proto, Js(s, "Number.prototype"), &same);
  out.Set("prototypeOfNumberIsNumberPrototype", same);
  out.Set("prototypeOfNull", Last(env, OH_JSVM_ObjectGetPrototypeOf(env, null_value, &proto)));
  JSVM_Value big = Js(s, "2n ** 64n");
  int sign = 0;
  size_t count = 0;
  uint64_t words[2] = {0, 0};
  out.Set("wordsBothNull", Last(env, OH_JSVM_GetValueBigintWords(env, big, nullptr, &count, nullptr)));
  out.Set("wordCount", static_cast<double>(count));
  out.Set("wordsNullSignGiven", Last(env, OH_JSVM_GetValueBigintWords(env, big, &sign, &count, nullptr)));
  out.Set("signNullWordsGiven", Last(env, OH_JSVM_GetValueBigintWords(env, big, nullptr, &count, words)));
}

// DefineClass* with a NULL utf8name.
void ClassNullName(const Napi::CallbackInfo&, Report& out) {
  Session s;
  JSVM_Value result;
  out.Set("defineClass", Last(s.env, OH_JSVM_DefineClass(s.env, nullptr, JSVM_AUTO_LENGTH, &kSeven, 0, nullptr, &result)));
  out.Set("defineClassWithOptions", Last(s.env, OH_JSVM_DefineClassWithOptions(s.env, nullptr, JSVM_AUTO_LENGTH, &kSeven,
                                                                                0, nullptr, nullptr, 0, nullptr, &result)));
}

}  // namespace

void RegisterDeviceStatus(Napi::Env env, Napi::Object exports) {
  exports.Set("statusArrayBufferViews", Scenario(env, ArrayBufferViews));
  exports.Set("statusCoercions", Scenario(env, Coercions));
  exports.Set("statusCompileFailures", Scenario(env, CompileFailures));
  exports.Set("statusNameOnlyDescriptor", Scenario(env, NameOnlyDescriptor));
  exports.Set("statusNullCallbacks", Scenario(env, NullCallbacks));
  exports.Set("statusWrapNull", Scenario(env, WrapNull));
  exports.Set("statusPrivateKeys", Scenario(env, PrivateKeys));
  exports.Set("statusParentClasses", Scenario(env, ParentClasses));
  exports.Set("statusExternalMemory", Scenario(env, ExternalMemory));
  exports.Set("statusThrowingSetter", Scenario(env, ThrowingSetter));
  exports.Set("statusCreateVmOptions", Scenario(env, CreateVmOptions));
  exports.Set("statusVersions", Scenario(env, Versions));
  exports.Set("statusWhilePending", Scenario(env, WhilePending));
  exports.Set("statusClassNullName", Scenario(env, ClassNullName));
  exports.Set("statusPrimitivesAndWords", Scenario(env, PrimitivesAndWords));
}

}  // namespace harness
