// Scenarios: throwing, error objects, pending exceptions, scripts that fail.
#include <cstring>

#include "harness.h"

namespace harness {
namespace {

// Describes an exception value through JS: class, message, code.
std::string Describe(Session& s, JSVM_Value error) {
  JSVM_Value global;
  OH_JSVM_GetGlobal(s.env, &global);
  OH_JSVM_SetNamedProperty(s.env, global, "__e", error);
  return s.Eval(
      "(__e instanceof Error ? __e.constructor.name + ':' + __e.message + ':' + __e.code : typeof __e + ':' + __e)");
}

std::string TakeDescribed(Session& s) {
  JSVM_Value error;
  OH_JSVM_GetAndClearLastException(s.env, &error);
  return Describe(s, error);
}

void Throwing(const Napi::CallbackInfo& info, Report& out) {
  Session s;
  JSVM_Env env = s.env;
  auto put = [&](const char* name, JSVM_Status status) { out.Set(name, Last(env, status)); };
  bool pending = false;

  put("throwError", OH_JSVM_ThrowError(env, "E_CODE", "plain error"));
  OH_JSVM_IsExceptionPending(env, &pending);
  out.Set("pendingAfterThrow", pending);
  put("throwWhilePending", OH_JSVM_ThrowTypeError(env, nullptr, "second"));
  JSVM_Value r;
  put("runWhilePending", s.Run("1", &r));
  out.Set("thrownError", TakeDescribed(s));
  OH_JSVM_IsExceptionPending(env, &pending);
  out.Set("pendingAfterClear", pending);
  OH_JSVM_ThrowTypeError(env, "E_TYPE", "bad type");
  out.Set("thrownTypeError", TakeDescribed(s));
  OH_JSVM_ThrowRangeError(env, nullptr, "out of range");
  out.Set("thrownRangeError", TakeDescribed(s));
  OH_JSVM_ThrowSyntaxError(env, "E_SYN", "bad syntax");
  out.Set("thrownSyntaxError", TakeDescribed(s));
  put("throwErrorNullMessage", OH_JSVM_ThrowError(env, "X", nullptr));
  put("throwErrorNullEnv", OH_JSVM_ThrowError(nullptr, "X", "y"));

  put("throwValue", OH_JSVM_Throw(env, s.Str("just a string")));
  out.Set("thrownValue", TakeDescribed(s));
  put("throwNull", OH_JSVM_Throw(env, nullptr));
  JSVM_Value nothing;
  put("getAndClearNothing", OH_JSVM_GetAndClearLastException(env, &nothing));
  out.Set("nothingIs", s.ToString(nothing));
  put("getAndClearNullResult", OH_JSVM_GetAndClearLastException(env, nullptr));
  put("isPendingNullResult", OH_JSVM_IsExceptionPending(env, nullptr));
  put("isPendingNullEnv", OH_JSVM_IsExceptionPending(nullptr, &pending));
  return;
}

void ErrorObjects(const Napi::CallbackInfo& info, Report& out) {
  Session s;
  JSVM_Env env = s.env;
  auto put = [&](const char* name, JSVM_Status status) { out.Set(name, Last(env, status)); };
  JSVM_Value code = s.Str("E_MADE"), msg = s.Str("made here"), error = nullptr, number;
  OH_JSVM_CreateInt32(env, 3, &number);

  put("createError", OH_JSVM_CreateError(env, code, msg, &error));
  out.Set("error", Describe(s, error));
  OH_JSVM_CreateTypeError(env, code, msg, &error);
  out.Set("typeError", Describe(s, error));
  OH_JSVM_CreateRangeError(env, nullptr, msg, &error);
  out.Set("rangeErrorNoCode", Describe(s, error));
  OH_JSVM_CreateSyntaxError(env, code, msg, &error);
  out.Set("syntaxError", Describe(s, error));
  bool pending = true;
  OH_JSVM_IsExceptionPending(env, &pending);
  out.Set("creatingDoesNotThrow", !pending);

  put("createErrorNumberMessage", OH_JSVM_CreateError(env, code, number, &error));
  put("createErrorNumberCode", OH_JSVM_CreateTypeError(env, number, msg, &error));
  put("createErrorNullMessage", OH_JSVM_CreateRangeError(env, code, nullptr, &error));
  put("createErrorNullResult", OH_JSVM_CreateSyntaxError(env, code, msg, nullptr));

  bool is_error = false;
  OH_JSVM_CreateError(env, nullptr, msg, &error);
  put("isError", OH_JSVM_IsError(env, error, &is_error));
  out.Set("isErrorError", is_error);
  JSVM_Value v;
  s.Run("new (class MyError extends TypeError {})('x')", &v);
  OH_JSVM_IsError(env, v, &is_error);
  out.Set("isErrorSubclass", is_error);
  s.Run("({ name: 'Error', message: 'fake' })", &v);
  OH_JSVM_IsError(env, v, &is_error);
  out.Set("isErrorLookalike", is_error);
  OH_JSVM_IsError(env, msg, &is_error);
  out.Set("isErrorString", is_error);
  put("isErrorNullValue", OH_JSVM_IsError(env, nullptr, &is_error));
  put("isErrorNullResult", OH_JSVM_IsError(env, error, nullptr));
  return;
}

// Exceptions crossing native callbacks, in both directions.
void CallbackExceptions(const Napi::CallbackInfo& info, Report& out) {
  JSVM_PropertyDescriptor props[] = {
      {"throwType", nullptr, &kThrowType, nullptr, nullptr, nullptr, JSVM_DEFAULT},
      {"throwCpp", nullptr, &kThrowCpp, nullptr, nullptr, nullptr, JSVM_DEFAULT},
      {"callArg", nullptr, &kCallArg, nullptr, nullptr, nullptr, JSVM_DEFAULT},
      {"add", nullptr, &kAdd, nullptr, nullptr, nullptr, JSVM_DEFAULT},
  };
  Session s(nullptr, 4, props);
  out.Set("caughtInJs", s.Eval(
      "try { throwType(); 'not thrown' } catch (e) { [e instanceof TypeError, e.message, e.code].join(',') }"));
  out.Set("cppCaughtInJs", s.Eval("try { throwCpp(); 'not thrown' } catch (e) { e.constructor.name + ':' + e.message }"));
  out.Set("throughNative", s.Eval(
      "try { callArg((x) => { throw new RangeError('inner ' + x); }, 7); 'not thrown' }"
      " catch (e) { e.constructor.name + ':' + e.message }"));
  out.Set("nativeNested", s.Eval("callArg((x) => add(x, 1), 41)"));
  out.Set("addBadArgs", s.Eval("try { add('a', 1) } catch (e) { e.constructor.name + ':' + e.message }"));
  out.Set("stillUsable", s.Eval("add(1, 2)"));
  JSVM_Value r;
  JSVM_Status status = s.Run("throwType()", &r);
  out.Set("uncaught", Last(s.env, status));
  out.Set("uncaughtException", TakeException(s.env));
  return;
}

void Scripts(const Napi::CallbackInfo& info, Report& out) {
  Session s;
  JSVM_Env env = s.env;
  auto put = [&](const char* name, JSVM_Status status) { out.Set(name, Last(env, status)); };
  JSVM_Script script = nullptr;
  JSVM_Value result = nullptr;

  put("compile", OH_JSVM_CompileScript(env, s.Str("6 * 7"), nullptr, 0, false, nullptr, &script));
  put("run", OH_JSVM_RunScript(env, script, &result));
  out.Set("result", s.ToString(result));
  put("runAgain", OH_JSVM_RunScript(env, script, &result));
  put("compileEager", OH_JSVM_CompileScript(env, s.Str("(function f() { return 'eager'; })()"), nullptr, 0, true,
                                            nullptr, &script));
  OH_JSVM_RunScript(env, script, &result);
  out.Set("eagerResult", s.ToString(result));

  put("syntaxError", OH_JSVM_CompileScript(env, s.Str("let = ;"), nullptr, 0, false, nullptr, &script));
  out.Set("syntaxException", TakeException(env));
  OH_JSVM_CompileScript(env, s.Str("undefinedName + 1"), nullptr, 0, false, nullptr, &script);
  put("referenceError", OH_JSVM_RunScript(env, script, &result));
  out.Set("referenceException", TakeException(env));
  JSVM_Value number;
  OH_JSVM_CreateInt32(env, 1, &number);
  put("compileNotString", OH_JSVM_CompileScript(env, number, nullptr, 0, false, nullptr, &script));
  put("compileNullScript", OH_JSVM_CompileScript(env, nullptr, nullptr, 0, false, nullptr, &script));
  put("compileNullResult", OH_JSVM_CompileScript(env, s.Str("1"), nullptr, 0, false, nullptr, nullptr));
  put("runNullScript", OH_JSVM_RunScript(env, nullptr, &result));
  OH_JSVM_CompileScript(env, s.Str("1"), nullptr, 0, false, nullptr, &script);
  put("runNullResult", OH_JSVM_RunScript(env, script, nullptr));

  // A cache that is not one is rejected, and the script still compiles.
  const uint8_t garbage[64] = {1, 2, 3, 4, 5, 6, 7, 8};
  bool rejected = false;
  put("compileWithBadCache",
      OH_JSVM_CompileScript(env, s.Str("'from source'"), garbage, sizeof(garbage), false, &rejected, &script));
  out.Set("badCacheRejected", rejected);
  OH_JSVM_RunScript(env, script, &result);
  out.Set("badCacheResult", s.ToString(result));
  put("compileCacheWithoutLength", OH_JSVM_CompileScript(env, s.Str("1"), garbage, 0, false, &rejected, &script));

  JSVM_ScriptOrigin origin{nullptr, "app://pages/Index.js", 10, 0};
  put("compileWithOrigin", OH_JSVM_CompileScriptWithOrigin(
                               env, s.Str("function where() { return new Error('here').stack; }\nwhere()"), nullptr,
                               0, false, nullptr, &origin, &script));
  OH_JSVM_RunScript(env, script, &result);
  out.Set("originStack", s.ToString(result));
  put("compileWithNullOrigin",
      OH_JSVM_CompileScriptWithOrigin(env, s.Str("1"), nullptr, 0, false, nullptr, nullptr, &script));

  // GetLastErrorInfo follows the latest call.
  const JSVM_ExtendedErrorInfo* error_info = nullptr;
  OH_JSVM_RunScript(env, nullptr, &result);
  OH_JSVM_GetLastErrorInfo(env, &error_info);
  out.Set("lastErrorCode", static_cast<double>(error_info->errorCode));
  out.Set("lastErrorMessage", error_info->errorMessage ? error_info->errorMessage : "");
  OH_JSVM_CreateInt32(env, 1, &number);
  OH_JSVM_GetLastErrorInfo(env, &error_info);
  out.Set("afterSuccessCode", static_cast<double>(error_info->errorCode));
  out.Set("afterSuccessMessageNull", error_info->errorMessage == nullptr);
  return;
}

}  // namespace

void RegisterErrors(Napi::Env env, Napi::Object exports) {
  exports.Set("throwing", Scenario(env, Throwing));
  exports.Set("errorObjects", Scenario(env, ErrorObjects));
  exports.Set("callbackExceptions", Scenario(env, CallbackExceptions));
  exports.Set("scripts", Scenario(env, Scripts));
}

}  // namespace harness
