// OH_JSVM_SetDebugOption: per-env debug switches.
//
// JSVM_SCOPE_CHECK is the only option the header defines. On the device it
// makes every JSVM-API call record the JSVM_Values it creates in the handle
// scope open at the time, check the ones it is given against the scopes still
// open (ending the process with "Run in wrong HandleScope" on a stale one) and
// log both to HiLog. That check is not implemented on the desktop yet: the
// option is accepted and recorded on the env (env->debug_options), and values
// are not checked. Address Sanitizer builds (README) catch the same misuse as
// a use of a freed handle slot in most cases.
#include "common/internal.h"

JSVM_Status OH_JSVM_SetDebugOption(JSVM_Env env, JSVM_DebugOption debugOption, bool isEnabled) try {
  JSVM_ENTRY_LIVE_ENV(env);  // no scope needed: the docs' example sets it with none open
  JSVM_RETURN_STATUS_IF_FALSE_MSG(env, jsvm::EnumArg(debugOption) == JSVM_SCOPE_CHECK, JSVM_INVALID_ARG,
                                  "debugOption is not a JSVM_DebugOption (JSVM_SCOPE_CHECK)");
  const uint32_t bit = uint32_t{1} << static_cast<uint32_t>(debugOption);
  env->debug_options = isEnabled ? (env->debug_options | bit) : (env->debug_options & ~bit);
  return jsvm::ClearLastError(env);
} JSVM_EXIT(env)
