// OH_JSVM_SetDebugOption: per-env debug switches, and the JSVM_SCOPE_CHECK
// check.
//
// JSVM_SCOPE_CHECK is the only option the header defines. On the device it
// makes JSVM-API calls record the JSVM_Values they create in the handle scope
// open at the time and check the ones they are given against the scopes still
// open, logging both to HiLog ("ADD_VAL_TO_SCOPE_CHECK / CHECK_SCOPE in
// function: ..."); a value from a scope that has closed ends the process
// ("Run in wrong HandleScope").
//
// Here, where the device crashes we answer: with the option on, a call given
// such a value returns JSVM_INVALID_ARG, "<argument> is a JSVM_Value from a
// handle scope that has been closed (JSVM_SCOPE_CHECK)", touches nothing, and
// logs the refusal through HiLog (E A03F00/JSVM). As on the device, each call
// also logs "CHECK_SCOPE in function: OH_JSVM_…" when it checks JSVM_Values
// (once per call) and "ADD_VAL_TO_SCOPE_CHECK in function: OH_JSVM_…" when it
// makes one (a JSVM_Value* among its entry's arguments), at INFO (I A03F00/JSVM).
// Off (the default), nothing is checked or logged and an entry pays one load
// and one predictable branch (common/entry.h).
//
// How a stale value is recognised, without recording anything: a JSVM_Value
// is the address of a V8 handle slot. V8 hands slots out upwards from
// `next` in blocks of kHandleBlock slots; closing a scope moves `next` back to
// where the scope began, and the slots from there to the end of the current
// block are free. So a value whose address is in [next, end of the current
// block) names a slot no open scope holds: a value from a closed scope. Both
// bounds come from the public API: a handle made in a scope of our own lands
// on `next`, and HandleScope::NumberOfHandles (blocks before the current one
// times kHandleBlock, plus the slots used in it) gives its offset in the block.
// No false positives: nothing live is in that range (values V8 gives callbacks
// are on the stack, undefined / null / true / false are V8's root slots, a
// retained script or a reference is not a JSVM_Value). Strings made by
// OH_JSVM_CreateString* always get a slot of the scope, although V8 13 hands a
// one-character string out as a slot of its roots table (InCurrentScope,
// common/v8_compat.h): otherwise such a value would never be seen as stale.
// The layout above was checked on V8 13.6 too: the bounds computed here match
// the `next` and `limit` a v8::HandleScope saves. Not caught:
//   - a stale value whose slot has been handed out again (the same address
//     now names a live value: nothing tells them apart; using it is safe);
//   - a stale value in a block beyond the current one that V8 freed when its
//     scope closed (a scope that made more than one block's worth of handles);
//   - JSVM_Values inside structs (property descriptors other than
//     OH_JSVM_DefineProperties') and JSVM_Data arguments (a JSVM_Script not
//     retained is checked: script/script.cc, CheckScriptSlot);
//   - calls made where this thread does not hold the VM (nothing can be
//     read then).
// Which arguments: every JSVM_Value an entry lists (JSVM_ENTRY_*), objects
// converted by CHECK_TO_OBJECT / ObjectArg, the optional ones and argv arrays
// each function checks itself (JSVM_CHECK_VALUE / _ARRAY; env/value_checks.cc).
// Checks listed by the entry run after its state checks and before the
// pending-exception check; those in a body run where the body has them.
#include "common/internal.h"
#include "hilog/log.h"

#include <cstdint>
#include <cstring>
#include <string>

namespace jsvm {
namespace {

// V8's HandleScope block size (src/api/api.h, kHandleBlockSize = KB - 2).
constexpr uintptr_t kHandleBlock = 1022;

// The free slots of the isolate's current handle block: [*begin, *end).
void FindFreeSlots(v8::Isolate* isolate, uintptr_t* begin, uintptr_t* end) {
  v8::HandleScope scope(isolate);
  // Local::New always takes a fresh slot: the one at `next`.
  v8::Local<v8::Value> probe = v8::Local<v8::Value>::New(isolate, v8::Undefined(isolate));
  uintptr_t slot = reinterpret_cast<uintptr_t>(ToJSVM(probe));
  // The probe is in the current block, so the slots used in it (the probe
  // included) are 1 .. kHandleBlock.
  uintptr_t count = static_cast<uintptr_t>(v8::HandleScope::NumberOfHandles(isolate));
  uintptr_t used = (count - 1) % kHandleBlock + 1;
  uintptr_t block_start = slot + sizeof(void*) - used * sizeof(void*);
  // The probe's slot is free again once `scope` closes.
  *begin = slot;
  *end = block_start + kHandleBlock * sizeof(void*);
}

// Whether this thread may make a handle in the env's VM (it holds its lock);
// where it does not, the call cannot read its values either, and is not checked.
bool CanCheck(JSVM_Env env) {
  return IsLiveEnv(env) && (IsEnteredHere(env->isolate) || v8::Locker::IsLocked(env->isolate));
}

bool IsApiName(const char* function) {
  return function != nullptr && std::strncmp(function, "OH_JSVM_", 8) == 0;
}

}  // namespace

StaleSlots::StaleSlots(JSVM_Env env) {
  if (ScopeCheckOn(env) && CanCheck(env)) FindFreeSlots(env->isolate, &begin_, &end_);
}

const char kStaleValue[] = " is a JSVM_Value from a handle scope that has been closed (JSVM_SCOPE_CHECK)";

JSVM_Status ReportRefusedValue(JSVM_Env env, const char* function, const std::string& detail) {
  // Helpers' names are ours, not the caller's: only API names are logged.
  const bool named = IsApiName(function);
  OH_LOG_Print(LOG_APP, LOG_ERROR, 0x3F00, "JSVM", "%{public}s%{public}s%{public}s; the call was refused",
               named ? function : "", named ? ": " : "", detail.c_str());
  return SetLastError(env, JSVM_INVALID_ARG, detail);
}

std::string NameAt(const char* names, int position) {
  std::string list = names != nullptr ? names : "";
  size_t start = 0;
  for (int i = 0; i < position && start != std::string::npos; ++i) {
    start = list.find(',', start);
    if (start != std::string::npos) start += 2;
  }
  if (start == std::string::npos || start >= list.size()) return "an argument";
  size_t end = list.find(',', start);
  return list.substr(start, end == std::string::npos ? std::string::npos : end - start);
}

bool LogScopeCheckLine(const char* what, const char* function) noexcept {
  if (!IsApiName(function)) return false;
  try {
    OH_LOG_Print(LOG_APP, LOG_INFO, 0x3F00, "JSVM", "%{public}s in function: %{public}s", what, function);
  } catch (...) {
    // a line lost to memory exhaustion: the call itself goes on
  }
  return true;
}

}  // namespace jsvm

JSVM_Status OH_JSVM_SetDebugOption(JSVM_Env env, JSVM_DebugOption debugOption, bool isEnabled) try {
  JSVM_ENTRY_LIVE_ENV(env);  // no scope needed: the docs' example sets it with none open
  JSVM_RETURN_STATUS_IF_FALSE_MSG(env, jsvm::EnumArg(debugOption) == JSVM_SCOPE_CHECK, JSVM_INVALID_ARG,
                                  "debugOption is not a JSVM_DebugOption (JSVM_SCOPE_CHECK)");
  const uint32_t bit = uint32_t{1} << static_cast<uint32_t>(debugOption);
  env->debug_options = isEnabled ? (env->debug_options | bit) : (env->debug_options & ~bit);
  return jsvm::ClearLastError(env);
} JSVM_EXIT(env)
