// Status reporting: what OH_JSVM_GetLastErrorInfo tells (common/status.cc).
//
// Calls with a live env record their outcome on it. Calls without one (VM and
// process level, or an env that is NULL, destroyed or made up) record it on
// the calling thread, read with OH_JSVM_GetLastErrorInfo(NULL, ...).
#ifndef JSVM_DESKTOP_STATUS_H
#define JSVM_DESKTOP_STATUS_H

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

}  // namespace jsvm

#endif  // JSVM_DESKTOP_STATUS_H
