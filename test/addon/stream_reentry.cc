// Scenarios: the output streams of the developer tools (StopCpuProfiler,
// TakeHeapSnapshot, TakeRawHeapSnapshot, TraceStop) calling back into the API
// while the call that feeds them is running: destroying the env or VM,
// closing scopes, taking snapshots. Each runs in a child process
// (test/stream-reentry.spec.ts).
#include <cstdio>
#include <cstdlib>
#include <string>
#include <unistd.h>
#include <dirent.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include "harness.h"

namespace harness {
namespace {

struct Reentry {
  std::string what;
  JSVM_VM vm = nullptr;
  JSVM_Env env = nullptr;
  JSVM_VMScope vm_scope = nullptr;
  JSVM_EnvScope env_scope = nullptr;
  JSVM_HandleScope handle_scope = nullptr;
  JSVM_VMScope inner_vm_scope = nullptr;
  JSVM_HandleScope left_handle_scope = nullptr;
  JSVM_CpuProfiler other = nullptr;
  int calls = 0;
  bool done = false;
  Outcome inner{JSVM_OK, ""};
};

bool Accept(const char*, int, void*) { return true; }

bool ReenterStream(const char* data, int size, void* raw) {
  Reentry* r = static_cast<Reentry*>(raw);
  ++r->calls;
  if (r->done || data == nullptr) return true;
  r->done = true;
  std::fprintf(stderr, "stream: %s\n", r->what.c_str());
  JSVM_Status status = JSVM_OK;
  JSVM_Env thread_env = nullptr;
  if (r->what == "destroyVM") {
    status = OH_JSVM_DestroyVM(r->vm);
  } else if (r->what == "destroyEnv") {
    status = OH_JSVM_DestroyEnv(r->env);
  } else if (r->what == "closeVMScope") {
    status = OH_JSVM_CloseVMScope(r->vm, r->vm_scope);
  } else if (r->what == "closeEnvScope") {
    status = OH_JSVM_CloseEnvScope(r->env, r->env_scope);
    thread_env = r->env;
  } else if (r->what == "closeHandleScope") {
    status = OH_JSVM_CloseHandleScope(r->env, r->handle_scope);
    thread_env = r->env;
  } else if (r->what == "openVMScope") {
    status = OH_JSVM_OpenVMScope(r->vm, &r->inner_vm_scope);
  } else if (r->what == "heapSnapshot") {
    status = OH_JSVM_TakeHeapSnapshot(r->vm, Accept, nullptr);
  } else if (r->what == "createSnapshot") {
    const char* blob = nullptr;
    size_t size = 0;
    status = OH_JSVM_CreateSnapshot(r->vm, 1, &r->env, &blob, &size);
    std::free(const_cast<char*>(blob));
  } else if (r->what == "stopOther") {
    status = OH_JSVM_StopCpuProfiler(r->vm, r->other, Accept, nullptr);
  } else if (r->what == "startProfiler") {
    status = OH_JSVM_StartCpuProfiler(r->vm, &r->other);
  } else if (r->what == "eval") {
    r->inner.message = EvalIn(r->env, "let o = []; for (let i = 0; i < 1e5; i++) o.push({i}); o.length");
    thread_env = r->env;
  } else if (r->what == "acquireLock") {
    status = OH_JSVM_AcquireLock(r->env);  // reports to the thread
  } else if (r->what == "scopesLeftOpen") {
    // An env scope and a handle scope of its own, a value made in them, left
    // open: they close as the call returns.
    JSVM_EnvScope es = nullptr;
    JSVM_HandleScope hs = nullptr;
    status = OH_JSVM_OpenEnvScope(r->env, &es);
    if (status == JSVM_OK) status = OH_JSVM_OpenHandleScope(r->env, &hs);
    r->inner.message = EvalIn(r->env, "[1, 2, 3].map(x => ({x})).length");
    r->left_handle_scope = hs;
    thread_env = r->env;
  } else if (r->what == "traceStartStop") {
    status = OH_JSVM_TraceStart(0, nullptr, "inner", 0);
    if (status == JSVM_OK) status = OH_JSVM_TraceStop(Accept, r);
  }
  if (r->what == "scopesLeftOpen") {
    const std::string value = r->inner.message;
    r->inner = Last(thread_env, status);
    r->inner.message = value;
  } else if (r->what != "eval") {
    r->inner = Last(thread_env, status);
  }
  std::fprintf(stderr, "stream: %s -> %d %s\n", r->what.c_str(), r->inner.status, r->inner.message.c_str());
  return true;
}

// info[0]: the tool ("heap", "raw", "cpu", "trace"); info[1]: what its
// stream does (ReenterStream); info[2]: a VM made for snapshotting.
void StreamReentry(const Napi::CallbackInfo& info, Report& out) {
  const std::string tool = info[0].As<Napi::String>().Utf8Value();
  Reentry r;
  r.what = info[1].As<Napi::String>().Utf8Value();
  const bool snapshotting = info.Length() > 2 && info[2].ToBoolean().Value();
  JSVM_CreateVMOptions options{};
  options.isForSnapshotting = snapshotting;
  out.Set("createVM", Last(nullptr, OH_JSVM_CreateVM(&options, &r.vm)));
  OH_JSVM_OpenVMScope(r.vm, &r.vm_scope);
  OH_JSVM_CreateEnv(r.vm, 0, nullptr, &r.env);
  OH_JSVM_OpenEnvScope(r.env, &r.env_scope);
  OH_JSVM_OpenHandleScope(r.env, &r.handle_scope);
  out.Set("before", EvalIn(r.env, "globalThis.kept = {a: [1, 2, 3]}; 'ready'"));
  // info[3]: nothing open when the tool is called (it enters the VM itself).
  const bool bare = info.Length() > 3 && info[3].ToBoolean().Value();
  if (bare) {
    OH_JSVM_CloseHandleScope(r.env, r.handle_scope);
    OH_JSVM_CloseEnvScope(r.env, r.env_scope);
    OH_JSVM_CloseVMScope(r.vm, r.vm_scope);
  }
  JSVM_Status status = JSVM_OK;
  if (tool == "heap") {
    status = OH_JSVM_TakeHeapSnapshot(r.vm, ReenterStream, &r);
  } else if (tool == "raw") {
    status = OH_JSVM_TakeRawHeapSnapshot(r.vm, ReenterStream, &r);
  } else if (tool == "cpu") {
    JSVM_CpuProfiler profiler = nullptr;
    OH_JSVM_StartCpuProfiler(r.vm, &profiler);
    OH_JSVM_StartCpuProfiler(r.vm, &r.other);
    EvalIn(r.env, "let x = 0; for (let i = 0; i < 1e6; i++) x += i; x");
    status = OH_JSVM_StopCpuProfiler(r.vm, profiler, ReenterStream, &r);
  } else if (tool == "trace") {
    OH_JSVM_TraceStart(0, nullptr, "outer", 0);
    EvalIn(r.env, "1 + 1");
    status = OH_JSVM_TraceStop(ReenterStream, &r);
  }
  std::fprintf(stderr, "tool returned %d\n", status);
  out.Set("call", Last(nullptr, status));
  out.Set("inner", r.inner);
  out.Set("calls", r.calls);
  if (bare) {
    // What the stream left open is closed (a VM scope); then the VM is used
    // with scopes of its own and destroyed.
    bool locked = false;
    OH_JSVM_IsLocked(r.env, &locked);
    out.Set("lockedAfter", locked);
    if (r.inner_vm_scope != nullptr) {
      JSVM_EnvScope es = nullptr;
      out.Set("openEnvScopeInLeftVMScope", Last(r.env, OH_JSVM_OpenEnvScope(r.env, &es)));
      out.Set("afterInLeftVMScope", EvalIn(r.env, "let y = []; for (let i = 0; i < 2e5; i++) y.push({i}); kept.a.length + y.length"));
      OH_JSVM_CloseEnvScope(r.env, es);
      out.Set("closeInnerVMScope", Last(nullptr, OH_JSVM_CloseVMScope(r.vm, r.inner_vm_scope)));
    }
    if (r.what == "acquireLock") out.Set("releaseLock", Last(nullptr, OH_JSVM_ReleaseLock(r.env)));
    JSVM_VMScope vs = nullptr;
    JSVM_EnvScope es = nullptr;
    OH_JSVM_OpenVMScope(r.vm, &vs);
    OH_JSVM_OpenEnvScope(r.env, &es);
    out.Set("after", EvalIn(r.env, "let z = []; for (let i = 0; i < 2e5; i++) z.push({i}); kept.a.length + z.length"));
    OH_JSVM_CloseEnvScope(r.env, es);
    OH_JSVM_CloseVMScope(r.vm, vs);
    out.Set("destroyEnv", Last(r.env, OH_JSVM_DestroyEnv(r.env)));
    out.Set("destroyVM", Last(nullptr, OH_JSVM_DestroyVM(r.vm)));
    return;
  }
  if (r.left_handle_scope != nullptr) {
    out.Set("closeLeftHandleScope", Last(r.env, OH_JSVM_CloseHandleScope(r.env, r.left_handle_scope)));
  }
  // The VM goes on, or is gone, as the inner call said.
  if (!(r.what == "destroyVM" && r.inner.status == JSVM_OK)) {
    if (!(r.what == "destroyEnv" && r.inner.status == JSVM_OK) && !snapshotting) {
      out.Set("after", EvalIn(r.env, "let y = []; for (let i = 0; i < 2e5; i++) y.push({i}); kept.a.length + y.length"));
    }
    out.Set("closeHandleScope", Last(r.env, OH_JSVM_CloseHandleScope(r.env, r.handle_scope)));
    out.Set("closeEnvScope", Last(r.env, OH_JSVM_CloseEnvScope(r.env, r.env_scope)));
    out.Set("destroyEnv", Last(r.env, OH_JSVM_DestroyEnv(r.env)));
    if (r.what == "openVMScope") out.Set("closeInnerVMScope", Last(nullptr, OH_JSVM_CloseVMScope(r.vm, r.inner_vm_scope)));
    out.Set("closeVMScope", Last(nullptr, OH_JSVM_CloseVMScope(r.vm, r.vm_scope)));
    out.Set("destroyVM", Last(nullptr, OH_JSVM_DestroyVM(r.vm)));
  }
  std::fprintf(stderr, "end\n");
}

// A scope that entered the VM itself (no VM scope was open), a VM scope or the
// lock taken inside it, then that scope closed first. info[0]: "envScope" or
// "handleScope" (the outer one); info[1]: "vmScope" or "lock" (the inner one);
// info[2]: what comes next: "closeOuter" (closing the outer scope first),
// "closeInner" (the inner one first) or "destroyEnv" (DestroyEnv, which
// closes the env's env scopes).
void ImplicitEntryClosedFirst(const Napi::CallbackInfo& info, Report& out) {
  const std::string outer = info[0].As<Napi::String>().Utf8Value();
  const std::string inner = info[1].As<Napi::String>().Utf8Value();
  const std::string next = info[2].As<Napi::String>().Utf8Value();
  JSVM_VM vm = nullptr;
  JSVM_Env env = nullptr;
  JSVM_CreateVMOptions options{};
  options.isForSnapshotting = next == "createSnapshot";
  OH_JSVM_CreateVM(&options, &vm);
  {
    JSVM_VMScope vs = nullptr;
    OH_JSVM_OpenVMScope(vm, &vs);
    OH_JSVM_CreateEnv(vm, 0, nullptr, &env);
    OH_JSVM_CloseVMScope(vm, vs);
  }
  JSVM_EnvScope es = nullptr;
  JSVM_HandleScope hs = nullptr;
  auto close_outer = [&] {
    return outer == "envScope" ? OH_JSVM_CloseEnvScope(env, es) : OH_JSVM_CloseHandleScope(env, hs);
  };
  out.Set("openOuter", Last(env, outer == "envScope" ? OH_JSVM_OpenEnvScope(env, &es) : OH_JSVM_OpenHandleScope(env, &hs)));
  JSVM_VMScope vs = nullptr;
  out.Set("openInner", Last(nullptr, inner == "vmScope" ? OH_JSVM_OpenVMScope(vm, &vs) : OH_JSVM_AcquireLock(env)));
  auto close_inner = [&] { return inner == "vmScope" ? OH_JSVM_CloseVMScope(vm, vs) : OH_JSVM_ReleaseLock(env); };
  std::fprintf(stderr, "%s\n", next.c_str());
  if (next == "destroyVM") {
    // With both open: DestroyVM closes them (and the lock goes with the VM).
    out.Set("destroyVMFirst", Last(nullptr, OH_JSVM_DestroyVM(vm)));
    out.Set("nodeRuns", Napi::Env(info.Env()).Global().Get("Math").IsObject());
    // What this thread has entered is as before: new VMs (their isolates may
    // take the old one's address) are entered by a scope opened alone.
    std::string later;
    for (int round = 0; round < 8; ++round) {
      JSVM_VM next_vm = nullptr;
      JSVM_Env next_env = nullptr;
      JSVM_VMScope vs2 = nullptr;
      OH_JSVM_CreateVM(nullptr, &next_vm);
      OH_JSVM_OpenVMScope(next_vm, &vs2);
      OH_JSVM_CreateEnv(next_vm, 0, nullptr, &next_env);
      OH_JSVM_CloseVMScope(next_vm, vs2);
      JSVM_EnvScope es3 = nullptr;
      JSVM_Status opened = OH_JSVM_OpenEnvScope(next_env, &es3);
      bool locked = false;
      OH_JSVM_IsLocked(next_env, &locked);
      std::string result = EvalIn(next_env, "let w = []; for (let i = 0; i < 1e5; i++) w.push({i}); w.length");
      JSVM_Status closed = OH_JSVM_CloseEnvScope(next_env, es3);
      bool locked_after = true;
      OH_JSVM_IsLocked(next_env, &locked_after);
      JSVM_Status env_gone = OH_JSVM_DestroyEnv(next_env);
      JSVM_Status vm_gone = OH_JSVM_DestroyVM(next_vm);
      later += std::to_string(opened) + (locked ? "L" : "-") + result + std::to_string(closed) +
               (locked_after ? "L" : "-") + std::to_string(env_gone) + std::to_string(vm_gone) + ";";
    }
    out.Set("laterVMs", later);
    return;
  }
  if (next == "createSnapshot") {
    // The VM lives on after a snapshot: the scope that entered it itself may not
    // close under the VM scope or lock taken after it.
    const char* blob = nullptr;
    size_t size = 0;
    out.Set("snapshotFirst", Last(nullptr, OH_JSVM_CreateSnapshot(vm, 1, &env, &blob, &size)));
    bool locked = false;
    OH_JSVM_IsLocked(env, &locked);
    out.Set("lockedAfter", locked);
    out.Set("closeInnerAfter", Last(nullptr, close_inner()));
    out.Set("snapshot", Last(nullptr, OH_JSVM_CreateSnapshot(vm, 1, &env, &blob, &size)));
    out.Set("closeOuterAfter", Last(env, close_outer()));
    out.Set("destroyVM", Last(nullptr, OH_JSVM_DestroyVM(vm)));
    return;
  }
  if (next == "closeOuter") {
    out.Set("closeOuter", Last(env, close_outer()));
  } else if (next == "closeInner") {
    out.Set("closeInner", Last(nullptr, close_inner()));
  } else {
    out.Set("destroyEnvFirst", Last(nullptr, OH_JSVM_DestroyEnv(env)));
  }
  bool locked = false;
  OH_JSVM_IsLocked(env, &locked);
  out.Set("lockedAfter", locked);
  std::fprintf(stderr, "using\n");
  // The env is used with a scope of its own (a VM scope when nothing holds the VM).
  JSVM_VMScope use_vs = nullptr;
  if (!locked) OH_JSVM_OpenVMScope(vm, &use_vs);
  JSVM_EnvScope es2 = nullptr;
  out.Set("openEnvScope", Last(env, OH_JSVM_OpenEnvScope(env, &es2)));
  out.Set("eval", EvalIn(env, "let z = []; for (let i = 0; i < 2e5; i++) z.push({i}); z.length"));
  out.Set("closeEnvScope", Last(env, OH_JSVM_CloseEnvScope(env, es2)));
  if (use_vs != nullptr) OH_JSVM_CloseVMScope(vm, use_vs);
  std::fprintf(stderr, "closing the rest\n");
  if (next != "closeInner") out.Set("closeInnerAfter", Last(nullptr, close_inner()));
  out.Set("closeOuterAfter", Last(env, close_outer()));
  out.Set("destroyEnv", Last(nullptr, OH_JSVM_DestroyEnv(env)));
  out.Set("destroyVM", Last(nullptr, OH_JSVM_DestroyVM(vm)));
}

// A finalizer run while its env or VM is torn down starting a developer tool
// on it (after the teardown stopped those already running).
struct TeardownTool {
  std::string what;
  JSVM_VM vm = nullptr;
  JSVM_CpuProfiler profiler = nullptr;
  Outcome outcome{JSVM_OK, ""};
  bool ran = false;
};
TeardownTool* g_teardown = nullptr;

void StartToolInFinalizer(JSVM_Env env, void*, void*) {
  TeardownTool* t = g_teardown;
  t->ran = true;
  std::fprintf(stderr, "finalizer: %s\n", t->what.c_str());
  if (t->what == "openInspector") {
    t->outcome = Last(env, OH_JSVM_OpenInspector(env, "127.0.0.1", 0));
  } else if (t->what == "startProfiler") {
    t->outcome = Last(nullptr, OH_JSVM_StartCpuProfiler(t->vm, &t->profiler));
  } else if (t->what == "heapSnapshot") {
    t->outcome = Last(nullptr, OH_JSVM_TakeHeapSnapshot(t->vm, Accept, nullptr));
  }
  std::fprintf(stderr, "finalizer: %s -> %d %s\n", t->what.c_str(), t->outcome.status, t->outcome.message.c_str());
}

// This process's inspector discovery files, and whether the ports they name
// still accept a connection and answer /json/list.
void InspectorsLeft(Report& out, const std::string& name) {
  const std::string prefix = std::to_string(getpid()) + "-";
  int files = 0, answering = 0;
  if (DIR* dir = opendir("/tmp/jsvm-desktop-inspect")) {
    while (dirent* entry = readdir(dir)) {
      const std::string file = entry->d_name;
      if (file.rfind(prefix, 0) != 0) continue;
      ++files;
      const int port = std::atoi(file.c_str() + prefix.size());
      const int fd = socket(AF_INET, SOCK_STREAM, 0);
      sockaddr_in address{};
      address.sin_family = AF_INET;
      address.sin_port = htons(static_cast<uint16_t>(port));
      address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
      if (connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0) {
        const char request[] = "GET /json/list HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
        if (write(fd, request, sizeof(request) - 1) > 0) {
          char buffer[256];
          if (read(fd, buffer, sizeof(buffer)) > 0) ++answering;
        }
      }
      close(fd);
    }
    closedir(dir);
  }
  out.Set(name + "DiscoveryFiles", files);
  out.Set(name + "Answering", answering);
}

// info[0]: the tool; info[1]: "destroyEnv" or "destroyVM".
void ToolFromTeardownFinalizer(const Napi::CallbackInfo& info, Report& out) {
  TeardownTool t;
  t.what = info[0].As<Napi::String>().Utf8Value();
  const std::string when = info[1].As<Napi::String>().Utf8Value();
  g_teardown = &t;
  Session s;
  t.vm = s.vm;
  JSVM_Value external = nullptr;
  out.Set("external", Last(s.env, OH_JSVM_CreateExternal(s.env, &t, StartToolInFinalizer, nullptr, &external)));
  if (when == "destroyEnv") {
    OH_JSVM_CloseEnvScope(s.env, s.env_scope);
    s.env_scope = nullptr;
    out.Set("destroyEnv", Last(nullptr, OH_JSVM_DestroyEnv(s.env)));
    s.env = nullptr;
    out.Set("ran", t.ran);
    out.Set("tool", t.outcome);
    if (t.profiler != nullptr) {
      out.Set("stopAfter", Last(nullptr, OH_JSVM_StopCpuProfiler(s.vm, t.profiler, Accept, nullptr)));
    }
  }
  if (when == "destroyVM") {
    // The env goes with its VM (its finalizers run inside DestroyVM).
    OH_JSVM_CloseEnvScope(s.env, s.env_scope);
    OH_JSVM_CloseVMScope(s.vm, s.vm_scope);
    out.Set("destroy", Last(nullptr, OH_JSVM_DestroyVM(s.vm)));
    s.env_scope = nullptr;
    s.env = nullptr;
    s.vm_scope = nullptr;
    s.vm = nullptr;
  } else {
    out.Set("destroy", Last(nullptr, s.Destroy()));
  }
  out.Set("ran", t.ran);
  out.Set("tool", t.outcome);
  usleep(300 * 1000);
  InspectorsLeft(out, "left");
  // Another VM, likely made where the destroyed one was.
  {
    Session again;
    out.Set("again", again.Eval("let z = []; for (let i = 0; i < 2e5; i++) z.push({i}); z.length"));
    if (t.profiler != nullptr) {
      out.Set("stopOnNewVM", Last(nullptr, OH_JSVM_StopCpuProfiler(again.vm, t.profiler, Accept, nullptr)));
    }
    JSVM_CpuProfiler p = nullptr;
    out.Set("startOnNewVM", Last(nullptr, OH_JSVM_StartCpuProfiler(again.vm, &p)));
    out.Set("stopOwnOnNewVM", Last(nullptr, OH_JSVM_StopCpuProfiler(again.vm, p, Accept, nullptr)));
  }
  usleep(300 * 1000);
  g_teardown = nullptr;
}

}  // namespace

void RegisterStreamReentry(Napi::Env env, Napi::Object exports) {
  exports.Set("streamReentry", Scenario(env, StreamReentry));
  exports.Set("implicitEntryClosedFirst", Scenario(env, ImplicitEntryClosedFirst));
  exports.Set("toolFromTeardownFinalizer", Scenario(env, ToolFromTeardownFinalizer));
}

}  // namespace harness
