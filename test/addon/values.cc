// Scenarios: primitives, strings, typeof, coercion, objects and functions.
#include <cmath>
#include <cstring>
#include <limits>

#include "harness.h"

namespace harness {
namespace {

void Primitives(const Napi::CallbackInfo& info, Report& out) {
  Session s;
  JSVM_Env env = s.env;
  JSVM_Value v = nullptr;

  // Singletons and creation, read back through JS.
  OH_JSVM_GetUndefined(env, &v);
  out.Set("undefined", s.ToString(v));
  OH_JSVM_GetNull(env, &v);
  out.Set("null", s.ToString(v));
  OH_JSVM_GetBoolean(env, true, &v);
  out.Set("true", s.ToString(v));
  OH_JSVM_GetGlobal(env, &v);
  bool has = false;
  s.Eval("globalThis.marker = 'global seen'");
  OH_JSVM_HasNamedProperty(env, v, "marker", &has);
  out.Set("globalHasMarker", has);
  OH_JSVM_CreateInt32(env, -2147483647 - 1, &v);
  out.Set("int32Min", s.ToString(v));
  OH_JSVM_CreateUint32(env, 4294967295u, &v);
  out.Set("uint32Max", s.ToString(v));
  OH_JSVM_CreateInt64(env, 9007199254740991LL, &v);
  out.Set("int64MaxSafe", s.ToString(v));
  OH_JSVM_CreateDouble(env, 0.1, &v);
  out.Set("double", s.ToString(v));

  out.Set("getUndefinedNullResult", Last(env, OH_JSVM_GetUndefined(env, nullptr)));
  out.Set("getNullNullResult", Last(env, OH_JSVM_GetNull(env, nullptr)));
  out.Set("getGlobalNullResult", Last(env, OH_JSVM_GetGlobal(env, nullptr)));
  out.Set("getBooleanNullResult", Last(env, OH_JSVM_GetBoolean(env, false, nullptr)));
  out.Set("createInt32NullResult", Last(env, OH_JSVM_CreateInt32(env, 1, nullptr)));
  out.Set("createUint32NullResult", Last(env, OH_JSVM_CreateUint32(env, 1, nullptr)));
  out.Set("createInt64NullResult", Last(env, OH_JSVM_CreateInt64(env, 1, nullptr)));
  out.Set("createDoubleNullResult", Last(env, OH_JSVM_CreateDouble(env, 1, nullptr)));
  out.Set("createInt32NullEnv", Last(env, OH_JSVM_CreateInt32(nullptr, 1, &v)));

  // Reading numbers back, including conversions Node-API documents.
  JSVM_Value num;
  int32_t i32 = 0;
  uint32_t u32 = 0;
  int64_t i64 = 0;
  double d = 0;
  bool b = false;
  s.Run("-1.9", &num);
  OH_JSVM_GetValueInt32(env, num, &i32);
  out.Set("int32FromMinus1_9", i32);
  s.Run("2 ** 32 + 5", &num);
  OH_JSVM_GetValueInt32(env, num, &i32);
  out.Set("int32Wraps", i32);
  s.Run("NaN", &num);
  i32 = 7;
  OH_JSVM_GetValueInt32(env, num, &i32);
  out.Set("int32FromNaN", i32);
  i64 = 7;
  OH_JSVM_GetValueInt64(env, num, &i64);
  out.Set("int64FromNaN", static_cast<double>(i64));
  s.Run("Infinity", &num);
  i64 = 7;
  OH_JSVM_GetValueInt64(env, num, &i64);
  out.Set("int64FromInfinity", static_cast<double>(i64));
  s.Run("-1", &num);
  OH_JSVM_GetValueUint32(env, num, &u32);
  out.Set("uint32FromMinus1", u32);
  s.Run("2 ** 40 + 0.5", &num);
  OH_JSVM_GetValueInt64(env, num, &i64);
  out.Set("int64Big", static_cast<double>(i64));
  OH_JSVM_GetValueDouble(env, num, &d);
  out.Set("doubleBig", d);
  s.Run("1 > 0", &num);
  out.Set("getBool", Last(env, OH_JSVM_GetValueBool(env, num, &b)));
  out.Set("boolValue", b);

  JSVM_Value str = s.Str("12");
  out.Set("int32FromString", Last(env, OH_JSVM_GetValueInt32(env, str, &i32)));
  out.Set("uint32FromString", Last(env, OH_JSVM_GetValueUint32(env, str, &u32)));
  out.Set("int64FromString", Last(env, OH_JSVM_GetValueInt64(env, str, &i64)));
  out.Set("doubleFromString", Last(env, OH_JSVM_GetValueDouble(env, str, &d)));
  out.Set("boolFromString", Last(env, OH_JSVM_GetValueBool(env, str, &b)));
  out.Set("int32NullValue", Last(env, OH_JSVM_GetValueInt32(env, nullptr, &i32)));
  out.Set("int32NullResult", Last(env, OH_JSVM_GetValueInt32(env, num, nullptr)));
  out.Set("doubleNullResult", Last(env, OH_JSVM_GetValueDouble(env, str, nullptr)));
  out.Set("boolNullValue", Last(env, OH_JSVM_GetValueBool(env, nullptr, &b)));
  return;
}

void Strings(const Napi::CallbackInfo& info, Report& out) {
  Session s;
  JSVM_Env env = s.env;
  JSVM_Value v = nullptr;

  // Creation: auto length, explicit length (cut), embedded NUL, each encoding.
  OH_JSVM_CreateStringUtf8(env, "h\xC3\xA9llo \xF0\x9F\x98\x80", JSVM_AUTO_LENGTH, &v);
  out.Set("utf8Auto", s.ToString(v));
  OH_JSVM_CreateStringUtf8(env, "hello world", 5, &v);
  out.Set("utf8Cut", s.ToString(v));
  OH_JSVM_CreateStringUtf8(env, "a\0b", 3, &v);
  JSVM_Value len;
  OH_JSVM_GetNamedProperty(env, v, "length", &len);
  out.Set("utf8EmbeddedNulLength", s.ToString(len));
  const char16_t utf16[] = u"gr\u00fc\u00dfe \U0001F600";
  OH_JSVM_CreateStringUtf16(env, utf16, JSVM_AUTO_LENGTH, &v);
  out.Set("utf16Auto", s.ToString(v));
  OH_JSVM_CreateStringUtf16(env, utf16, 2, &v);
  out.Set("utf16Cut", s.ToString(v));
  const char latin1[] = "caf\xE9";
  OH_JSVM_CreateStringLatin1(env, latin1, JSVM_AUTO_LENGTH, &v);
  out.Set("latin1Auto", s.ToString(v));
  OH_JSVM_CreateStringUtf8(env, nullptr, 0, &v);
  out.Set("nullWithZeroLength", "[" + s.ToString(v) + "]");

  out.Set("utf8NullWithLength", Last(env, OH_JSVM_CreateStringUtf8(env, nullptr, 3, &v)));
  out.Set("utf8NullResult", Last(env, OH_JSVM_CreateStringUtf8(env, "x", 1, nullptr)));
  out.Set("utf8TooLong", Last(env, OH_JSVM_CreateStringUtf8(env, "x", static_cast<size_t>(INT32_MAX) + 1, &v)));
  out.Set("utf16NullWithLength", Last(env, OH_JSVM_CreateStringUtf16(env, nullptr, 3, &v)));
  out.Set("utf16NullResult", Last(env, OH_JSVM_CreateStringUtf16(env, u"x", 1, nullptr)));
  out.Set("latin1NullWithLength", Last(env, OH_JSVM_CreateStringLatin1(env, nullptr, 3, &v)));
  out.Set("latin1NullResult", Last(env, OH_JSVM_CreateStringLatin1(env, "x", 1, nullptr)));

  // Reading back: length query, full copy, truncation with NUL, zero size.
  JSVM_Value text;
  s.Run("'h\\u00e9llo \\u{1F600}'", &text);
  size_t n = 0;
  out.Set("utf8Length", Last(env, OH_JSVM_GetValueStringUtf8(env, text, nullptr, 0, &n)));
  out.Set("utf8LengthValue", static_cast<double>(n));
  char buf[64];
  std::memset(buf, 'X', sizeof(buf));
  OH_JSVM_GetValueStringUtf8(env, text, buf, sizeof(buf), &n);
  out.Set("utf8Full", std::string(buf, n));
  out.Set("utf8FullNul", buf[n] == '\0');
  std::memset(buf, 'X', sizeof(buf));
  OH_JSVM_GetValueStringUtf8(env, text, buf, 4, &n);  // "h" + 2-byte é fit in 3 bytes + NUL
  out.Set("utf8Trunc4", std::string(buf, n));
  out.Set("utf8Trunc4Copied", static_cast<double>(n));
  out.Set("utf8Trunc4Nul", buf[n] == '\0');
  std::memset(buf, 'X', sizeof(buf));
  OH_JSVM_GetValueStringUtf8(env, text, buf, 3, &n);  // é does not fit in 2: never half a character
  out.Set("utf8Trunc3", std::string(buf, n));
  n = 99;
  OH_JSVM_GetValueStringUtf8(env, text, buf, 0, &n);
  out.Set("utf8ZeroSize", static_cast<double>(n));
  std::memset(buf, 'X', sizeof(buf));
  OH_JSVM_GetValueStringUtf8(env, text, buf, 10, &n);  // the 4-byte emoji does not fit after 7 bytes
  out.Set("utf8TruncEmoji", std::string(buf, n));
  JSVM_Value lone;
  s.Run("'a\\ud800b'", &lone);  // a lone surrogate: U+FFFD in UTF-8 (3 bytes)
  OH_JSVM_GetValueStringUtf8(env, lone, nullptr, 0, &n);
  out.Set("utf8LoneLength", static_cast<double>(n));
  std::memset(buf, 'X', sizeof(buf));
  OH_JSVM_GetValueStringUtf8(env, lone, buf, sizeof(buf), &n);
  out.Set("utf8Lone", std::string(buf, n));
  out.Set("utf8BufWithoutResult", Last(env, OH_JSVM_GetValueStringUtf8(env, text, buf, sizeof(buf), nullptr)));
  out.Set("utf8NoBufNoResult", Last(env, OH_JSVM_GetValueStringUtf8(env, text, nullptr, 0, nullptr)));
  JSVM_Value number;
  OH_JSVM_CreateInt32(env, 5, &number);
  out.Set("utf8NotString", Last(env, OH_JSVM_GetValueStringUtf8(env, number, buf, sizeof(buf), &n)));
  out.Set("utf8NullValue", Last(env, OH_JSVM_GetValueStringUtf8(env, nullptr, buf, sizeof(buf), &n)));

  char16_t wbuf[16];
  out.Set("utf16Length", Last(env, OH_JSVM_GetValueStringUtf16(env, text, nullptr, 0, &n)));
  out.Set("utf16LengthValue", static_cast<double>(n));
  OH_JSVM_GetValueStringUtf16(env, text, wbuf, 4, &n);
  out.Set("utf16Trunc4Copied", static_cast<double>(n));
  out.Set("utf16Trunc4", std::u16string(wbuf, n));
  out.Set("utf16Trunc4Nul", wbuf[n] == u'\0');
  out.Set("utf16NotString", Last(env, OH_JSVM_GetValueStringUtf16(env, number, wbuf, 16, &n)));

  JSVM_Value latin;
  s.Run("'caf\\u00e9'", &latin);
  out.Set("latin1Length", Last(env, OH_JSVM_GetValueStringLatin1(env, latin, nullptr, 0, &n)));
  out.Set("latin1LengthValue", static_cast<double>(n));
  OH_JSVM_GetValueStringLatin1(env, latin, buf, sizeof(buf), &n);
  out.Set("latin1Bytes", Bytes{std::string(buf, n)});
  OH_JSVM_GetValueStringLatin1(env, latin, buf, 3, &n);
  out.Set("latin1Trunc3", std::string(buf, n));
  out.Set("latin1NotString", Last(env, OH_JSVM_GetValueStringLatin1(env, number, buf, sizeof(buf), &n)));
  return;
}

void TypeofAll(const Napi::CallbackInfo& info, Report& out) {
  Session s;
  const char* sources[] = {"undefined", "null", "true", "1.5", "'s'", "Symbol('x')", "({})", "[]",
                           "(function () {})", "(class {})", "10n", "new Date()", "/re/", "new Proxy({}, {})"};
  for (const char* source : sources) {
    JSVM_Value v;
    s.Run(source, &v);
    JSVM_ValueType type;
    JSVM_Status status = OH_JSVM_Typeof(s.env, v, &type);
    out.Set(source, status == JSVM_OK ? static_cast<double>(type) : -1.0 - status);
  }
  JSVM_Value v;
  JSVM_ValueType type;
  OH_JSVM_GetNull(s.env, &v);
  out.Set("nullValue", Last(s.env, OH_JSVM_Typeof(s.env, nullptr, &type)));
  out.Set("nullResult", Last(s.env, OH_JSVM_Typeof(s.env, v, nullptr)));
  return;
}

void Coercion(const Napi::CallbackInfo& info, Report& out) {
  Session s;
  JSVM_Env env = s.env;
  JSVM_Value v, r;
  s.Run("({ valueOf() { return 41; }, toString() { return 'obj'; } })", &v);
  out.Set("toNumber", Last(env, OH_JSVM_CoerceToNumber(env, v, &r)));
  out.Set("toNumberValue", s.ToString(r));
  out.Set("toString", Last(env, OH_JSVM_CoerceToString(env, v, &r)));
  out.Set("toStringValue", s.ToString(r));
  s.Run("''", &v);
  out.Set("toBool", Last(env, OH_JSVM_CoerceToBool(env, v, &r)));
  out.Set("toBoolValue", s.ToString(r));
  s.Run("'abc'", &v);
  out.Set("toObject", Last(env, OH_JSVM_CoerceToObject(env, v, &r)));
  JSVM_ValueType type;
  OH_JSVM_Typeof(env, r, &type);
  out.Set("toObjectType", static_cast<double>(type));
  s.Run("' 12 '", &v);
  OH_JSVM_CoerceToNumber(env, v, &r);
  out.Set("stringToNumber", s.ToString(r));

  s.Run("({ valueOf() { throw new RangeError('no number'); } })", &v);
  out.Set("toNumberThrows", Last(env, OH_JSVM_CoerceToNumber(env, v, &r)));
  out.Set("toNumberException", TakeException(env));
  s.Run("Symbol('s')", &v);
  out.Set("symbolToString", Last(env, OH_JSVM_CoerceToString(env, v, &r)));
  out.Set("symbolToStringException", TakeException(env));
  s.Run("null", &v);
  out.Set("nullToObject", Last(env, OH_JSVM_CoerceToObject(env, v, &r)));
  bool pending = true;
  OH_JSVM_IsExceptionPending(env, &pending);
  out.Set("nullToObjectLeavesNoException", !pending);
  out.Set("toNumberNullValue", Last(env, OH_JSVM_CoerceToNumber(env, nullptr, &r)));
  out.Set("toStringNullResult", Last(env, OH_JSVM_CoerceToString(env, v, nullptr)));
  out.Set("toBoolNullValue", Last(env, OH_JSVM_CoerceToBool(env, nullptr, &r)));
  out.Set("toObjectNullResult", Last(env, OH_JSVM_CoerceToObject(env, v, nullptr)));
  return;
}

// Reports, as a number, the status of GetCbInfo given argv without argc.
JSVM_Value CbInfoWithoutArgc(JSVM_Env env, JSVM_CallbackInfo info) {
  JSVM_Value argv[2];
  JSVM_Status status = OH_JSVM_GetCbInfo(env, info, nullptr, argv, nullptr, nullptr);
  JSVM_Value result;
  OH_JSVM_CreateInt32(env, status, &result);
  return result;
}
JSVM_CallbackStruct kCbInfoWithoutArgc = {CbInfoWithoutArgc, nullptr};

void ObjectsAndFunctions(const Napi::CallbackInfo& info, Report& out) {
  Session s;
  JSVM_Env env = s.env;

  JSVM_Value obj, value, got, global;
  out.Set("createObject", Last(env, OH_JSVM_CreateObject(env, &obj)));
  out.Set("createObjectNullResult", Last(env, OH_JSVM_CreateObject(env, nullptr)));
  OH_JSVM_CreateInt32(env, 7, &value);
  out.Set("set", Last(env, OH_JSVM_SetNamedProperty(env, obj, "seven", value)));
  out.Set("get", Last(env, OH_JSVM_GetNamedProperty(env, obj, "seven", &got)));
  out.Set("gotSeven", s.ToString(got));
  bool has = false;
  out.Set("has", Last(env, OH_JSVM_HasNamedProperty(env, obj, "seven", &has)));
  out.Set("hasSeven", has);
  OH_JSVM_HasNamedProperty(env, obj, "toString", &has);
  out.Set("hasInherited", has);
  OH_JSVM_HasNamedProperty(env, obj, "eight", &has);
  out.Set("hasMissing", has);
  OH_JSVM_GetNamedProperty(env, obj, "eight", &got);
  out.Set("getMissing", s.ToString(got));
  OH_JSVM_GetGlobal(env, &global);
  OH_JSVM_SetNamedProperty(env, global, "fromNative", obj);
  out.Set("seenFromJs", s.Eval("JSON.stringify(fromNative)"));

  JSVM_Value nul, str;
  OH_JSVM_GetNull(env, &nul);
  str = s.Str("abc");
  out.Set("setOnNull", Last(env, OH_JSVM_SetNamedProperty(env, nul, "x", value)));
  out.Set("getOnNull", Last(env, OH_JSVM_GetNamedProperty(env, nul, "x", &got)));
  out.Set("hasOnNull", Last(env, OH_JSVM_HasNamedProperty(env, nul, "x", &has)));
  out.Set("getOnString", Last(env, OH_JSVM_GetNamedProperty(env, str, "length", &got)));
  out.Set("stringLength", s.ToString(got));
  out.Set("setNullName", Last(env, OH_JSVM_SetNamedProperty(env, obj, nullptr, value)));
  out.Set("setNullValue", Last(env, OH_JSVM_SetNamedProperty(env, obj, "x", nullptr)));
  out.Set("getNullResult", Last(env, OH_JSVM_GetNamedProperty(env, obj, "x", nullptr)));
  out.Set("hasNullResult", Last(env, OH_JSVM_HasNamedProperty(env, obj, "x", nullptr)));
  out.Set("getNullObject", Last(env, OH_JSVM_GetNamedProperty(env, nullptr, "x", &got)));

  // Getters and setters that throw surface as pending exceptions.
  JSVM_Value trap;
  s.Run("({ get boom() { throw new Error('getter threw'); }, set boom(v) { throw new Error('setter threw'); } })",
        &trap);
  out.Set("getterThrows", Last(env, OH_JSVM_GetNamedProperty(env, trap, "boom", &got)));
  out.Set("getterException", TakeException(env));
  out.Set("setterThrows", Last(env, OH_JSVM_SetNamedProperty(env, trap, "boom", value)));
  out.Set("setterException", TakeException(env));

  // Functions made from native callbacks, called from JS and from native.
  JSVM_Value add, describe;
  out.Set("createFunction", Last(env, OH_JSVM_CreateFunction(env, "add", JSVM_AUTO_LENGTH, &kAdd, &add)));
  OH_JSVM_SetNamedProperty(env, global, "nativeAdd", add);
  out.Set("createDescribe", Last(env, OH_JSVM_CreateFunction(env, "describeIt", 8, &kDescribe, &describe)));
  OH_JSVM_SetNamedProperty(env, global, "describe", describe);
  out.Set("jsCallsNative", s.Eval("nativeAdd(20, 22) + ',' + nativeAdd.name + ',' + describe.name"));
  out.Set("cbInfo", s.Eval("[describe(), describe.call(5, 1, 2, 3), describe.call({}, 'a')].join(' ')"));
  JSVM_Value unnamed;
  OH_JSVM_CreateFunction(env, nullptr, 0, &kHello, &unnamed);
  OH_JSVM_SetNamedProperty(env, global, "unnamed", unnamed);
  out.Set("unnamed", s.Eval("unnamed() + '|' + unnamed.name + '|'"));
  JSVM_Value no_callback = nullptr;  // not `add`: these succeed (as on the device), and `add` is called below
  out.Set("createFunctionNullCb", Last(env, OH_JSVM_CreateFunction(env, "f", JSVM_AUTO_LENGTH, nullptr, &no_callback)));
  JSVM_CallbackStruct empty = {nullptr, nullptr};
  out.Set("createFunctionNullCallback",
          Last(env, OH_JSVM_CreateFunction(env, "f", JSVM_AUTO_LENGTH, &empty, &no_callback)));
  out.Set("createFunctionNullResult", Last(env, OH_JSVM_CreateFunction(env, "f", JSVM_AUTO_LENGTH, &kAdd, nullptr)));

  JSVM_Value args[2], result = nullptr, undefined;
  OH_JSVM_CreateInt32(env, 2, &args[0]);
  OH_JSVM_CreateInt32(env, 40, &args[1]);
  OH_JSVM_GetUndefined(env, &undefined);
  out.Set("callNative", Last(env, OH_JSVM_CallFunction(env, undefined, add, 2, args, &result)));
  out.Set("callNativeResult", s.ToString(result));
  JSVM_Value js_fn;
  s.Run("(function (a, b) { return [this && this.tag, a, b].join('-'); })", &js_fn);
  JSVM_Value receiver;
  s.Run("({ tag: 'recv' })", &receiver);
  out.Set("callJs", Last(env, OH_JSVM_CallFunction(env, receiver, js_fn, 2, args, &result)));
  out.Set("callJsResult", s.ToString(result));
  out.Set("callJsNoResult", Last(env, OH_JSVM_CallFunction(env, receiver, js_fn, 0, nullptr, nullptr)));
  out.Set("callNotFunction", Last(env, OH_JSVM_CallFunction(env, undefined, receiver, 0, nullptr, &result)));
  out.Set("callNullFunction", Last(env, OH_JSVM_CallFunction(env, undefined, nullptr, 0, nullptr, &result)));
  out.Set("callNullRecv", Last(env, OH_JSVM_CallFunction(env, nullptr, js_fn, 0, nullptr, &result)));
  out.Set("callArgcWithoutArgv", Last(env, OH_JSVM_CallFunction(env, undefined, js_fn, 2, nullptr, &result)));
  JSVM_Value thrower;
  s.Run("(function () { throw new TypeError('from js'); })", &thrower);
  out.Set("callThrows", Last(env, OH_JSVM_CallFunction(env, undefined, thrower, 0, nullptr, &result)));
  out.Set("callWhilePending", Last(env, OH_JSVM_CallFunction(env, undefined, js_fn, 0, nullptr, &result)));
  out.Set("callException", TakeException(env));
  out.Set("callAfterClear", Last(env, OH_JSVM_CallFunction(env, undefined, js_fn, 0, nullptr, &result)));

  // GetCbInfo with bad arguments, from inside a callback.
  JSVM_Value probe;
  OH_JSVM_CreateFunction(env, "probe", JSVM_AUTO_LENGTH, &kCbInfoWithoutArgc, &probe);
  OH_JSVM_SetNamedProperty(env, global, "probe", probe);
  out.Set("getCbInfoArgvWithoutArgc", s.Eval("probe(1, 2)"));
  size_t argc = 1;
  JSVM_Value argv[1];
  out.Set("getCbInfoNullInfo", Last(env, OH_JSVM_GetCbInfo(env, nullptr, &argc, argv, nullptr, nullptr)));
  return;
}

}  // namespace

void RegisterValues(Napi::Env env, Napi::Object exports) {
  exports.Set("primitives", Scenario(env, Primitives));
  exports.Set("strings", Scenario(env, Strings));
  exports.Set("typeofAll", Scenario(env, TypeofAll));
  exports.Set("coercion", Scenario(env, Coercion));
  exports.Set("objectsAndFunctions", Scenario(env, ObjectsAndFunctions));
}

}  // namespace harness
