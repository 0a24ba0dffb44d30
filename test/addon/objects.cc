// Scenarios: property lists, properties by key and by index, descriptors,
// integrity levels, prototypes, Map and Set, private keys. See test/objects.spec.ts.
#include <string>
#include <vector>

#include "harness.h"

namespace harness {
namespace {

// Helpers every scenario of this file installs in its env.
const char* kPrelude = R"JS(
// One line per key: strings as they are, numbers as '#n', symbols as '@description'.
globalThis.describeKeys = (keys) => keys
  .map((k) => (typeof k === 'symbol' ? '@' + k.description : typeof k === 'number' ? '#' + k : k))
  .join('\n');
// A Proxy whose every trap throws "<trap> trap threw": shows which trap an operation used.
globalThis.throwingProxy = (target = {}) => new Proxy(target, new Proxy({}, {
  get: (_, trap) => () => { throw new Error(trap + ' trap threw'); },
}));
// Runs f; 'ok' or the class and message of what it threw.
globalThis.attempt = (f) => {
  try { f(); return 'ok'; } catch (e) { return e.constructor.name + ': ' + e.message; }
};
// An own property's descriptor as JSON: kind, value type and attributes.
globalThis.attrs = (o, k) => {
  const d = Object.getOwnPropertyDescriptor(o, k);
  if (!d) return 'none';
  return 'get' in d
    ? JSON.stringify({ kind: 'accessor', get: typeof d.get, set: typeof d.set, enumerable: d.enumerable,
      configurable: d.configurable })
    : JSON.stringify({ kind: 'data', type: typeof d.value, writable: d.writable, enumerable: d.enumerable,
      configurable: d.configurable });
};
'ready'
)JS";

// A session with the prelude installed.
struct ObjSession : Session {
  ObjSession() { prelude = Eval(kPrelude); }
  std::string prelude;

  void SetGlobal(const char* name, JSVM_Value value) {
    JSVM_Value global;
    OH_JSVM_GetGlobal(env, &global);
    OH_JSVM_SetNamedProperty(env, global, name, value);
  }
  JSVM_Value Js(const char* source) {
    JSVM_Value value = nullptr;
    if (Run(source, &value) != JSVM_OK) TakeException(env);
    return value;
  }
  // The keys of an array as describeKeys lists them.
  std::vector<std::string> Keys(JSVM_Value array) {
    if (array == nullptr) return {"<no result>"};
    SetGlobal("__keys", array);
    std::string text = Eval("describeKeys(__keys)");
    std::vector<std::string> keys;
    if (text.empty()) return keys;
    size_t start = 0;
    while (true) {
      size_t end = text.find('\n', start);
      keys.push_back(text.substr(start, end == std::string::npos ? std::string::npos : end - start));
      if (end == std::string::npos) break;
      start = end + 1;
    }
    return keys;
  }
  // String form of a value as JS sees it (symbols included).
  std::string Show(JSVM_Value value) {
    if (value == nullptr) return "<no result>";
    SetGlobal("__shown", value);
    return Eval("typeof __shown === 'symbol' ? __shown.toString() : typeof __shown + ':' + String(__shown)");
  }
  // Whether two values are the same JS value.
  bool Same(JSVM_Value a, JSVM_Value b) {
    bool same = false;
    if (a == nullptr || b == nullptr) return false;
    OH_JSVM_StrictEquals(env, a, b, &same);
    return same;
  }
};

JSVM_Value Int(JSVM_Env env, int32_t n) {
  JSVM_Value value;
  OH_JSVM_CreateInt32(env, n, &value);
  return value;
}

// ---------------------------------------------------------------------------

const char* kKeysFixture = R"JS(
globalThis.proto = Object.create(null);
proto.p = 1;
proto[7] = 1;
proto.b = 1;
proto.shadow = 1;
Object.defineProperty(proto, 'pHidden', { value: 1, writable: true, enumerable: false, configurable: true });
proto[Symbol('pSym')] = 1;
globalThis.o = Object.create(proto);
o.b = 1;
o[2] = 1;
o.a = 1;
o[Symbol('sym')] = 1;
o[1] = 1;
Object.defineProperty(o, 'ro', { value: 1, writable: false, enumerable: true, configurable: true });
Object.defineProperty(o, 'hidden', { value: 1, writable: true, enumerable: false, configurable: true });
Object.defineProperty(o, 'fixed', { value: 1, writable: true, enumerable: true, configurable: false });
Object.defineProperty(o, 'locked', { value: 1, writable: false, enumerable: false, configurable: false });
Object.defineProperty(o, 'shadow', { value: 1, writable: true, enumerable: false, configurable: true });
Object.defineProperty(o, Symbol('hiddenSym'), { value: 1, writable: true, enumerable: false, configurable: true });
o
)JS";

void PropertyNames(const Napi::CallbackInfo& info, Report& out) {
  ObjSession s;
  JSVM_Env env = s.env;
  out.Set("prelude", s.prelude);
  JSVM_Value o = s.Js(kKeysFixture);
  JSVM_Value keys = nullptr;

  struct Case {
    const char* name;
    JSVM_KeyCollectionMode mode;
    int filter;
    JSVM_KeyConversion conversion;
  };
  const Case cases[] = {
      {"ownAll", JSVM_KEY_OWN_ONLY, JSVM_KEY_ALL_PROPERTIES, JSVM_KEY_KEEP_NUMBERS},
      {"ownAllStrings", JSVM_KEY_OWN_ONLY, JSVM_KEY_ALL_PROPERTIES, JSVM_KEY_NUMBERS_TO_STRINGS},
      {"ownWritable", JSVM_KEY_OWN_ONLY, JSVM_KEY_WRITABLE, JSVM_KEY_KEEP_NUMBERS},
      {"ownEnumerable", JSVM_KEY_OWN_ONLY, JSVM_KEY_ENUMERABLE, JSVM_KEY_KEEP_NUMBERS},
      {"ownConfigurable", JSVM_KEY_OWN_ONLY, JSVM_KEY_CONFIGURABLE, JSVM_KEY_KEEP_NUMBERS},
      {"ownSkipSymbols", JSVM_KEY_OWN_ONLY, JSVM_KEY_SKIP_SYMBOLS, JSVM_KEY_KEEP_NUMBERS},
      {"ownSkipStrings", JSVM_KEY_OWN_ONLY, JSVM_KEY_SKIP_STRINGS, JSVM_KEY_KEEP_NUMBERS},
      {"ownSkipBoth", JSVM_KEY_OWN_ONLY, JSVM_KEY_SKIP_STRINGS | JSVM_KEY_SKIP_SYMBOLS, JSVM_KEY_KEEP_NUMBERS},
      {"ownWritableEnumerableConfigurable", JSVM_KEY_OWN_ONLY,
       JSVM_KEY_WRITABLE | JSVM_KEY_ENUMERABLE | JSVM_KEY_CONFIGURABLE, JSVM_KEY_KEEP_NUMBERS},
      {"ownEnumerableStrings", JSVM_KEY_OWN_ONLY, JSVM_KEY_ENUMERABLE | JSVM_KEY_SKIP_SYMBOLS,
       JSVM_KEY_NUMBERS_TO_STRINGS},
      {"ownWritableConfigurableStrings", JSVM_KEY_OWN_ONLY,
       JSVM_KEY_WRITABLE | JSVM_KEY_CONFIGURABLE | JSVM_KEY_SKIP_SYMBOLS, JSVM_KEY_KEEP_NUMBERS},
      {"ownEnumerableSymbols", JSVM_KEY_OWN_ONLY, JSVM_KEY_ENUMERABLE | JSVM_KEY_SKIP_STRINGS,
       JSVM_KEY_KEEP_NUMBERS},
      {"protoAll", JSVM_KEY_INCLUDE_PROTOTYPES, JSVM_KEY_ALL_PROPERTIES, JSVM_KEY_KEEP_NUMBERS},
      {"protoAllStrings", JSVM_KEY_INCLUDE_PROTOTYPES, JSVM_KEY_ALL_PROPERTIES, JSVM_KEY_NUMBERS_TO_STRINGS},
      {"protoWritable", JSVM_KEY_INCLUDE_PROTOTYPES, JSVM_KEY_WRITABLE, JSVM_KEY_KEEP_NUMBERS},
      {"protoConfigurable", JSVM_KEY_INCLUDE_PROTOTYPES, JSVM_KEY_CONFIGURABLE, JSVM_KEY_KEEP_NUMBERS},
      {"protoEnumerableStrings", JSVM_KEY_INCLUDE_PROTOTYPES, JSVM_KEY_ENUMERABLE | JSVM_KEY_SKIP_SYMBOLS,
       JSVM_KEY_NUMBERS_TO_STRINGS},
      {"protoEnumerableNumbers", JSVM_KEY_INCLUDE_PROTOTYPES, JSVM_KEY_ENUMERABLE | JSVM_KEY_SKIP_SYMBOLS,
       JSVM_KEY_KEEP_NUMBERS},
      {"protoEnumerable", JSVM_KEY_INCLUDE_PROTOTYPES, JSVM_KEY_ENUMERABLE, JSVM_KEY_KEEP_NUMBERS},
      {"protoSkipStrings", JSVM_KEY_INCLUDE_PROTOTYPES, JSVM_KEY_SKIP_STRINGS, JSVM_KEY_KEEP_NUMBERS},
      {"protoSkipSymbols", JSVM_KEY_INCLUDE_PROTOTYPES, JSVM_KEY_SKIP_SYMBOLS, JSVM_KEY_KEEP_NUMBERS},
  };
  for (const Case& c : cases) {
    keys = nullptr;
    JSVM_Status status = OH_JSVM_GetAllPropertyNames(env, o, c.mode, static_cast<JSVM_KeyFilter>(c.filter),
                                                     c.conversion, &keys);
    out.Set(std::string(c.name) + "Status", Last(env, status));
    out.Set(c.name, s.Keys(keys));
  }
  out.Set("reflectOwnKeys", s.Eval("describeKeys(Reflect.ownKeys(o))"));
  out.Set("objectKeys", s.Eval("describeKeys(Object.keys(o))"));
  out.Set("forIn", s.Eval("(() => { const k = []; for (const x in o) k.push(x); return describeKeys(k); })()"));

  // GetPropertyNames: for...in's list.
  keys = nullptr;
  out.Set("getPropertyNames", Last(env, OH_JSVM_GetPropertyNames(env, o, &keys)));
  out.Set("propertyNames", s.Keys(keys));
  JSVM_Value arr = s.Js("[10, 20]");
  keys = nullptr;
  OH_JSVM_GetPropertyNames(env, arr, &keys);
  out.Set("arrayPropertyNames", s.Keys(keys));
  keys = nullptr;
  OH_JSVM_GetAllPropertyNames(env, arr, JSVM_KEY_OWN_ONLY, JSVM_KEY_ALL_PROPERTIES, JSVM_KEY_KEEP_NUMBERS, &keys);
  out.Set("arrayOwnAll", s.Keys(keys));
  JSVM_Value str = s.Str("ab");
  keys = nullptr;
  out.Set("stringPropertyNamesStatus", Last(env, OH_JSVM_GetPropertyNames(env, str, &keys)));
  out.Set("stringPropertyNames", s.Keys(keys));
  keys = nullptr;
  OH_JSVM_GetAllPropertyNames(env, str, JSVM_KEY_OWN_ONLY, JSVM_KEY_ALL_PROPERTIES, JSVM_KEY_NUMBERS_TO_STRINGS,
                              &keys);
  out.Set("stringOwnAll", s.Keys(keys));
  JSVM_Value proxy = s.Js("new Proxy({ x: 1, y: 2 }, { ownKeys: () => ['y', 'x', 'extra'] })");
  keys = nullptr;
  OH_JSVM_GetAllPropertyNames(env, proxy, JSVM_KEY_OWN_ONLY, JSVM_KEY_ALL_PROPERTIES, JSVM_KEY_KEEP_NUMBERS, &keys);
  out.Set("proxyOwnAll", s.Keys(keys));
  keys = nullptr;
  OH_JSVM_GetAllPropertyNames(env, proxy, JSVM_KEY_OWN_ONLY, JSVM_KEY_ENUMERABLE, JSVM_KEY_KEEP_NUMBERS, &keys);
  out.Set("proxyOwnEnumerable", s.Keys(keys));
  JSVM_Value empty = s.Js("Object.create(null)");
  keys = nullptr;
  out.Set("emptyStatus",
          Last(env, OH_JSVM_GetAllPropertyNames(env, empty, JSVM_KEY_INCLUDE_PROTOTYPES, JSVM_KEY_ALL_PROPERTIES,
                                                JSVM_KEY_KEEP_NUMBERS, &keys)));
  out.Set("empty", s.Keys(keys));
  bool is_array = false;
  OH_JSVM_IsArray(env, keys, &is_array);
  out.Set("emptyIsArray", is_array);

  // Failures.
  JSVM_Value nul, undef;
  OH_JSVM_GetNull(env, &nul);
  OH_JSVM_GetUndefined(env, &undef);
  const auto own = JSVM_KEY_OWN_ONLY;
  const auto all = JSVM_KEY_ALL_PROPERTIES;
  const auto keep = JSVM_KEY_KEEP_NUMBERS;
  out.Set("namesNullEnv", Last(nullptr, OH_JSVM_GetPropertyNames(nullptr, o, &keys)));
  out.Set("namesNullObject", Last(env, OH_JSVM_GetPropertyNames(env, nullptr, &keys)));
  out.Set("namesNullResult", Last(env, OH_JSVM_GetPropertyNames(env, o, nullptr)));
  out.Set("namesOfNull", Last(env, OH_JSVM_GetPropertyNames(env, nul, &keys)));
  out.Set("namesOfUndefined", Last(env, OH_JSVM_GetPropertyNames(env, undef, &keys)));
  out.Set("allNullEnv", Last(nullptr, OH_JSVM_GetAllPropertyNames(nullptr, o, own, all, keep, &keys)));
  out.Set("allNullObject", Last(env, OH_JSVM_GetAllPropertyNames(env, nullptr, own, all, keep, &keys)));
  out.Set("allNullResult", Last(env, OH_JSVM_GetAllPropertyNames(env, o, own, all, keep, nullptr)));
  out.Set("allOfNull", Last(env, OH_JSVM_GetAllPropertyNames(env, nul, own, all, keep, &keys)));
  out.Set("allOfUndefined", Last(env, OH_JSVM_GetAllPropertyNames(env, undef, own, all, keep, &keys)));
  out.Set("allBadMode",
          Last(env, OH_JSVM_GetAllPropertyNames(env, o, static_cast<JSVM_KeyCollectionMode>(7), all, keep, &keys)));
  out.Set("allBadConversion",
          Last(env, OH_JSVM_GetAllPropertyNames(env, o, own, all, static_cast<JSVM_KeyConversion>(7), &keys)));

  JSVM_Value thrower = s.Js("throwingProxy()");
  out.Set("namesThrows", Last(env, OH_JSVM_GetPropertyNames(env, thrower, &keys)));
  out.Set("namesWhilePending", Last(env, OH_JSVM_GetPropertyNames(env, o, &keys)));
  out.Set("namesException", TakeException(env));
  out.Set("allThrows", Last(env, OH_JSVM_GetAllPropertyNames(env, thrower, own, all, keep, &keys)));
  out.Set("allException", TakeException(env));
  out.Set("namesAfterClear", Last(env, OH_JSVM_GetPropertyNames(env, o, &keys)));
}

// ---------------------------------------------------------------------------

void Properties(const Napi::CallbackInfo& info, Report& out) {
  ObjSession s;
  JSVM_Env env = s.env;
  out.Set("prelude", s.prelude);
  JSVM_Value o = s.Js(R"JS(
    globalThis.proto = { inherited: 'from proto' };
    globalThis.o = Object.create(proto);
    o.own = 'own value';
    Object.defineProperty(o, 'fixed', { value: 'fixed', writable: true, enumerable: true, configurable: false });
    Object.defineProperty(o, 'shout', { get() { return this.own.toUpperCase(); }, configurable: true });
    globalThis.sym = Symbol('key');
    globalThis.keyObj = { toString() { return 'fromToString'; } };
    globalThis.badKey = { toString() { throw new Error('key toString threw'); } };
    o
  )JS");
  JSVM_Value sym = s.Js("sym"), key_obj = s.Js("keyObj"), bad_key = s.Js("badKey");
  JSVM_Value three = Int(env, 3), value = nullptr;
  bool has = false, deleted = false;

  // SetProperty with every kind of key.
  out.Set("setString", Last(env, OH_JSVM_SetProperty(env, o, s.Str("name"), Int(env, 42))));
  out.Set("setSymbol", Last(env, OH_JSVM_SetProperty(env, o, sym, s.Str("symbol value"))));
  out.Set("setNumber", Last(env, OH_JSVM_SetProperty(env, o, three, s.Str("three"))));
  out.Set("setObjectKey", Last(env, OH_JSVM_SetProperty(env, o, key_obj, s.Str("converted"))));
  out.Set("setSeen", s.Eval("[o.name, o[sym], o['3'], o.fromToString].join('|')"));
  out.Set("setOverwrite", Last(env, OH_JSVM_SetProperty(env, o, s.Str("own"), s.Str("new own"))));
  out.Set("overwritten", s.Eval("o.own"));
  JSVM_Value abc = s.Str("abc");
  out.Set("setOnPrimitive", Last(env, OH_JSVM_SetProperty(env, abc, s.Str("x"), Int(env, 1))));

  // GetProperty: own, inherited, missing, symbol, number, getter, primitives.
  auto get = [&](const char* name, JSVM_Value target, JSVM_Value key) {
    value = nullptr;
    out.Set(std::string(name) + "Status", Last(env, OH_JSVM_GetProperty(env, target, key, &value)));
    out.Set(name, s.Show(value));
  };
  get("getOwn", o, s.Str("own"));
  get("getInherited", o, s.Str("inherited"));
  get("getMissing", o, s.Str("missing"));
  get("getSymbol", o, sym);
  get("getNumber", o, three);
  get("getObjectKey", o, key_obj);
  get("getGetter", o, s.Str("shout"));
  get("getStringLength", abc, s.Str("length"));
  get("getNumberMethod", Int(env, 5), s.Str("toFixed"));

  // HasProperty / HasOwnProperty.
  auto probe = [&](const char* name, JSVM_Value key) {
    has = false;
    out.Set(std::string(name) + "HasStatus", Last(env, OH_JSVM_HasProperty(env, o, key, &has)));
    out.Set(std::string(name) + "Has", has);
    has = false;
    JSVM_Status status = OH_JSVM_HasOwnProperty(env, o, key, &has);
    out.Set(std::string(name) + "HasOwnStatus", Last(env, status));
    out.Set(std::string(name) + "HasOwn", has);
  };
  probe("own", s.Str("own"));
  probe("inherited", s.Str("inherited"));
  probe("builtin", s.Str("toString"));
  probe("missing", s.Str("missing"));
  probe("symbol", sym);
  has = false;
  out.Set("hasNumberKey", Last(env, OH_JSVM_HasProperty(env, o, three, &has)));
  out.Set("hasNumberKeyResult", has);
  out.Set("hasOwnNumberKey", Last(env, OH_JSVM_HasOwnProperty(env, o, three, &has)));
  out.Set("hasOwnObjectKey", Last(env, OH_JSVM_HasOwnProperty(env, o, key_obj, &has)));
  JSVM_Value nul, undef;
  OH_JSVM_GetNull(env, &nul);
  OH_JSVM_GetUndefined(env, &undef);
  out.Set("hasOwnNullKey", Last(env, OH_JSVM_HasOwnProperty(env, o, nul, &has)));
  has = false;
  out.Set("hasOwnOnString", Last(env, OH_JSVM_HasOwnProperty(env, abc, s.Str("length"), &has)));
  out.Set("hasOwnOnStringResult", has);

  // DeleteProperty: own, missing, non-configurable, inherited, symbol.
  auto del = [&](const char* name, JSVM_Value key) {
    deleted = false;
    out.Set(std::string(name) + "Status", Last(env, OH_JSVM_DeleteProperty(env, o, key, &deleted)));
    out.Set(name, deleted);
  };
  del("deleteOwn", s.Str("own"));
  del("deleteMissing", s.Str("missing"));
  del("deleteFixed", s.Str("fixed"));
  del("deleteInherited", s.Str("inherited"));
  del("deleteSymbol", sym);
  out.Set("deleteNullResult", Last(env, OH_JSVM_DeleteProperty(env, o, s.Str("name"), nullptr)));
  out.Set("afterDeletes", s.Eval("['own' in o, o.fixed, o.inherited, sym in o, 'name' in o].join('|')"));
  JSVM_Value refusing = s.Js("new Proxy({ x: 1 }, { deleteProperty: () => false })");
  deleted = true;
  out.Set("deleteRefusedByProxy", Last(env, OH_JSVM_DeleteProperty(env, refusing, s.Str("x"), &deleted)));
  out.Set("deleteRefusedByProxyResult", deleted);

  // Frozen targets: a sloppy [[Set]] reports nothing, and nothing changes.
  JSVM_Value frozen = s.Js("globalThis.frozen = Object.freeze({ a: 1 })");
  out.Set("setOnFrozen", Last(env, OH_JSVM_SetProperty(env, frozen, s.Str("a"), Int(env, 2))));
  out.Set("addOnFrozen", Last(env, OH_JSVM_SetProperty(env, frozen, s.Str("b"), Int(env, 2))));
  deleted = true;
  out.Set("deleteOnFrozen", Last(env, OH_JSVM_DeleteProperty(env, frozen, s.Str("a"), &deleted)));
  out.Set("deleteOnFrozenResult", deleted);
  out.Set("frozenAfter", s.Eval("JSON.stringify(frozen)"));

  // JS that throws: accessors, proxy traps, key conversion.
  JSVM_Value trap = s.Js(
      "({ get boom() { throw new RangeError('getter threw'); }, set boom(v) { throw new TypeError('setter threw'); } "
      "})");
  SetThrown(out, env, "getterThrows", OH_JSVM_GetProperty(env, trap, s.Str("boom"), &value));
  SetThrown(out, env, "setterThrows", OH_JSVM_SetProperty(env, trap, s.Str("boom"), Int(env, 1)));
  JSVM_Value thrower = s.Js("throwingProxy()");
  SetThrown(out, env, "proxySet", OH_JSVM_SetProperty(env, thrower, s.Str("k"), Int(env, 1)));
  SetThrown(out, env, "proxyGet", OH_JSVM_GetProperty(env, thrower, s.Str("k"), &value));
  SetThrown(out, env, "proxyHas", OH_JSVM_HasProperty(env, thrower, s.Str("k"), &has));
  SetThrown(out, env, "proxyDelete", OH_JSVM_DeleteProperty(env, thrower, s.Str("k"), &deleted));
  SetThrown(out, env, "proxyHasOwn", OH_JSVM_HasOwnProperty(env, thrower, s.Str("k"), &has));
  SetThrown(out, env, "badKeySet", OH_JSVM_SetProperty(env, o, bad_key, Int(env, 1)));
  SetThrown(out, env, "badKeyGet", OH_JSVM_GetProperty(env, o, bad_key, &value));
  SetThrown(out, env, "badKeyHas", OH_JSVM_HasProperty(env, o, bad_key, &has));
  SetThrown(out, env, "badKeyDelete", OH_JSVM_DeleteProperty(env, o, bad_key, &deleted));

  // While an exception is pending, every one of them refuses.
  OH_JSVM_ThrowError(env, nullptr, "pending");
  out.Set("setWhilePending", Last(env, OH_JSVM_SetProperty(env, o, s.Str("k"), Int(env, 1))));
  out.Set("getWhilePending", Last(env, OH_JSVM_GetProperty(env, o, s.Str("k"), &value)));
  out.Set("hasWhilePending", Last(env, OH_JSVM_HasProperty(env, o, s.Str("k"), &has)));
  out.Set("deleteWhilePending", Last(env, OH_JSVM_DeleteProperty(env, o, s.Str("k"), &deleted)));
  out.Set("hasOwnWhilePending", Last(env, OH_JSVM_HasOwnProperty(env, o, s.Str("k"), &has)));
  out.Set("pendingException", TakeException(env));
  out.Set("kNotSetWhilePending", s.Eval("'k' in o"));

  // Bad arguments.
  JSVM_Value k = s.Str("k"), v = Int(env, 1);
  out.Set("setNullEnv", Last(nullptr, OH_JSVM_SetProperty(nullptr, o, k, v)));
  out.Set("getNullEnv", Last(nullptr, OH_JSVM_GetProperty(nullptr, o, k, &value)));
  out.Set("hasNullEnv", Last(nullptr, OH_JSVM_HasProperty(nullptr, o, k, &has)));
  out.Set("deleteNullEnv", Last(nullptr, OH_JSVM_DeleteProperty(nullptr, o, k, &deleted)));
  out.Set("hasOwnNullEnv", Last(nullptr, OH_JSVM_HasOwnProperty(nullptr, o, k, &has)));
  out.Set("setNullObject", Last(env, OH_JSVM_SetProperty(env, nullptr, k, v)));
  out.Set("getNullObject", Last(env, OH_JSVM_GetProperty(env, nullptr, k, &value)));
  out.Set("hasNullObject", Last(env, OH_JSVM_HasProperty(env, nullptr, k, &has)));
  out.Set("deleteNullObject", Last(env, OH_JSVM_DeleteProperty(env, nullptr, k, &deleted)));
  out.Set("hasOwnNullObject", Last(env, OH_JSVM_HasOwnProperty(env, nullptr, k, &has)));
  out.Set("setNullKey", Last(env, OH_JSVM_SetProperty(env, o, nullptr, v)));
  out.Set("getNullKey", Last(env, OH_JSVM_GetProperty(env, o, nullptr, &value)));
  out.Set("hasNullKey", Last(env, OH_JSVM_HasProperty(env, o, nullptr, &has)));
  out.Set("deleteNullKey", Last(env, OH_JSVM_DeleteProperty(env, o, nullptr, &deleted)));
  out.Set("hasOwnNullKeyPointer", Last(env, OH_JSVM_HasOwnProperty(env, o, nullptr, &has)));
  out.Set("setNullValue", Last(env, OH_JSVM_SetProperty(env, o, k, nullptr)));
  out.Set("getNullResult", Last(env, OH_JSVM_GetProperty(env, o, k, nullptr)));
  out.Set("hasNullResult", Last(env, OH_JSVM_HasProperty(env, o, k, nullptr)));
  out.Set("hasOwnNullResult", Last(env, OH_JSVM_HasOwnProperty(env, o, k, nullptr)));
  for (JSVM_Value target : {nul, undef}) {
    std::string which = target == nul ? "Null" : "Undefined";
    out.Set("setOn" + which, Last(env, OH_JSVM_SetProperty(env, target, k, v)));
    out.Set("getOn" + which, Last(env, OH_JSVM_GetProperty(env, target, k, &value)));
    out.Set("hasOn" + which, Last(env, OH_JSVM_HasProperty(env, target, k, &has)));
    out.Set("deleteOn" + which, Last(env, OH_JSVM_DeleteProperty(env, target, k, &deleted)));
    out.Set("hasOwnOn" + which, Last(env, OH_JSVM_HasOwnProperty(env, target, k, &has)));
  }
}

// ---------------------------------------------------------------------------

void Elements(const Napi::CallbackInfo& info, Report& out) {
  ObjSession s;
  JSVM_Env env = s.env;
  out.Set("prelude", s.prelude);
  JSVM_Value arr = s.Js("globalThis.arr = []");
  JSVM_Value value = nullptr;
  bool has = false, deleted = false;

  out.Set("set0", Last(env, OH_JSVM_SetElement(env, arr, 0, s.Str("a"))));
  out.Set("set2", Last(env, OH_JSVM_SetElement(env, arr, 2, s.Str("c"))));
  out.Set("afterSets", s.Eval("[arr.length, 1 in arr, JSON.stringify(arr)].join('|')"));
  out.Set("setOverwrite", Last(env, OH_JSVM_SetElement(env, arr, 0, s.Str("A"))));
  auto get = [&](const char* name, JSVM_Value target, uint32_t index) {
    value = nullptr;
    out.Set(std::string(name) + "Status", Last(env, OH_JSVM_GetElement(env, target, index, &value)));
    out.Set(name, s.Show(value));
  };
  get("get0", arr, 0);
  get("get1", arr, 1);
  get("get2", arr, 2);
  get("get100", arr, 100);
  auto has_el = [&](const char* name, JSVM_Value target, uint32_t index) {
    has = !has;
    out.Set(std::string(name) + "Status", Last(env, OH_JSVM_HasElement(env, target, index, &has)));
    out.Set(name, has);
  };
  has_el("has0", arr, 0);
  has_el("hasHole", arr, 1);
  has_el("has2", arr, 2);
  has_el("has5", arr, 5);

  // Inherited elements, and elements of boxed primitives.
  JSVM_Value child = s.Js("globalThis.child = Object.create({ 5: 'proto five' })");
  has_el("hasInherited", child, 5);
  get("getInherited", child, 5);
  JSVM_Value abc = s.Str("abc");
  get("getStringChar", abc, 1);
  has_el("hasStringChar", abc, 1);
  has_el("hasStringPastEnd", abc, 3);
  out.Set("setOnString", Last(env, OH_JSVM_SetElement(env, abc, 0, s.Str("z"))));

  // Index 2^32 - 1 is not an array index: a plain property, the length stays.
  out.Set("setMaxIndex", Last(env, OH_JSVM_SetElement(env, arr, 4294967295u, s.Str("max"))));
  out.Set("afterMaxIndex", s.Eval("[arr.length, arr['4294967295']].join('|')"));
  get("getMaxIndex", arr, 4294967295u);
  has_el("hasMaxIndex", arr, 4294967295u);
  out.Set("setLargeIndex", Last(env, OH_JSVM_SetElement(env, arr, 4294967294u, s.Str("last"))));
  out.Set("afterLargeIndex", s.Eval("arr.length"));

  // DeleteElement.
  auto del = [&](const char* name, JSVM_Value target, uint32_t index) {
    deleted = !deleted;
    out.Set(std::string(name) + "Status", Last(env, OH_JSVM_DeleteElement(env, target, index, &deleted)));
    out.Set(name, deleted);
  };
  del("delete0", arr, 0);
  del("deleteMissing", arr, 50);
  out.Set("afterDelete", s.Eval("[0 in arr, arr.length].join('|')"));
  out.Set("deleteNullResult", Last(env, OH_JSVM_DeleteElement(env, arr, 2, nullptr)));
  out.Set("afterDeleteNullResult", s.Eval("2 in arr"));
  JSVM_Value frozen = s.Js("globalThis.frozenArr = Object.freeze([1, 2])");
  del("deleteFrozen", frozen, 0);
  out.Set("setFrozen", Last(env, OH_JSVM_SetElement(env, frozen, 0, Int(env, 9))));
  out.Set("addFrozen", Last(env, OH_JSVM_SetElement(env, frozen, 5, Int(env, 9))));
  out.Set("frozenAfter", s.Eval("JSON.stringify(frozenArr)"));
  JSVM_Value fixed = s.Js(
      "globalThis.fixedEl = {}; Object.defineProperty(fixedEl, 3, { value: 'x', configurable: false }); fixedEl");
  del("deleteNonConfigurable", fixed, 3);
  out.Set("nonConfigurableAfter", s.Eval("fixedEl[3]"));
  JSVM_Value u8 = s.Js("globalThis.u8 = new Uint8Array(2)");
  out.Set("setTyped", Last(env, OH_JSVM_SetElement(env, u8, 0, Int(env, 300))));
  out.Set("typedAfterSet", s.Eval("u8[0]"));
  del("deleteTyped", u8, 0);
  del("deleteTypedOutOfRange", u8, 7);
  has_el("hasTypedOutOfRange", u8, 7);
  get("getTypedOutOfRange", u8, 7);
  out.Set("setTypedOutOfRange", Last(env, OH_JSVM_SetElement(env, u8, 7, Int(env, 1))));
  out.Set("typedAfterOutOfRange", s.Eval("[u8.length, 7 in u8, u8[7]].join('|')"));

  // JS that throws.
  JSVM_Value trap = s.Js(R"JS(
    Object.defineProperty({}, 0, { get() { throw new RangeError('element getter threw'); },
                                   set(v) { throw new TypeError('element setter threw'); } })
  )JS");
  SetThrown(out, env, "getterThrows", OH_JSVM_GetElement(env, trap, 0, &value));
  SetThrown(out, env, "setterThrows", OH_JSVM_SetElement(env, trap, 0, Int(env, 1)));
  JSVM_Value thrower = s.Js("throwingProxy()");
  SetThrown(out, env, "proxySet", OH_JSVM_SetElement(env, thrower, 1, Int(env, 1)));
  SetThrown(out, env, "proxyGet", OH_JSVM_GetElement(env, thrower, 1, &value));
  SetThrown(out, env, "proxyHas", OH_JSVM_HasElement(env, thrower, 1, &has));
  SetThrown(out, env, "proxyDelete", OH_JSVM_DeleteElement(env, thrower, 1, &deleted));
  OH_JSVM_ThrowError(env, nullptr, "pending");
  out.Set("setWhilePending", Last(env, OH_JSVM_SetElement(env, arr, 9, Int(env, 1))));
  out.Set("getWhilePending", Last(env, OH_JSVM_GetElement(env, arr, 9, &value)));
  out.Set("hasWhilePending", Last(env, OH_JSVM_HasElement(env, arr, 9, &has)));
  out.Set("deleteWhilePending", Last(env, OH_JSVM_DeleteElement(env, arr, 9, &deleted)));
  TakeException(env);

  // Bad arguments.
  JSVM_Value nul, undef, v = Int(env, 1);
  OH_JSVM_GetNull(env, &nul);
  OH_JSVM_GetUndefined(env, &undef);
  out.Set("setNullEnv", Last(nullptr, OH_JSVM_SetElement(nullptr, arr, 0, v)));
  out.Set("getNullEnv", Last(nullptr, OH_JSVM_GetElement(nullptr, arr, 0, &value)));
  out.Set("hasNullEnv", Last(nullptr, OH_JSVM_HasElement(nullptr, arr, 0, &has)));
  out.Set("deleteNullEnv", Last(nullptr, OH_JSVM_DeleteElement(nullptr, arr, 0, &deleted)));
  out.Set("setNullObject", Last(env, OH_JSVM_SetElement(env, nullptr, 0, v)));
  out.Set("getNullObject", Last(env, OH_JSVM_GetElement(env, nullptr, 0, &value)));
  out.Set("hasNullObject", Last(env, OH_JSVM_HasElement(env, nullptr, 0, &has)));
  out.Set("deleteNullObject", Last(env, OH_JSVM_DeleteElement(env, nullptr, 0, &deleted)));
  out.Set("setNullValue", Last(env, OH_JSVM_SetElement(env, arr, 0, nullptr)));
  out.Set("getNullResult", Last(env, OH_JSVM_GetElement(env, arr, 0, nullptr)));
  out.Set("hasNullResult", Last(env, OH_JSVM_HasElement(env, arr, 0, nullptr)));
  for (JSVM_Value target : {nul, undef}) {
    std::string which = target == nul ? "Null" : "Undefined";
    out.Set("setOn" + which, Last(env, OH_JSVM_SetElement(env, target, 0, v)));
    out.Set("getOn" + which, Last(env, OH_JSVM_GetElement(env, target, 0, &value)));
    out.Set("hasOn" + which, Last(env, OH_JSVM_HasElement(env, target, 0, &has)));
    out.Set("deleteOn" + which, Last(env, OH_JSVM_DeleteElement(env, target, 0, &deleted)));
  }
}

// ---------------------------------------------------------------------------

JSVM_CallbackStruct kNullCallback = {nullptr, nullptr};

void DefineProperties(const Napi::CallbackInfo& info, Report& out) {
  ObjSession s;
  JSVM_Env env = s.env;
  out.Set("prelude", s.prelude);
  g_counter = 0;
  JSVM_Value o = s.Js("globalThis.o = {}");
  JSVM_Value sym_key = s.Js("globalThis.symKey = Symbol('defined')");
  JSVM_Value v42 = Int(env, 42);
  JSVM_PropertyDescriptor descriptors[] = {
      {"add", nullptr, &kAdd, nullptr, nullptr, nullptr, JSVM_DEFAULT_METHOD},
      {"counter", nullptr, nullptr, &kCounterGet, &kCounterSet, nullptr, JSVM_ENUMERABLE},
      {"readOnlyCounter", nullptr, nullptr, &kCounterGet, nullptr, nullptr, JSVM_CONFIGURABLE},
      {"writeOnlyCounter", nullptr, nullptr, nullptr, &kCounterSet, nullptr, JSVM_DEFAULT},
      {"constant", nullptr, nullptr, nullptr, nullptr, v42, JSVM_DEFAULT},
      {"open", nullptr, nullptr, nullptr, nullptr, v42, JSVM_DEFAULT_JSPROPERTY},
      {"writableOnly", nullptr, nullptr, nullptr, nullptr, v42, JSVM_WRITABLE},
      {nullptr, sym_key, nullptr, nullptr, nullptr, s.Str("by symbol"), JSVM_ENUMERABLE},
      {"describe", nullptr, &kDescribe, nullptr, nullptr, nullptr, JSVM_DEFAULT_METHOD},
  };
  out.Set("define",
          Last(env, OH_JSVM_DefineProperties(env, o, sizeof(descriptors) / sizeof(descriptors[0]), descriptors)));
  for (const char* name : {"add", "counter", "readOnlyCounter", "writeOnlyCounter", "constant", "open",
                           "writableOnly", "describe"}) {
    out.Set(std::string("attrs.") + name, s.Eval((std::string("attrs(o, '") + name + "')").c_str()));
  }
  out.Set("attrs.symbol", s.Eval("attrs(o, symKey)"));
  out.Set("ownKeys", s.Eval("describeKeys(Reflect.ownKeys(o))"));
  out.Set("objectKeys", s.Eval("Object.keys(o).join()"));
  out.Set("callAdd", s.Eval("o.add(2, 40) + '|' + o.add.name"));
  out.Set("callDescribe", s.Eval("o.describe(1, 2) + '|' + o.describe.name"));
  out.Set("counterRoundTrip", s.Eval("o.counter = 17; o.counter"));
  out.Set("nativeCounter", g_counter);
  out.Set("readOnlyRead", s.Eval("o.readOnlyCounter"));
  out.Set("readOnlyStrictWrite", s.Eval("'use strict'; attempt(() => { o.readOnlyCounter = 1; })"));
  out.Set("writeOnlyRead", s.Eval("String(o.writeOnlyCounter)"));
  out.Set("writeOnlyWrite", s.Eval("o.writeOnlyCounter = 23; 'written'"));
  out.Set("nativeCounterAfterWriteOnly", g_counter);
  out.Set("constantValue", s.Eval("o.constant"));
  out.Set("constantStrictWrite", s.Eval("'use strict'; attempt(() => { o.constant = 1; })"));
  out.Set("constantStrictDelete", s.Eval("'use strict'; attempt(() => { delete o.constant; })"));
  out.Set("openWriteDelete", s.Eval("'use strict'; o.open = 5; const before = o.open; delete o.open; before + '|' + ('open' in o)"));
  out.Set("symbolValue", s.Eval("o[symKey]"));

  // Zero descriptors; defining on functions and arrays.
  out.Set("defineNone", Last(env, OH_JSVM_DefineProperties(env, o, 0, nullptr)));
  JSVM_Value fn = s.Js("globalThis.fn = function f() {}");
  JSVM_PropertyDescriptor on_fn = {"tag", nullptr, nullptr, nullptr, nullptr, v42, JSVM_DEFAULT_JSPROPERTY};
  out.Set("defineOnFunction", Last(env, OH_JSVM_DefineProperties(env, fn, 1, &on_fn)));
  out.Set("functionTag", s.Eval("fn.tag"));

  // A failing descriptor stops the definition; earlier ones stay.
  JSVM_Value target = s.Js("globalThis.target = {}");
  JSVM_PropertyDescriptor partly[] = {
      {"first", nullptr, nullptr, nullptr, nullptr, v42, JSVM_DEFAULT_JSPROPERTY},
      {"broken", nullptr, nullptr, nullptr, nullptr, nullptr, JSVM_DEFAULT_JSPROPERTY},
      {"third", nullptr, nullptr, nullptr, nullptr, v42, JSVM_DEFAULT_JSPROPERTY},
  };
  out.Set("noValue", Last(env, OH_JSVM_DefineProperties(env, target, 3, partly)));
  out.Set("afterNoValue", s.Eval("Object.keys(target).join()"));

  // Redefining a non-configurable property is refused and changes nothing.
  JSVM_PropertyDescriptor redefine = {"constant", nullptr, nullptr, nullptr, nullptr, s.Str("changed"),
                                      JSVM_DEFAULT_JSPROPERTY};
  SetThrown(out, env, "redefineFixed", OH_JSVM_DefineProperties(env, o, 1, &redefine));
  out.Set("constantAfterRedefine", s.Eval("o.constant"));
  JSVM_Value frozen = s.Js("globalThis.frozen = Object.freeze({})");
  JSVM_PropertyDescriptor value_on_frozen = {"v", nullptr, nullptr, nullptr, nullptr, v42, JSVM_DEFAULT_JSPROPERTY};
  SetThrown(out, env, "valueOnFrozen", OH_JSVM_DefineProperties(env, frozen, 1, &value_on_frozen));
  JSVM_PropertyDescriptor getter_on_frozen = {"g", nullptr, nullptr, &kCounterGet, nullptr, nullptr,
                                              JSVM_DEFAULT_JSPROPERTY};
  out.Set("getterOnFrozen", Last(env, OH_JSVM_DefineProperties(env, frozen, 1, &getter_on_frozen)));
  out.Set("getterOnFrozenException", TakeException(env));
  out.Set("frozenKeys", s.Eval("Reflect.ownKeys(frozen).length"));

  // Proxy targets: their defineProperty trap runs; one that throws leaves the exception.
  JSVM_Value logging = s.Js(R"JS(
    globalThis.defined = [];
    new Proxy({}, { defineProperty(t, k, d) { defined.push(String(k)); return Reflect.defineProperty(t, k, d); } })
  )JS");
  JSVM_PropertyDescriptor on_proxy[] = {
      {"viaTrap", nullptr, nullptr, nullptr, nullptr, v42, JSVM_DEFAULT_JSPROPERTY},
      {"getterViaTrap", nullptr, nullptr, &kCounterGet, nullptr, nullptr, JSVM_DEFAULT_JSPROPERTY},
  };
  out.Set("defineOnProxy", Last(env, OH_JSVM_DefineProperties(env, logging, 2, on_proxy)));
  out.Set("proxyTrapCalls", s.Eval("defined.join()"));
  out.Set("proxyException", TakeException(env));
  JSVM_Value thrower = s.Js("throwingProxy()");
  out.Set("defineOnThrowingProxy", Last(env, OH_JSVM_DefineProperties(env, thrower, 1, &value_on_frozen)));
  out.Set("defineOnThrowingProxyException", TakeException(env));

  // Bad descriptors and arguments.
  JSVM_PropertyDescriptor no_name = {nullptr, nullptr, nullptr, nullptr, nullptr, v42, JSVM_DEFAULT};
  out.Set("noName", Last(env, OH_JSVM_DefineProperties(env, o, 1, &no_name)));
  JSVM_PropertyDescriptor number_name = {nullptr, Int(env, 1), nullptr, nullptr, nullptr, v42, JSVM_DEFAULT};
  out.Set("numberName", Last(env, OH_JSVM_DefineProperties(env, o, 1, &number_name)));
  JSVM_PropertyDescriptor null_method = {"m", nullptr, &kNullCallback, nullptr, nullptr, nullptr, JSVM_DEFAULT};
  out.Set("nullMethodCallback", Last(env, OH_JSVM_DefineProperties(env, o, 1, &null_method)));
  JSVM_PropertyDescriptor null_getter = {"g", nullptr, nullptr, &kNullCallback, nullptr, nullptr, JSVM_DEFAULT};
  out.Set("nullGetterCallback", Last(env, OH_JSVM_DefineProperties(env, o, 1, &null_getter)));
  JSVM_PropertyDescriptor null_setter = {"s", nullptr, nullptr, nullptr, &kNullCallback, nullptr, JSVM_DEFAULT};
  out.Set("nullSetterCallback", Last(env, OH_JSVM_DefineProperties(env, o, 1, &null_setter)));
  out.Set("afterBadDescriptors", s.Eval("['m', 'g', 's'].filter((k) => k in o).join()"));
  out.Set("nullEnv", Last(nullptr, OH_JSVM_DefineProperties(nullptr, o, 1, &on_fn)));
  out.Set("nullObject", Last(env, OH_JSVM_DefineProperties(env, nullptr, 1, &on_fn)));
  out.Set("nullProperties", Last(env, OH_JSVM_DefineProperties(env, o, 1, nullptr)));
  JSVM_Value nul, undef;
  OH_JSVM_GetNull(env, &nul);
  OH_JSVM_GetUndefined(env, &undef);
  out.Set("onNull", Last(env, OH_JSVM_DefineProperties(env, nul, 1, &on_fn)));
  out.Set("onUndefined", Last(env, OH_JSVM_DefineProperties(env, undef, 1, &on_fn)));
  out.Set("onNumber", Last(env, OH_JSVM_DefineProperties(env, Int(env, 1), 1, &on_fn)));
  out.Set("onString", Last(env, OH_JSVM_DefineProperties(env, s.Str("str"), 1, &on_fn)));
  OH_JSVM_ThrowError(env, nullptr, "pending");
  out.Set("whilePending", Last(env, OH_JSVM_DefineProperties(env, o, 1, &on_fn)));
  TakeException(env);
  out.Set("notDefinedWhilePending", s.Eval("'tag' in o"));
}

// ---------------------------------------------------------------------------

void Integrity(const Napi::CallbackInfo& info, Report& out) {
  ObjSession s;
  JSVM_Env env = s.env;
  out.Set("prelude", s.prelude);

  JSVM_Value frozen = s.Js("globalThis.frozen = { a: 1, nested: { b: 1 } }");
  out.Set("freeze", Last(env, OH_JSVM_ObjectFreeze(env, frozen)));
  out.Set("frozenState", s.Eval("[Object.isFrozen(frozen), Object.isSealed(frozen), Object.isExtensible(frozen), "
                                "Object.isFrozen(frozen.nested)].join()"));
  out.Set("frozenStrictWrite", s.Eval("'use strict'; attempt(() => { frozen.a = 2; })"));
  out.Set("frozenStrictAdd", s.Eval("'use strict'; attempt(() => { frozen.c = 2; })"));
  out.Set("frozenStrictDelete", s.Eval("'use strict'; attempt(() => { delete frozen.a; })"));
  out.Set("frozenSloppyWrite", s.Eval("frozen.a = 2; frozen.c = 3; delete frozen.a; JSON.stringify(frozen)"));
  out.Set("frozenNestedWrite", s.Eval("'use strict'; frozen.nested.b = 5; frozen.nested.b"));
  JSVM_Value frozen_arr = s.Js("globalThis.frozenArr = [1, 2]");
  out.Set("freezeArray", Last(env, OH_JSVM_ObjectFreeze(env, frozen_arr)));
  out.Set("frozenArrayPush", s.Eval("attempt(() => frozenArr.push(3)) + '|' + frozenArr.length"));
  out.Set("freezeAgain", Last(env, OH_JSVM_ObjectFreeze(env, frozen)));
  JSVM_Value fn = s.Js("globalThis.fn = function f() {}");
  out.Set("freezeFunction", Last(env, OH_JSVM_ObjectFreeze(env, fn)));
  out.Set("functionFrozen", s.Eval("Object.isFrozen(fn) && fn() === undefined"));

  JSVM_Value sealed = s.Js("globalThis.sealed = { a: 1 }");
  out.Set("seal", Last(env, OH_JSVM_ObjectSeal(env, sealed)));
  out.Set("sealedState", s.Eval("[Object.isSealed(sealed), Object.isFrozen(sealed), Object.isExtensible(sealed)].join()"));
  out.Set("sealedStrictWrite", s.Eval("'use strict'; attempt(() => { sealed.a = 2; }) + '|' + sealed.a"));
  out.Set("sealedStrictAdd", s.Eval("'use strict'; attempt(() => { sealed.c = 2; })"));
  out.Set("sealedStrictDelete", s.Eval("'use strict'; attempt(() => { delete sealed.a; })"));
  out.Set("sealedDescriptor", s.Eval("attrs(sealed, 'a')"));
  out.Set("freezeSealed", Last(env, OH_JSVM_ObjectFreeze(env, sealed)));
  out.Set("sealedThenFrozen", s.Eval("Object.isFrozen(sealed)"));

  // Objects that refuse: typed arrays with elements, proxies.
  JSVM_Value typed = s.Js("globalThis.typed = new Uint8Array(2)");
  SetThrown(out, env, "freezeTyped", OH_JSVM_ObjectFreeze(env, typed));
  out.Set("jsFreezeTyped", s.Eval("attempt(() => Object.freeze(new Uint8Array(2)))"));
  SetThrown(out, env, "sealTyped", OH_JSVM_ObjectSeal(env, typed));
  out.Set("jsSealTyped", s.Eval("attempt(() => Object.seal(new Uint8Array(2)))"));
  out.Set("typedAfterSeal", s.Eval("[Object.isExtensible(typed), Object.isSealed(typed)].join()"));
  JSVM_Value empty_typed = s.Js("globalThis.emptyTyped = new Uint8Array(0)");
  out.Set("freezeEmptyTyped", Last(env, OH_JSVM_ObjectFreeze(env, empty_typed)));
  out.Set("emptyTypedFrozen", s.Eval("Object.isFrozen(emptyTyped)"));
  JSVM_Value refusing = s.Js("new Proxy({}, { preventExtensions: () => false })");
  SetThrown(out, env, "freezeRefusingProxy", OH_JSVM_ObjectFreeze(env, refusing));
  SetThrown(out, env, "sealRefusingProxy", OH_JSVM_ObjectSeal(env, refusing));
  JSVM_Value thrower = s.Js("throwingProxy()");
  SetThrown(out, env, "freezeThrowingProxy", OH_JSVM_ObjectFreeze(env, thrower));
  SetThrown(out, env, "sealThrowingProxy", OH_JSVM_ObjectSeal(env, thrower));
  JSVM_Value plain_proxy = s.Js("globalThis.proxyTarget = { x: 1 }; new Proxy(proxyTarget, {})");
  out.Set("freezeProxy", Last(env, OH_JSVM_ObjectFreeze(env, plain_proxy)));
  out.Set("proxyTargetFrozen", s.Eval("Object.isFrozen(proxyTarget)"));

  // Bad arguments.
  JSVM_Value nul, undef;
  OH_JSVM_GetNull(env, &nul);
  OH_JSVM_GetUndefined(env, &undef);
  out.Set("freezeNullEnv", Last(nullptr, OH_JSVM_ObjectFreeze(nullptr, frozen)));
  out.Set("sealNullEnv", Last(nullptr, OH_JSVM_ObjectSeal(nullptr, sealed)));
  out.Set("freezeNullObject", Last(env, OH_JSVM_ObjectFreeze(env, nullptr)));
  out.Set("sealNullObject", Last(env, OH_JSVM_ObjectSeal(env, nullptr)));
  out.Set("freezeJsNull", Last(env, OH_JSVM_ObjectFreeze(env, nul)));
  out.Set("sealJsNull", Last(env, OH_JSVM_ObjectSeal(env, nul)));
  out.Set("freezeUndefined", Last(env, OH_JSVM_ObjectFreeze(env, undef)));
  out.Set("sealUndefined", Last(env, OH_JSVM_ObjectSeal(env, undef)));
  out.Set("freezeNumber", Last(env, OH_JSVM_ObjectFreeze(env, Int(env, 1))));
  out.Set("sealString", Last(env, OH_JSVM_ObjectSeal(env, s.Str("s"))));
  JSVM_Value later = s.Js("globalThis.later = {}");
  OH_JSVM_ThrowError(env, nullptr, "pending");
  out.Set("freezeWhilePending", Last(env, OH_JSVM_ObjectFreeze(env, later)));
  out.Set("sealWhilePending", Last(env, OH_JSVM_ObjectSeal(env, later)));
  TakeException(env);
  out.Set("notFrozenWhilePending", s.Eval("Object.isExtensible(later)"));
}

// ---------------------------------------------------------------------------

void Prototypes(const Napi::CallbackInfo& info, Report& out) {
  ObjSession s;
  JSVM_Env env = s.env;
  out.Set("prelude", s.prelude);
  JSVM_Value proto = s.Js("globalThis.proto = { inherited: 'yes' }");
  JSVM_Value o = s.Js("globalThis.o = Object.create(proto)");
  JSVM_Value result = nullptr;

  // GetPrototype (boxes primitives) and ObjectGetPrototypeOf (objects only).
  out.Set("getPrototype", Last(env, OH_JSVM_GetPrototype(env, o, &result)));
  out.Set("getPrototypeIsProto", s.Same(result, proto));
  result = nullptr;
  out.Set("getPrototypeOf", Last(env, OH_JSVM_ObjectGetPrototypeOf(env, o, &result)));
  out.Set("getPrototypeOfIsProto", s.Same(result, proto));
  auto proto_of = [&](const char* name, const char* source, const char* expected) {
    JSVM_Value target = s.Js(source), a = nullptr, b = nullptr;
    JSVM_Value want = s.Js(expected);
    OH_JSVM_GetPrototype(env, target, &a);
    OH_JSVM_ObjectGetPrototypeOf(env, target, &b);
    out.Set(std::string(name) + "GetPrototype", s.Same(a, want));
    out.Set(std::string(name) + "GetPrototypeOf", s.Same(b, want));
  };
  proto_of("array", "[]", "Array.prototype");
  proto_of("function", "(function () {})", "Function.prototype");
  proto_of("instance", "globalThis.K = class K {}; new K()", "K.prototype");
  proto_of("nullProto", "Object.create(null)", "null");
  result = nullptr;
  out.Set("getPrototypeOfString", Last(env, OH_JSVM_GetPrototype(env, s.Str("abc"), &result)));
  out.Set("stringPrototype", s.Same(result, s.Js("String.prototype")));
  out.Set("getPrototypeOfNumberValue", Last(env, OH_JSVM_ObjectGetPrototypeOf(env, Int(env, 1), &result)));

  // ObjectSetPrototypeOf.
  JSVM_Value other = s.Js("globalThis.other = { fromOther: 1 }");
  out.Set("setPrototype", Last(env, OH_JSVM_ObjectSetPrototypeOf(env, o, other)));
  out.Set("afterSet", s.Eval("[Object.getPrototypeOf(o) === other, o.fromOther, 'inherited' in o].join()"));
  JSVM_Value nul, undef;
  OH_JSVM_GetNull(env, &nul);
  OH_JSVM_GetUndefined(env, &undef);
  out.Set("setNullPrototype", Last(env, OH_JSVM_ObjectSetPrototypeOf(env, o, nul)));
  out.Set("afterSetNull", s.Eval("[Object.getPrototypeOf(o) === null, 'toString' in o].join()"));
  result = proto;
  OH_JSVM_ObjectGetPrototypeOf(env, o, &result);
  out.Set("getAfterSetNull", s.Show(result));
  JSVM_Value fn_proto = s.Js("Function.prototype");
  JSVM_Value plain = s.Js("globalThis.plain = {}");
  out.Set("setFunctionPrototype", Last(env, OH_JSVM_ObjectSetPrototypeOf(env, plain, fn_proto)));
  out.Set("plainHasCall", s.Eval("typeof plain.call"));

  // Refused changes are pending TypeErrors.
  JSVM_Value frozen = s.Js("globalThis.frozen = Object.freeze({})");
  SetThrown(out, env, "setOnFrozen", OH_JSVM_ObjectSetPrototypeOf(env, frozen, other));
  JSVM_Value sealed = s.Js("Object.seal({})");
  SetThrown(out, env, "setOnSealed", OH_JSVM_ObjectSetPrototypeOf(env, sealed, other));
  JSVM_Value fixed = s.Js("Object.preventExtensions({})");
  SetThrown(out, env, "setOnNonExtensible", OH_JSVM_ObjectSetPrototypeOf(env, fixed, other));
  JSVM_Value object_proto = s.Js("Object.prototype");
  out.Set("setSameOnFrozen", Last(env, OH_JSVM_ObjectSetPrototypeOf(env, frozen, object_proto)));
  out.Set("setSameOnFrozenException", TakeException(env));
  out.Set("frozenPrototypeUnchanged", s.Eval("Object.getPrototypeOf(frozen) === Object.prototype"));
  JSVM_Value a = s.Js("globalThis.a = {}");
  JSVM_Value b = s.Js("globalThis.b = Object.create(a)");
  SetThrown(out, env, "setCycle", OH_JSVM_ObjectSetPrototypeOf(env, a, b));
  SetThrown(out, env, "setSelf", OH_JSVM_ObjectSetPrototypeOf(env, a, a));
  out.Set("afterCycle", s.Eval("Object.getPrototypeOf(a) === Object.prototype && Object.getPrototypeOf(b) === a"));
  SetThrown(out, env, "setOnObjectPrototype", OH_JSVM_ObjectSetPrototypeOf(env, object_proto, other));
  SetThrown(out, env, "setImmutable", OH_JSVM_ObjectSetPrototypeOf(env, object_proto, s.Js("Object.create(null)")));
  out.Set("objectPrototypeUnchanged", s.Eval("Object.getPrototypeOf(Object.prototype) === null"));
  JSVM_Value refusing = s.Js("new Proxy({}, { setPrototypeOf: () => false })");
  SetThrown(out, env, "setOnRefusingProxy", OH_JSVM_ObjectSetPrototypeOf(env, refusing, other));
  SetThrown(out, env, "setOnThrowingProxy", OH_JSVM_ObjectSetPrototypeOf(env, s.Js("throwingProxy()"), other));
  JSVM_Value passing = s.Js("globalThis.ptarget = {}; new Proxy(ptarget, {})");
  out.Set("setOnProxy", Last(env, OH_JSVM_ObjectSetPrototypeOf(env, passing, other)));
  out.Set("proxyTargetPrototype", s.Eval("Object.getPrototypeOf(ptarget) === other"));

  // Bad arguments.
  JSVM_Value one = Int(env, 1);
  out.Set("getPrototypeNullEnv", Last(nullptr, OH_JSVM_GetPrototype(nullptr, o, &result)));
  out.Set("getPrototypeNullObject", Last(env, OH_JSVM_GetPrototype(env, nullptr, &result)));
  out.Set("getPrototypeNullResult", Last(env, OH_JSVM_GetPrototype(env, o, nullptr)));
  out.Set("getPrototypeOfJsNull", Last(env, OH_JSVM_GetPrototype(env, nul, &result)));
  out.Set("getPrototypeOfUndefined", Last(env, OH_JSVM_GetPrototype(env, undef, &result)));
  out.Set("objectGetNullEnv", Last(nullptr, OH_JSVM_ObjectGetPrototypeOf(nullptr, o, &result)));
  out.Set("objectGetNullObject", Last(env, OH_JSVM_ObjectGetPrototypeOf(env, nullptr, &result)));
  out.Set("objectGetNullResult", Last(env, OH_JSVM_ObjectGetPrototypeOf(env, o, nullptr)));
  out.Set("objectGetJsNull", Last(env, OH_JSVM_ObjectGetPrototypeOf(env, nul, &result)));
  out.Set("objectGetUndefined", Last(env, OH_JSVM_ObjectGetPrototypeOf(env, undef, &result)));
  out.Set("objectGetString", Last(env, OH_JSVM_ObjectGetPrototypeOf(env, s.Str("abc"), &result)));
  out.Set("objectSetNullEnv", Last(nullptr, OH_JSVM_ObjectSetPrototypeOf(nullptr, o, other)));
  out.Set("objectSetNullObject", Last(env, OH_JSVM_ObjectSetPrototypeOf(env, nullptr, other)));
  out.Set("objectSetNullPrototype", Last(env, OH_JSVM_ObjectSetPrototypeOf(env, o, nullptr)));
  out.Set("objectSetOnNumber", Last(env, OH_JSVM_ObjectSetPrototypeOf(env, one, other)));
  out.Set("objectSetOnJsNull", Last(env, OH_JSVM_ObjectSetPrototypeOf(env, nul, other)));
  out.Set("objectSetOnUndefined", Last(env, OH_JSVM_ObjectSetPrototypeOf(env, undef, other)));
  out.Set("objectSetToNumber", Last(env, OH_JSVM_ObjectSetPrototypeOf(env, o, one)));
  out.Set("objectSetToUndefined", Last(env, OH_JSVM_ObjectSetPrototypeOf(env, o, undef)));
  out.Set("objectSetToString", Last(env, OH_JSVM_ObjectSetPrototypeOf(env, o, s.Str("p"))));
  out.Set("unchangedAfterBadArgs", s.Eval("Object.getPrototypeOf(o) === null"));
  OH_JSVM_ThrowError(env, nullptr, "pending");
  out.Set("setWhilePending", Last(env, OH_JSVM_ObjectSetPrototypeOf(env, o, other)));
  out.Set("getPrototypeWhilePending", Last(env, OH_JSVM_GetPrototype(env, o, &result)));
  TakeException(env);
  out.Set("unchangedWhilePending", s.Eval("Object.getPrototypeOf(o) === null"));
}

// ---------------------------------------------------------------------------

void MapsAndSets(const Napi::CallbackInfo& info, Report& out) {
  ObjSession s;
  JSVM_Env env = s.env;
  JSVM_Value map = nullptr, map2 = nullptr, set = nullptr;
  out.Set("createMap", Last(env, OH_JSVM_CreateMap(env, &map)));
  OH_JSVM_CreateMap(env, &map2);
  out.Set("createSet", Last(env, OH_JSVM_CreateSet(env, &set)));
  s.SetGlobal("m", map);
  s.SetGlobal("m2", map2);
  s.SetGlobal("st", set);
  out.Set("mapKind", s.Eval("[m instanceof Map, Object.prototype.toString.call(m), m.size].join()"));
  out.Set("mapUse",
          s.Eval("const key = {}; m.set('k', 1).set(key, 'obj'); [m.get('k'), m.get(key), m.size, m2.size, m !== m2]"
                 ".join()"));
  out.Set("mapEntries", s.Eval("JSON.stringify([...m].map(([k, v]) => [typeof k, v]))"));
  out.Set("setKind", s.Eval("[st instanceof Set, Object.prototype.toString.call(st), st.size].join()"));
  out.Set("setUse", s.Eval("st.add(1).add(1).add('1'); [st.size, st.has(1), st.has('1'), st.has(2)].join()"));
  bool is_map = false;
  OH_JSVM_IsMap(env, map, &is_map);
  out.Set("isMap", is_map);
  out.Set("createMapNullResult", Last(env, OH_JSVM_CreateMap(env, nullptr)));
  out.Set("createSetNullResult", Last(env, OH_JSVM_CreateSet(env, nullptr)));
  out.Set("createMapNullEnv", Last(nullptr, OH_JSVM_CreateMap(nullptr, &map)));
  out.Set("createSetNullEnv", Last(nullptr, OH_JSVM_CreateSet(nullptr, &set)));
}

// ---------------------------------------------------------------------------

void PrivateKeys(const Napi::CallbackInfo& info, Report& out) {
  ObjSession s;
  JSVM_Env env = s.env;
  out.Set("prelude", s.prelude);
  JSVM_Data key = nullptr, twin = nullptr, anon = nullptr;
  out.Set("create", Last(env, OH_JSVM_CreatePrivate(env, s.Str("secret"), &key)));
  out.Set("createTwin", Last(env, OH_JSVM_CreatePrivate(env, s.Str("secret"), &twin)));
  out.Set("createAnonymous", Last(env, OH_JSVM_CreatePrivate(env, nullptr, &anon)));
  out.Set("keysDistinct", key != nullptr && twin != nullptr && anon != nullptr && key != twin);
  JSVM_Value o = s.Js("globalThis.o = { visible: 1 }");
  JSVM_Value value = nullptr;

  out.Set("set", Last(env, OH_JSVM_SetPrivate(env, o, key, s.Str("hidden value"))));
  out.Set("get", Last(env, OH_JSVM_GetPrivate(env, o, key, &value)));
  out.Set("got", s.Show(value));
  value = nullptr;
  out.Set("getTwin", Last(env, OH_JSVM_GetPrivate(env, o, twin, &value)));
  out.Set("gotTwin", s.Show(value));
  out.Set("setAnonymous", Last(env, OH_JSVM_SetPrivate(env, o, anon, Int(env, 7))));
  value = nullptr;
  OH_JSVM_GetPrivate(env, o, anon, &value);
  out.Set("gotAnonymous", s.Show(value));

  // Invisible to scripts.
  out.Set("reflectOwnKeys", s.Eval("describeKeys(Reflect.ownKeys(o))"));
  out.Set("ownSymbols", s.Eval("Object.getOwnPropertySymbols(o).length"));
  out.Set("json", s.Eval("JSON.stringify(o)"));
  out.Set("spreadKeys", s.Eval("describeKeys(Reflect.ownKeys({ ...o }))"));
  out.Set("assignKeys", s.Eval("describeKeys(Reflect.ownKeys(Object.assign({}, o)))"));
  out.Set("forIn", s.Eval("(() => { const k = []; for (const x in o) k.push(x); return k.join(); })()"));
  out.Set("valueReachable", s.Eval("Reflect.ownKeys(o).some((k) => o[k] === 'hidden value')"));
  out.Set("descriptors", s.Eval("Object.keys(Object.getOwnPropertyDescriptors(o)).join()"));
  JSVM_Value names = nullptr;
  OH_JSVM_GetAllPropertyNames(env, o, JSVM_KEY_OWN_ONLY, JSVM_KEY_ALL_PROPERTIES, JSVM_KEY_KEEP_NUMBERS, &names);
  out.Set("allPropertyNames", s.Keys(names));

  // Overwrite, delete.
  out.Set("overwrite", Last(env, OH_JSVM_SetPrivate(env, o, key, s.Str("second"))));
  value = nullptr;
  OH_JSVM_GetPrivate(env, o, key, &value);
  out.Set("gotOverwritten", s.Show(value));
  out.Set("delete", Last(env, OH_JSVM_DeletePrivate(env, o, key)));
  value = nullptr;
  OH_JSVM_GetPrivate(env, o, key, &value);
  out.Set("gotAfterDelete", s.Show(value));
  value = nullptr;
  OH_JSVM_GetPrivate(env, o, anon, &value);
  out.Set("anonymousAfterDelete", s.Show(value));
  out.Set("deleteAbsent", Last(env, OH_JSVM_DeletePrivate(env, o, key)));

  // Frozen objects, proxies (no trap runs), functions.
  JSVM_Value frozen = s.Js("globalThis.frozen = Object.freeze({})");
  out.Set("setOnFrozen", Last(env, OH_JSVM_SetPrivate(env, frozen, key, Int(env, 1))));
  value = nullptr;
  OH_JSVM_GetPrivate(env, frozen, key, &value);
  out.Set("gotOnFrozen", s.Show(value));
  out.Set("frozenStillFrozen", s.Eval("Object.isFrozen(frozen) && Reflect.ownKeys(frozen).length === 0"));
  JSVM_Value thrower = s.Js("throwingProxy()");
  out.Set("setOnProxy", Last(env, OH_JSVM_SetPrivate(env, thrower, key, Int(env, 2))));
  value = nullptr;
  out.Set("getOnProxy", Last(env, OH_JSVM_GetPrivate(env, thrower, key, &value)));
  out.Set("gotOnProxy", s.Show(value));
  out.Set("deleteOnProxy", Last(env, OH_JSVM_DeletePrivate(env, thrower, key)));
  value = nullptr;
  OH_JSVM_GetPrivate(env, thrower, key, &value);
  out.Set("gotOnProxyAfterDelete", s.Show(value));
  out.Set("proxyPending", TakeException(env));
  JSVM_Value fn = s.Js("(function f() {})");
  out.Set("setOnFunction", Last(env, OH_JSVM_SetPrivate(env, fn, key, Int(env, 3))));
  value = nullptr;
  OH_JSVM_GetPrivate(env, fn, key, &value);
  out.Set("gotOnFunction", s.Show(value));

  // A key kept in a data reference outlives the handle scope it was made in.
  JSVM_Ref ref = nullptr;
  {
    JSVM_HandleScope scope;
    OH_JSVM_OpenHandleScope(env, &scope);
    JSVM_Data scoped = nullptr;
    OH_JSVM_CreatePrivate(env, s.Str("kept"), &scoped);
    OH_JSVM_SetPrivate(env, o, scoped, s.Str("through a reference"));
    out.Set("createDataReference", Last(env, OH_JSVM_CreateDataReference(env, scoped, 1, &ref)));
    OH_JSVM_CloseHandleScope(env, scope);
  }
  s.Eval("gc(); gc();");
  JSVM_Data restored = nullptr;
  out.Set("getReferenceData", Last(env, OH_JSVM_GetReferenceData(env, ref, &restored)));
  value = nullptr;
  out.Set("getThroughReference", Last(env, OH_JSVM_GetPrivate(env, o, restored, &value)));
  out.Set("gotThroughReference", s.Show(value));
  JSVM_Value as_value = nullptr;
  out.Set("getReferenceValueOfData", Last(env, OH_JSVM_GetReferenceValue(env, ref, &as_value)));
  JSVM_Ref value_ref = nullptr;
  OH_JSVM_CreateReference(env, o, 1, &value_ref);
  out.Set("getReferenceDataOfValue", Last(env, OH_JSVM_GetReferenceData(env, value_ref, &restored)));
  out.Set("createDataReferenceNullData", Last(env, OH_JSVM_CreateDataReference(env, nullptr, 1, &ref)));
  out.Set("createDataReferenceNullResult", Last(env, OH_JSVM_CreateDataReference(env, key, 1, nullptr)));
  out.Set("getReferenceDataNullResult", Last(env, OH_JSVM_GetReferenceData(env, ref, nullptr)));
  out.Set("getReferenceDataNullRef", Last(env, OH_JSVM_GetReferenceData(env, nullptr, &restored)));
  out.Set("deleteDataReference", Last(env, OH_JSVM_DeleteReference(env, ref)));
  OH_JSVM_DeleteReference(env, value_ref);

  // Bad arguments.
  JSVM_Value nul, undef, one = Int(env, 1);
  OH_JSVM_GetNull(env, &nul);
  OH_JSVM_GetUndefined(env, &undef);
  out.Set("createNullEnv", Last(nullptr, OH_JSVM_CreatePrivate(nullptr, s.Str("x"), &key)));
  out.Set("createNullResult", Last(env, OH_JSVM_CreatePrivate(env, s.Str("x"), nullptr)));
  out.Set("createNumberDescription", Last(env, OH_JSVM_CreatePrivate(env, one, &twin)));
  out.Set("createSymbolDescription", Last(env, OH_JSVM_CreatePrivate(env, s.Js("Symbol('s')"), &twin)));
  out.Set("setNullEnv", Last(nullptr, OH_JSVM_SetPrivate(nullptr, o, key, one)));
  out.Set("getNullEnv", Last(nullptr, OH_JSVM_GetPrivate(nullptr, o, key, &value)));
  out.Set("deleteNullEnv", Last(nullptr, OH_JSVM_DeletePrivate(nullptr, o, key)));
  out.Set("setNullObject", Last(env, OH_JSVM_SetPrivate(env, nullptr, key, one)));
  out.Set("getNullObject", Last(env, OH_JSVM_GetPrivate(env, nullptr, key, &value)));
  out.Set("deleteNullObject", Last(env, OH_JSVM_DeletePrivate(env, nullptr, key)));
  out.Set("setNullKey", Last(env, OH_JSVM_SetPrivate(env, o, nullptr, one)));
  out.Set("getNullKey", Last(env, OH_JSVM_GetPrivate(env, o, nullptr, &value)));
  out.Set("deleteNullKey", Last(env, OH_JSVM_DeletePrivate(env, o, nullptr)));
  out.Set("setNullValue", Last(env, OH_JSVM_SetPrivate(env, o, key, nullptr)));
  out.Set("getNullResult", Last(env, OH_JSVM_GetPrivate(env, o, key, nullptr)));
  for (JSVM_Value target : {nul, undef, one}) {
    std::string which = target == nul ? "JsNull" : target == undef ? "Undefined" : "Number";
    out.Set("setOn" + which, Last(env, OH_JSVM_SetPrivate(env, target, key, one)));
    out.Set("getOn" + which, Last(env, OH_JSVM_GetPrivate(env, target, key, &value)));
    out.Set("deleteOn" + which, Last(env, OH_JSVM_DeletePrivate(env, target, key)));
  }
  OH_JSVM_ThrowError(env, nullptr, "pending");
  out.Set("setWhilePending", Last(env, OH_JSVM_SetPrivate(env, o, key, one)));
  out.Set("getWhilePending", Last(env, OH_JSVM_GetPrivate(env, o, key, &value)));
  out.Set("deleteWhilePending", Last(env, OH_JSVM_DeletePrivate(env, o, key)));
  TakeException(env);
}

}  // namespace

void RegisterObjects(Napi::Env env, Napi::Object exports) {
  exports.Set("propertyNames", Scenario(env, PropertyNames));
  exports.Set("properties", Scenario(env, Properties));
  exports.Set("elements", Scenario(env, Elements));
  exports.Set("defineProperties", Scenario(env, DefineProperties));
  exports.Set("integrity", Scenario(env, Integrity));
  exports.Set("prototypes", Scenario(env, Prototypes));
  exports.Set("mapsAndSets", Scenario(env, MapsAndSets));
  exports.Set("privateKeys", Scenario(env, PrivateKeys));
}

}  // namespace harness
