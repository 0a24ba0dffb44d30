// Scenarios: type checks, instanceof and equality, symbols, BigInt, external
// strings, Proxy, JSON, Date and RegExp. Assertions live in test/types.spec.ts.
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <string>
#include <vector>

#include "harness.h"

namespace harness {
namespace {

using Check = JSVM_Status (*)(JSVM_Env, JSVM_Value, bool*);

// Puts `value` (undefined when NULL) on the global object as `name`.
void Expose(JSVM_Env env, const char* name, JSVM_Value value) {
  JSVM_Value global;
  OH_JSVM_GetGlobal(env, &global);
  if (value == nullptr) OH_JSVM_GetUndefined(env, &value);
  OH_JSVM_SetNamedProperty(env, global, name, value);
}

// The pending exception as "Class: message" ("" if nothing is pending), cleared.
std::string Pending(JSVM_Env env) { return TakeException(env); }

// Evaluates `source`; NULL (and nothing left pending) if it failed, so that the
// call under test then reports INVALID_ARG and the spec's assertion fails.
JSVM_Value Value(Session& s, const char* source) {
  JSVM_Value v = nullptr;
  if (s.Run(source, &v) != JSVM_OK) {
    TakeException(s.env);
    return nullptr;
  }
  return v;
}

// ---------------------------------------------------------------------------
// OH_JSVM_Is*: every check against every kind of value.
// ---------------------------------------------------------------------------

struct NamedCheck {
  const char* name;
  Check check;
};

const NamedCheck kChecks[] = {
    {"IsArray", OH_JSVM_IsArray},
    {"IsArraybuffer", OH_JSVM_IsArraybuffer},
    {"IsDate", OH_JSVM_IsDate},
    {"IsTypedarray", OH_JSVM_IsTypedarray},
    {"IsDataview", OH_JSVM_IsDataview},
    {"IsPromise", OH_JSVM_IsPromise},
    {"IsCallable", OH_JSVM_IsCallable},
    {"IsUndefined", OH_JSVM_IsUndefined},
    {"IsNull", OH_JSVM_IsNull},
    {"IsNullOrUndefined", OH_JSVM_IsNullOrUndefined},
    {"IsBoolean", OH_JSVM_IsBoolean},
    {"IsNumber", OH_JSVM_IsNumber},
    {"IsString", OH_JSVM_IsString},
    {"IsSymbol", OH_JSVM_IsSymbol},
    {"IsFunction", OH_JSVM_IsFunction},
    {"IsObject", OH_JSVM_IsObject},
    {"IsBigInt", OH_JSVM_IsBigInt},
    {"IsMap", OH_JSVM_IsMap},
    {"IsSet", OH_JSVM_IsSet},
    {"IsRegExp", OH_JSVM_IsRegExp},
    {"IsConstructor", OH_JSVM_IsConstructor},
    {"IsWasmModuleObject", OH_JSVM_IsWasmModuleObject},
    {"IsBigIntObject", OH_JSVM_IsBigIntObject},
    {"IsBooleanObject", OH_JSVM_IsBooleanObject},
    {"IsStringObject", OH_JSVM_IsStringObject},
    {"IsNumberObject", OH_JSVM_IsNumberObject},
    {"IsSymbolObject", OH_JSVM_IsSymbolObject},
    {"IsProxy", OH_JSVM_IsProxy},
};

struct Sample {
  const char* label;
  const char* source;
};

const Sample kSamples[] = {
    {"undefined", "undefined"},
    {"null", "null"},
    {"boolean", "false"},
    {"number", "0"},
    {"string", "''"},
    {"symbol", "Symbol('s')"},
    {"bigint", "0n"},
    {"object", "({})"},
    {"arrayLike", "({ length: 0 })"},
    {"array", "[1, 2]"},
    {"arraybuffer", "new ArrayBuffer(8)"},
    {"typedarray", "new Uint8Array(4)"},
    {"dataview", "new DataView(new ArrayBuffer(4))"},
    {"date", "new Date(0)"},
    {"promise", "Promise.resolve(1)"},
    {"thenable", "({ then() {} })"},
    {"function", "(function () {})"},
    {"arrow", "(() => 1)"},
    {"class", "(class {})"},
    {"asyncFunction", "(async function () {})"},
    {"method", "({ m() {} }).m"},
    {"bound", "(function () {}).bind(null)"},
    {"map", "new Map()"},
    {"weakMap", "new WeakMap()"},
    {"set", "new Set()"},
    {"regexp", "/re/g"},
    {"wasmModule", "new WebAssembly.Module(new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]))"},
    {"bigintObject", "Object(0n)"},
    {"booleanObject", "new Boolean(false)"},
    {"stringObject", "new String('')"},
    {"numberObject", "new Number(0)"},
    {"symbolObject", "Object(Symbol('o'))"},
    {"proxy", "new Proxy({}, {})"},
    {"functionProxy", "new Proxy(function () {}, {})"},
};

void TypeChecks(const Napi::CallbackInfo& info, Report& out) {
  Session s;
  JSVM_Env env = s.env;
  std::vector<JSVM_Value> values;
  std::vector<std::string> missing;
  for (const Sample& sample : kSamples) {
    JSVM_Value v = Value(s, sample.source);
    if (v == nullptr) missing.push_back(sample.label);
    values.push_back(v);
  }
  out.Set("samplesThatFailed", missing);

  // For each check, the labels of the samples it answers true for.
  for (const NamedCheck& c : kChecks) {
    std::vector<std::string> yes;
    std::vector<std::string> failures;
    for (size_t i = 0; i < values.size(); ++i) {
      if (values[i] == nullptr) continue;
      bool result = false;
      JSVM_Status status = c.check(env, values[i], &result);
      if (status != JSVM_OK) failures.push_back(std::string(kSamples[i].label) + ":" + std::to_string(status));
      if (result) yes.push_back(kSamples[i].label);
    }
    out.Set(c.name, yes);
    out.Set(std::string(c.name) + ":failures", failures);
  }

  // A false answer is written to *result, not left as it was.
  JSVM_Value number = values[3];
  std::vector<std::string> left_true;
  for (const NamedCheck& c : kChecks) {
    bool result = true;
    JSVM_Value probe = std::string(c.name) == "IsNumber" ? values[2] : number;
    c.check(env, probe, &result);
    if (result) left_true.push_back(c.name);
  }
  out.Set("falseLeftTrue", left_true);

  // Bad arguments.
  bool result = false;
  for (const NamedCheck& c : kChecks) {
    std::string name = c.name;
    out.Set(name + ":nullEnv", Last(nullptr, c.check(nullptr, number, &result)));
    out.Set(name + ":nullValue", Last(env, c.check(env, nullptr, &result)));
    out.Set(name + ":nullResult", Last(env, c.check(env, number, nullptr)));
  }

  // Checks only read the value: they work while an exception is pending.
  OH_JSVM_ThrowError(env, nullptr, "left pending");
  result = false;
  out.Set("isArrayWhilePending", Last(env, OH_JSVM_IsArray(env, values[9], &result)));
  out.Set("isArrayWhilePendingValue", result);
  out.Set("stillPending", Pending(env));
}

// ---------------------------------------------------------------------------
// Instanceof, StrictEquals, Equals.
// ---------------------------------------------------------------------------

void InstanceofAndEquality(const Napi::CallbackInfo& info, Report& out) {
  Session s;
  JSVM_Env env = s.env;

  s.Eval(R"JS(
    globalThis.Base = class Base {};
    globalThis.Derived = class Derived extends Base {};
    globalThis.Other = class Other {};
    globalThis.derived = new Derived();
    globalThis.base = new Base();
    globalThis.OnlyFortyTwo = function OnlyFortyTwo() {};
    Object.defineProperty(OnlyFortyTwo, Symbol.hasInstance, { value: (v) => v === 42 });
    globalThis.Refuses = function Refuses() {};
    Object.defineProperty(Refuses, Symbol.hasInstance, {
      value() { throw new RangeError('no instances here'); } });
    globalThis.arrow = () => 0;
    0;
  )JS");
  JSVM_Value derived = Value(s, "derived"), base = Value(s, "base"), Base = Value(s, "Base"),
             Derived = Value(s, "Derived"), Other = Value(s, "Other"), Object = Value(s, "Object"),
             Number = Value(s, "Number"), OnlyFortyTwo = Value(s, "OnlyFortyTwo"), Refuses = Value(s, "Refuses"),
             arrow = Value(s, "arrow"), plain = Value(s, "({})"), fortyTwo = Value(s, "42"),
             fortyThree = Value(s, "43");

  struct Case {
    const char* name;
    JSVM_Value object;
    JSVM_Value constructor;
  };
  const Case cases[] = {
      {"derivedOfDerived", derived, Derived}, {"derivedOfBase", derived, Base},
      {"baseOfDerived", base, Derived},       {"derivedOfOther", derived, Other},
      {"derivedOfObject", derived, Object},   {"primitiveOfNumber", fortyTwo, Number},
      {"hasInstanceYes", fortyTwo, OnlyFortyTwo}, {"hasInstanceNo", fortyThree, OnlyFortyTwo},
  };
  for (const Case& c : cases) {
    bool result = false;
    std::string name = std::string("instanceof:") + c.name;
    out.Set(name, Last(env, OH_JSVM_Instanceof(env, c.object, c.constructor, &result)));
    out.Set(name + ":value", result);
  }

  bool result = false;
  out.Set("instanceofNotFunction", Last(env, OH_JSVM_Instanceof(env, derived, plain, &result)));
  out.Set("instanceofNotFunctionPending", Pending(env));
  out.Set("instanceofNumberCtor", Last(env, OH_JSVM_Instanceof(env, derived, fortyTwo, &result)));
  out.Set("instanceofThrows", Last(env, OH_JSVM_Instanceof(env, derived, Refuses, &result)));
  out.Set("instanceofWhilePending", Last(env, OH_JSVM_Instanceof(env, derived, Base, &result)));
  out.Set("instanceofException", Pending(env));
  out.Set("instanceofArrow", Last(env, OH_JSVM_Instanceof(env, derived, arrow, &result)));
  out.Set("instanceofArrowException", Pending(env));
  out.Set("instanceofNullEnv", Last(nullptr, OH_JSVM_Instanceof(nullptr, derived, Base, &result)));
  out.Set("instanceofNullObject", Last(env, OH_JSVM_Instanceof(env, nullptr, Base, &result)));
  out.Set("instanceofNullConstructor", Last(env, OH_JSVM_Instanceof(env, derived, nullptr, &result)));
  out.Set("instanceofNullResult", Last(env, OH_JSVM_Instanceof(env, derived, Base, nullptr)));

  // Equality: each pair under == (Equals) and === (StrictEquals).
  s.Eval(R"JS(
    globalThis.shared = {};
    globalThis.five = { valueOf() { return 5; } };
    globalThis.badValueOf = { valueOf() { throw new TypeError('valueOf refused'); } };
    globalThis.sym = Symbol('a');
    0;
  )JS");
  struct Pair {
    const char* name;
    const char* lhs;
    const char* rhs;
  };
  const Pair pairs[] = {
      {"stringOneNumberOne", "'1'", "1"},
      {"numberOneNumberOne", "1", "1"},
      {"nullUndefined", "null", "undefined"},
      {"nullZero", "null", "0"},
      {"nanNan", "NaN", "NaN"},
      {"zeroMinusZero", "0", "-0"},
      {"sameObject", "shared", "shared"},
      {"twoObjects", "({})", "({})"},
      {"bigintNumber", "10n", "10"},
      {"valueOfFive", "five", "5"},
      {"sameSymbol", "sym", "sym"},
      {"twoSymbols", "Symbol('a')", "Symbol('a')"},
      {"stringObjectString", "new String('x')", "'x'"},
  };
  for (const Pair& p : pairs) {
    JSVM_Value lhs = Value(s, p.lhs), rhs = Value(s, p.rhs);
    bool equal = false, strict = true;
    JSVM_Status es = OH_JSVM_Equals(env, lhs, rhs, &equal);
    JSVM_Status ss = OH_JSVM_StrictEquals(env, lhs, rhs, &strict);
    out.Set(std::string("eq:") + p.name,
            (es == JSVM_OK ? std::string(equal ? "==" : "!=") : "status " + std::to_string(es)) + " " +
                (ss == JSVM_OK ? std::string(strict ? "===" : "!==") : "status " + std::to_string(ss)));
  }

  JSVM_Value bad = Value(s, "badValueOf"), five = Value(s, "5");
  bool equal = true;
  out.Set("equalsThrows", Last(env, OH_JSVM_Equals(env, bad, five, &equal)));
  out.Set("equalsWhilePending", Last(env, OH_JSVM_Equals(env, five, five, &equal)));
  out.Set("strictEqualsWhilePending", Last(env, OH_JSVM_StrictEquals(env, five, five, &equal)));
  out.Set("strictEqualsWhilePendingValue", equal);
  out.Set("equalsException", Pending(env));
  out.Set("strictEqualsNoValueOf", Last(env, OH_JSVM_StrictEquals(env, bad, five, &equal)));
  out.Set("strictEqualsNoValueOfPending", Pending(env));

  out.Set("equalsNullEnv", Last(nullptr, OH_JSVM_Equals(nullptr, five, five, &equal)));
  out.Set("equalsNullLhs", Last(env, OH_JSVM_Equals(env, nullptr, five, &equal)));
  out.Set("equalsNullRhs", Last(env, OH_JSVM_Equals(env, five, nullptr, &equal)));
  out.Set("equalsNullResult", Last(env, OH_JSVM_Equals(env, five, five, nullptr)));
  out.Set("strictEqualsNullEnv", Last(nullptr, OH_JSVM_StrictEquals(nullptr, five, five, &equal)));
  out.Set("strictEqualsNullLhs", Last(env, OH_JSVM_StrictEquals(env, nullptr, five, &equal)));
  out.Set("strictEqualsNullRhs", Last(env, OH_JSVM_StrictEquals(env, five, nullptr, &equal)));
  out.Set("strictEqualsNullResult", Last(env, OH_JSVM_StrictEquals(env, five, five, nullptr)));
}

// ---------------------------------------------------------------------------
// Symbols.
// ---------------------------------------------------------------------------

struct WellKnown {
  const char* name;
  JSVM_Status (*get)(JSVM_Env, JSVM_Value*);
  const char* js;
};

const WellKnown kWellKnown[] = {
    {"AsyncIterator", OH_JSVM_GetSymbolAsyncIterator, "Symbol.asyncIterator"},
    {"HasInstance", OH_JSVM_GetSymbolHasInstance, "Symbol.hasInstance"},
    {"IsConcatSpreadable", OH_JSVM_GetSymbolIsConcatSpreadable, "Symbol.isConcatSpreadable"},
    {"Match", OH_JSVM_GetSymbolMatch, "Symbol.match"},
    {"Replace", OH_JSVM_GetSymbolReplace, "Symbol.replace"},
    {"Search", OH_JSVM_GetSymbolSearch, "Symbol.search"},
    {"Split", OH_JSVM_GetSymbolSplit, "Symbol.split"},
    {"ToPrimitive", OH_JSVM_GetSymbolToPrimitive, "Symbol.toPrimitive"},
    {"Unscopables", OH_JSVM_GetSymbolUnscopables, "Symbol.unscopables"},
    {"ToStringTag", OH_JSVM_GetSymbolToStringTag, "Symbol.toStringTag"},
    {"Iterator", OH_JSVM_GetSymbolIterator, "Symbol.iterator"},
};

void Symbols(const Napi::CallbackInfo& info, Report& out) {
  Session s;
  JSVM_Env env = s.env;
  JSVM_Value sym = nullptr, other = nullptr, none = nullptr;

  out.Set("create", Last(env, OH_JSVM_CreateSymbol(env, s.Str("described"), &sym)));
  OH_JSVM_CreateSymbol(env, s.Str("described"), &other);
  out.Set("createNoDescription", Last(env, OH_JSVM_CreateSymbol(env, nullptr, &none)));
  Expose(env, "sym", sym);
  Expose(env, "sameText", other);
  Expose(env, "none", none);
  out.Set("created", s.Eval("[typeof sym, sym.description, String(sym), sym === sameText, "
                            "sym === Symbol.for('described'), String(Symbol.keyFor(sym))].join('|')"));
  out.Set("createdNoDescription", s.Eval("[typeof none, String(none.description), String(none)].join('|')"));
  out.Set("usableAsKey", s.Eval("const o = { [sym]: 1 }; [o[sym], o[sameText], Object.keys(o).length, "
                                "Object.getOwnPropertySymbols(o).length].join('|')"));

  JSVM_Value number;
  OH_JSVM_CreateInt32(env, 7, &number);
  out.Set("createNumberDescription", Last(env, OH_JSVM_CreateSymbol(env, number, &sym)));
  out.Set("createSymbolDescription", Last(env, OH_JSVM_CreateSymbol(env, other, &sym)));
  out.Set("createNullResult", Last(env, OH_JSVM_CreateSymbol(env, nullptr, nullptr)));
  out.Set("createNullEnv", Last(nullptr, OH_JSVM_CreateSymbol(nullptr, nullptr, &sym)));

  // The global registry.
  JSVM_Value reg = nullptr, again = nullptr, cut = nullptr, empty = nullptr, utf8 = nullptr;
  out.Set("for", Last(env, OH_JSVM_SymbolFor(env, "registered", JSVM_AUTO_LENGTH, &reg)));
  OH_JSVM_SymbolFor(env, "registered", JSVM_AUTO_LENGTH, &again);
  out.Set("forCut", Last(env, OH_JSVM_SymbolFor(env, "registered-and-more", 10, &cut)));
  out.Set("forEmpty", Last(env, OH_JSVM_SymbolFor(env, nullptr, 0, &empty)));
  out.Set("forUtf8", Last(env, OH_JSVM_SymbolFor(env, "caf\xC3\xA9", JSVM_AUTO_LENGTH, &utf8)));
  Expose(env, "reg", reg);
  Expose(env, "again", again);
  Expose(env, "cut", cut);
  Expose(env, "empty", empty);
  Expose(env, "utf8", utf8);
  out.Set("registered", s.Eval("[typeof reg, reg === Symbol.for('registered'), reg === again, "
                               "Symbol.keyFor(reg), reg.description].join('|')"));
  out.Set("registeredCut", s.Eval("[cut === reg, Symbol.keyFor(cut)].join('|')"));
  out.Set("registeredEmpty", s.Eval("[empty === Symbol.for(''), JSON.stringify(Symbol.keyFor(empty))].join('|')"));
  out.Set("registeredUtf8", s.Eval("[utf8 === Symbol.for('caf\\u00e9'), Symbol.keyFor(utf8).length].join('|')"));
  out.Set("forNullWithLength", Last(env, OH_JSVM_SymbolFor(env, nullptr, 3, &sym)));
  out.Set("forTooLong", Last(env, OH_JSVM_SymbolFor(env, "x", static_cast<size_t>(INT32_MAX) + 1, &sym)));
  out.Set("forNullResult", Last(env, OH_JSVM_SymbolFor(env, "x", 1, nullptr)));
  out.Set("forNullEnv", Last(nullptr, OH_JSVM_SymbolFor(nullptr, "x", 1, &sym)));

  // The registry belongs to the VM: another env of it sees the same symbols.
  {
    JSVM_Env second = nullptr;
    JSVM_EnvScope second_scope = nullptr;
    OH_JSVM_CreateEnv(s.vm, 0, nullptr, &second);
    OH_JSVM_OpenEnvScope(second, &second_scope);
    JSVM_Value from_second = nullptr;
    OH_JSVM_SymbolFor(second, "registered", JSVM_AUTO_LENGTH, &from_second);
    bool same = false;
    OH_JSVM_StrictEquals(second, from_second, reg, &same);
    out.Set("otherEnvSameSymbol", same);
    Expose(second, "fromFirst", reg);
    out.Set("otherEnvSeesRegistry", EvalIn(second, "fromFirst === Symbol.for('registered')"));
    OH_JSVM_CloseEnvScope(second, second_scope);
    OH_JSVM_DestroyEnv(second);
  }

  // The well-known symbols.
  for (const WellKnown& w : kWellKnown) {
    JSVM_Value value = nullptr;
    std::string name = w.name;
    out.Set("wk:" + name, Last(env, w.get(env, &value)));
    Expose(env, "wk", value);
    out.Set("wk:" + name + ":js", s.Eval((std::string("typeof wk === 'symbol' && wk === ") + w.js).c_str()));
    out.Set("wk:" + name + ":nullResult", Last(env, w.get(env, nullptr)));
    out.Set("wk:" + name + ":nullEnv", Last(nullptr, w.get(nullptr, &value)));
  }
  // They are the ones the language uses: iteration through a native-made key.
  JSVM_Value iterator = nullptr, obj = Value(s, "({})"), gen = Value(s, "(function* () { yield 1; yield 2; })");
  OH_JSVM_GetSymbolIterator(env, &iterator);
  OH_JSVM_SetProperty(env, obj, iterator, gen);
  Expose(env, "iterable", obj);
  out.Set("iterateWithNativeKey", s.Eval("[...iterable].join(',')"));
  JSVM_Value tag = nullptr;
  OH_JSVM_GetSymbolToStringTag(env, &tag);
  JSVM_Value tagged = Value(s, "({})");
  OH_JSVM_SetProperty(env, tagged, tag, s.Str("Tagged"));
  Expose(env, "tagged", tagged);
  out.Set("toStringTagWithNativeKey", s.Eval("Object.prototype.toString.call(tagged)"));
}

// ---------------------------------------------------------------------------
// BigInt.
// ---------------------------------------------------------------------------

std::string WordsToString(const uint64_t* words, size_t count) {
  std::string text;
  for (size_t i = 0; i < count; ++i) text += (i ? "," : "") + std::to_string(words[i]);
  return text;
}

void Bigints(const Napi::CallbackInfo& info, Report& out) {
  Session s;
  JSVM_Env env = s.env;
  JSVM_Value v = nullptr;

  // Creation, checked through JS.
  out.Set("int64Min", Last(env, OH_JSVM_CreateBigintInt64(env, std::numeric_limits<int64_t>::min(), &v)));
  Expose(env, "v", v);
  out.Set("int64MinJs", s.Eval("typeof v + '|' + (v === -(2n ** 63n))"));
  OH_JSVM_CreateBigintInt64(env, -5, &v);
  Expose(env, "v", v);
  out.Set("int64MinusFiveJs", s.Eval("typeof v + '|' + (v === -5n)"));
  out.Set("uint64Max", Last(env, OH_JSVM_CreateBigintUint64(env, std::numeric_limits<uint64_t>::max(), &v)));
  Expose(env, "v", v);
  out.Set("uint64MaxJs", s.Eval("typeof v + '|' + (v === 2n ** 64n - 1n)"));

  const uint64_t two_to_70[] = {0, 64};
  out.Set("words", Last(env, OH_JSVM_CreateBigintWords(env, 0, 2, two_to_70, &v)));
  Expose(env, "v", v);
  out.Set("wordsJs", s.Eval("typeof v + '|' + (v === 2n ** 70n)"));
  const uint64_t negative[] = {1, 1};
  OH_JSVM_CreateBigintWords(env, 1, 2, negative, &v);
  Expose(env, "v", v);
  out.Set("wordsNegativeJs", s.Eval("String(v === -(2n ** 64n + 1n))"));
  const uint64_t zero[] = {0};
  OH_JSVM_CreateBigintWords(env, 1, 1, zero, &v);
  Expose(env, "v", v);
  out.Set("wordsNegativeZeroJs", s.Eval("(v === 0n) + '|' + String(v)"));
  out.Set("wordsNoneNull", Last(env, OH_JSVM_CreateBigintWords(env, 0, 0, nullptr, &v)));
  out.Set("wordsNone", Last(env, OH_JSVM_CreateBigintWords(env, 0, 0, zero, &v)));
  Expose(env, "v", v);
  out.Set("wordsNoneJs", s.Eval("typeof v + '|' + (v === 0n)"));

  out.Set("int64NullResult", Last(env, OH_JSVM_CreateBigintInt64(env, 1, nullptr)));
  out.Set("int64NullEnv", Last(nullptr, OH_JSVM_CreateBigintInt64(nullptr, 1, &v)));
  out.Set("uint64NullResult", Last(env, OH_JSVM_CreateBigintUint64(env, 1, nullptr)));
  out.Set("uint64NullEnv", Last(nullptr, OH_JSVM_CreateBigintUint64(nullptr, 1, &v)));
  out.Set("wordsNullResult", Last(env, OH_JSVM_CreateBigintWords(env, 0, 1, zero, nullptr)));
  out.Set("wordsNullWords", Last(env, OH_JSVM_CreateBigintWords(env, 0, 2, nullptr, &v)));
  out.Set("wordsCountOverInt",
          Last(env, OH_JSVM_CreateBigintWords(env, 0, static_cast<size_t>(INT32_MAX) + 1, zero, &v)));
  out.Set("wordsNullEnv", Last(nullptr, OH_JSVM_CreateBigintWords(nullptr, 0, 1, zero, &v)));

  // More words than a BigInt may have (2^30 bits): V8 throws a RangeError. The
  // buffer is calloc'ed so that it is valid memory without being touched.
  const size_t too_many = (size_t{1} << 24) + 1;
  auto* huge = static_cast<uint64_t*>(std::calloc(too_many, sizeof(uint64_t)));
  v = nullptr;
  out.Set("wordsTooMany", Last(env, OH_JSVM_CreateBigintWords(env, 0, too_many, huge, &v)));
  std::free(huge);
  out.Set("wordsTooManyResultUntouched", v == nullptr);
  out.Set("wordsWhilePending", Last(env, OH_JSVM_CreateBigintWords(env, 0, 1, two_to_70, &v)));
  out.Set("wordsTooManyException", Pending(env));

  // Reading back as 64-bit integers, with the lossless flag.
  struct Read {
    const char* name;
    const char* source;
  };
  const Read reads[] = {
      {"minus42", "-42n"},          {"int64Max", "2n ** 63n - 1n"}, {"int64Min", "-(2n ** 63n)"},
      {"twoTo63", "2n ** 63n"},     {"twoTo64Plus7", "2n ** 64n + 7n"}, {"uint64Max", "2n ** 64n - 1n"},
      {"minusOne", "-1n"},          {"zero", "0n"},
  };
  for (const Read& r : reads) {
    JSVM_Value big = Value(s, r.source);
    int64_t i = 0;
    uint64_t u = 0;
    bool lossless_i = false, lossless_u = false;
    JSVM_Status si = OH_JSVM_GetValueBigintInt64(env, big, &i, &lossless_i);
    JSVM_Status su = OH_JSVM_GetValueBigintUint64(env, big, &u, &lossless_u);
    std::string name = r.name;
    out.Set("int64:" + name, si == JSVM_OK ? std::to_string(i) + (lossless_i ? " lossless" : " lossy")
                                           : "status " + std::to_string(si));
    out.Set("uint64:" + name, su == JSVM_OK ? std::to_string(u) + (lossless_u ? " lossless" : " lossy")
                                            : "status " + std::to_string(su));
  }
  // lossless is written both ways (a true left over is overwritten).
  {
    JSVM_Value big = Value(s, "2n ** 70n");
    int64_t i = 0;
    bool lossless = true;
    OH_JSVM_GetValueBigintInt64(env, big, &i, &lossless);
    out.Set("losslessOverwritten", !lossless);
  }

  JSVM_Value number = Value(s, "42"), boxed = Value(s, "Object(42n)"), big = Value(s, "42n");
  int64_t i64 = 0;
  uint64_t u64 = 0;
  bool lossless = false;
  out.Set("int64FromNumber", Last(env, OH_JSVM_GetValueBigintInt64(env, number, &i64, &lossless)));
  out.Set("int64FromBoxed", Last(env, OH_JSVM_GetValueBigintInt64(env, boxed, &i64, &lossless)));
  out.Set("uint64FromNumber", Last(env, OH_JSVM_GetValueBigintUint64(env, number, &u64, &lossless)));
  out.Set("int64NullValue", Last(env, OH_JSVM_GetValueBigintInt64(env, nullptr, &i64, &lossless)));
  out.Set("int64NullOut", Last(env, OH_JSVM_GetValueBigintInt64(env, big, nullptr, &lossless)));
  out.Set("int64NullLossless", Last(env, OH_JSVM_GetValueBigintInt64(env, big, &i64, nullptr)));
  out.Set("getInt64NullEnv", Last(nullptr, OH_JSVM_GetValueBigintInt64(nullptr, big, &i64, &lossless)));
  out.Set("uint64NullValue", Last(env, OH_JSVM_GetValueBigintUint64(env, nullptr, &u64, &lossless)));
  out.Set("uint64NullOut", Last(env, OH_JSVM_GetValueBigintUint64(env, big, nullptr, &lossless)));
  out.Set("uint64NullLossless", Last(env, OH_JSVM_GetValueBigintUint64(env, big, &u64, nullptr)));
  out.Set("getUint64NullEnv", Last(nullptr, OH_JSVM_GetValueBigintUint64(nullptr, big, &u64, &lossless)));

  // Reading back as words: length query, full copy, truncation.
  const uint64_t kSentinel = 0xAAAAAAAAAAAAAAAAull;
  JSVM_Value wide = Value(s, "-(2n ** 128n + 5n)");
  int sign = -1;
  size_t count = 99;
  out.Set("wordsQuery", Last(env, OH_JSVM_GetValueBigintWords(env, wide, nullptr, &count, nullptr)));
  out.Set("wordsQueryCount", static_cast<double>(count));
  uint64_t words[4] = {kSentinel, kSentinel, kSentinel, kSentinel};
  count = 4;
  out.Set("wordsFull", Last(env, OH_JSVM_GetValueBigintWords(env, wide, &sign, &count, words)));
  out.Set("wordsFullCount", static_cast<double>(count));
  out.Set("wordsFullSign", sign);
  out.Set("wordsFullWords", WordsToString(words, 3));
  out.Set("wordsFullSpareUntouched", words[3] == kSentinel);
  // Round trip through CreateBigintWords.
  JSVM_Value back = nullptr;
  OH_JSVM_CreateBigintWords(env, sign, count, words, &back);
  Expose(env, "back", back);
  out.Set("wordsRoundTrip", s.Eval("String(back === -(2n ** 128n + 5n))"));

  uint64_t few[3] = {kSentinel, kSentinel, kSentinel};
  count = 2;
  sign = -1;
  out.Set("wordsTruncated", Last(env, OH_JSVM_GetValueBigintWords(env, wide, &sign, &count, few)));
  out.Set("wordsTruncatedCount", static_cast<double>(count));
  out.Set("wordsTruncatedSign", sign);
  out.Set("wordsTruncatedWords", WordsToString(few, 2));
  out.Set("wordsTruncatedBeyondUntouched", few[2] == kSentinel);

  JSVM_Value positive = Value(s, "2n ** 64n");
  uint64_t two[2] = {kSentinel, kSentinel};
  count = 2;
  sign = -1;
  OH_JSVM_GetValueBigintWords(env, positive, &sign, &count, two);
  out.Set("wordsPositive", std::to_string(sign) + "|" + std::to_string(count) + "|" + WordsToString(two, count));
  JSVM_Value zero_value = Value(s, "0n");
  count = 99;
  OH_JSVM_GetValueBigintWords(env, zero_value, nullptr, &count, nullptr);
  out.Set("wordsZeroQuery", static_cast<double>(count));

  out.Set("wordsOfNumber", Last(env, OH_JSVM_GetValueBigintWords(env, number, &sign, &count, words)));
  out.Set("wordsOfNumberQuery", Last(env, OH_JSVM_GetValueBigintWords(env, number, nullptr, &count, nullptr)));
  out.Set("wordsNullValue", Last(env, OH_JSVM_GetValueBigintWords(env, nullptr, &sign, &count, words)));
  out.Set("wordsNullCount", Last(env, OH_JSVM_GetValueBigintWords(env, wide, &sign, nullptr, words)));
  count = 4;
  out.Set("wordsNullSign", Last(env, OH_JSVM_GetValueBigintWords(env, wide, nullptr, &count, words)));
  out.Set("getWordsNullEnv", Last(nullptr, OH_JSVM_GetValueBigintWords(nullptr, wide, &sign, &count, words)));

  // CoerceToBigInt: ECMAScript ToBigInt.
  const Read coercions[] = {
      {"string", "'123'"},     {"hexString", "' 0x1f '"},  {"emptyString", "''"},
      {"true", "true"},        {"bigint", "-9n"},          {"valueOf", "({ valueOf() { return 7n; } })"},
      {"array", "['8']"},
  };
  for (const Read& c : coercions) {
    JSVM_Value input = Value(s, c.source), result = nullptr;
    JSVM_Status status = OH_JSVM_CoerceToBigInt(env, input, &result);
    Expose(env, "v", result);
    out.Set(std::string("coerce:") + c.name,
            status == JSVM_OK ? s.Eval("typeof v + ' ' + String(v)") : "status " + std::to_string(status));
  }
  const Read refused[] = {
      {"number", "42"},
      {"undefined", "undefined"},
      {"null", "null"},
      {"symbol", "Symbol('s')"},
      {"notDigits", "'12abc'"},
      {"fraction", "'1.5'"},
      {"throwingValueOf", "({ valueOf() { throw new EvalError('no primitive'); } })"},
  };
  for (const Read& c : refused) {
    JSVM_Value input = Value(s, c.source), result = nullptr;
    std::string name = std::string("coerceRefused:") + c.name;
    out.Set(name, Last(env, OH_JSVM_CoerceToBigInt(env, input, &result)));
    out.Set(name + ":exception", Pending(env));
  }
  JSVM_Value result = nullptr;
  out.Set("coerceNullValue", Last(env, OH_JSVM_CoerceToBigInt(env, nullptr, &result)));
  out.Set("coerceNullResult", Last(env, OH_JSVM_CoerceToBigInt(env, big, nullptr)));
  out.Set("coerceNullEnv", Last(nullptr, OH_JSVM_CoerceToBigInt(nullptr, big, &result)));
  OH_JSVM_ThrowError(env, nullptr, "earlier");
  out.Set("coerceWhilePending", Last(env, OH_JSVM_CoerceToBigInt(env, big, &result)));
  out.Set("coerceWhilePendingException", Pending(env));
}

// ---------------------------------------------------------------------------
// External strings.
// ---------------------------------------------------------------------------

struct FinalizeLog {
  int calls = 0;
  void* data = nullptr;
  void* hint = nullptr;
};

// Runs when V8 releases the string, possibly after the env is gone: only records.
void RecordRelease(JSVM_Env env, void* data, void* hint) {
  auto* log = static_cast<FinalizeLog*>(hint);
  log->calls++;
  log->data = data;
  log->hint = hint;
}

void ExternalStrings(const Napi::CallbackInfo& info, Report& out) {
  static char latin1[] = "caf\xE9 au lait";
  static char latin1_cut[] = "external-and-cut";
  static char16_t utf16[] = u"gr\u00fc\u00dfe \U0001F600";
  static char latin1_empty[] = "";
  static char collected_text[] = "collected early";
  FinalizeLog latin1_log, cut_log, utf16_log, empty_log, collected_log, after_gc_log;
  int latin1_before = -1, utf16_before = -1, collected_after_gc = -1;
  {
    Session s;
    JSVM_Env env = s.env;
    JSVM_Value v = nullptr;
    bool copied = true;

    out.Set("latin1",
            Last(env, OH_JSVM_CreateExternalStringLatin1(env, latin1, JSVM_AUTO_LENGTH, RecordRelease, &latin1_log, &v,
                                                         &copied)));
    out.Set("latin1Copied", copied);
    Expose(env, "ext", v);
    out.Set("latin1Js", s.Eval("[typeof ext, ext.length, ext === 'caf\\u00e9 au lait', ext.charCodeAt(3), "
                               "ext.toUpperCase(), (ext + '!').length].join('|')"));
    JSVM_Value cut = nullptr;
    copied = true;
    out.Set("latin1Cut",
            Last(env, OH_JSVM_CreateExternalStringLatin1(env, latin1_cut, 8, RecordRelease, &cut_log, &cut, &copied)));
    out.Set("latin1CutCopied", copied);
    Expose(env, "cut", cut);
    out.Set("latin1CutJs", s.Eval("cut + '|' + cut.length"));

    JSVM_Value w = nullptr;
    copied = true;
    out.Set("utf16",
            Last(env, OH_JSVM_CreateExternalStringUtf16(env, utf16, JSVM_AUTO_LENGTH, RecordRelease, &utf16_log, &w,
                                                        &copied)));
    out.Set("utf16Copied", copied);
    Expose(env, "wide", w);
    out.Set("utf16Js", s.Eval("[typeof wide, wide.length, wide === 'gr\\u00fc\\u00dfe \\u{1F600}', "
                              "wide.codePointAt(6).toString(16)].join('|')"));
    JSVM_Value w_cut = nullptr;
    out.Set("utf16Cut", Last(env, OH_JSVM_CreateExternalStringUtf16(env, utf16, 3, nullptr, nullptr, &w_cut, nullptr)));
    Expose(env, "wideCut", w_cut);
    out.Set("utf16CutJs", s.Eval("wideCut + '|' + wideCut.length"));
    // The native side reads back what JS sees.
    out.Set("latin1ReadBack", s.ToString(v));

    JSVM_Value e = nullptr;
    out.Set("latin1Empty",
            Last(env, OH_JSVM_CreateExternalStringLatin1(env, latin1_empty, 0, RecordRelease, &empty_log, &e,
                                                         nullptr)));
    Expose(env, "emptyExt", e);
    out.Set("latin1EmptyJs", s.Eval("typeof emptyExt + '|' + emptyExt.length"));

    // A string no handle keeps alive is released by a full collection.
    {
      JSVM_HandleScope scope;
      OH_JSVM_OpenHandleScope(env, &scope);
      JSVM_Value dropped = nullptr;
      OH_JSVM_CreateExternalStringLatin1(env, collected_text, JSVM_AUTO_LENGTH, RecordRelease, &collected_log,
                                         &dropped, nullptr);
      OH_JSVM_CloseHandleScope(env, scope);
    }
    s.Eval("gc(); gc();");
    collected_after_gc = collected_log.calls;

    // Bad input: nothing is created, no finalizer runs.
    out.Set("latin1NullStr",
            Last(env, OH_JSVM_CreateExternalStringLatin1(env, nullptr, 3, RecordRelease, &after_gc_log, &v, &copied)));
    out.Set("latin1NullResult",
            Last(env, OH_JSVM_CreateExternalStringLatin1(env, latin1, JSVM_AUTO_LENGTH, RecordRelease, &after_gc_log,
                                                         nullptr, &copied)));
    out.Set("latin1NullEnv", Last(nullptr, OH_JSVM_CreateExternalStringLatin1(nullptr, latin1, JSVM_AUTO_LENGTH,
                                                                               RecordRelease, &after_gc_log, &v,
                                                                               &copied)));
    out.Set("utf16NullStr",
            Last(env, OH_JSVM_CreateExternalStringUtf16(env, nullptr, 3, RecordRelease, &after_gc_log, &v, &copied)));
    out.Set("utf16NullResult",
            Last(env, OH_JSVM_CreateExternalStringUtf16(env, utf16, JSVM_AUTO_LENGTH, RecordRelease, &after_gc_log,
                                                        nullptr, &copied)));
    out.Set("utf16NullEnv", Last(nullptr, OH_JSVM_CreateExternalStringUtf16(nullptr, utf16, JSVM_AUTO_LENGTH,
                                                                             RecordRelease, &after_gc_log, &v,
                                                                             &copied)));

    // Still referenced from the global object: not released yet.
    latin1_before = latin1_log.calls;
    utf16_before = utf16_log.calls;
  }
  out.Set("latin1CallsBeforeDestroy", latin1_before);
  out.Set("utf16CallsBeforeDestroy", utf16_before);
  out.Set("latin1Calls", latin1_log.calls);
  out.Set("latin1FinalizeData", latin1_log.data == latin1);
  out.Set("latin1FinalizeHint", latin1_log.hint == &latin1_log);
  out.Set("latin1CutCalls", cut_log.calls);
  out.Set("latin1CutFinalizeData", cut_log.data == latin1_cut);
  out.Set("utf16Calls", utf16_log.calls);
  out.Set("utf16FinalizeData", utf16_log.data == utf16);
  out.Set("emptyCalls", empty_log.calls);
  out.Set("collectedAfterGc", collected_after_gc);
  out.Set("collectedCalls", collected_log.calls);
  out.Set("collectedFinalizeData", collected_log.data == collected_text);
  out.Set("badInputCalls", after_gc_log.calls);
}

// ---------------------------------------------------------------------------
// Proxy.
// ---------------------------------------------------------------------------

void Proxies(const Napi::CallbackInfo& info, Report& out) {
  Session s;
  JSVM_Env env = s.env;
  JSVM_Value target = Value(s, "({ a: 1 })");
  JSVM_Value handler = Value(s, "({ get(t, k, r) { return k === 'b' ? 'trapped' : Reflect.get(t, k, r); }, "
                                "set(t, k, v) { t[k] = v * 2; return true; } })");
  JSVM_Value proxy = nullptr, got = nullptr;
  out.Set("create", Last(env, OH_JSVM_CreateProxy(env, target, handler, &proxy)));
  Expose(env, "target", target);
  Expose(env, "proxy", proxy);
  out.Set("createdJs", s.Eval("proxy.x = 5; [typeof proxy, proxy.a, proxy.b, target.x, proxy === target].join('|')"));
  bool is_proxy = false;
  OH_JSVM_IsProxy(env, proxy, &is_proxy);
  out.Set("isProxy", is_proxy);
  out.Set("getTarget", Last(env, OH_JSVM_ProxyGetTarget(env, proxy, &got)));
  Expose(env, "got", got);
  out.Set("getTargetJs", s.Eval("String(got === target)"));

  JSVM_Value fn_target = Value(s, "(function (x) { return x + 1; })"), empty_handler = Value(s, "({})");
  JSVM_Value fn_proxy = nullptr;
  out.Set("createFunctionProxy", Last(env, OH_JSVM_CreateProxy(env, fn_target, empty_handler, &fn_proxy)));
  Expose(env, "fnProxy", fn_proxy);
  out.Set("functionProxyJs", s.Eval("typeof fnProxy + '|' + fnProxy(41)"));

  // A proxy of a proxy: the target is the inner proxy.
  JSVM_Value outer = nullptr, inner_target = nullptr;
  OH_JSVM_CreateProxy(env, proxy, empty_handler, &outer);
  out.Set("getTargetNested", Last(env, OH_JSVM_ProxyGetTarget(env, outer, &inner_target)));
  Expose(env, "innerTarget", inner_target);
  out.Set("getTargetNestedJs", s.Eval("(innerTarget === proxy) + '|' + (innerTarget === target)"));

  // A revoked proxy has no target left.
  JSVM_Value revoked = Value(s, "(() => { const r = Proxy.revocable({}, {}); r.revoke(); return r.proxy; })()");
  JSVM_Value revoked_target = nullptr;
  out.Set("getTargetRevoked", Last(env, OH_JSVM_ProxyGetTarget(env, revoked, &revoked_target)));
  out.Set("getTargetRevokedValue", s.ToString(revoked_target));

  JSVM_Value number = Value(s, "1"), text = Value(s, "'handler'"), null_value = Value(s, "null");
  out.Set("createNumberTarget", Last(env, OH_JSVM_CreateProxy(env, number, handler, &proxy)));
  out.Set("createStringHandler", Last(env, OH_JSVM_CreateProxy(env, target, text, &proxy)));
  out.Set("createJsNullHandler", Last(env, OH_JSVM_CreateProxy(env, target, null_value, &proxy)));
  out.Set("createRefusedLeavesNoException", Pending(env));
  out.Set("createNullTarget", Last(env, OH_JSVM_CreateProxy(env, nullptr, handler, &proxy)));
  out.Set("createNullHandler", Last(env, OH_JSVM_CreateProxy(env, target, nullptr, &proxy)));
  out.Set("createNullResult", Last(env, OH_JSVM_CreateProxy(env, target, handler, nullptr)));
  out.Set("createNullEnv", Last(nullptr, OH_JSVM_CreateProxy(nullptr, target, handler, &proxy)));

  out.Set("getTargetOfObject", Last(env, OH_JSVM_ProxyGetTarget(env, target, &got)));
  out.Set("getTargetOfNumber", Last(env, OH_JSVM_ProxyGetTarget(env, number, &got)));
  out.Set("getTargetNullValue", Last(env, OH_JSVM_ProxyGetTarget(env, nullptr, &got)));
  out.Set("getTargetNullResult", Last(env, OH_JSVM_ProxyGetTarget(env, proxy, nullptr)));
  out.Set("getTargetNullEnv", Last(nullptr, OH_JSVM_ProxyGetTarget(nullptr, proxy, &got)));
}

// ---------------------------------------------------------------------------
// JSON.
// ---------------------------------------------------------------------------

void Json(const Napi::CallbackInfo& info, Report& out) {
  Session s;
  JSVM_Env env = s.env;
  JSVM_Value parsed = nullptr, text = nullptr;

  out.Set("parse",
          Last(env, OH_JSVM_JsonParse(env, s.Str(R"({"a":[1,2,{"b":null}],"c":"x","d":1.5e3,"e":true})"), &parsed)));
  Expose(env, "parsed", parsed);
  out.Set("parsedJs", s.Eval("[typeof parsed, Array.isArray(parsed.a), parsed.a.length, parsed.a[2].b === null, "
                             "parsed.c, parsed.d, parsed.e === true, Object.keys(parsed).join('')].join('|')"));
  OH_JSVM_JsonParse(env, s.Str(" \"just text\" "), &parsed);
  Expose(env, "parsed", parsed);
  out.Set("parsedString", s.Eval("typeof parsed + '|' + parsed"));
  OH_JSVM_JsonParse(env, s.Str("-0.25"), &parsed);
  Expose(env, "parsed", parsed);
  out.Set("parsedNumber", s.Eval("typeof parsed + '|' + parsed"));

  out.Set("parseBad", Last(env, OH_JSVM_JsonParse(env, s.Str("{bad json"), &parsed)));
  out.Set("parseWhilePending", Last(env, OH_JSVM_JsonParse(env, s.Str("1"), &parsed)));
  out.Set("parseBadException", Pending(env));
  out.Set("parseTrailingComma", Last(env, OH_JSVM_JsonParse(env, s.Str("[1,]"), &parsed)));
  out.Set("parseTrailingCommaException", Pending(env));
  out.Set("parseEmpty", Last(env, OH_JSVM_JsonParse(env, s.Str(""), &parsed)));
  out.Set("parseEmptyException", Pending(env));
  out.Set("parseNumberValue", Last(env, OH_JSVM_JsonParse(env, Value(s, "42"), &parsed)));
  out.Set("parseObjectValue", Last(env, OH_JSVM_JsonParse(env, Value(s, "({})"), &parsed)));
  out.Set("parseNullValue", Last(env, OH_JSVM_JsonParse(env, nullptr, &parsed)));
  out.Set("parseNullResult", Last(env, OH_JSVM_JsonParse(env, s.Str("1"), nullptr)));
  out.Set("parseNullEnv", Last(nullptr, OH_JSVM_JsonParse(nullptr, s.Str("1"), &parsed)));

  JSVM_Value plain = Value(s, "({ a: 1, b: [true, null, 'q\"'], u: undefined, f() {}, n: { m: -0 } })");
  out.Set("stringify", Last(env, OH_JSVM_JsonStringify(env, plain, &text)));
  out.Set("stringified", s.ToString(text));
  JSVM_ValueType type = JSVM_UNDEFINED;
  OH_JSVM_Typeof(env, text, &type);
  out.Set("stringifiedType", static_cast<double>(type));
  OH_JSVM_JsonStringify(env, Value(s, "({ toJSON() { return { via: 'toJSON' }; } })"), &text);
  out.Set("stringifiedToJson", s.ToString(text));
  OH_JSVM_JsonStringify(env, Value(s, "'a\\nb'"), &text);
  out.Set("stringifiedString", s.ToString(text));
  OH_JSVM_JsonStringify(env, Value(s, "new Date(0)"), &text);
  out.Set("stringifiedDate", s.ToString(text));
  text = nullptr;
  out.Set("stringifyUndefined", Last(env, OH_JSVM_JsonStringify(env, Value(s, "undefined"), &text)));
  Expose(env, "text", text);
  out.Set("stringifiedUndefined", s.Eval("typeof text + '|' + String(text)"));
  text = nullptr;
  out.Set("stringifyFunction", Last(env, OH_JSVM_JsonStringify(env, Value(s, "(function () {})"), &text)));
  Expose(env, "text", text);
  out.Set("stringifiedFunction", s.Eval("typeof text + '|' + String(text)"));

  text = nullptr;
  OH_JSVM_JsonStringify(env, Value(s, "({ toJSON() { return undefined; } })"), &text);
  Expose(env, "text", text);
  out.Set("stringifiedToJsonUndefined", s.Eval("typeof text"));
  text = nullptr;
  OH_JSVM_JsonStringify(env, Value(s, "Symbol('s')"), &text);
  Expose(env, "text", text);
  out.Set("stringifiedSymbol", s.Eval("typeof text"));
  OH_JSVM_JsonStringify(env, s.Str("undefined"), &text);
  out.Set("stringifiedUndefinedText", s.ToString(text));
  OH_JSVM_JsonStringify(env, Value(s, "[undefined]"), &text);
  out.Set("stringifiedUndefinedInArray", s.ToString(text));

  out.Set("stringifyCircular",
          Last(env, OH_JSVM_JsonStringify(env, Value(s, "(() => { const o = {}; o.self = o; return o; })()"), &text)));
  out.Set("stringifyCircularException", Pending(env));
  out.Set("stringifyBigInt", Last(env, OH_JSVM_JsonStringify(env, Value(s, "({ n: 1n })"), &text)));
  out.Set("stringifyBigIntException", Pending(env));
  out.Set("stringifyToJsonThrows",
          Last(env, OH_JSVM_JsonStringify(env, Value(s, "({ toJSON() { throw new URIError('toJSON refused'); } })"),
                                          &text)));
  out.Set("stringifyToJsonThrowsException", Pending(env));
  out.Set("stringifyNullValue", Last(env, OH_JSVM_JsonStringify(env, nullptr, &text)));
  out.Set("stringifyNullResult", Last(env, OH_JSVM_JsonStringify(env, Value(s, "1"), nullptr)));
  out.Set("stringifyNullEnv", Last(nullptr, OH_JSVM_JsonStringify(nullptr, Value(s, "1"), &text)));

  // Round trip.
  JSVM_Value round = nullptr;
  OH_JSVM_JsonStringify(env, Value(s, "({ list: [1, 'two', { three: 3 }] })"), &text);
  OH_JSVM_JsonParse(env, text, &round);
  Expose(env, "round", round);
  out.Set("roundTrip", s.Eval("round.list[2].three + '|' + round.list[1]"));
}

// ---------------------------------------------------------------------------
// Date.
// ---------------------------------------------------------------------------

void Dates(const Napi::CallbackInfo& info, Report& out) {
  Session s;
  JSVM_Env env = s.env;
  JSVM_Value date = nullptr;

  out.Set("create", Last(env, OH_JSVM_CreateDate(env, 1234567890123.0, &date)));
  Expose(env, "d", date);
  out.Set("createdJs", s.Eval("[d instanceof Date, d.getTime(), d.toISOString()].join('|')"));
  bool is_date = false;
  OH_JSVM_IsDate(env, date, &is_date);
  out.Set("isDate", is_date);
  double time = 0;
  out.Set("getValue", Last(env, OH_JSVM_GetDateValue(env, date, &time)));
  out.Set("value", time);

  // The time value is clipped as the Date constructor clips it.
  OH_JSVM_CreateDate(env, 1.9, &date);
  Expose(env, "d", date);
  out.Set("fractionJs", s.Eval("String(d.getTime())"));
  OH_JSVM_CreateDate(env, -1.9, &date);
  Expose(env, "d", date);
  out.Set("negativeFractionJs", s.Eval("String(d.getTime())"));
  OH_JSVM_CreateDate(env, -86400000.0, &date);
  Expose(env, "d", date);
  out.Set("beforeEpochJs", s.Eval("d.toISOString()"));
  OH_JSVM_CreateDate(env, 8.64e15, &date);
  Expose(env, "d", date);
  out.Set("maxJs", s.Eval("d.getTime() + '|' + d.toISOString()"));
  out.Set("createBeyondMax", Last(env, OH_JSVM_CreateDate(env, 8.64e15 + 1, &date)));
  Expose(env, "d", date);
  out.Set("beyondMaxJs", s.Eval("String(d.getTime()) + '|' + String(d)"));
  out.Set("createNaN", Last(env, OH_JSVM_CreateDate(env, std::nan(""), &date)));
  Expose(env, "d", date);
  out.Set("nanJs", s.Eval("(d instanceof Date) + '|' + String(d.getTime())"));
  time = 0;
  out.Set("getValueNaN", Last(env, OH_JSVM_GetDateValue(env, date, &time)));
  out.Set("valueNaN", time);
  OH_JSVM_CreateDate(env, std::numeric_limits<double>::infinity(), &date);
  Expose(env, "d", date);
  out.Set("infinityJs", s.Eval("String(d.getTime())"));

  JSVM_Value from_js = Value(s, "new Date(Date.UTC(2020, 0, 2, 3, 4, 5, 6))");
  out.Set("getValueFromJs", Last(env, OH_JSVM_GetDateValue(env, from_js, &time)));
  out.Set("valueFromJs", time);
  JSVM_Value subclass = Value(s, "new (class MyDate extends Date {})(42)");
  out.Set("getValueSubclass", Last(env, OH_JSVM_GetDateValue(env, subclass, &time)));
  out.Set("valueSubclass", time);

  out.Set("getValueOfNumber", Last(env, OH_JSVM_GetDateValue(env, Value(s, "1234"), &time)));
  out.Set("getValueOfObject", Last(env, OH_JSVM_GetDateValue(env, Value(s, "({ getTime() { return 1; } })"), &time)));
  out.Set("getValueOfString", Last(env, OH_JSVM_GetDateValue(env, Value(s, "'2020-01-01'"), &time)));
  out.Set("getValueNullValue", Last(env, OH_JSVM_GetDateValue(env, nullptr, &time)));
  out.Set("getValueNullResult", Last(env, OH_JSVM_GetDateValue(env, from_js, nullptr)));
  out.Set("getValueNullEnv", Last(nullptr, OH_JSVM_GetDateValue(nullptr, from_js, &time)));
  out.Set("createNullResult", Last(env, OH_JSVM_CreateDate(env, 0, nullptr)));
  out.Set("createNullEnv", Last(nullptr, OH_JSVM_CreateDate(nullptr, 0, &date)));
}

// ---------------------------------------------------------------------------
// RegExp.
// ---------------------------------------------------------------------------

void RegExps(const Napi::CallbackInfo& info, Report& out) {
  Session s;
  JSVM_Env env = s.env;
  JSVM_Value re = nullptr;

  out.Set("create",
          Last(env, OH_JSVM_CreateRegExp(env, s.Str("a+b"),
                                         static_cast<JSVM_RegExpFlags>(JSVM_REGEXP_GLOBAL | JSVM_REGEXP_IGNORE_CASE),
                                         &re)));
  Expose(env, "re", re);
  out.Set("createdJs", s.Eval("[re instanceof RegExp, re.source, re.flags, re.global, re.ignoreCase, "
                              "'xAAB aab ab'.match(re).join(',')].join('|')"));
  bool is_regexp = false;
  OH_JSVM_IsRegExp(env, re, &is_regexp);
  out.Set("isRegExp", is_regexp);

  struct FlagCase {
    const char* name;
    int flags;
  };
  const FlagCase cases[] = {
      {"none", JSVM_REGEXP_NONE},
      {"multiline", JSVM_REGEXP_MULTILINE},
      {"sticky", JSVM_REGEXP_STICKY},
      {"unicode", JSVM_REGEXP_UNICODE},
      {"dotAll", JSVM_REGEXP_DOT_ALL},
      {"hasIndices", JSVM_REGEXP_HAS_INDICES},
      {"unicodeSets", JSVM_REGEXP_UNICODE_SETS},
      {"linear", JSVM_REGEXP_LINEAR},
      {"mixed", JSVM_REGEXP_HAS_INDICES | JSVM_REGEXP_MULTILINE | JSVM_REGEXP_STICKY | JSVM_REGEXP_DOT_ALL},
  };
  for (const FlagCase& c : cases) {
    JSVM_Value r = nullptr;
    JSVM_Status status = OH_JSVM_CreateRegExp(env, s.Str("x"), static_cast<JSVM_RegExpFlags>(c.flags), &r);
    std::string exception = Pending(env);
    Expose(env, "r", r);
    out.Set(std::string("flags:") + c.name,
            status == JSVM_OK ? s.Eval("r.flags") : "status " + std::to_string(status) + " " + exception);
  }
  // The flags change what the expression matches.
  JSVM_Value dot = nullptr;
  OH_JSVM_CreateRegExp(env, s.Str("^a.b$"), static_cast<JSVM_RegExpFlags>(JSVM_REGEXP_DOT_ALL | JSVM_REGEXP_MULTILINE),
                       &dot);
  Expose(env, "dot", dot);
  out.Set("dotAllMultilineJs", s.Eval("[dot.test('a\\nb'), dot.test('zz\\na\\rb')].join('|')"));
  JSVM_Value plain = nullptr;
  OH_JSVM_CreateRegExp(env, s.Str("^a.b$"), JSVM_REGEXP_NONE, &plain);
  Expose(env, "plain", plain);
  out.Set("plainJs", s.Eval("[plain.test('a\\nb'), plain.test('axb')].join('|')"));
  JSVM_Value linear = nullptr;
  OH_JSVM_CreateRegExp(env, s.Str("a+$"), JSVM_REGEXP_LINEAR, &linear);
  Expose(env, "linear", linear);
  out.Set("linearJs", s.Eval("[linear.test('baa'), linear.test('aab')].join('|')"));
  JSVM_Value escaped = nullptr;
  OH_JSVM_CreateRegExp(env, s.Str("a/b"), JSVM_REGEXP_NONE, &escaped);
  Expose(env, "escaped", escaped);
  out.Set("slashJs", s.Eval("String(escaped) + '|' + escaped.test('a/b')"));

  out.Set("badPattern", Last(env, OH_JSVM_CreateRegExp(env, s.Str("(unclosed"), JSVM_REGEXP_NONE, &re)));
  out.Set("createWhilePending", Last(env, OH_JSVM_CreateRegExp(env, s.Str("x"), JSVM_REGEXP_NONE, &re)));
  out.Set("badPatternException", Pending(env));
  re = nullptr;
  out.Set("unicodeAndUnicodeSets",
          Last(env, OH_JSVM_CreateRegExp(env, s.Str("x"),
                                         static_cast<JSVM_RegExpFlags>(JSVM_REGEXP_UNICODE | JSVM_REGEXP_UNICODE_SETS),
                                         &re)));
  out.Set("unicodeAndUnicodeSetsException", Pending(env));
  out.Set("unicodeAndUnicodeSetsNoResult", re == nullptr);
  out.Set("badUnicodeEscape", Last(env, OH_JSVM_CreateRegExp(env, s.Str("\\u{110000}"), JSVM_REGEXP_UNICODE, &re)));
  out.Set("badUnicodeEscapeException", Pending(env));

  out.Set("unknownBit", Last(env, OH_JSVM_CreateRegExp(env, s.Str("x"), static_cast<JSVM_RegExpFlags>(1 << 9), &re)));
  out.Set("unknownHighBit",
          Last(env, OH_JSVM_CreateRegExp(env, s.Str("x"), static_cast<JSVM_RegExpFlags>(JSVM_REGEXP_GLOBAL | (1 << 20)),
                                         &re)));
  out.Set("unknownBitLeavesNoException", Pending(env));
  out.Set("numberPattern", Last(env, OH_JSVM_CreateRegExp(env, Value(s, "12"), JSVM_REGEXP_NONE, &re)));
  out.Set("regexpPattern", Last(env, OH_JSVM_CreateRegExp(env, Value(s, "/x/"), JSVM_REGEXP_NONE, &re)));
  out.Set("nullPattern", Last(env, OH_JSVM_CreateRegExp(env, nullptr, JSVM_REGEXP_NONE, &re)));
  out.Set("nullResult", Last(env, OH_JSVM_CreateRegExp(env, s.Str("x"), JSVM_REGEXP_NONE, nullptr)));
  out.Set("nullEnv", Last(nullptr, OH_JSVM_CreateRegExp(nullptr, s.Str("x"), JSVM_REGEXP_NONE, &re)));
}

}  // namespace

void RegisterTypes(Napi::Env env, Napi::Object exports) {
  exports.Set("typeChecks", Scenario(env, TypeChecks));
  exports.Set("instanceofAndEquality", Scenario(env, InstanceofAndEquality));
  exports.Set("symbols", Scenario(env, Symbols));
  exports.Set("bigints", Scenario(env, Bigints));
  exports.Set("externalStrings", Scenario(env, ExternalStrings));
  exports.Set("proxies", Scenario(env, Proxies));
  exports.Set("json", Scenario(env, Json));
  exports.Set("dates", Scenario(env, Dates));
  exports.Set("regexps", Scenario(env, RegExps));
}

}  // namespace harness
