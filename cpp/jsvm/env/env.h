// The environment: one context of a VM, its last error and pending exception,
// and what it must release when destroyed (finalizers, references, classes).
//
// Lifecycle: made by OH_JSVM_CreateEnv / CreateEnvFromSnapshot; unusable (every
// call but DestroyEnv refused) once OH_JSVM_CreateSnapshot has serialised it;
// OH_JSVM_DestroyEnv (or DestroyVM) runs its native finalizers, then the
// instance-data finalizer, then releases references. Like JSVM_VM__, it lives
// in an arena slot and starts with a tag (common/handle_arena.h).
#ifndef JSVM_DESKTOP_ENV_H
#define JSVM_DESKTOP_ENV_H

#include <v8.h>

#include <cstring>
#include <list>
#include <memory>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include "ark_runtime/jsvm_types.h"
#include "common/handle_arena.h"
#include "vm/vm.h"

namespace jsvm {

struct Finalizer;
struct ClassRecord;
namespace inspector {
class Agent;
}  // namespace inspector

// Context embedder-data slot that points back at the owning JSVM_Env.
// Slot 0 belongs to V8's debugger.
constexpr int kEnvSlot = 1;

constexpr size_t kEnvSlotSize = 512;
constexpr size_t kEnvCapacity = 1 << 15;
// Hidden: the live check computes its address without a GOT load.
extern HandleArena<kEnvSlotSize, kEnvCapacity> g_env_arena __attribute__((visibility("hidden")));

}  // namespace jsvm

struct JSVM_Env__ {
  JSVM_Env__(JSVM_VM vm_in, v8::Local<v8::Context> context_in);
  ~JSVM_Env__();
  JSVM_Env__(const JSVM_Env__&) = delete;
  JSVM_Env__& operator=(const JSVM_Env__&) = delete;

  static void* operator new(size_t size);
  static void operator delete(void* p);

  // The context as a Local without making a handle: a strong Global's slot
  // stays put while it is set, so it can be read as a Local (Node-API does the
  // same). Valid while the env lives and has not been serialised.
  v8::Local<v8::Context> context() const {
    static_assert(sizeof(v8::Local<v8::Context>) == sizeof(v8::Global<v8::Context>), "a Global is one slot");
    v8::Local<v8::Context> local;
    std::memcpy(static_cast<void*>(&local), static_cast<const void*>(&context_persistent), sizeof(local));
    return local;
  }

  uint32_t tag = jsvm::kEnvTag;  // first: read by IsLiveEnv
  JSVM_VM vm;
  v8::Isolate* isolate;
  v8::Global<v8::Context> context_persistent;
  v8::Global<v8::Value> last_exception;
  // A JS function that does nothing, made when a callback first runs nested
  // deep enough to need it: calling it makes V8 check its stack limit
  // (common/entry.cc, CallbackStackSpent).
  v8::Global<v8::Function> stack_probe;

  JSVM_ExtendedErrorInfo last_error{nullptr, nullptr, 0, JSVM_OK};
  std::string error_detail;

  void* instance_data = nullptr;
  JSVM_Finalize instance_finalize = nullptr;
  void* instance_hint = nullptr;

  // Native finalizers still to run (wraps, externals, AddFinalizer), references
  // not deleted yet, and classes defined here: all released by DestroyEnv.
  std::unordered_set<jsvm::Finalizer*> finalizers;
  std::unordered_set<JSVM_Ref> refs;
  std::unordered_set<JSVM_Deferred> deferreds;  // not settled yet
  std::list<std::unique_ptr<jsvm::ClassRecord>> classes;

  // OH_JSVM_SetDebugOption: bit (1 << option) set while the option is enabled
  // (env/debug_options.cc says what each does here).
  // JSVM_SCOPE_CHECK: the running call has logged its "CHECK_SCOPE in
  // function" line (a call whose body checks more values logs one line).
  bool scope_check_logged = false;
  uint32_t debug_options = 0;
  // Scripts kept by OH_JSVM_RetainScript, by the JSVM_Script the user holds
  // (the address of the handle-scope slot it was returned in; a compile never
  // returns a slot address that is a key here, script/script.cc).
  std::unordered_map<JSVM_Script, v8::Global<v8::Script>> retained_scripts;
  // The env's open inspector (OH_JSVM_OpenInspector, JSVM_INSPECT), closed
  // when the env is torn down (inspector/agent.h).
  jsvm::inspector::Agent* inspector_agent = nullptr;
  // The env is being torn down (jsvm::TearDownEnv: its finalizers run): no
  // inspector opens for it (it would outlive it, listening with the env gone).
  bool tearing_down = false;
  // Frames on this thread's stack that use the env after user code or JS
  // they call returns (jsvm::EnvInUse): native callbacks, property handlers,
  // finalizers, the promise-reject handler, and every call that runs JS.
  // OH_JSVM_DestroyEnv is refused while any runs: those frames would go on
  // with a freed env.
  int in_use = 0;
};

// A counted reference: strong while the count is above zero, weak at zero
// (objects, functions, symbols); other values are released at zero.
struct JSVM_Ref__ {
  JSVM_Env env;
  v8::Global<v8::Data> handle;
  uint32_t count;
  bool is_data;      // made by CreateDataReference
  bool can_be_weak;  // objects, functions and symbols
};

struct JSVM_Deferred__ {
  v8::Global<v8::Promise::Resolver> resolver;
};

namespace jsvm {

static_assert(sizeof(JSVM_Env__) <= kEnvSlotSize, "an env must fit in its arena slot");

// An env handle that names a live env: inside the arena, at a slot, tagged.
// The tag is the struct's first field, so the load shares a line with `vm`.
JSVM_ASSERT_TAG_FIRST(JSVM_Env__)
inline bool IsLiveEnv(JSVM_Env env) { return g_env_arena.HoldsLive(env, kEnvTag); }
inline bool IsSerializedEnv(JSVM_Env env) { return g_env_arena.HoldsLive(env, kSerializedEnvTag); }
// Live or serialised: an env DestroyEnv and GetLastErrorInfo accept.
inline bool IsExistingEnv(JSVM_Env env) { return IsLiveEnv(env) || IsSerializedEnv(env); }

}  // namespace jsvm

#endif  // JSVM_DESKTOP_ENV_H
