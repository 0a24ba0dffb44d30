// Scenarios for the inspector (test/inspector.spec.ts). The env under test
// lives on a native thread started here, so that Node's main thread stays free
// to run the spec's CDP client (ws). The thread's program:
//
//   create VM + env, open the inspector          stage "open"   (inspectorStart returns)
//   wait: "debugger" -> OH_JSVM_WaitForDebugger,
//         "go" -> until inspectorGo(id)          stage "waiting"
//   compile `source` with origin `origin` and run it (scopes open only
//   meanwhile)                                   stage "running"
//   idle, VM not entered, until inspectorGo(id)  stage "ran"
//   teardown: "close" -> CloseInspector then DestroyEnv, "destroyEnv" ->
//   DestroyEnv with the inspector open; then DestroyVM   stage "done"
//
// inspectorState(id) reads where it is (never blocks); inspectorJoin(id)
// joins it (call it once the thread can finish without the client's help).
#include <dirent.h>
#include <unistd.h>

#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>

#include "harness.h"

namespace harness {
namespace {

// The discovery files of this process (inspector/discovery.h).
std::set<std::string> DiscoveryFiles() {
  const char* runtime = getenv("XDG_RUNTIME_DIR");
  std::string dir = std::string(runtime != nullptr && *runtime ? runtime : "/tmp") + "/jsvm-desktop-inspect";
  std::set<std::string> names;
  std::string prefix = std::to_string(getpid()) + "-";
  if (DIR* d = opendir(dir.c_str())) {
    while (dirent* entry = readdir(d)) {
      std::string name = entry->d_name;
      if (name.rfind(prefix, 0) == 0 && name.size() > 5 && name.compare(name.size() - 5, 5, ".json") == 0) {
        names.insert(dir + "/" + name);
      }
    }
    closedir(d);
  }
  return names;
}

int PortOf(const std::string& path) {
  size_t dash = path.rfind('-');
  return dash == std::string::npos ? 0 : atoi(path.c_str() + dash + 1);
}

struct Target {
  // Options.
  std::string host;
  bool has_host = false;
  int port = 0;
  std::string name;  // non-empty: OH_JSVM_OpenInspectorWithName
  std::string source;
  std::string origin;
  std::string source_map;
  std::string wait;      // "debugger" | "go" | "none"
  bool break_next_line = false;
  std::string teardown;  // "close" | "destroyEnv"

  std::thread thread;
  std::mutex mutex;
  std::condition_variable changed;
  int go = 0;  // inspectorGo calls
  std::string stage = "starting";
  Outcome open{JSVM_OK, ""}, wait_outcome{JSVM_OK, ""}, run{JSVM_OK, ""}, close{JSVM_OK, ""},
      destroy_env{JSVM_OK, ""}, destroy_vm{JSVM_OK, ""};
  std::string result;
  std::string discovery;
  int bound_port = 0;

  void SetStage(const char* s) {
    {
      std::lock_guard<std::mutex> lock(mutex);
      stage = s;
    }
    changed.notify_all();
  }
  void WaitForGo(int count) {
    std::unique_lock<std::mutex> lock(mutex);
    changed.wait(lock, [&] { return go >= count; });
  }
  void Body();
};

void Target::Body() {
  JSVM_VM vm = nullptr;
  JSVM_Env env = nullptr;
  if (OH_JSVM_CreateVM(nullptr, &vm) != JSVM_OK || OH_JSVM_CreateEnv(vm, 0, nullptr, &env) != JSVM_OK) {
    open = Last(nullptr, JSVM_GENERIC_FAILURE);
    SetStage("done");
    return;
  }
  std::set<std::string> before = DiscoveryFiles();
  JSVM_Status status = name.empty() ? OH_JSVM_OpenInspector(env, has_host ? host.c_str() : nullptr,
                                                            static_cast<uint16_t>(port))
                                    : OH_JSVM_OpenInspectorWithName(env, 4242, name.c_str());
  open = Last(env, status);
  for (const std::string& path : DiscoveryFiles()) {
    if (!before.count(path)) discovery = path, bound_port = PortOf(path);
  }
  SetStage("open");
  if (status == JSVM_OK) {
    SetStage("waiting");
    if (wait == "debugger") {
      wait_outcome = Last(env, OH_JSVM_WaitForDebugger(env, break_next_line));
    } else if (wait == "go") {
      WaitForGo(1);
    }
    SetStage("running");
    {
      JSVM_VMScope vm_scope;
      JSVM_EnvScope env_scope;
      JSVM_HandleScope handle_scope;
      OH_JSVM_OpenVMScope(vm, &vm_scope);
      OH_JSVM_OpenEnvScope(env, &env_scope);
      OH_JSVM_OpenHandleScope(env, &handle_scope);
      JSVM_Value text = nullptr, value = nullptr;
      JSVM_Script script = nullptr;
      OH_JSVM_CreateStringUtf8(env, source.c_str(), source.size(), &text);
      JSVM_ScriptOrigin script_origin{source_map.empty() ? nullptr : source_map.c_str(), origin.c_str(), 0, 0};
      JSVM_Status compiled = OH_JSVM_CompileScriptWithOrigin(env, text, nullptr, 0, true, nullptr, &script_origin,
                                                              &script);
      JSVM_Status ran = compiled == JSVM_OK ? OH_JSVM_RunScript(env, script, &value) : compiled;
      run = Last(env, ran);
      result = ran == JSVM_OK ? StringOf(env, value) : TakeException(env);
      OH_JSVM_CloseHandleScope(env, handle_scope);
      OH_JSVM_CloseEnvScope(env, env_scope);
      OH_JSVM_CloseVMScope(vm, vm_scope);
    }
    SetStage("ran");
    WaitForGo(wait == "go" ? 2 : 1);
  }
  SetStage("closing");
  if (teardown == "close") close = Last(env, OH_JSVM_CloseInspector(env));
  destroy_env = Last(nullptr, OH_JSVM_DestroyEnv(env));
  destroy_vm = Last(nullptr, OH_JSVM_DestroyVM(vm));
  SetStage("done");
}

std::mutex g_targets_mutex;
std::map<int, std::unique_ptr<Target>> g_targets;
int g_next_target = 1;

Target* Find(const Napi::CallbackInfo& info) {
  int id = info[0].As<Napi::Number>().Int32Value();
  std::lock_guard<std::mutex> lock(g_targets_mutex);
  auto it = g_targets.find(id);
  return it == g_targets.end() ? nullptr : it->second.get();
}

std::string Opt(Napi::Object o, const char* key, const char* fallback) {
  Napi::Value v = o.Get(key);
  return v.IsString() ? v.As<Napi::String>().Utf8Value() : fallback;
}

void Describe(Target& t, Report& out) {
  std::lock_guard<std::mutex> lock(t.mutex);
  out.Set("stage", t.stage);
  out.Set("open", t.open);
  out.Set("port", t.bound_port);
  out.Set("discovery", t.discovery);
  if (t.stage == "ran" || t.stage == "closing" || t.stage == "done") {
    out.Set("wait", t.wait_outcome);
    out.Set("run", t.run);
    out.Set("result", t.result);
  }
  if (t.stage == "done") {
    out.Set("close", t.close);
    out.Set("destroyEnv", t.destroy_env);
    out.Set("destroyVM", t.destroy_vm);
  }
}

// inspectorStart({host?, port?, name?, source, origin, sourceMapUrl?, wait, breakNextLine?, teardown?})
// -> {id, stage, open, port, discovery}: returns once the inspector is open (or failed to open).
void Start(const Napi::CallbackInfo& info, Report& out) {
  Napi::Object o = info[0].As<Napi::Object>();
  auto target = std::make_unique<Target>();
  Target& t = *target;
  t.has_host = o.Get("host").IsString();
  t.host = Opt(o, "host", "");
  t.port = o.Get("port").IsNumber() ? o.Get("port").As<Napi::Number>().Int32Value() : 0;
  t.name = Opt(o, "name", "");
  t.source = Opt(o, "source", "1 + 1");
  t.origin = Opt(o, "origin", "file:///demo/add.js");
  t.source_map = Opt(o, "sourceMapUrl", "");
  t.wait = Opt(o, "wait", "go");
  t.break_next_line = o.Get("breakNextLine").ToBoolean().Value();
  t.teardown = Opt(o, "teardown", "close");
  int id;
  {
    std::lock_guard<std::mutex> lock(g_targets_mutex);
    id = g_next_target++;
    g_targets[id] = std::move(target);
  }
  t.thread = std::thread([&t] { t.Body(); });
  {
    std::unique_lock<std::mutex> lock(t.mutex);
    t.changed.wait(lock, [&] { return t.stage != "starting"; });
  }
  out.Set("id", id);
  Describe(t, out);
}

void Go(const Napi::CallbackInfo& info, Report& out) {
  Target* t = Find(info);
  if (t == nullptr) return;
  {
    std::lock_guard<std::mutex> lock(t->mutex);
    ++t->go;
  }
  t->changed.notify_all();
  Describe(*t, out);
}

void State(const Napi::CallbackInfo& info, Report& out) {
  if (Target* t = Find(info)) Describe(*t, out);
}

void Join(const Napi::CallbackInfo& info, Report& out) {
  Target* t = Find(info);
  if (t == nullptr) return;
  if (t->thread.joinable()) t->thread.join();
  Describe(*t, out);
  std::lock_guard<std::mutex> lock(g_targets_mutex);
  g_targets.erase(info[0].As<Napi::Number>().Int32Value());
}

// Bad input and misuse on the main thread: statuses only.
void BadInput(const Napi::CallbackInfo&, Report& out) {
  out.Set("nullEnv", Last(nullptr, OH_JSVM_OpenInspector(nullptr, "127.0.0.1", 0)));
  out.Set("nullEnvWithName", Last(nullptr, OH_JSVM_OpenInspectorWithName(nullptr, 1, "x")));
  out.Set("nullEnvClose", Last(nullptr, OH_JSVM_CloseInspector(nullptr)));
  out.Set("nullEnvWait", Last(nullptr, OH_JSVM_WaitForDebugger(nullptr, false)));
  Session s;
  JSVM_Env env = s.env;
  out.Set("nullName", Last(env, OH_JSVM_OpenInspectorWithName(env, 1, nullptr)));
  out.Set("waitWithoutInspector", Last(env, OH_JSVM_WaitForDebugger(env, false)));
  out.Set("closeWithoutInspector", Last(env, OH_JSVM_CloseInspector(env)));
  out.Set("badHost", Last(env, OH_JSVM_OpenInspector(env, "no-such-host.invalid", 0)));
  out.Set("foreignHost", Last(env, OH_JSVM_OpenInspector(env, "192.0.2.1", 0)));
  std::set<std::string> before = DiscoveryFiles();
  out.Set("open", Last(env, OH_JSVM_OpenInspector(env, "127.0.0.1", 0)));
  int port = 0;
  for (const std::string& path : DiscoveryFiles()) {
    if (!before.count(path)) port = PortOf(path);
  }
  out.Set("port", port);
  out.Set("openTwice", Last(env, OH_JSVM_OpenInspector(env, "127.0.0.1", 0)));
  out.Set("openWithNameTwice", Last(env, OH_JSVM_OpenInspectorWithName(env, 1, "again")));
  // Another env (of another VM) on the same port.
  {
    Session other;
    out.Set("portInUse", Last(other.env, OH_JSVM_OpenInspector(other.env, "127.0.0.1", static_cast<uint16_t>(port))));
    out.Set("otherStillOpens", Last(other.env, OH_JSVM_OpenInspector(other.env, nullptr, 0)));
  }
  // console.log with an inspector open and no client: nothing breaks.
  out.Set("consoleLog", EvalIn(env, "console.log('nobody listens'); 'logged'"));
  bool ran = false;
  out.Set("pump", Last(nullptr, OH_JSVM_PumpMessageLoop(s.vm, &ran)));
  out.Set("close", Last(env, OH_JSVM_CloseInspector(env)));
  out.Set("discoveryLeft", static_cast<int>(DiscoveryFiles().size() - before.size()));
  out.Set("reopen", Last(env, OH_JSVM_OpenInspector(env, "127.0.0.1", static_cast<uint16_t>(port))));
  out.Set("closeAgain", Last(env, OH_JSVM_CloseInspector(env)));
  // A snapshotting VM cannot be inspected.
  JSVM_CreateVMOptions options{};
  options.isForSnapshotting = true;
  JSVM_VM snap_vm = nullptr;
  JSVM_Env snap_env = nullptr;
  OH_JSVM_CreateVM(&options, &snap_vm);
  OH_JSVM_CreateEnv(snap_vm, 0, nullptr, &snap_env);
  out.Set("snapshotVm", Last(snap_env, OH_JSVM_OpenInspector(snap_env, nullptr, 0)));
  OH_JSVM_DestroyEnv(snap_env);
  OH_JSVM_DestroyVM(snap_vm);
}

// For JSVM_INSPECT in a child process: creates a VM and env on the main thread
// (the env var opens the inspector; JSVM_INSPECT_BRK waits for the debugger),
// runs `source` with origin `origin`, returns the result.
void AutoInspected(const Napi::CallbackInfo& info, Report& out) {
  std::string source = info[0].As<Napi::String>().Utf8Value();
  std::string origin = info[1].As<Napi::String>().Utf8Value();
  JSVM_VM vm = nullptr;
  JSVM_Env env = nullptr;
  OH_JSVM_CreateVM(nullptr, &vm);
  out.Set("createEnv", Last(nullptr, OH_JSVM_CreateEnv(vm, 0, nullptr, &env)));
  {
    JSVM_VMScope vm_scope;
    JSVM_EnvScope env_scope;
    OH_JSVM_OpenVMScope(vm, &vm_scope);
    OH_JSVM_OpenEnvScope(env, &env_scope);
    JSVM_Value text = nullptr, value = nullptr;
    JSVM_Script script = nullptr;
    OH_JSVM_CreateStringUtf8(env, source.c_str(), source.size(), &text);
    JSVM_ScriptOrigin script_origin{nullptr, origin.c_str(), 0, 0};
    OH_JSVM_CompileScriptWithOrigin(env, text, nullptr, 0, true, nullptr, &script_origin, &script);
    out.Set("run", Last(env, OH_JSVM_RunScript(env, script, &value)));
    out.Set("result", value != nullptr ? StringOf(env, value) : TakeException(env));
    OH_JSVM_CloseEnvScope(env, env_scope);
    OH_JSVM_CloseVMScope(vm, vm_scope);
  }
  out.Set("destroyEnv", Last(nullptr, OH_JSVM_DestroyEnv(env)));
  out.Set("destroyVM", Last(nullptr, OH_JSVM_DestroyVM(vm)));
}

}  // namespace

void RegisterInspector(Napi::Env env, Napi::Object exports) {
  exports.Set("inspectorStart", Scenario(env, Start));
  exports.Set("inspectorGo", Scenario(env, Go));
  exports.Set("inspectorState", Scenario(env, State));
  exports.Set("inspectorJoin", Scenario(env, Join));
  exports.Set("inspectorBadInput", Scenario(env, BadInput));
  exports.Set("inspectorAutoInspected", Scenario(env, AutoInspected));
}

}  // namespace harness
