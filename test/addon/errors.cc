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
  bool pending = false;

  out.Set("throwError", Last(env, OH_JSVM_ThrowError(env, "E_CODE", "plain error")));
  OH_JSVM_IsExceptionPending(env, &pending);
  out.Set("pendingAfterThrow", pending);
  out.Set("throwWhilePending", Last(env, OH_JSVM_ThrowTypeError(env, nullptr, "second")));
  JSVM_Value r;
  out.Set("runWhilePending", Last(env, s.Run("1", &r)));
  out.Set("thrownError", TakeDescribed(s));
  OH_JSVM_IsExceptionPending(env, &pending);
  out.Set("pendingAfterClear", pending);
  OH_JSVM_ThrowTypeError(env, "E_TYPE", "bad type");
  out.Set("thrownTypeError", TakeDescribed(s));
  OH_JSVM_ThrowRangeError(env, nullptr, "out of range");
  out.Set("thrownRangeError", TakeDescribed(s));
  OH_JSVM_ThrowSyntaxError(env, "E_SYN", "bad syntax");
  out.Set("thrownSyntaxError", TakeDescribed(s));
  out.Set("throwErrorNullMessage", Last(env, OH_JSVM_ThrowError(env, "X", nullptr)));
  out.Set("throwErrorNullEnv", Last(env, OH_JSVM_ThrowError(nullptr, "X", "y")));

  out.Set("throwValue", Last(env, OH_JSVM_Throw(env, s.Str("just a string"))));
  out.Set("thrownValue", TakeDescribed(s));
  out.Set("throwNull", Last(env, OH_JSVM_Throw(env, nullptr)));
  JSVM_Value nothing;
  out.Set("getAndClearNothing", Last(env, OH_JSVM_GetAndClearLastException(env, &nothing)));
  out.Set("nothingIs", s.ToString(nothing));
  out.Set("getAndClearNullResult", Last(env, OH_JSVM_GetAndClearLastException(env, nullptr)));
  out.Set("isPendingNullResult", Last(env, OH_JSVM_IsExceptionPending(env, nullptr)));
  out.Set("isPendingNullEnv", Last(env, OH_JSVM_IsExceptionPending(nullptr, &pending)));
  return;
}

void ErrorObjects(const Napi::CallbackInfo& info, Report& out) {
  Session s;
  JSVM_Env env = s.env;
  JSVM_Value code = s.Str("E_MADE"), msg = s.Str("made here"), error = nullptr, number;
  OH_JSVM_CreateInt32(env, 3, &number);

  out.Set("createError", Last(env, OH_JSVM_CreateError(env, code, msg, &error)));
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

  out.Set("createErrorNumberMessage", Last(env, OH_JSVM_CreateError(env, code, number, &error)));
  out.Set("createErrorNumberCode", Last(env, OH_JSVM_CreateTypeError(env, number, msg, &error)));
  out.Set("createErrorNullMessage", Last(env, OH_JSVM_CreateRangeError(env, code, nullptr, &error)));
  out.Set("createErrorNullResult", Last(env, OH_JSVM_CreateSyntaxError(env, code, msg, nullptr)));

  bool is_error = false;
  OH_JSVM_CreateError(env, nullptr, msg, &error);
  out.Set("isError", Last(env, OH_JSVM_IsError(env, error, &is_error)));
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
  out.Set("isErrorNullValue", Last(env, OH_JSVM_IsError(env, nullptr, &is_error)));
  out.Set("isErrorNullResult", Last(env, OH_JSVM_IsError(env, error, nullptr)));
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
  JSVM_Script script = nullptr;
  JSVM_Value result = nullptr;

  out.Set("compile", Last(env, OH_JSVM_CompileScript(env, s.Str("6 * 7"), nullptr, 0, false, nullptr, &script)));
  out.Set("run", Last(env, OH_JSVM_RunScript(env, script, &result)));
  out.Set("result", s.ToString(result));
  out.Set("runAgain", Last(env, OH_JSVM_RunScript(env, script, &result)));
  out.Set("compileEager",
          Last(env, OH_JSVM_CompileScript(env, s.Str("(function f() { return 'eager'; })()"), nullptr, 0, true, nullptr,
                                          &script)));
  OH_JSVM_RunScript(env, script, &result);
  out.Set("eagerResult", s.ToString(result));

  out.Set("syntaxError", Last(env, OH_JSVM_CompileScript(env, s.Str("let = ;"), nullptr, 0, false, nullptr, &script)));
  out.Set("syntaxException", TakeException(env));
  OH_JSVM_CompileScript(env, s.Str("undefinedName + 1"), nullptr, 0, false, nullptr, &script);
  out.Set("referenceError", Last(env, OH_JSVM_RunScript(env, script, &result)));
  out.Set("referenceException", TakeException(env));
  JSVM_Value number;
  OH_JSVM_CreateInt32(env, 1, &number);
  out.Set("compileNotString", Last(env, OH_JSVM_CompileScript(env, number, nullptr, 0, false, nullptr, &script)));
  out.Set("compileNullScript", Last(env, OH_JSVM_CompileScript(env, nullptr, nullptr, 0, false, nullptr, &script)));
  out.Set("compileNullResult", Last(env, OH_JSVM_CompileScript(env, s.Str("1"), nullptr, 0, false, nullptr, nullptr)));
  out.Set("runNullScript", Last(env, OH_JSVM_RunScript(env, nullptr, &result)));
  OH_JSVM_CompileScript(env, s.Str("1"), nullptr, 0, false, nullptr, &script);
  out.Set("runNullResult", Last(env, OH_JSVM_RunScript(env, script, nullptr)));

  // A cache that is not one is rejected, and the script still compiles.
  const uint8_t garbage[64] = {1, 2, 3, 4, 5, 6, 7, 8};
  bool rejected = false;
  out.Set("compileWithBadCache",
          Last(env, OH_JSVM_CompileScript(env, s.Str("'from source'"), garbage, sizeof(garbage), false, &rejected,
                                          &script)));
  out.Set("badCacheRejected", rejected);
  OH_JSVM_RunScript(env, script, &result);
  out.Set("badCacheResult", s.ToString(result));
  out.Set("compileCacheWithoutLength",
          Last(env, OH_JSVM_CompileScript(env, s.Str("1"), garbage, 0, false, &rejected, &script)));

  JSVM_ScriptOrigin origin{nullptr, "app://pages/Index.js", 10, 0};
  JSVM_Value where = s.Str("function where() { return new Error('here').stack; }\nwhere()");
  out.Set("compileWithOrigin",
          Last(env, OH_JSVM_CompileScriptWithOrigin(env, where, nullptr, 0, false, nullptr, &origin, &script)));
  OH_JSVM_RunScript(env, script, &result);
  out.Set("originStack", s.ToString(result));
  out.Set("compileWithNullOrigin",
          Last(env, OH_JSVM_CompileScriptWithOrigin(env, s.Str("1"), nullptr, 0, false, nullptr, nullptr, &script)));

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
