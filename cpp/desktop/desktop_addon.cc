// jsvm_desktop.node: what the TypeScript side of jsvm-desktop needs from native
// code: the HiLog sink and the sandbox's own path mapping.
#include <dlfcn.h>
#include <limits.h>
#include <node_api.h>

#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "desktop/crash_report.h"
#include "hilog/log.h"

namespace {

#define CALL(env, expr)                                    \
  do {                                                     \
    if ((expr) != napi_ok) {                               \
      napi_throw_error((env), nullptr, "napi call failed: " #expr); \
      return nullptr;                                      \
    }                                                      \
  } while (0)

// hilogDrain(): the lines printed since the last drain, oldest first.
napi_value HilogDrain(napi_env env, napi_callback_info info) {
  napi_value result;
  CALL(env, napi_create_array(env, &result));
  uint32_t index = 0;
  std::vector<char*> lines(256);
  for (;;) {
    size_t n = JSVM_Desktop_HilogDrain(lines.data(), lines.size());
    for (size_t i = 0; i < n; ++i) {
      napi_value line;
      napi_create_string_utf8(env, lines[i], NAPI_AUTO_LENGTH, &line);
      napi_set_element(env, result, index++, line);
      std::free(lines[i]);
    }
    if (n < lines.size()) break;
  }
  return result;
}

// hilogSetStderr(enabled)
napi_value HilogSetStderr(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  CALL(env, napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr));
  bool enabled = true;
  if (argc > 0) napi_get_value_bool(env, argv[0], &enabled);
  JSVM_Desktop_HilogSetStderr(enabled);
  return nullptr;
}

// sandboxMap(path): the host path the preloaded sandbox gives `path`, null when
// it refuses it, undefined when the sandbox is not loaded in this process.
napi_value SandboxMap(napi_env env, napi_callback_info info) {
  using MapFn = int (*)(const char*, char*, size_t);
  static MapFn map = reinterpret_cast<MapFn>(dlsym(RTLD_DEFAULT, "jsvm_sandbox_map"));
  size_t argc = 1;
  napi_value argv[1];
  CALL(env, napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr));
  napi_value result;
  if (map == nullptr) {
    CALL(env, napi_get_undefined(env, &result));
    return result;
  }
  char path[PATH_MAX];
  size_t length = 0;
  CALL(env, napi_get_value_string_utf8(env, argv[0], path, sizeof(path), &length));
  char mapped[PATH_MAX];
  if (map(path, mapped, sizeof(mapped)) != 0) {
    CALL(env, napi_get_null(env, &result));
  } else {
    CALL(env, napi_create_string_utf8(env, mapped, NAPI_AUTO_LENGTH, &result));
  }
  return result;
}

// crashReportInstall(path): native crashes of this process are reported to
// `path` (crash_report.cc). Throws if the file cannot be opened.
napi_value CrashReportInstall(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  CALL(env, napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr));
  char path[PATH_MAX];
  size_t length = 0;
  if (argc < 1 || napi_get_value_string_utf8(env, argv[0], path, sizeof(path), &length) != napi_ok) {
    napi_throw_type_error(env, nullptr, "crashReportInstall(path): path must be a string");
    return nullptr;
  }
  std::string error;
  if (!InstallCrashReport(path, &error)) napi_throw_error(env, nullptr, error.c_str());
  return nullptr;
}

}  // namespace

NAPI_MODULE_INIT() {
  napi_property_descriptor properties[] = {
      {"hilogDrain", nullptr, HilogDrain, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"hilogSetStderr", nullptr, HilogSetStderr, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"sandboxMap", nullptr, SandboxMap, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"crashReportInstall", nullptr, CrashReportInstall, nullptr, nullptr, nullptr, napi_default, nullptr},
  };
  napi_define_properties(env, exports, sizeof(properties) / sizeof(properties[0]), properties);
  return exports;
}
