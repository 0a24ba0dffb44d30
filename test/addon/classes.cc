// Scenarios: classes (with property handlers, options, parents), wraps,
// externals, finalizers, type tags, references, promises.
#include <cmath>
#include <map>
#include <string>

#include "harness.h"

namespace harness {
namespace {

// ---------------------------------------------------------------------------
// A native class: Point(x, y) wrapping a C++ struct.
// ---------------------------------------------------------------------------
struct Point {
  double x;
  double y;
};

int g_points_created = 0;
int g_points_finalized = 0;
bool g_finalizer_could_call_runtime = true;

void FinalizePoint(JSVM_Env env, void* data, void* hint) {
  ++g_points_finalized;
  JSVM_Value text;
  // A finalizer may call back into the runtime.
  if (OH_JSVM_CreateStringUtf8(env, "bye", JSVM_AUTO_LENGTH, &text) != JSVM_OK) g_finalizer_could_call_runtime = false;
  delete static_cast<Point*>(data);
}

JSVM_Value ThrowAndReturn(JSVM_Env env, const char* code, const char* message) {
  OH_JSVM_ThrowTypeError(env, code, message);
  return nullptr;
}

JSVM_Value PointConstructor(JSVM_Env env, JSVM_CallbackInfo info) {
  JSVM_Value new_target = nullptr;
  OH_JSVM_GetNewTarget(env, info, &new_target);
  if (new_target == nullptr) return ThrowAndReturn(env, "ERR_NEW", "Point must be called with new");
  size_t argc = 2;
  JSVM_Value argv[2];
  JSVM_Value self;
  OH_JSVM_GetCbInfo(env, info, &argc, argv, &self, nullptr);
  auto* point = new Point{0, 0};
  OH_JSVM_GetValueDouble(env, argv[0], &point->x);
  OH_JSVM_GetValueDouble(env, argv[1], &point->y);
  if (std::isnan(point->x)) point->x = 0;
  if (std::isnan(point->y)) point->y = 0;
  OH_JSVM_Wrap(env, self, point, FinalizePoint, nullptr, nullptr);
  ++g_points_created;
  return self;
}

Point* PointOf(JSVM_Env env, JSVM_CallbackInfo info) {
  JSVM_Value self;
  OH_JSVM_GetCbInfo(env, info, nullptr, nullptr, &self, nullptr);
  void* data = nullptr;
  return OH_JSVM_Unwrap(env, self, &data) == JSVM_OK ? static_cast<Point*>(data) : nullptr;
}

JSVM_Value Number(JSVM_Env env, double value) {
  JSVM_Value result;
  OH_JSVM_CreateDouble(env, value, &result);
  return result;
}

JSVM_Value PointNorm(JSVM_Env env, JSVM_CallbackInfo info) {
  Point* p = PointOf(env, info);
  return p ? Number(env, std::hypot(p->x, p->y)) : ThrowAndReturn(env, "ERR_NOT_POINT", "not a Point");
}

JSVM_Value PointGetX(JSVM_Env env, JSVM_CallbackInfo info) {
  Point* p = PointOf(env, info);
  return p ? Number(env, p->x) : nullptr;
}

JSVM_Value PointSetX(JSVM_Env env, JSVM_CallbackInfo info) {
  size_t argc = 1;
  JSVM_Value value;
  JSVM_Value self;
  OH_JSVM_GetCbInfo(env, info, &argc, &value, &self, nullptr);
  void* data = nullptr;
  if (OH_JSVM_Unwrap(env, self, &data) == JSVM_OK) OH_JSVM_GetValueDouble(env, value, &static_cast<Point*>(data)->x);
  return nullptr;
}

JSVM_Value PointDescribe(JSVM_Env env, JSVM_CallbackInfo info) {
  JSVM_Value text;
  OH_JSVM_CreateStringUtf8(env, PointOf(env, info) ? "a point" : "not a point", JSVM_AUTO_LENGTH, &text);
  return text;
}

JSVM_Value PointScale(JSVM_Env env, JSVM_CallbackInfo info) {
  size_t argc = 1;
  JSVM_Value factor;
  JSVM_Value self;
  OH_JSVM_GetCbInfo(env, info, &argc, &factor, &self, nullptr);
  double f = 1;
  if (OH_JSVM_GetValueDouble(env, factor, &f) != JSVM_OK) {
    OH_JSVM_ThrowRangeError(env, "ERR_FACTOR", "scale() takes a number");
    return nullptr;
  }
  Point* p = PointOf(env, info);
  p->x *= f;
  p->y *= f;
  return self;
}

JSVM_Value PointOrigin(JSVM_Env env, JSVM_CallbackInfo info) {
  JSVM_Value global, ctor, zero, instance = nullptr;
  OH_JSVM_GetGlobal(env, &global);
  OH_JSVM_GetNamedProperty(env, global, "Point", &ctor);
  OH_JSVM_CreateInt32(env, 0, &zero);
  JSVM_Value args[2] = {zero, zero};
  OH_JSVM_NewInstance(env, ctor, 2, args, &instance);
  return instance;
}

JSVM_CallbackStruct kPointConstructor = {PointConstructor, nullptr};
JSVM_CallbackStruct kPointNorm = {PointNorm, nullptr};
JSVM_CallbackStruct kPointGetX = {PointGetX, nullptr};
JSVM_CallbackStruct kPointSetX = {PointSetX, nullptr};
JSVM_CallbackStruct kPointDescribe = {PointDescribe, nullptr};
JSVM_CallbackStruct kPointScale = {PointScale, nullptr};
JSVM_CallbackStruct kPointOrigin = {PointOrigin, nullptr};

JSVM_Status DefinePoint(JSVM_Env env, JSVM_Value* result) {
  JSVM_Value kind;
  OH_JSVM_CreateStringUtf8(env, "point", JSVM_AUTO_LENGTH, &kind);
  JSVM_PropertyDescriptor props[] = {
      {"norm", nullptr, &kPointNorm, nullptr, nullptr, nullptr, JSVM_DEFAULT_METHOD},
      {"x", nullptr, nullptr, &kPointGetX, &kPointSetX, nullptr, JSVM_DEFAULT},
      {"describe", nullptr, &kPointDescribe, nullptr, nullptr, nullptr, JSVM_METHOD_NO_RECEIVER_CHECK},
      {"scale", nullptr, &kPointScale, nullptr, nullptr, nullptr, JSVM_DEFAULT_METHOD},
      {"origin", nullptr, &kPointOrigin, nullptr, nullptr, nullptr,
       static_cast<JSVM_PropertyAttributes>(JSVM_DEFAULT_METHOD | JSVM_STATIC)},
      {"kind", nullptr, nullptr, nullptr, nullptr, kind, JSVM_DEFAULT},
  };
  return OH_JSVM_DefineClass(env, "Point", JSVM_AUTO_LENGTH, &kPointConstructor, sizeof(props) / sizeof(props[0]),
                             props, result);
}

void SetGlobal(JSVM_Env env, const char* name, JSVM_Value value) {
  JSVM_Value global;
  OH_JSVM_GetGlobal(env, &global);
  OH_JSVM_SetNamedProperty(env, global, name, value);
}

void NativeClass(const Napi::CallbackInfo& info, Report& out) {
  g_points_created = 0;
  g_points_finalized = 0;
  g_finalizer_could_call_runtime = true;
  int finalized_by_gc = -1;
  {
    Session s;
    JSVM_Env env = s.env;
    JSVM_Value point_class = nullptr;
    out.Set("define", Last(env, DefinePoint(env, &point_class)));
    SetGlobal(env, "Point", point_class);
    out.Set("basics", s.Eval(
        "const p = new Point(3, 4); [p.norm(), p.x, (p.x = 6, p.x), p.norm(), p instanceof Point, Point.name, "
        "Object.getPrototypeOf(p).kind, Point.origin().norm(), typeof Point.prototype.origin].join()"));
    out.Set("receiverCheck", s.Eval(
        "try { Point.prototype.norm.call({}); 'no check' } catch (e) { e.constructor.name + ': ' + e.message }"));
    out.Set("noReceiverCheck", s.Eval("Point.prototype.describe.call({})"));
    out.Set("withoutNew", s.Eval("try { Point(1, 2); 'called' } catch (e) { [e.constructor.name, e.message, e.code].join('|') }"));
    out.Set("nativeThrowsInMethod", s.Eval(
        "try { new Point(1, 1).scale('big') } catch (e) { [e instanceof RangeError, e.message, e.code].join('|') }"));
    out.Set("chained", s.Eval("new Point(1, 1).scale(3).x"));

    // NewInstance from native code.
    JSVM_Value args[2], instance = nullptr, norm;
    OH_JSVM_CreateInt32(env, 6, &args[0]);
    OH_JSVM_CreateInt32(env, 8, &args[1]);
    out.Set("newInstance", Last(env, OH_JSVM_NewInstance(env, point_class, 2, args, &instance)));
    OH_JSVM_GetNamedProperty(env, instance, "x", &norm);
    out.Set("newInstanceX", s.ToString(norm));
    JSVM_Value not_function = s.Str("no");
    out.Set("newInstanceNotFunction", Last(env, OH_JSVM_NewInstance(env, not_function, 0, nullptr, &instance)));
    out.Set("newInstanceNullCtor", Last(env, OH_JSVM_NewInstance(env, nullptr, 0, nullptr, &instance)));
    out.Set("newInstanceArgcNoArgv", Last(env, OH_JSVM_NewInstance(env, point_class, 2, nullptr, &instance)));
    JSVM_Value thrower;
    s.Run("(class { constructor() { throw new SyntaxError('ctor threw'); } })", &thrower);
    out.Set("newInstanceThrows", Last(env, OH_JSVM_NewInstance(env, thrower, 0, nullptr, &instance)));
    out.Set("newInstanceException", TakeException(env));

    // Bad DefineClass input.
    JSVM_Value cls;
    JSVM_CallbackStruct empty = {nullptr, nullptr};
    out.Set("defineNullCtor", Last(env, OH_JSVM_DefineClass(env, "A", JSVM_AUTO_LENGTH, nullptr, 0, nullptr, &cls)));
    out.Set("defineNullCallback", Last(env, OH_JSVM_DefineClass(env, "A", JSVM_AUTO_LENGTH, &empty, 0, nullptr, &cls)));
    out.Set("defineNullResult",
            Last(env, OH_JSVM_DefineClass(env, "A", JSVM_AUTO_LENGTH, &kPointConstructor, 0, nullptr, nullptr)));
    out.Set("definePropsNull",
            Last(env, OH_JSVM_DefineClass(env, "A", JSVM_AUTO_LENGTH, &kPointConstructor, 2, nullptr, &cls)));
    out.Set("getNewTargetNullInfo", Last(env, OH_JSVM_GetNewTarget(env, nullptr, &cls)));

    // Finalizers: instances nobody holds are collected by a forced GC; the
    // rest are finalized when the env is destroyed.
    s.Eval("for (let i = 0; i < 100; i++) new Point(i, i); globalThis.kept = [new Point(1, 2), new Point(2, 3)];");
    for (int i = 0; i < 4 && g_points_finalized < 100; ++i) s.Eval("gc()");
    finalized_by_gc = g_points_finalized;
  }
  out.Set("created", g_points_created);
  out.Set("finalizedByGc", finalized_by_gc);
  out.Set("finalizedInTotal", g_points_finalized);
  out.Set("finalizerCalledRuntime", g_finalizer_could_call_runtime);
}

// ---------------------------------------------------------------------------
// Property handlers: an object that behaves like a Map of strings.
// ---------------------------------------------------------------------------
struct Store {
  std::map<std::string, std::string> entries;
};

Store* StoreOf(JSVM_Env env, JSVM_Value data) {
  void* store = nullptr;
  OH_JSVM_GetValueExternal(env, data, &store);
  return static_cast<Store*>(store);
}

std::string Utf8(JSVM_Env env, JSVM_Value value) { return StringOf(env, value); }

JSVM_Value StoreGet(JSVM_Env env, JSVM_Value name, JSVM_Value self, JSVM_Value data) {
  JSVM_ValueType type;
  OH_JSVM_Typeof(env, name, &type);
  if (type != JSVM_STRING) return nullptr;
  Store* store = StoreOf(env, data);
  auto it = store->entries.find(Utf8(env, name));
  if (it == store->entries.end()) return nullptr;  // not intercepted: ordinary lookup
  JSVM_Value value;
  OH_JSVM_CreateStringUtf8(env, it->second.c_str(), it->second.size(), &value);
  return value;
}

JSVM_Value StoreSet(JSVM_Env env, JSVM_Value name, JSVM_Value value, JSVM_Value self, JSVM_Value data) {
  std::string key = Utf8(env, name);
  if (key == "forbidden") {
    OH_JSVM_ThrowError(env, "ERR_FORBIDDEN", "this key is forbidden");
    return nullptr;
  }
  StoreOf(env, data)->entries[key] = Utf8(env, value);
  return value;  // intercepted
}

JSVM_Value StoreDelete(JSVM_Env env, JSVM_Value name, JSVM_Value self, JSVM_Value data) {
  Store* store = StoreOf(env, data);
  bool erased = store->entries.erase(Utf8(env, name)) > 0;
  if (!erased) return nullptr;
  JSVM_Value result;
  OH_JSVM_GetBoolean(env, true, &result);
  return result;
}

JSVM_Value StoreKeys(JSVM_Env env, JSVM_Value self, JSVM_Value data) {
  JSVM_Value keys;
  OH_JSVM_CreateArray(env, &keys);
  uint32_t i = 0;
  for (const auto& entry : StoreOf(env, data)->entries) {
    JSVM_Value key;
    OH_JSVM_CreateStringUtf8(env, entry.first.c_str(), entry.first.size(), &key);
    OH_JSVM_SetElement(env, keys, i++, key);
  }
  return keys;
}

JSVM_Value DoubledIndex(JSVM_Env env, JSVM_Value index, JSVM_Value self, JSVM_Value data) {
  uint32_t i = 0;
  OH_JSVM_GetValueUint32(env, index, &i);
  if (i >= 10) return nullptr;
  JSVM_Value result;
  OH_JSVM_CreateUint32(env, i * 2, &result);
  return result;
}

JSVM_Value CalledAsFunction(JSVM_Env env, JSVM_CallbackInfo info) {
  size_t argc = 0;
  OH_JSVM_GetCbInfo(env, info, &argc, nullptr, nullptr, nullptr);
  JSVM_Value text;
  std::string message = "called with " + std::to_string(argc) + " args";
  OH_JSVM_CreateStringUtf8(env, message.c_str(), message.size(), &text);
  return text;
}

JSVM_Value EmptyConstructor(JSVM_Env env, JSVM_CallbackInfo info) {
  JSVM_Value self;
  OH_JSVM_GetCbInfo(env, info, nullptr, nullptr, &self, nullptr);
  return self;
}

JSVM_CallbackStruct kEmptyConstructor = {EmptyConstructor, nullptr};
JSVM_CallbackStruct kCalledAsFunction = {CalledAsFunction, nullptr};

void PropertyHandlers(const Napi::CallbackInfo& info, Report& out) {
  Store store;
  {
    Session s;
    JSVM_Env env = s.env;
    JSVM_Value data;
    OH_JSVM_CreateExternal(env, &store, nullptr, nullptr, &data);
    JSVM_PropertyHandlerConfigurationStruct cfg{};
    cfg.genericNamedPropertyGetterCallback = StoreGet;
    cfg.genericNamedPropertySetterCallback = StoreSet;
    cfg.genericNamedPropertyDeleterCallback = StoreDelete;
    cfg.genericNamedPropertyEnumeratorCallback = StoreKeys;
    cfg.genericIndexedPropertyGetterCallback = DoubledIndex;
    cfg.namedPropertyData = data;
    JSVM_Value cls = nullptr;
    out.Set("define", Last(env, OH_JSVM_DefineClassWithPropertyHandler(env, "Store", JSVM_AUTO_LENGTH,
                                                                       &kEmptyConstructor, 0, nullptr, &cfg,
                                                                       &kCalledAsFunction, &cls)));
    SetGlobal(env, "Store", cls);
    out.Set("mapLike", s.Eval(
        "const m = new Store(); m.alpha = 1; m.beta = 'two'; m.gamma = true;"
        "const before = [m.alpha, m.beta, m.gamma, m.missing, 'beta' in m].join();"
        "const deleted = delete m.beta;"
        "[before, deleted, m.beta, Object.keys(m).join('+'), m[3], m[20], m(1, 2), JSON.stringify(m)].join(' ; ')"));
    out.Set("nativeEntries", std::to_string(store.entries.size()) + ":" + store.entries["alpha"] + "," +
                                 store.entries["gamma"]);
    out.Set("setterThrows", s.Eval(
        "try { new Store().forbidden = 1; 'set' } catch (e) { [e.message, e.code].join('|') }"));
    out.Set("nullConfig", Last(env, OH_JSVM_DefineClassWithPropertyHandler(env, "X", JSVM_AUTO_LENGTH,
                                                                           &kEmptyConstructor, 0, nullptr, nullptr,
                                                                           nullptr, &cls)));
  }
}

// Handlers that only watch (each returns NULL: not intercepted), as the docs'
// example writes them: every named and indexed get, set and delete of an
// instance reaches them, its own properties included.
std::vector<std::string>* g_watched = nullptr;
JSVM_Value Watch(JSVM_Env env, const char* what, JSVM_Value key) {
  JSVM_Value text = nullptr;
  OH_JSVM_CoerceToString(env, key, &text);
  g_watched->push_back(std::string(what) + ":" + Utf8(env, text));
  return nullptr;
}
JSVM_Value WatchGet(JSVM_Env env, JSVM_Value key, JSVM_Value, JSVM_Value) { return Watch(env, "get", key); }
JSVM_Value WatchSet(JSVM_Env env, JSVM_Value key, JSVM_Value, JSVM_Value, JSVM_Value) { return Watch(env, "set", key); }
JSVM_Value WatchDelete(JSVM_Env env, JSVM_Value key, JSVM_Value, JSVM_Value) { return Watch(env, "delete", key); }

void WatchingHandlers(const Napi::CallbackInfo& info, Report& out) {
  std::vector<std::string> watched;
  g_watched = &watched;
  Session s;
  JSVM_Env env = s.env;
  JSVM_PropertyHandlerConfigurationStruct cfg{};
  cfg.genericNamedPropertyGetterCallback = WatchGet;
  cfg.genericNamedPropertySetterCallback = WatchSet;
  cfg.genericNamedPropertyDeleterCallback = WatchDelete;
  cfg.genericIndexedPropertyGetterCallback = WatchGet;
  cfg.genericIndexedPropertySetterCallback = WatchSet;
  cfg.genericIndexedPropertyDeleterCallback = WatchDelete;
  JSVM_Value cls = nullptr, instance = nullptr, value = nullptr, read = nullptr, key = nullptr;
  OH_JSVM_DefineClassWithPropertyHandler(env, "Watched", JSVM_AUTO_LENGTH, &kEmptyConstructor, 0, nullptr, &cfg,
                                         nullptr, &cls);
  OH_JSVM_NewInstance(env, cls, 0, nullptr, &instance);
  OH_JSVM_CreateStringUtf8(env, "hello world", JSVM_AUTO_LENGTH, &value);
  out.Set("set", Last(env, OH_JSVM_SetNamedProperty(env, instance, "str11", value)));
  out.Set("get", Last(env, OH_JSVM_GetNamedProperty(env, instance, "str11", &read)));
  out.Set("read", StringOf(env, read));
  OH_JSVM_CreateStringUtf8(env, "str11", JSVM_AUTO_LENGTH, &key);
  bool deleted = false;
  out.Set("delete", Last(env, OH_JSVM_DeleteProperty(env, instance, key, &deleted)));
  out.Set("deleted", deleted);
  bool has = true;
  OH_JSVM_HasNamedProperty(env, instance, "str11", &has);
  out.Set("hasAfterDelete", has);
  out.Set("native", watched);
  watched.clear();
  SetGlobal(env, "Watched", cls);
  out.Set("fromJs", s.Eval("const w = new Watched(); w.a = 1; w[0] = 2; [w.a, w[0], delete w.a, delete w[0], 'a' in w].join()"));
  std::vector<std::string> from_js;
  for (const std::string& entry : watched) {
    if (entry.find(":a") != std::string::npos || entry.find(":0") != std::string::npos) from_js.push_back(entry);
  }
  out.Set("watchedFromJs", from_js);
  g_watched = nullptr;
}

// ---------------------------------------------------------------------------
// DefineClassWithOptions: internal fields, handlers as an option, parents.
// ---------------------------------------------------------------------------
JSVM_Value BaseHello(JSVM_Env env, JSVM_CallbackInfo info) {
  JSVM_Value text;
  OH_JSVM_CreateStringUtf8(env, "hello from Base", JSVM_AUTO_LENGTH, &text);
  return text;
}
JSVM_CallbackStruct kBaseHello = {BaseHello, nullptr};

void ClassOptions(const Napi::CallbackInfo& info, Report& out) {
  Session s;
  JSVM_Env env = s.env;
  JSVM_PropertyDescriptor base_props[] = {{"hello", nullptr, &kBaseHello, nullptr, nullptr, nullptr, JSVM_DEFAULT_METHOD}};
  JSVM_Value base = nullptr, derived = nullptr, from_js = nullptr, counted = nullptr, handled = nullptr, bad = nullptr;
  OH_JSVM_DefineClass(env, "Base", JSVM_AUTO_LENGTH, &kEmptyConstructor, 1, base_props, &base);
  SetGlobal(env, "Base", base);

  JSVM_DefineClassOptions count_option{JSVM_DEFINE_CLASS_WITH_COUNT, {}};
  count_option.content.num = 2;
  out.Set("withCount", Last(env, OH_JSVM_DefineClassWithOptions(env, "Counted", JSVM_AUTO_LENGTH, &kEmptyConstructor,
                                                                0, nullptr, nullptr, 1, &count_option, &counted)));
  SetGlobal(env, "Counted", counted);
  JSVM_DefineClassOptions normal{JSVM_DEFINE_CLASS_NORMAL, {}};
  out.Set("withParent", Last(env, OH_JSVM_DefineClassWithOptions(env, "Derived", JSVM_AUTO_LENGTH, &kEmptyConstructor,
                                                                 0, nullptr, base, 1, &normal, &derived)));
  SetGlobal(env, "Derived", derived);
  JSVM_Value js_parent;
  s.Run("(class JsBase { greet() { return 'hi from JsBase'; } })", &js_parent);
  out.Set("withJsParent", Last(env, OH_JSVM_DefineClassWithOptions(env, "FromJs", JSVM_AUTO_LENGTH, &kEmptyConstructor,
                                                                   0, nullptr, js_parent, 0, nullptr, &from_js)));
  SetGlobal(env, "FromJs", from_js);
  out.Set("inheritance", s.Eval(
      "const d = new Derived(); const f = new FromJs(); [d instanceof Derived, d instanceof Base, d.hello(), "
      "f instanceof FromJs, f.greet(), new Counted() instanceof Counted, Derived.name].join()"));

  JSVM_PropertyHandlerConfigurationStruct cfg{};
  cfg.genericIndexedPropertyGetterCallback = DoubledIndex;
  JSVM_PropertyHandler handler{&cfg, nullptr};
  JSVM_DefineClassOptions handler_option{JSVM_DEFINE_CLASS_WITH_PROPERTY_HANDLER, {}};
  handler_option.content.ptr = &handler;
  out.Set("withHandler", Last(env, OH_JSVM_DefineClassWithOptions(env, "Handled", JSVM_AUTO_LENGTH, &kEmptyConstructor,
                                                                  0, nullptr, nullptr, 1, &handler_option, &handled)));
  SetGlobal(env, "Handled", handled);
  out.Set("handlerWorks", s.Eval("new Handled()[4]"));

  JSVM_DefineClassOptions unknown{static_cast<JSVM_DefineClassOptionsId>(99), {}};
  out.Set("unknownOption", Last(env, OH_JSVM_DefineClassWithOptions(env, "B", JSVM_AUTO_LENGTH, &kEmptyConstructor, 0,
                                                                    nullptr, nullptr, 1, &unknown, &bad)));
  JSVM_DefineClassOptions negative{JSVM_DEFINE_CLASS_WITH_COUNT, {}};
  negative.content.num = -1;
  out.Set("negativeCount", Last(env, OH_JSVM_DefineClassWithOptions(env, "B", JSVM_AUTO_LENGTH, &kEmptyConstructor,
                                                                    0, nullptr, nullptr, 1, &negative, &bad)));
  JSVM_DefineClassOptions no_handler{JSVM_DEFINE_CLASS_WITH_PROPERTY_HANDLER, {}};
  out.Set("nullHandler", Last(env, OH_JSVM_DefineClassWithOptions(env, "B", JSVM_AUTO_LENGTH, &kEmptyConstructor, 0,
                                                                  nullptr, nullptr, 1, &no_handler, &bad)));
  JSVM_Value not_function = s.Str("parent");
  out.Set("parentNotFunction", Last(env, OH_JSVM_DefineClassWithOptions(env, "B", JSVM_AUTO_LENGTH,
                                                                        &kEmptyConstructor, 0, nullptr, not_function,
                                                                        0, nullptr, &bad)));
  out.Set("optionsNull", Last(env, OH_JSVM_DefineClassWithOptions(env, "B", JSVM_AUTO_LENGTH, &kEmptyConstructor, 0,
                                                                  nullptr, nullptr, 1, nullptr, &bad)));
}

// ---------------------------------------------------------------------------
// Externals, AddFinalizer, type tags, wraps.
// ---------------------------------------------------------------------------
int g_external_finalized = 0;
int g_object_finalizers = 0;
void CountExternal(JSVM_Env env, void* data, void* hint) { g_external_finalized += *static_cast<int*>(hint); }
void CountObject(JSVM_Env env, void* data, void* hint) { g_object_finalizers += 1; }

void Externals(const Napi::CallbackInfo& info, Report& out) {
  g_external_finalized = 0;
  g_object_finalizers = 0;
  static int marker = 42;
  static int weight = 1;
  int collected_by_gc = -1;
  {
    Session s;
    JSVM_Env env = s.env;
    JSVM_Value external = nullptr;
    out.Set("create", Last(env, OH_JSVM_CreateExternal(env, &marker, CountExternal, &weight, &external)));
    JSVM_ValueType type;
    OH_JSVM_Typeof(env, external, &type);
    out.Set("typeof", static_cast<double>(type));
    void* back = nullptr;
    out.Set("get", Last(env, OH_JSVM_GetValueExternal(env, external, &back)));
    out.Set("samePointer", back == &marker);
    out.Set("getFromNumber", Last(env, OH_JSVM_GetValueExternal(env, s.Str("x"), &back)));
    out.Set("createNullResult", Last(env, OH_JSVM_CreateExternal(env, &marker, nullptr, nullptr, nullptr)));

    // Type tags.
    JSVM_TypeTag tag1{0x1234, 0x5678}, tag2{0x1234, 0x9999};
    JSVM_Value tagged, untagged;
    OH_JSVM_CreateObject(env, &tagged);
    OH_JSVM_CreateObject(env, &untagged);
    bool matches = false;
    out.Set("tag", Last(env, OH_JSVM_TypeTagObject(env, tagged, &tag1)));
    out.Set("tagAgain", Last(env, OH_JSVM_TypeTagObject(env, tagged, &tag2)));
    OH_JSVM_CheckObjectTypeTag(env, tagged, &tag1, &matches);
    out.Set("checkSame", matches);
    OH_JSVM_CheckObjectTypeTag(env, tagged, &tag2, &matches);
    out.Set("checkOther", matches);
    OH_JSVM_CheckObjectTypeTag(env, untagged, &tag1, &matches);
    out.Set("checkUntagged", matches);
    out.Set("tagNumber", Last(env, OH_JSVM_TypeTagObject(env, s.Str("x"), &tag1)));
    out.Set("tagNullTag", Last(env, OH_JSVM_TypeTagObject(env, untagged, nullptr)));
    out.Set("checkNullResult", Last(env, OH_JSVM_CheckObjectTypeTag(env, tagged, &tag1, nullptr)));
    SetGlobal(env, "tagged", tagged);
    out.Set("tagInvisible", s.Eval("Reflect.ownKeys(tagged).length + ':' + JSON.stringify(tagged)"));

    // Wraps: one per object, Unwrap, RemoveWrap (no finalizer afterwards).
    static int native_a = 1, native_b = 2;
    JSVM_Value obj;
    OH_JSVM_CreateObject(env, &obj);
    JSVM_Ref wrap_ref = nullptr;
    out.Set("wrap", Last(env, OH_JSVM_Wrap(env, obj, &native_a, CountObject, nullptr, &wrap_ref)));
    uint32_t count = 99;
    OH_JSVM_ReferenceRef(env, wrap_ref, &count);
    out.Set("wrapRefStartsAtZero", count == 1);
    OH_JSVM_DeleteReference(env, wrap_ref);
    out.Set("wrapTwice", Last(env, OH_JSVM_Wrap(env, obj, &native_b, nullptr, nullptr, nullptr)));
    void* unwrapped = nullptr;
    OH_JSVM_Unwrap(env, obj, &unwrapped);
    out.Set("unwrapped", unwrapped == &native_a);
    out.Set("removeWrap", Last(env, OH_JSVM_RemoveWrap(env, obj, &unwrapped)));
    out.Set("removed", unwrapped == &native_a);
    out.Set("unwrapAfterRemove", Last(env, OH_JSVM_Unwrap(env, obj, &unwrapped)));
    out.Set("wrapNumber", Last(env, OH_JSVM_Wrap(env, s.Str("x"), &native_a, nullptr, nullptr, nullptr)));
    out.Set("wrapNullNative", Last(env, OH_JSVM_Wrap(env, obj, nullptr, nullptr, nullptr, nullptr)));
    out.Set("unwrapNullResult", Last(env, OH_JSVM_Unwrap(env, obj, nullptr)));
    SetGlobal(env, "wrapped", obj);
    out.Set("wrapInvisible", s.Eval("Reflect.ownKeys(wrapped).length"));

    // AddFinalizer: several on one object; all run once.
    JSVM_Value watched;
    OH_JSVM_CreateObject(env, &watched);
    out.Set("addFinalizer", Last(env, OH_JSVM_AddFinalizer(env, watched, nullptr, CountObject, nullptr, nullptr)));
    OH_JSVM_AddFinalizer(env, watched, nullptr, CountObject, nullptr, nullptr);
    out.Set("addFinalizerNullCb", Last(env, OH_JSVM_AddFinalizer(env, watched, nullptr, nullptr, nullptr, nullptr)));
    out.Set("addFinalizerNumber", Last(env, OH_JSVM_AddFinalizer(env, s.Str("x"), nullptr, CountObject, nullptr, nullptr)));

    // Drop the external and the watched object; a forced GC finalizes them.
    JSVM_HandleScope scope;
    OH_JSVM_OpenHandleScope(env, &scope);
    for (int i = 0; i < 10; ++i) {
      JSVM_Value temp;
      OH_JSVM_CreateExternal(env, &marker, CountExternal, &weight, &temp);
    }
    OH_JSVM_CloseHandleScope(env, scope);
    for (int i = 0; i < 4 && g_external_finalized < 10; ++i) s.Eval("gc()");
    collected_by_gc = g_external_finalized;
  }
  out.Set("externalsCollectedByGc", collected_by_gc);
  out.Set("externalsFinalizedInTotal", g_external_finalized);
  out.Set("objectFinalizers", g_object_finalizers);
}

// ---------------------------------------------------------------------------
// References.
// ---------------------------------------------------------------------------
void References(const Napi::CallbackInfo& info, Report& out) {
  Session s;
  JSVM_Env env = s.env;
  JSVM_Value object, value = nullptr, number, symbol;
  s.Run("({ name: 'referenced' })", &object);
  OH_JSVM_CreateInt32(env, 7, &number);
  OH_JSVM_CreateSymbol(env, nullptr, &symbol);
  JSVM_Ref ref = nullptr;
  uint32_t count = 0;
  out.Set("create", Last(env, OH_JSVM_CreateReference(env, object, 1, &ref)));
  out.Set("ref", Last(env, OH_JSVM_ReferenceRef(env, ref, &count)));
  out.Set("countAfterRef", count);
  OH_JSVM_ReferenceUnref(env, ref, &count);
  OH_JSVM_ReferenceUnref(env, ref, &count);
  out.Set("countAfterUnrefs", count);
  out.Set("unrefAtZero", Last(env, OH_JSVM_ReferenceUnref(env, ref, &count)));
  OH_JSVM_GetReferenceValue(env, ref, &value);
  SetGlobal(env, "viaRef", value);
  out.Set("weakStillAlive", s.Eval("viaRef.name"));
  out.Set("refBack", Last(env, OH_JSVM_ReferenceRef(env, ref, &count)));
  out.Set("delete", Last(env, OH_JSVM_DeleteReference(env, ref)));
  out.Set("deleteAgain", Last(env, OH_JSVM_DeleteReference(env, ref)));

  // A weak reference lets the object go.
  JSVM_Ref weak = nullptr;
  {
    JSVM_HandleScope scope;
    OH_JSVM_OpenHandleScope(env, &scope);
    JSVM_Value temp;
    s.Run("({ temporary: true })", &temp);
    OH_JSVM_CreateReference(env, temp, 0, &weak);
    OH_JSVM_CloseHandleScope(env, scope);
  }
  s.Eval("gc()");
  s.Eval("gc()");
  value = reinterpret_cast<JSVM_Value>(1);
  out.Set("weakGet", Last(env, OH_JSVM_GetReferenceValue(env, weak, &value)));
  out.Set("weakCollected", value == nullptr);
  out.Set("refCollected", Last(env, OH_JSVM_ReferenceRef(env, weak, &count)));
  OH_JSVM_DeleteReference(env, weak);

  // Primitives are released at zero; symbols can be weak.
  JSVM_Ref number_ref = nullptr, symbol_ref = nullptr;
  OH_JSVM_CreateReference(env, number, 1, &number_ref);
  OH_JSVM_GetReferenceValue(env, number_ref, &value);
  out.Set("numberHeld", s.ToString(value));
  OH_JSVM_ReferenceUnref(env, number_ref, &count);
  OH_JSVM_GetReferenceValue(env, number_ref, &value);
  out.Set("numberReleased", value == nullptr);
  out.Set("symbolRef", Last(env, OH_JSVM_CreateReference(env, symbol, 1, &symbol_ref)));
  OH_JSVM_GetReferenceValue(env, symbol_ref, &value);
  bool same = false;
  OH_JSVM_StrictEquals(env, value, symbol, &same);
  out.Set("symbolSame", same);

  out.Set("createNullValue", Last(env, OH_JSVM_CreateReference(env, nullptr, 1, &ref)));
  out.Set("createNullResult", Last(env, OH_JSVM_CreateReference(env, object, 1, nullptr)));
  out.Set("refNull", Last(env, OH_JSVM_ReferenceRef(env, nullptr, &count)));
  out.Set("getNullResult", Last(env, OH_JSVM_GetReferenceValue(env, symbol_ref, nullptr)));
  JSVM_Data data = nullptr;
  out.Set("getDataOfValueRef", Last(env, OH_JSVM_GetReferenceData(env, symbol_ref, &data)));
  // References still alive are released with the env (Session destructor).
}

// ---------------------------------------------------------------------------
// Promises and microtasks.
// ---------------------------------------------------------------------------
JSVM_Value RecordSettled(JSVM_Env env, JSVM_CallbackInfo info) {
  size_t argc = 1;
  JSVM_Value value;
  OH_JSVM_GetCbInfo(env, info, &argc, &value, nullptr, nullptr);
  JSVM_Value global;
  OH_JSVM_GetGlobal(env, &global);
  OH_JSVM_SetNamedProperty(env, global, "settledNatively", value);
  return value;
}
JSVM_CallbackStruct kRecordSettled = {RecordSettled, nullptr};

void Promises(const Napi::CallbackInfo& info, Report& out) {
  Session s;
  JSVM_Env env = s.env;
  JSVM_Deferred deferred = nullptr;
  JSVM_Value promise = nullptr;
  out.Set("create", Last(env, OH_JSVM_CreatePromise(env, &deferred, &promise)));
  bool is_promise = false;
  OH_JSVM_IsPromise(env, promise, &is_promise);
  out.Set("isPromise", is_promise);
  SetGlobal(env, "p", promise);
  // Awaited in JS, resolved from native code.
  s.Eval("globalThis.log = []; (async () => { log.push('awaited ' + await p); })(); log.push('sync');");
  out.Set("beforeResolve", s.Eval("log.join()"));
  JSVM_Value answer;
  OH_JSVM_CreateInt32(env, 42, &answer);
  out.Set("resolve", Last(env, OH_JSVM_ResolveDeferred(env, deferred, answer)));
  out.Set("afterCheckpoint", Last(nullptr, OH_JSVM_PerformMicrotaskCheckpoint(s.vm)));
  out.Set("log", s.Eval("log.join()"));

  // Rejected from native code, caught in JS.
  JSVM_Deferred rejected = nullptr;
  JSVM_Value rejected_promise;
  OH_JSVM_CreatePromise(env, &rejected, &rejected_promise);
  SetGlobal(env, "q", rejected_promise);
  s.Eval("q.catch((e) => { globalThis.caught = e.constructor.name + ': ' + e.message; });");
  JSVM_Value error, message;
  OH_JSVM_CreateStringUtf8(env, "went wrong", JSVM_AUTO_LENGTH, &message);
  OH_JSVM_CreateRangeError(env, nullptr, message, &error);
  out.Set("reject", Last(env, OH_JSVM_RejectDeferred(env, rejected, error)));
  OH_JSVM_PerformMicrotaskCheckpoint(s.vm);
  out.Set("caught", s.Eval("globalThis.caught"));

  // PromiseRegisterHandler with a native handler.
  JSVM_Value handler, chained = nullptr, resolved_promise;
  OH_JSVM_CreateFunction(env, "record", JSVM_AUTO_LENGTH, &kRecordSettled, &handler);
  s.Run("Promise.resolve('native saw this')", &resolved_promise);
  out.Set("register", Last(env, OH_JSVM_PromiseRegisterHandler(env, resolved_promise, handler, nullptr, &chained)));
  OH_JSVM_IsPromise(env, chained, &is_promise);
  out.Set("chainedIsPromise", is_promise);
  OH_JSVM_PerformMicrotaskCheckpoint(s.vm);
  out.Set("settledNatively", s.Eval("globalThis.settledNatively"));
  JSVM_Value failing;
  s.Run("Promise.reject(new Error('rejected value'))", &failing);
  OH_JSVM_PromiseRegisterHandler(env, failing, nullptr, handler, nullptr);
  OH_JSVM_PerformMicrotaskCheckpoint(s.vm);
  out.Set("rejectionHandled", s.Eval("String(globalThis.settledNatively.message)"));

  // Bad input.
  out.Set("createNullDeferred", Last(env, OH_JSVM_CreatePromise(env, nullptr, &promise)));
  out.Set("createNullPromise", Last(env, OH_JSVM_CreatePromise(env, &deferred, nullptr)));
  out.Set("resolveNullDeferred", Last(env, OH_JSVM_ResolveDeferred(env, nullptr, answer)));
  JSVM_Deferred unused = nullptr;
  JSVM_Value unused_promise;
  OH_JSVM_CreatePromise(env, &unused, &unused_promise);
  out.Set("resolveNullValue", Last(env, OH_JSVM_ResolveDeferred(env, unused, nullptr)));
  OH_JSVM_ResolveDeferred(env, unused, answer);
  out.Set("registerNotPromise", Last(env, OH_JSVM_PromiseRegisterHandler(env, answer, handler, nullptr, nullptr)));
  out.Set("registerNotFunction",
          Last(env, OH_JSVM_PromiseRegisterHandler(env, resolved_promise, answer, nullptr, nullptr)));
  out.Set("registerNoHandlers",
          Last(env, OH_JSVM_PromiseRegisterHandler(env, resolved_promise, nullptr, nullptr, nullptr)));
  out.Set("checkpointNullVm", Last(nullptr, OH_JSVM_PerformMicrotaskCheckpoint(nullptr)));
}

// ---------------------------------------------------------------------------
// CreateFunctionWithScript.
// ---------------------------------------------------------------------------
void FunctionWithScript(const Napi::CallbackInfo& info, Report& out) {
  Session s;
  JSVM_Env env = s.env;
  JSVM_Value params[2] = {s.Str("a"), s.Str("b")};
  JSVM_Value fn = nullptr;
  out.Set("create", Last(env, OH_JSVM_CreateFunctionWithScript(env, "sum", JSVM_AUTO_LENGTH, 2, params,
                                                               s.Str("return a + b;"), &fn)));
  SetGlobal(env, "sum", fn);
  out.Set("call", s.Eval("[sum(2, 3), sum.name, sum.length].join()"));
  JSVM_Value number;
  OH_JSVM_CreateInt32(env, 1, &number);
  out.Set("bodyNotString", Last(env, OH_JSVM_CreateFunctionWithScript(env, "f", JSVM_AUTO_LENGTH, 0, nullptr, number, &fn)));
  JSVM_Value bad_params[1] = {number};
  out.Set("paramNotString", Last(env, OH_JSVM_CreateFunctionWithScript(env, "f", JSVM_AUTO_LENGTH, 1, bad_params,
                                                                       s.Str("return 1"), &fn)));
  out.Set("syntaxError", Last(env, OH_JSVM_CreateFunctionWithScript(env, "f", JSVM_AUTO_LENGTH, 0, nullptr,
                                                                    s.Str("return )"), &fn)));
  out.Set("syntaxException", TakeException(env));
  out.Set("nullResult", Last(env, OH_JSVM_CreateFunctionWithScript(env, "f", JSVM_AUTO_LENGTH, 0, nullptr,
                                                                   s.Str("return 1"), nullptr)));
}

}  // namespace

void RegisterClasses(Napi::Env env, Napi::Object exports) {
  exports.Set("nativeClass", Scenario(env, NativeClass));
  exports.Set("propertyHandlers", Scenario(env, PropertyHandlers));
  exports.Set("watchingHandlers", Scenario(env, WatchingHandlers));
  exports.Set("classOptions", Scenario(env, ClassOptions));
  exports.Set("externals", Scenario(env, Externals));
  exports.Set("references", Scenario(env, References));
  exports.Set("promises", Scenario(env, Promises));
  exports.Set("functionWithScript", Scenario(env, FunctionWithScript));
}

}  // namespace harness
