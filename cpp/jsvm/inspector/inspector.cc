// The inspector's entry points: OH_JSVM_OpenInspector,
// OH_JSVM_OpenInspectorWithName, OH_JSVM_CloseInspector,
// OH_JSVM_WaitForDebugger, and JSVM_INSPECT / JSVM_INSPECT_BRK, which open an
// inspector for every env created so that unmodified code can be debugged.
//
// An inspector is a Chrome DevTools Protocol endpoint for one env: HTTP
// discovery and a WebSocket on its own port (inspector/server.h), V8's
// inspector behind it (inspector/agent.h), a HiLog line and a discovery file
// saying where it listens (inspector/discovery.h).
#include <hilog/log.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <cstring>
#include <string>

#include "common/internal.h"
#include "inspector/agent.h"

using jsvm::SetLastError;

namespace jsvm {
namespace inspector {
namespace {

// From user code V8 runs in the middle of a garbage collection (a GC handler,
// the heap threshold callback, a finalizer: vm/vm.h InGCCallback), refused as
// other env calls are there: Open makes V8's inspector and registers the
// context with it (handles, allocations), Close tears its sessions down, and
// WaitForDebugger would block the collection until a client came and run the
// client's commands (JS) inside it. Only the thread holding the VM can be in
// its collection; another thread's call is not refused here (it waits for the
// VM's lock in the call) and does not read the VM's state unlocked.
JSVM_Status RefuseInGC(JSVM_Env env) {
  if (!IsEnteredHere(env->isolate) && !v8::Locker::IsLocked(env->isolate)) return JSVM_OK;
  if (InGCCallback(env->vm)) return SetLastError(env, JSVM_GENERIC_FAILURE, kInGCCallback);
  return JSVM_OK;
}

// The checks every Open shares: not inside a GC, an env whose VM can be
// inspected, without an inspector yet.
JSVM_Status CheckCanOpen(JSVM_Env env) {
  JSVM_RETURN_IF_NOT_OK(RefuseInGC(env));
  // From a finalizer run by DestroyEnv / DestroyVM: the env's inspector was
  // closed first, and a new one would go on listening with the env gone.
  if (env->tearing_down || env->vm->being_destroyed) {
    return SetLastError(env, JSVM_GENERIC_FAILURE,
                        "the env is being destroyed (OH_JSVM_DestroyEnv or OH_JSVM_DestroyVM runs its finalizers): "
                        "no inspector can be opened for it");
  }
  if (env->vm->creator) {
    return SetLastError(env, JSVM_GENERIC_FAILURE,
                        "a VM made for snapshotting (isForSnapshotting) cannot be inspected");
  }
  if (env->inspector_agent != nullptr) {
    return SetLastError(env, JSVM_GENERIC_FAILURE,
                        "an inspector is already open for this env: close it (OH_JSVM_CloseInspector) first");
  }
  return JSVM_OK;
}

JSVM_Status OpenWith(JSVM_Env env, const OpenRequest& request) {
  JSVM_RETURN_IF_NOT_OK(CheckCanOpen(env));
  OpenFailure failure;
  if (!Open(env, request, &failure)) return SetLastError(env, failure.status, failure.message);
  return ClearLastError(env);
}

std::string DefaultTitle(JSVM_Env env) {
  return "jsvm-desktop[" + std::to_string(getpid()) + "] env " + std::to_string(env->vm->envs_created);
}

}  // namespace

// JSVM_INSPECT=[host:]port: each env created opens an inspector, the first on
// `port`, each next one on the next port (0: every one on a free port).
// JSVM_INSPECT_BRK=1: each then waits for a debugger and pauses on the first
// statement run.
void AutoOpen(JSVM_Env env) {
  const char* setting = std::getenv("JSVM_INSPECT");
  if (setting == nullptr || *setting == '\0' || env->vm->creator) return;
  static std::atomic<int> opened{0};
  std::string value = setting;
  std::string host;
  size_t colon = value.rfind(':');
  if (colon != std::string::npos) {
    host = value.substr(0, colon);
    if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
    value = value.substr(colon + 1);
  }
  char* end = nullptr;
  long base = std::strtol(value.c_str(), &end, 10);
  if (value.empty() || *end != '\0' || base < 0 || base > 65535) {
    OH_LOG_Print(LOG_APP, LOG_ERROR, 0x3F00, "JSVM",
                 "JSVM_INSPECT='%{public}s' is not [host:]port: no inspector was opened", setting);
    return;
  }
  int index = opened++;
  long port = base == 0 ? 0 : base + index;
  if (port > 65535) return;
  OpenRequest request;
  request.host = host.empty() ? nullptr : host.c_str();
  request.port = static_cast<uint16_t>(port);
  request.title = DefaultTitle(env);
  OpenFailure failure;
  if (env->inspector_agent != nullptr || !Open(env, request, &failure)) {
    OH_LOG_Print(LOG_APP, LOG_ERROR, 0x3F00, "JSVM", "JSVM_INSPECT: no inspector was opened: %{public}s",
                 failure.message.c_str());
    return;
  }
  const char* brk = std::getenv("JSVM_INSPECT_BRK");
  if (brk != nullptr && std::strcmp(brk, "1") == 0) WaitForDebugger(env, true);
}

}  // namespace inspector
}  // namespace jsvm

// host NULL or "": loopback (127.0.0.1). port 0: a free port (the HiLog line
// and the discovery file say which).
JSVM_Status OH_JSVM_OpenInspector(JSVM_Env env, const char* host, uint16_t port) try {
  JSVM_ENTRY_LIVE_ENV(env);
  jsvm::inspector::OpenRequest request;
  request.host = host;
  request.port = port;
  request.title = jsvm::inspector::DefaultTitle(env);
  return jsvm::inspector::OpenWith(env, request);
} JSVM_EXIT(env)

// On the device this listens on a local socket named after pid and name. On
// the desktop it listens on a free loopback port; the name is the target's
// title and goes into the discovery file with the pid (README, "Debugging
// and profiling").
JSVM_Status OH_JSVM_OpenInspectorWithName(JSVM_Env env, int pid, const char* name) try {
  JSVM_ENTRY_LIVE_ENV(env, name);
  jsvm::inspector::OpenRequest request;
  request.port = 0;
  request.title = std::string(name) + " (pid " + std::to_string(pid) + ")";
  request.name = name;
  request.pid = pid;
  return jsvm::inspector::OpenWith(env, request);
} JSVM_EXIT(env)

// Closes the env's inspector: its clients are disconnected (a paused VM goes
// on), the port is released, the discovery file removed. With none open there
// is nothing to close.
JSVM_Status OH_JSVM_CloseInspector(JSVM_Env env) try {
  JSVM_ENTRY_LIVE_ENV(env);
  JSVM_RETURN_IF_NOT_OK(jsvm::inspector::RefuseInGC(env));
  if (jsvm::inspector::IsDispatching(env)) {
    return SetLastError(env, JSVM_GENERIC_FAILURE,
                        "the inspector cannot be closed from code a debugger command is running");
  }
  jsvm::inspector::Close(env);
  return jsvm::ClearLastError(env);
} JSVM_EXIT(env)

// Blocks until a client sends Runtime.runIfWaitingForDebugger, dispatching
// the clients' messages meanwhile on this thread; with breakNextLine the VM
// then pauses before the next statement it runs.
JSVM_Status OH_JSVM_WaitForDebugger(JSVM_Env env, bool breakNextLine) try {
  JSVM_ENTRY_LIVE_ENV(env);
  JSVM_RETURN_IF_NOT_OK(jsvm::inspector::RefuseInGC(env));
  if (env->inspector_agent == nullptr) {
    return SetLastError(env, JSVM_GENERIC_FAILURE, "no inspector is open for this env: call OH_JSVM_OpenInspector first");
  }
  if (jsvm::inspector::IsDispatching(env)) {
    return SetLastError(env, JSVM_GENERIC_FAILURE,
                        "cannot wait for a debugger from code a debugger command is running");
  }
  if (!jsvm::inspector::WaitForDebugger(env, breakNextLine)) {
    return SetLastError(env, JSVM_GENERIC_FAILURE, "the inspector was closed before a debugger let the env run");
  }
  return jsvm::ClearLastError(env);
} JSVM_EXIT(env)
