// Scenario: HiLog formatting. Prints lines and reports OH_LOG_* return values;
// the spec reads the lines from the TypeScript sink.
#include <cstdlib>
#include <string>

#include "harness.h"
#include "hilog/log.h"

namespace harness {
namespace {

std::string g_callback_log;

void RecordCallback(const LogType type, const LogLevel level, const unsigned int domain, const char* tag,
                    const char* msg) {
  g_callback_log = std::to_string(level) + "|" + std::to_string(domain) + "|" + tag + "|" + msg;
}

void HilogCases(const Napi::CallbackInfo& info, Report& out) {
  const unsigned domain = 0x3200;
  const char* tag = "testTag";
  out.Set("public", OH_LOG_Print(LOG_APP, LOG_INFO, domain, tag, "count %{public}d name %{public}s", 42, "jsvm"));
  out.Set("private", OH_LOG_Print(LOG_APP, LOG_INFO, domain, tag, "secret %{private}s default %d", "pw", 7));
  out.Set("mixed", OH_LOG_Print(LOG_APP, LOG_WARN, domain, tag, "%{public}s=%s (%{public}.2f%%)", "user", "bob", 99.5));
  out.Set("nullString", OH_LOG_Print(LOG_APP, LOG_ERROR, domain, tag, "value %{public}s", static_cast<char*>(nullptr)));
  out.Set("width", OH_LOG_Print(LOG_APP, LOG_DEBUG, domain, tag, "[%{public}5d] [%{public}-6s] [%{public}08.3f] [%{public}.3s] [%{public}*d]",
                               42, "ab", 3.14159, "abcdef", 4, 7));
  out.Set("lengths", OH_LOG_Print(LOG_APP, LOG_INFO, domain, tag, "%{public}lld %{public}zu %{public}hhd %{public}lx %{public}c",
                                 static_cast<long long>(-9000000000LL), static_cast<size_t>(12), 65, 255ul, 'Z'));
  int sink = 0;
  out.Set("percentN", OH_LOG_Print(LOG_APP, LOG_INFO, domain, tag, "bad %n", &sink));
  out.Set("percentNWritten", sink);
  std::string long_text(5000, 'x');
  out.Set("long", OH_LOG_Print(LOG_APP, LOG_INFO, domain, tag, "%{public}s", long_text.c_str()));
  out.Set("nullTag", OH_LOG_Print(LOG_APP, LOG_INFO, domain, nullptr, "dropped"));
  out.Set("nullFormat", OH_LOG_Print(LOG_APP, LOG_INFO, domain, tag, nullptr));
  out.Set("bigDomain", OH_LOG_Print(LOG_APP, LOG_INFO, 0x10000, tag, "dropped"));
  out.Set("longTag", OH_LOG_Print(LOG_APP, LOG_FATAL, 0x1, "a-tag-that-is-far-longer-than-thirty-one-bytes", "fatal"));
  out.Set("printMsg", OH_LOG_PrintMsg(LOG_APP, LOG_INFO, domain, tag, "raw %d %{public}s"));
  out.Set("printMsgByLen", OH_LOG_PrintMsgByLen(LOG_APP, LOG_INFO, domain, "tagXYZ", 3, "message!!", 7));
  out.Set("loggable", OH_LOG_IsLoggable(domain, tag, LOG_INFO));
  out.Set("loggableNullTag", OH_LOG_IsLoggable(domain, nullptr, LOG_INFO));
  out.Set("loggableBigDomain", OH_LOG_IsLoggable(0x10000, tag, LOG_INFO));
  OH_LOG_SetCallback(RecordCallback);
  OH_LOG_Print(LOG_APP, LOG_INFO, domain, tag, "to callback %{public}d", 5);
  OH_LOG_SetCallback(nullptr);
  out.Set("callback", g_callback_log);
  OH_LOG_SetMinLogLevel(LOG_WARN);
  out.Set("belowMin", OH_LOG_Print(LOG_APP, LOG_INFO, domain, tag, "filtered"));
  out.Set("loggableBelowMin", OH_LOG_IsLoggable(domain, tag, LOG_INFO));
  OH_LOG_SetMinLogLevel(LOG_DEBUG);
  // The macros use LOG_DOMAIN and LOG_TAG (0 and NULL here: nothing printed).
  OH_LOG_INFO(LOG_APP, "macro with the default NULL tag");
}

// hilogLog(level 3..7, domain, tag, message): one line, as native code logs it.
Napi::Value HilogLog(const Napi::CallbackInfo& info) {
  int level = info[0].As<Napi::Number>().Int32Value();
  unsigned domain = info[1].As<Napi::Number>().Uint32Value();
  std::string tag = info[2].As<Napi::String>();
  std::string message = info[3].As<Napi::String>();
  int written = OH_LOG_Print(LOG_APP, static_cast<LogLevel>(level), domain, tag.c_str(), "%{public}s", message.c_str());
  return Napi::Number::New(info.Env(), written);
}

// crashNow(kind): ends the process as a native bug would, after one HiLog
// line: "segv" (a null write), "abort" (abort()). For the crash-report specs.
Napi::Value CrashNow(const Napi::CallbackInfo& info) {
  std::string kind = info[0].As<Napi::String>();
  OH_LOG_Print(LOG_APP, LOG_WARN, 0x77, "crashy", "about to crash: %{public}s", kind.c_str());
  if (kind == "abort") std::abort();
  volatile int* nowhere = nullptr;
  *nowhere = 42;
  return info.Env().Undefined();
}

}  // namespace

void RegisterHilog(Napi::Env env, Napi::Object exports) {
  exports.Set("hilogCases", Scenario(env, HilogCases));
  exports.Set("hilogLog", Napi::Function::New(env, HilogLog));
  exports.Set("crashNow", Napi::Function::New(env, CrashNow));
}

}  // namespace harness
