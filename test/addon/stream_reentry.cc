// Scenarios: the output streams of the developer tools (StopCpuProfiler,
// TakeHeapSnapshot, TakeRawHeapSnapshot, TraceStop) calling back into the API
// while the call that feeds them is running: destroying the env or VM,
// closing scopes, taking snapshots. Each runs in a child process
// (test/stream-reentry.spec.ts).
#include <cstdio>
#include <cstdlib>
#include <string>

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
  OH_JSVM_CreateVM(nullptr, &vm);
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

}  // namespace

void RegisterStreamReentry(Napi::Env env, Napi::Object exports) {
  exports.Set("streamReentry", Scenario(env, StreamReentry));
  exports.Set("implicitEntryClosedFirst", Scenario(env, ImplicitEntryClosedFirst));
}

}  // namespace harness
