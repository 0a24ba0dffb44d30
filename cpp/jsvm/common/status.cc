// Last-error bookkeeping: what OH_JSVM_GetLastErrorInfo reports.
#include "common/internal.h"

#include <utility>
#include <vector>

namespace jsvm {
namespace {

// One sentence per status, indexed by JSVM_Status.
const char* const kStatusMessages[] = {
    nullptr,                                            // JSVM_OK
    "Invalid argument",                                 // JSVM_INVALID_ARG
    "An object was expected",                           // JSVM_OBJECT_EXPECTED
    "A string was expected",                            // JSVM_STRING_EXPECTED
    "A string or symbol was expected",                  // JSVM_NAME_EXPECTED
    "A function was expected",                          // JSVM_FUNCTION_EXPECTED
    "A number was expected",                            // JSVM_NUMBER_EXPECTED
    "A boolean was expected",                           // JSVM_BOOLEAN_EXPECTED
    "An array was expected",                            // JSVM_ARRAY_EXPECTED
    "Unknown failure",                                  // JSVM_GENERIC_FAILURE
    "An exception is pending",                          // JSVM_PENDING_EXCEPTION
    "The async work item was cancelled",                // JSVM_CANCELLED
    "OH_JSVM_EscapeHandle already called on scope",     // JSVM_ESCAPE_CALLED_TWICE
    "Invalid handle scope usage",                       // JSVM_HANDLE_SCOPE_MISMATCH
    "Invalid callback scope usage",                     // JSVM_CALLBACK_SCOPE_MISMATCH
    "Thread-safe function queue is full",               // JSVM_QUEUE_FULL
    "Thread-safe function handle is closing",           // JSVM_CLOSING
    "A bigint was expected",                            // JSVM_BIGINT_EXPECTED
    "A date was expected",                              // JSVM_DATE_EXPECTED
    "An arraybuffer was expected",                      // JSVM_ARRAYBUFFER_EXPECTED
    "A detachable arraybuffer was expected",            // JSVM_DETACHABLE_ARRAYBUFFER_EXPECTED
    "Main thread would deadlock",                       // JSVM_WOULD_DEADLOCK
    "External buffers are not allowed",                 // JSVM_NO_EXTERNAL_BUFFERS_ALLOWED
    "Cannot run JavaScript",                            // JSVM_CANNOT_RUN_JS
    "The value has an invalid type",                    // JSVM_INVALID_TYPE
    "The VM is not running in JIT mode",                // JSVM_JIT_MODE_EXPECTED
};
static_assert(sizeof(kStatusMessages) / sizeof(kStatusMessages[0]) == JSVM_JIT_MODE_EXPECTED + 1,
              "one message per status");

const char* DefaultMessage(JSVM_Status status) {
  if (status < 0 || status > JSVM_JIT_MODE_EXPECTED) return "Unknown status";
  return kStatusMessages[status];
}

struct ThreadError {
  JSVM_ExtendedErrorInfo info{nullptr, nullptr, 0, JSVM_OK};
  std::string detail;
};

thread_local ThreadError t_error;

void Record(JSVM_ExtendedErrorInfo* info, std::string* store, JSVM_Status status, const char* detail) {
  info->errorCode = status;
  info->engineErrorCode = 0;
  info->engineReserved = nullptr;
  if (detail != nullptr && status != JSVM_OK) {
    store->assign(detail);
    info->errorMessage = store->c_str();
  } else {
    info->errorMessage = DefaultMessage(status);
  }
}

}  // namespace

JSVM_Status SetThreadError(JSVM_Status status, const char* detail) {
  Record(&t_error.info, &t_error.detail, status, detail);
  return status;
}

JSVM_Status SetThreadError(JSVM_Status status, const std::string& detail) {
  return SetThreadError(status, detail.c_str());
}

JSVM_Status SetLastError(JSVM_Env env, JSVM_Status status, const char* detail) {
  if (env == nullptr) return SetThreadError(status, detail);
  Record(&env->last_error, &env->error_detail, status, detail);
  return status;
}

JSVM_Status SetLastError(JSVM_Env env, JSVM_Status status, const std::string& detail) {
  return SetLastError(env, status, detail.c_str());
}

JSVM_Status NotImplemented(JSVM_Env env, const char* function) {
  (void)function;
  return SetLastError(env, JSVM_GENERIC_FAILURE, "not implemented");
}

namespace {

// One last error and the text its message points into, if it does.
struct KeptError {
  JSVM_ExtendedErrorInfo info;
  std::string detail;
  bool message_is_detail;

  void Take(const JSVM_ExtendedErrorInfo& from, const std::string& from_detail) {
    info = from;
    detail = from_detail;
    message_is_detail = from.errorMessage == from_detail.c_str();
  }
  void PutBack(JSVM_ExtendedErrorInfo* to, std::string* to_detail) noexcept {
    to_detail->swap(detail);
    *to = info;
    if (message_is_detail) to->errorMessage = to_detail->c_str();
  }
};

}  // namespace

struct KeepLastErrors::Kept {
  JSVM_VM vm;
  std::vector<std::pair<JSVM_Env, KeptError>> envs;
  KeptError thread;
};

KeepLastErrors::KeepLastErrors(JSVM_VM vm) noexcept {
  try {
    auto kept = std::make_unique<Kept>();
    kept->vm = vm;
    kept->envs.reserve(vm->envs.size());
    for (JSVM_Env env : vm->envs) {
      kept->envs.emplace_back(env, KeptError{});
      kept->envs.back().second.Take(env->last_error, env->error_detail);
    }
    kept->thread.Take(t_error.info, t_error.detail);
    kept_ = std::move(kept);
  } catch (...) {
  }
}

KeepLastErrors::~KeepLastErrors() {
  if (!kept_) return;
  for (auto& [env, error] : kept_->envs) {
    // (Still one of the VM's live envs: none can have been destroyed, but a
    // stale one is never written.)
    if (IsLiveEnv(env) && kept_->vm->envs.count(env) != 0) error.PutBack(&env->last_error, &env->error_detail);
  }
  kept_->thread.PutBack(&t_error.info, &t_error.detail);
}

}  // namespace jsvm

// The info stays valid until the next call on the same env (or, for a NULL env,
// the next VM-level call on the same thread). Reading it does not reset it.
JSVM_Status OH_JSVM_GetLastErrorInfo(JSVM_Env env, const JSVM_ExtendedErrorInfo** result) try {
  // NULL asks for the thread's last error; a serialised env still has its own.
  if (env != nullptr && !jsvm::IsExistingEnv(env)) return jsvm::ReportDeadEnv(env);
  JSVM_CHECK_ARGS_(env, result);
  if (env == nullptr) {
    *result = &jsvm::t_error.info;
    return JSVM_OK;
  }
  // The message of a successful call is NULL, as in Node-API.
  if (env->last_error.errorCode == JSVM_OK) env->last_error.errorMessage = nullptr;
  *result = &env->last_error;
  return JSVM_OK;
} JSVM_EXIT(env)
