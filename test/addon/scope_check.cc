// Scenarios: OH_JSVM_SetDebugOption(env, JSVM_SCOPE_CHECK, ...): JSVM_Values
// from handle scopes that have closed are refused while the option is on. See
// test/scope-check.spec.ts and env/debug_options.cc.
//
// A call that is given a stale value is made only where the check refuses it
// before the value is read (option on), or where the call stops before reading
// it for another reason (an exception pending, option off): a stale slot is
// never read.
#include <string>

#include "harness.h"
#include "hilog/log.h"

namespace harness {
namespace {

// A value made, and left behind, in a handle scope that is then closed.
// `padding` values are made before it, so that its slot stays free while the
// scenario makes a few handles of its own in the outer scope (0: the next
// value made takes its slot).
template <typename Make>
JSVM_Value FromClosedScope(JSVM_Env env, Make make, int padding = 64) {
  JSVM_HandleScope scope = nullptr;
  OH_JSVM_OpenHandleScope(env, &scope);
  for (int i = 0; i < padding; ++i) {
    JSVM_Value filler = nullptr;
    OH_JSVM_CreateInt32(env, i, &filler);
  }
  JSVM_Value value = make();
  OH_JSVM_CloseHandleScope(env, scope);
  return value;
}

JSVM_Value Int(JSVM_Env env, int32_t n) {
  JSVM_Value value = nullptr;
  OH_JSVM_CreateInt32(env, n, &value);
  return value;
}

JSVM_Value Object(JSVM_Env env) {
  JSVM_Value value = nullptr;
  OH_JSVM_CreateObject(env, &value);
  return value;
}

// Each kind of call the check covers, with a stale value (option on).
void StaleRefused(const Napi::CallbackInfo&, Report& out) {
  Session s;
  JSVM_Env env = s.env;
  out.Set("enable", Last(env, OH_JSVM_SetDebugOption(env, JSVM_SCOPE_CHECK, true)));
  // Values of the outer (env) scope, still open.
  JSVM_Value object = Object(env);
  JSVM_Value key = s.Str("k");
  JSVM_Value one = Int(env, 1);
  OH_JSVM_SetProperty(env, object, key, one);
  JSVM_Value function = nullptr;
  s.Run("(function (a, b) { return typeof b; })", &function);
  JSVM_Value undefined = nullptr;
  OH_JSVM_GetUndefined(env, &undefined);

  JSVM_Value stale_number = FromClosedScope(env, [&] { return Int(env, 42); });
  JSVM_ValueType type = JSVM_UNDEFINED;
  out.Set("typeof", Last(env, OH_JSVM_Typeof(env, stale_number, &type)));
  bool is_boolean = false;
  out.Set("isBoolean", Last(env, OH_JSVM_IsBoolean(env, stale_number, &is_boolean)));

  JSVM_Value got = nullptr;
  JSVM_Value stale_object = FromClosedScope(env, [&] { return Object(env); });
  out.Set("getStaleObject", Last(env, OH_JSVM_GetProperty(env, stale_object, key, &got)));
  JSVM_Value stale_key = FromClosedScope(env, [&] { return s.Str("k"); });
  out.Set("getStaleKey", Last(env, OH_JSVM_GetProperty(env, object, stale_key, &got)));
  out.Set("getNamedStaleObject", Last(env, OH_JSVM_GetNamedProperty(env, stale_object, "k", &got)));

  JSVM_Value stale_arg = FromClosedScope(env, [&] { return Int(env, 2); });
  JSVM_Value argv[2] = {one, stale_arg};
  out.Set("callStaleArgv", Last(env, OH_JSVM_CallFunction(env, undefined, function, 2, argv, &got)));
  out.Set("newInstanceStaleArgv", Last(env, OH_JSVM_NewInstance(env, function, 2, argv, &got)));
  JSVM_Value stale_function = FromClosedScope(env, [&] {
    JSVM_Value f = nullptr;
    s.Run("(function () {})", &f);
    return f;
  });
  out.Set("callStaleFunction", Last(env, OH_JSVM_CallFunction(env, undefined, stale_function, 0, nullptr, &got)));

  // Optional arguments and objects checked in the body.
  JSVM_Value message = s.Str("m");
  JSVM_Value stale_code = FromClosedScope(env, [&] { return s.Str("E_CODE"); });
  out.Set("createErrorStaleCode", Last(env, OH_JSVM_CreateError(env, stale_code, message, &got)));
  JSVM_Value stale_description = FromClosedScope(env, [&] { return s.Str("d"); });
  out.Set("createSymbolStaleDescription", Last(env, OH_JSVM_CreateSymbol(env, stale_description, &got)));
  void* native = nullptr;
  out.Set("unwrapStaleObject", Last(env, OH_JSVM_Unwrap(env, stale_object, &native)));
  JSVM_PropertyDescriptor descriptor = {"p", nullptr, nullptr, nullptr, nullptr, stale_number, JSVM_DEFAULT};
  out.Set("definePropertiesStaleValue", Last(env, OH_JSVM_DefineProperties(env, object, 1, &descriptor)));

  // Nothing was touched: the env goes on, the object has no "p".
  bool has_p = true;
  out.Set("afterwards", Last(env, OH_JSVM_HasNamedProperty(env, object, "p", &has_p)));
  out.Set("afterwardsHasP", has_p);
  out.Set("afterwardsEval", s.Eval("6 * 7"));
}

// Values that are live (or V8's own) pass with the option on.
void LiveAccepted(const Napi::CallbackInfo&, Report& out) {
  Session s;
  JSVM_Env env = s.env;
  OH_JSVM_SetDebugOption(env, JSVM_SCOPE_CHECK, true);
  JSVM_ValueType type = JSVM_UNDEFINED;
  JSVM_Value outer = Int(env, 1);

  // A value of a scope still open, then of one closed inside it.
  JSVM_HandleScope scope = nullptr;
  JSVM_HandleScope inner = nullptr;
  OH_JSVM_OpenHandleScope(env, &scope);
  JSVM_Value in_scope = Int(env, 2);
  OH_JSVM_OpenHandleScope(env, &inner);
  JSVM_Value in_inner = Int(env, 3);
  OH_JSVM_CloseHandleScope(env, inner);
  out.Set("openScope", Last(env, OH_JSVM_Typeof(env, in_scope, &type)));
  out.Set("innerClosed", Last(env, OH_JSVM_Typeof(env, in_inner, &type)));
  out.Set("outerScope", Last(env, OH_JSVM_Typeof(env, outer, &type)));
  OH_JSVM_CloseHandleScope(env, scope);
  out.Set("openScopeAfterItsClose", Last(env, OH_JSVM_Typeof(env, in_scope, &type)));

  // An escaped value lives in the scope around the escapable one.
  JSVM_EscapableHandleScope escapable = nullptr;
  OH_JSVM_OpenEscapableHandleScope(env, &escapable);
  JSVM_Value escaped = nullptr;
  OH_JSVM_EscapeHandle(env, escapable, s.Str("escaped"), &escaped);
  OH_JSVM_CloseEscapableHandleScope(env, escapable);
  out.Set("escaped", Last(env, OH_JSVM_Typeof(env, escaped, &type)));
  out.Set("escapedType", static_cast<int>(type));

  // A slot handed out again: the old JSVM_Value now names the new value.
  JSVM_Value old_value = FromClosedScope(env, [&] { return Int(env, 4); }, 0);
  JSVM_Value new_value = s.Str("new");
  out.Set("reusedSameSlot", old_value == new_value);
  out.Set("reused", Last(env, OH_JSVM_Typeof(env, old_value, &type)));
  out.Set("reusedType", static_cast<int>(type));

  // undefined, null, true, false are V8's root slots; the global a fresh handle.
  JSVM_Value undefined = nullptr, null = nullptr, global = nullptr;
  OH_JSVM_GetUndefined(env, &undefined);
  OH_JSVM_GetNull(env, &null);
  OH_JSVM_GetGlobal(env, &global);
  out.Set("undefined", Last(env, OH_JSVM_Typeof(env, undefined, &type)));
  out.Set("null", Last(env, OH_JSVM_Typeof(env, null, &type)));
  out.Set("global", Last(env, OH_JSVM_Typeof(env, global, &type)));
  JSVM_Value undefined_of_closed = FromClosedScope(env, [&] {
    JSVM_Value u = nullptr;
    OH_JSVM_GetUndefined(env, &u);
    return u;
  });
  out.Set("undefinedOfClosedScope", Last(env, OH_JSVM_Typeof(env, undefined_of_closed, &type)));
  JSVM_Value result = nullptr;
  JSVM_Value argv[2] = {outer, null};
  JSVM_Value function = nullptr;
  s.Run("(function (a, b) { return a; })", &function);
  out.Set("callLiveArgv", Last(env, OH_JSVM_CallFunction(env, undefined, function, 2, argv, &result)));
  out.Set("nullOptional", Last(env, OH_JSVM_CreateSymbol(env, nullptr, &result)));

  // A scope that made more than a block of handles (V8's blocks hold 1022):
  // its first value, in the block that is current again, is caught.
  JSVM_Value first = nullptr;
  OH_JSVM_OpenHandleScope(env, &scope);
  first = Int(env, 0);
  for (int i = 1; i < 1500; ++i) Int(env, i);
  OH_JSVM_CloseHandleScope(env, scope);
  out.Set("firstOfBigScope", Last(env, OH_JSVM_Typeof(env, first, &type)));
}

// In a native callback: its arguments and this pass (V8 keeps them on the
// stack), before and after a scope opened and closed inside it; a value of
// that scope does not.
Report* g_callback_out = nullptr;
JSVM_Value CheckCallbackValues(JSVM_Env env, JSVM_CallbackInfo info) {
  Report& out = *g_callback_out;
  size_t argc = 2;
  JSVM_Value argv[2] = {nullptr, nullptr};
  JSVM_Value self = nullptr;
  OH_JSVM_GetCbInfo(env, info, &argc, argv, &self, nullptr);
  JSVM_ValueType type = JSVM_UNDEFINED;
  out.Set("arg", Last(env, OH_JSVM_Typeof(env, argv[0], &type)));
  out.Set("this", Last(env, OH_JSVM_Typeof(env, self, &type)));
  JSVM_Value made = FromClosedScope(env, [&] { return Int(env, 5); });
  out.Set("argAfterInnerScope", Last(env, OH_JSVM_Typeof(env, argv[1], &type)));
  out.Set("innerScopeValue", Last(env, OH_JSVM_Typeof(env, made, &type)));
  bool equal = true;
  out.Set("strictEqualsArgs", Last(env, OH_JSVM_StrictEquals(env, argv[0], argv[1], &equal)));
  JSVM_Value result = nullptr;
  OH_JSVM_GetUndefined(env, &result);
  return result;
}
JSVM_CallbackStruct kCheckCallbackValues = {CheckCallbackValues, nullptr};

void CallbackValues(const Napi::CallbackInfo&, Report& out) {
  Session s;
  JSVM_Env env = s.env;
  OH_JSVM_SetDebugOption(env, JSVM_SCOPE_CHECK, true);
  JSVM_Value function = nullptr;
  OH_JSVM_CreateFunction(env, "check", JSVM_AUTO_LENGTH, &kCheckCallbackValues, &function);
  JSVM_Value global = nullptr;
  OH_JSVM_GetGlobal(env, &global);
  OH_JSVM_SetNamedProperty(env, global, "check", function);
  g_callback_out = &out;
  out.Set("call", s.Eval("check({}, 'x'), 'done'"));
  g_callback_out = nullptr;
}

// Option off, on, off again: the stale call is refused only while it is on.
// With an exception pending, the JS-running call stops at the pending check
// when the option is off, so the stale value is never read; with it on, the
// scope check comes first.
void Toggle(const Napi::CallbackInfo&, Report& out) {
  Session s;
  JSVM_Env env = s.env;
  JSVM_Value live = Int(env, 1);
  JSVM_Value error = s.Str("pending");
  JSVM_Value stale = FromClosedScope(env, [&] { return Int(env, 2); });
  bool equal = false;
  // In a scope of its own: what the throw and TakeException make goes with it.
  const auto stale_call = [&](const char* name) {
    JSVM_HandleScope scope = nullptr;
    OH_JSVM_OpenHandleScope(env, &scope);
    OH_JSVM_Throw(env, error);
    out.Set(name, Last(env, OH_JSVM_Equals(env, stale, live, &equal)));
    TakeException(env);
    OH_JSVM_CloseHandleScope(env, scope);
  };
  stale_call("offByDefault");
  OH_JSVM_SetDebugOption(env, JSVM_SCOPE_CHECK, true);
  stale_call("on");
  OH_JSVM_SetDebugOption(env, JSVM_SCOPE_CHECK, false);
  stale_call("offAgain");
  OH_JSVM_SetDebugOption(env, JSVM_SCOPE_CHECK, true);
  stale_call("onAgain");
  // A stale value whose slot holds a new value again: valid, on or off.
  JSVM_Value old_value = FromClosedScope(env, [&] { return Int(env, 3); }, 0);
  JSVM_Value reused = Int(env, 1);
  out.Set("reusedSameSlot", reused == old_value);
  out.Set("reusedOn", Last(env, OH_JSVM_Equals(env, old_value, live, &equal)));
  out.Set("reusedOnEqual", equal);
  OH_JSVM_SetDebugOption(env, JSVM_SCOPE_CHECK, false);
  equal = false;
  out.Set("reusedOff", Last(env, OH_JSVM_Equals(env, old_value, live, &equal)));
  out.Set("reusedOffEqual", equal);
  // Another env of the same VM without the option is not checked.
  JSVM_Env other = nullptr;
  OH_JSVM_CreateEnv(s.vm, 0, nullptr, &other);
  OH_JSVM_SetDebugOption(env, JSVM_SCOPE_CHECK, true);
  JSVM_EnvScope other_scope = nullptr;
  OH_JSVM_OpenEnvScope(other, &other_scope);
  JSVM_Value stale_other = FromClosedScope(other, [&] { return Int(other, 3); });
  JSVM_Value other_error = nullptr;
  OH_JSVM_CreateStringUtf8(other, "pending", JSVM_AUTO_LENGTH, &other_error);
  JSVM_Value other_live = Int(other, 4);
  OH_JSVM_Throw(other, other_error);
  out.Set("otherEnvOff", Last(other, OH_JSVM_Equals(other, stale_other, other_live, &equal)));
  TakeException(other);
  OH_JSVM_CloseEnvScope(other, other_scope);
  OH_JSVM_DestroyEnv(other);
}

// The device's per-call HiLog lines: a marker line is logged (OH_LOG_Print)
// before each step, so the spec can tell which lines each call logged.
void Mark(const char* step) { OH_LOG_Print(LOG_APP, LOG_INFO, 0x1234, "SCOPE_STEP", "%{public}s", step); }

// GetCbInfo with its optional outputs, then without (steps marked inside).
JSVM_Value CbInfoLines(JSVM_Env env, JSVM_CallbackInfo info) {
  size_t argc = 1;
  JSVM_Value argv[1] = {nullptr};
  JSVM_Value self = nullptr;
  Mark("GetCbInfo with argv and thisArg");
  OH_JSVM_GetCbInfo(env, info, &argc, argv, &self, nullptr);
  Mark("GetCbInfo without");
  OH_JSVM_GetCbInfo(env, info, &argc, nullptr, nullptr, nullptr);
  Mark("GetCbInfo done");
  return argv[0];
}
JSVM_CallbackStruct kCbInfoLines = {CbInfoLines, nullptr};

void PerCallLines(const Napi::CallbackInfo& info, Report& out) {
  Session s;
  JSVM_Env env = s.env;
  JSVM_Value boolean = nullptr, object = nullptr, property = nullptr, fn = nullptr, result = nullptr;
  bool is = false;
  Mark("off");
  OH_JSVM_GetBoolean(env, true, &boolean);
  OH_JSVM_IsBoolean(env, boolean, &is);
  out.Set("enable", Last(env, OH_JSVM_SetDebugOption(env, JSVM_SCOPE_CHECK, true)));
  Mark("GetBoolean");
  OH_JSVM_GetBoolean(env, true, &boolean);
  Mark("IsBoolean");
  out.Set("isBoolean", Last(env, OH_JSVM_IsBoolean(env, boolean, &is)));
  Mark("CreateObject");
  OH_JSVM_CreateObject(env, &object);
  Mark("GetNamedProperty");
  OH_JSVM_GetNamedProperty(env, object, "missing", &property);
  Mark("CallFunction");
  OH_JSVM_RunScript(env, nullptr, &fn);  // refused (NULL script): no line
  JSVM_Value source = nullptr;
  JSVM_Script script = nullptr;
  OH_JSVM_CreateStringUtf8(env, "(a, b) => a + b", JSVM_AUTO_LENGTH, &source);
  OH_JSVM_CompileScript(env, source, nullptr, 0, false, nullptr, &script);
  OH_JSVM_RunScript(env, script, &fn);
  JSVM_Value argv[2] = {Int(env, 40), Int(env, 2)};
  Mark("CallFunction itself");
  out.Set("call", Last(env, OH_JSVM_CallFunction(env, object, fn, 2, argv, &result)));
  int32_t sum = 0;
  Mark("GetValueInt32");
  OH_JSVM_GetValueInt32(env, result, &sum);
  out.Set("sum", sum);
  Mark("CreateStringUtf8");
  OH_JSVM_CreateStringUtf8(env, "1 + 1", JSVM_AUTO_LENGTH, &source);
  Mark("CompileScriptWithOptions");
  JSVM_Script with_options = nullptr;
  out.Set("compileWithOptions", Last(env, OH_JSVM_CompileScriptWithOptions(env, source, 0, nullptr, &with_options)));
  // Optional outputs: a line when one is given, none without.
  JSVM_Value typed = nullptr, buffer = nullptr, promise = nullptr, then_result = nullptr;
  JSVM_Deferred deferred = nullptr;
  void* bytes = nullptr;
  Mark("setup");
  OH_JSVM_CreateArraybuffer(env, 8, &bytes, &buffer);
  OH_JSVM_CreateTypedarray(env, JSVM_UINT8_ARRAY, 8, buffer, 0, &typed);
  OH_JSVM_CreatePromise(env, &deferred, &promise);
  Mark("GetTypedarrayInfo with arraybuffer");
  out.Set("typedInfo", Last(env, OH_JSVM_GetTypedarrayInfo(env, typed, nullptr, nullptr, nullptr, &buffer, nullptr)));
  Mark("GetTypedarrayInfo without");
  size_t length = 0;
  OH_JSVM_GetTypedarrayInfo(env, typed, nullptr, &length, nullptr, nullptr, nullptr);
  out.Set("typedLength", static_cast<double>(length));
  Mark("PromiseRegisterHandler with result");
  out.Set("then", Last(env, OH_JSVM_PromiseRegisterHandler(env, promise, fn, nullptr, &then_result)));
  Mark("PromiseRegisterHandler without");
  OH_JSVM_PromiseRegisterHandler(env, promise, fn, nullptr, nullptr);
  JSVM_Value native = nullptr, echoed = nullptr;
  Mark("setup 2");
  OH_JSVM_CreateFunction(env, "cbInfoLines", JSVM_AUTO_LENGTH, &kCbInfoLines, &native);
  out.Set("cbInfoCall", Last(env, OH_JSVM_CallFunction(env, object, native, 1, argv, &echoed)));
  OH_JSVM_SetDebugOption(env, JSVM_SCOPE_CHECK, false);
  Mark("off again");
  OH_JSVM_GetBoolean(env, true, &boolean);
  OH_JSVM_IsBoolean(env, boolean, &is);
  Mark("end");
}

}  // namespace

void RegisterScopeCheck(Napi::Env env, Napi::Object exports) {
  exports.Set("scopeCheckStaleRefused", Scenario(env, StaleRefused));
  exports.Set("scopeCheckLiveAccepted", Scenario(env, LiveAccepted));
  exports.Set("scopeCheckCallbackValues", Scenario(env, CallbackValues));
  exports.Set("scopeCheckToggle", Scenario(env, Toggle));
  exports.Set("scopeCheckPerCallLines", Scenario(env, PerCallLines));
}

}  // namespace harness
