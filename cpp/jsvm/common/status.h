// Status reporting: what OH_JSVM_GetLastErrorInfo tells (common/status.cc).
//
// Calls with a live env record their outcome on it. Calls without one (VM and
// process level, or an env that is NULL, destroyed or made up) record it on
// the calling thread, read with OH_JSVM_GetLastErrorInfo(NULL, ...).
#ifndef JSVM_DESKTOP_STATUS_H
#define JSVM_DESKTOP_STATUS_H

#include <memory>
#include <string>

#include "env/env.h"

namespace jsvm {

JSVM_Status SetLastError(JSVM_Env env, JSVM_Status status, const char* detail = nullptr);
JSVM_Status SetLastError(JSVM_Env env, JSVM_Status status, const std::string& detail);
// One store on every successful call: the engine fields are always 0 and the
// message of a success is made NULL when it is read (OH_JSVM_GetLastErrorInfo).
inline JSVM_Status ClearLastError(JSVM_Env env) {
  env->last_error.errorCode = JSVM_OK;
  return JSVM_OK;
}
JSVM_Status SetThreadError(JSVM_Status status, const char* detail = nullptr);
JSVM_Status SetThreadError(JSVM_Status status, const std::string& detail);
JSVM_Status NotImplemented(JSVM_Env env, const char* function);

// Keeps what OH_JSVM_GetLastErrorInfo reports, for each env of `vm` and for
// this thread, across user code that V8 runs in the middle of another call
// (a GC handler, the heap threshold callback, a finalizer V8 runs inside a
// collection). Calls made there are refused (kInGCCallback) and record it;
// the user code reads that while it runs, but once it returns the call it
// interrupted goes on, and may return JSVM_OK without recording anything
// more (a successful call records only at its entry): its last error then
// showed the user code's refusal. Constructed when that user code is about
// to run, destroyed when it has returned: the outcomes are put back. Envs
// cannot be made or destroyed meanwhile (refused inside a GC).
class KeepLastErrors {
 public:
  explicit KeepLastErrors(JSVM_VM vm) noexcept;
  ~KeepLastErrors();
  KeepLastErrors(const KeepLastErrors&) = delete;
  KeepLastErrors& operator=(const KeepLastErrors&) = delete;

 private:
  struct Kept;
  std::unique_ptr<Kept> kept_;  // NULL if keeping them ran out of memory: nothing is put back
};

}  // namespace jsvm

#endif  // JSVM_DESKTOP_STATUS_H
