// Scenarios: inputs at the edges that once crashed or gave a wrong status
// (found by reading each function adversarially). The specs run them in child
// processes: a regression aborts or crashes the child, not mocha.
#define JSVM_EXPERIMENTAL  // OH_JSVM_CreateArrayBufferFromExternalMemory
#include <pthread.h>

#include <algorithm>
#include <climits>
#include <functional>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "harness.h"

namespace harness {
namespace {

JSVM_Value EmptyConstructor(JSVM_Env env, JSVM_CallbackInfo info) {
  JSVM_Value self = nullptr;
  OH_JSVM_GetCbInfo(env, info, nullptr, nullptr, &self, nullptr);
  return self;
}
JSVM_CallbackStruct kEmpty = {EmptyConstructor, nullptr};

// DefineClassWithOptions: an internal field count an instance cannot hold.
void InternalFieldCounts(const Napi::CallbackInfo& info, Report& out) {
  int count = info[0].As<Napi::Number>().Int32Value();
  Session s;
  JSVM_Env env = s.env;
  JSVM_DefineClassOptions option{JSVM_DEFINE_CLASS_WITH_COUNT, {}};
  option.content.num = count;
  JSVM_Value cls = nullptr, instance = nullptr;
  out.Set("define", Last(env, OH_JSVM_DefineClassWithOptions(env, "Counted", JSVM_AUTO_LENGTH, &kEmpty, 0, nullptr,
                                                             nullptr, 1, &option, &cls)));
  if (cls != nullptr) {
    SetThrown(out, env, "newInstance", OH_JSVM_NewInstance(env, cls, 0, nullptr, &instance));
  }
  if (cls != nullptr) {
    JSVM_Value global = nullptr;
    OH_JSVM_GetGlobal(env, &global);
    OH_JSVM_SetNamedProperty(env, global, "Counted", cls);
    out.Set("subclass", s.Eval("class Sub extends Counted { constructor() { super(); this.a = 1; this.b = 2; } }; "
                               "const o = new Sub(); [o instanceof Counted, o.a + o.b].join()"));
  }
  out.Set("stillUsable", s.Eval("1 + 1"));
  out.Set("destroy", Last(nullptr, s.Destroy()));
}

// References: deleted ones, another env's, counts at the top.
void ReferenceEdges(const Napi::CallbackInfo& info, Report& out) {
  std::string which = info[0].As<Napi::String>().Utf8Value();
  Session s;
  JSVM_Env env = s.env;
  JSVM_Value object = nullptr, value = nullptr;
  OH_JSVM_CreateObject(env, &object);
  JSVM_Ref ref = nullptr;
  if (which == "deleted") {
    OH_JSVM_CreateReference(env, object, 1, &ref);
    OH_JSVM_DeleteReference(env, ref);
    out.Set("getValue", Last(env, OH_JSVM_GetReferenceValue(env, ref, &value)));
    JSVM_Data data = nullptr;
    out.Set("getData", Last(env, OH_JSVM_GetReferenceData(env, ref, &data)));
    if (value != nullptr) out.Set("valueString", StringOf(env, value));
  } else if (which == "otherVM") {
    Session other;
    JSVM_Value there = nullptr;
    OH_JSVM_CreateObject(other.env, &there);
    OH_JSVM_CreateReference(other.env, there, 1, &ref);
    out.Set("getValue", Last(env, OH_JSVM_GetReferenceValue(env, ref, &value)));
    JSVM_Data data = nullptr;
    out.Set("getData", Last(env, OH_JSVM_GetReferenceData(env, ref, &data)));
    out.Set("deleteHere", Last(env, OH_JSVM_DeleteReference(env, ref)));
    out.Set("deleteThere", Last(other.env, OH_JSVM_DeleteReference(other.env, ref)));
    out.Set("destroyOther", Last(nullptr, other.Destroy()));
  } else if (which == "sameVM") {
    // Made in `env`, used from `second` (another env of the same VM), and the
    // other way round; then a reference of an env destroyed since.
    s.Run("({ x: 42 })", &object);
    OH_JSVM_CreateReference(env, object, 1, &ref);
    JSVM_Env second = nullptr;
    out.Set("createEnv", Last(nullptr, OH_JSVM_CreateEnv(s.vm, 0, nullptr, &second)));
    JSVM_EnvScope second_scope = nullptr;
    OH_JSVM_OpenEnvScope(second, &second_scope);
    out.Set("getValue", Last(second, OH_JSVM_GetReferenceValue(second, ref, &value)));
    if (value != nullptr) {
      JSVM_Value x = nullptr;
      OH_JSVM_GetNamedProperty(second, value, "x", &x);
      out.Set("valueX", StringOf(second, x));
    }
    uint32_t count = 0;
    out.Set("ref", Last(second, OH_JSVM_ReferenceRef(second, ref, &count)));
    out.Set("countAfterRef", count);
    out.Set("unref", Last(second, OH_JSVM_ReferenceUnref(second, ref, &count)));
    out.Set("countAfterUnref", count);
    JSVM_Data data = nullptr;
    out.Set("getData", Last(second, OH_JSVM_GetReferenceData(second, ref, &data)));
    // Made in `second`, deleted from `env`: gone for both.
    JSVM_Value theirs = nullptr;
    JSVM_Ref their_ref = nullptr;
    OH_JSVM_CreateObject(second, &theirs);
    OH_JSVM_CreateReference(second, theirs, 1, &their_ref);
    out.Set("deleteFromFirst", Last(env, OH_JSVM_DeleteReference(env, their_ref)));
    JSVM_Value after = nullptr;
    out.Set("getDeleted", Last(second, OH_JSVM_GetReferenceValue(second, their_ref, &after)));
    // A reference of `second`, asked for after `second` is destroyed (its
    // DestroyEnv deleted it).
    JSVM_Ref kept = nullptr;
    OH_JSVM_CreateReference(second, theirs, 1, &kept);
    OH_JSVM_CloseEnvScope(second, second_scope);
    out.Set("destroyEnv", Last(nullptr, OH_JSVM_DestroyEnv(second)));
    out.Set("getOfDestroyed", Last(env, OH_JSVM_GetReferenceValue(env, kept, &after)));
    out.Set("deleteOfDestroyed", Last(env, OH_JSVM_DeleteReference(env, kept)));
    out.Set("deleteOwn", Last(env, OH_JSVM_DeleteReference(env, ref)));
  } else if (which == "maxCount") {
    OH_JSVM_CreateReference(env, object, UINT32_MAX, &ref);
    uint32_t count = 0;
    out.Set("ref", Last(env, OH_JSVM_ReferenceRef(env, ref, &count)));
    out.Set("countAfterRef", count);
    out.Set("unref", Last(env, OH_JSVM_ReferenceUnref(env, ref, &count)));
    out.Set("countAfterUnref", count);
    out.Set("delete", Last(env, OH_JSVM_DeleteReference(env, ref)));
  }
  out.Set("stillUsable", s.Eval("1 + 1"));
  out.Set("destroy", Last(nullptr, s.Destroy()));
}

// Deferreds: settled twice, another VM's, another env's of the same VM, and
// one whose env was destroyed.
void DeferredEdges(const Napi::CallbackInfo& info, Report& out) {
  std::string which = info[0].As<Napi::String>().Utf8Value();
  Session s;
  JSVM_Env env = s.env;
  JSVM_Deferred deferred = nullptr;
  JSVM_Value promise = nullptr, seven = nullptr, global = nullptr;
  OH_JSVM_CreateInt32(env, 7, &seven);
  OH_JSVM_GetGlobal(env, &global);
  if (which == "twice") {
    OH_JSVM_CreatePromise(env, &deferred, &promise);
    out.Set("first", Last(env, OH_JSVM_ResolveDeferred(env, deferred, seven)));
    out.Set("again", Last(env, OH_JSVM_ResolveDeferred(env, deferred, seven)));
    out.Set("rejectAfter", Last(env, OH_JSVM_RejectDeferred(env, deferred, seven)));
  } else if (which == "otherVM") {
    Session other;
    JSVM_Value there = nullptr;
    OH_JSVM_CreatePromise(other.env, &deferred, &there);
    out.Set("resolveHere", Last(env, OH_JSVM_ResolveDeferred(env, deferred, seven)));
    JSVM_Value eight = nullptr;
    OH_JSVM_CreateInt32(other.env, 8, &eight);
    out.Set("resolveThere", Last(other.env, OH_JSVM_ResolveDeferred(other.env, deferred, eight)));
    out.Set("destroyOther", Last(nullptr, other.Destroy()));
  } else if (which == "sameVM") {
    // Made in `env`, settled from `second`; the promise's handler (in `env`) sees the value.
    OH_JSVM_CreatePromise(env, &deferred, &promise);
    OH_JSVM_SetNamedProperty(env, global, "p", promise);
    s.Eval("globalThis.got = 'pending'; p.then((v) => { globalThis.got = v; })");
    JSVM_Env second = nullptr;
    out.Set("createEnv", Last(nullptr, OH_JSVM_CreateEnv(s.vm, 0, nullptr, &second)));
    JSVM_EnvScope second_scope = nullptr;
    OH_JSVM_OpenEnvScope(second, &second_scope);
    JSVM_Value value = nullptr;
    OH_JSVM_CreateStringUtf8(second, "from the second env", JSVM_AUTO_LENGTH, &value);
    out.Set("resolveFromSecond", Last(second, OH_JSVM_ResolveDeferred(second, deferred, value)));
    out.Set("resolveAgainHere", Last(env, OH_JSVM_ResolveDeferred(env, deferred, seven)));
    // A deferred of `second`, settled after `second` is destroyed.
    JSVM_Deferred orphan = nullptr;
    JSVM_Value orphan_promise = nullptr;
    OH_JSVM_CreatePromise(second, &orphan, &orphan_promise);
    OH_JSVM_CloseEnvScope(second, second_scope);
    out.Set("destroyEnv", Last(nullptr, OH_JSVM_DestroyEnv(second)));
    out.Set("resolveOrphan", Last(env, OH_JSVM_ResolveDeferred(env, orphan, seven)));
    out.Set("got", s.Eval("String(globalThis.got)"));
  }
  out.Set("stillUsable", s.Eval("1 + 1"));
  out.Set("destroy", Last(nullptr, s.Destroy()));
}

// A JSVM_Script used by an env other than the one that compiled it:
// "sameVM" (retained in the first env, run, released and retained from a
// second env of the VM after the compiling scope closed), "otherVM" (a live
// script of another VM), "otherVMRetained" (one another VM retained).
void ScriptElsewhere(const Napi::CallbackInfo& info, Report& out) {
  std::string which = info[0].As<Napi::String>().Utf8Value();
  Session s;
  JSVM_Env env = s.env;
  JSVM_Value code = nullptr, result = nullptr;
  JSVM_Script script = nullptr;
  if (which == "sameVM") {
    s.Eval("globalThis.where = 'first'");
    JSVM_HandleScope scope;
    OH_JSVM_OpenHandleScope(env, &scope);
    OH_JSVM_CreateStringUtf8(env, "globalThis.runs = (globalThis.runs || 0) + 1; where + ' ' + runs",
                             JSVM_AUTO_LENGTH, &code);
    OH_JSVM_CompileScript(env, code, nullptr, 0, false, nullptr, &script);
    out.Set("retain", Last(env, OH_JSVM_RetainScript(env, script)));
    OH_JSVM_CloseHandleScope(env, scope);
    JSVM_Env second = nullptr;
    out.Set("createEnv", Last(nullptr, OH_JSVM_CreateEnv(s.vm, 0, nullptr, &second)));
    JSVM_EnvScope second_scope = nullptr;
    OH_JSVM_OpenEnvScope(second, &second_scope);
    // Fill the slots the compiling scope had, so that a stale read would see other values.
    OH_JSVM_OpenHandleScope(second, &scope);
    EvalIn(second, "globalThis.where = 'second'; { let a = []; for (let i = 0; i < 100000; i++) a.push({ i }); a.length }");
    for (int i = 0; i < 64; ++i) OH_JSVM_CreateStringUtf8(second, "filler", JSVM_AUTO_LENGTH, &code);
    out.Set("runInSecond", Last(second, OH_JSVM_RunScript(second, script, &result)));
    if (result != nullptr) out.Set("resultInSecond", StringOf(second, result));
    out.Set("retainInSecond", Last(second, OH_JSVM_RetainScript(second, script)));
    out.Set("releaseInSecond", Last(second, OH_JSVM_ReleaseScript(second, script)));
    out.Set("releaseAgain", Last(env, OH_JSVM_ReleaseScript(env, script)));
    out.Set("runReleased", Last(env, OH_JSVM_RunScript(env, script, &result)));
    OH_JSVM_CloseHandleScope(second, scope);
    OH_JSVM_CloseEnvScope(second, second_scope);
    out.Set("destroyEnv", Last(nullptr, OH_JSVM_DestroyEnv(second)));
  } else if (which == "retainerDestroyed") {
    // Retained by a second env, which is then destroyed (and its retained
    // scripts with it); the compiling scope is closed and new scripts compiled.
    JSVM_Env second = nullptr;
    OH_JSVM_CreateEnv(s.vm, 0, nullptr, &second);
    JSVM_HandleScope scope;
    OH_JSVM_OpenHandleScope(env, &scope);
    OH_JSVM_CreateStringUtf8(env, "'the retained one'", JSVM_AUTO_LENGTH, &code);
    OH_JSVM_CompileScript(env, code, nullptr, 0, false, nullptr, &script);
    out.Set("retain", Last(second, OH_JSVM_RetainScript(second, script)));
    OH_JSVM_CloseHandleScope(env, scope);
    // Every handle from here on in scopes of their own, so that the next
    // scope's slots are the compiling scope's again.
    OH_JSVM_OpenHandleScope(env, &scope);
    out.Set("runRetained", Last(env, OH_JSVM_RunScript(env, script, &result)));
    if (result != nullptr) out.Set("resultRetained", StringOf(env, result));
    OH_JSVM_CloseHandleScope(env, scope);
    out.Set("destroyEnv", Last(nullptr, OH_JSVM_DestroyEnv(second)));
    result = nullptr;
    out.Set("runAfterDestroy", Last(env, OH_JSVM_RunScript(env, script, &result)));
    out.Set("retainAfterDestroy", Last(env, OH_JSVM_RetainScript(env, script)));
    out.Set("cacheAfterDestroy", Last(env, [&] {
      const uint8_t* data = nullptr;
      size_t length = 0;
      return OH_JSVM_CreateCodeCache(env, script, &data, &length);
    }()));
    // Scripts compiled since may take the address again: it then names the
    // newest (a live slot), as a stale JSVM_Value names what took its slot.
    OH_JSVM_OpenHandleScope(env, &scope);
    JSVM_Script fresh = nullptr;
    for (int i = 0; i < 16 && fresh != script; ++i) {
      OH_JSVM_CreateStringUtf8(env, "'a new one'", JSVM_AUTO_LENGTH, &code);
      OH_JSVM_CompileScript(env, code, nullptr, 0, false, nullptr, &fresh);
    }
    out.Set("reused", fresh == script);
    if (fresh == script) {
      result = nullptr;
      out.Set("runReused", Last(env, OH_JSVM_RunScript(env, script, &result)));
      if (result != nullptr) out.Set("resultReused", StringOf(env, result));
    }
    OH_JSVM_CloseHandleScope(env, scope);
  } else if (which == "notAScript") {
    // Functions given as scripts: a built-in one (no script of its own), JS
    // ones (V8 would pass them its internal host-defined options), an object.
    JSVM_Value builtin = nullptr, object = nullptr, arrow = nullptr, plain = nullptr;
    s.Run("Math.max", &builtin);
    s.Run("({})", &object);
    s.Run("(a) => a", &arrow);
    s.Run("(function () { return 1; })", &plain);
    out.Set("runArrow", Last(env, OH_JSVM_RunScript(env, reinterpret_cast<JSVM_Script>(arrow), &result)));
    out.Set("runPlain", Last(env, OH_JSVM_RunScript(env, reinterpret_cast<JSVM_Script>(plain), &result)));
    out.Set("cacheArrow", Last(env, [&] {
      const uint8_t* data = nullptr;
      size_t length = 0;
      return OH_JSVM_CreateCodeCache(env, reinterpret_cast<JSVM_Script>(arrow), &data, &length);
    }()));
    out.Set("runBuiltin", Last(env, OH_JSVM_RunScript(env, reinterpret_cast<JSVM_Script>(builtin), &result)));
    out.Set("cacheBuiltin", Last(env, [&] {
      const uint8_t* data = nullptr;
      size_t length = 0;
      return OH_JSVM_CreateCodeCache(env, reinterpret_cast<JSVM_Script>(builtin), &data, &length);
    }()));
    out.Set("runObject", Last(env, OH_JSVM_RunScript(env, reinterpret_cast<JSVM_Script>(object), &result)));
    out.Set("retainObject", Last(env, OH_JSVM_RetainScript(env, reinterpret_cast<JSVM_Script>(object))));
  } else if (which == "closedScope") {
    // With JSVM_SCOPE_CHECK on, a script from a closed handle scope (not retained).
    out.Set("option", Last(env, OH_JSVM_SetDebugOption(env, JSVM_SCOPE_CHECK, true)));
    JSVM_HandleScope scope;
    OH_JSVM_OpenHandleScope(env, &scope);
    OH_JSVM_CreateStringUtf8(env, "'in scope'", JSVM_AUTO_LENGTH, &code);
    OH_JSVM_CompileScript(env, code, nullptr, 0, false, nullptr, &script);
    out.Set("runInScope", Last(env, OH_JSVM_RunScript(env, script, &result)));
    OH_JSVM_CloseHandleScope(env, scope);
    out.Set("runAfter", Last(env, OH_JSVM_RunScript(env, script, &result)));
    out.Set("retainAfter", Last(env, OH_JSVM_RetainScript(env, script)));
    OH_JSVM_SetDebugOption(env, JSVM_SCOPE_CHECK, false);
  } else if (which == "otherVM" || which == "otherVMRetained") {
    Session other;
    OH_JSVM_CreateStringUtf8(other.env, "'of the other VM'", JSVM_AUTO_LENGTH, &code);
    OH_JSVM_CompileScript(other.env, code, nullptr, 0, false, nullptr, &script);
    if (which == "otherVMRetained") out.Set("retainThere", Last(other.env, OH_JSVM_RetainScript(other.env, script)));
    out.Set("runHere", Last(env, OH_JSVM_RunScript(env, script, &result)));
    out.Set("retainHere", Last(env, OH_JSVM_RetainScript(env, script)));
    out.Set("releaseHere", Last(env, OH_JSVM_ReleaseScript(env, script)));
    const uint8_t* data = nullptr;
    size_t length = 0;
    out.Set("cacheHere", Last(env, OH_JSVM_CreateCodeCache(env, script, &data, &length)));
    if (data != nullptr) OH_JSVM_ReleaseCache(env, data, JSVM_CACHE_TYPE_JS);
    result = nullptr;
    out.Set("runThere", Last(other.env, OH_JSVM_RunScript(other.env, script, &result)));
    if (result != nullptr) out.Set("resultThere", StringOf(other.env, result));
    out.Set("destroyOther", Last(nullptr, other.Destroy()));
  }
  out.Set("stillUsable", s.Eval("1 + 1"));
  out.Set("destroy", Last(nullptr, s.Destroy()));
}

// Private keys (JSVM_Data) of another VM: V8 would store a pointer to one
// VM's symbol in another VM's heap. The VM's own keys, from any of its envs,
// pass, before and after collections; keys made and dropped do not pile up.
void PrivateKeysAcrossVMs(const Napi::CallbackInfo&, Report& out) {
  Session s;
  JSVM_Env env = s.env;
  Session other;
  JSVM_Data theirs = nullptr, ours = nullptr;
  JSVM_Value object = nullptr, value = nullptr, got = nullptr;
  OH_JSVM_CreatePrivate(other.env, nullptr, &theirs);
  OH_JSVM_CreatePrivate(env, nullptr, &ours);
  OH_JSVM_CreateObject(env, &object);
  OH_JSVM_CreateInt32(env, 42, &value);
  out.Set("setTheirs", Last(env, OH_JSVM_SetPrivate(env, object, theirs, value)));
  out.Set("getTheirs", Last(env, OH_JSVM_GetPrivate(env, object, theirs, &got)));
  out.Set("deleteTheirs", Last(env, OH_JSVM_DeletePrivate(env, object, theirs)));
  JSVM_Ref ref = nullptr;
  out.Set("referenceTheirs", Last(env, OH_JSVM_CreateDataReference(env, theirs, 1, &ref)));
  JSVM_Value their_object = nullptr;
  OH_JSVM_CreateObject(other.env, &their_object);
  out.Set("referenceTheirObject",
          Last(env, OH_JSVM_CreateDataReference(env, reinterpret_cast<JSVM_Data>(their_object), 1, &ref)));
  // Keys made and dropped in handle scopes, then collections in both VMs.
  for (int round = 0; round < 20; ++round) {
    JSVM_HandleScope scope = nullptr;
    OH_JSVM_OpenHandleScope(env, &scope);
    for (int i = 0; i < 50; ++i) {
      JSVM_Data dropped = nullptr;
      OH_JSVM_CreatePrivate(env, nullptr, &dropped);
    }
    OH_JSVM_CloseHandleScope(env, scope);
  }
  OH_JSVM_MemoryPressureNotification(env, JSVM_MEMORY_PRESSURE_LEVEL_CRITICAL);
  OH_JSVM_MemoryPressureNotification(other.env, JSVM_MEMORY_PRESSURE_LEVEL_CRITICAL);
  out.Set("setOurs", Last(env, OH_JSVM_SetPrivate(env, object, ours, value)));
  got = nullptr;
  out.Set("getOurs", Last(env, OH_JSVM_GetPrivate(env, object, ours, &got)));
  if (got != nullptr) out.Set("gotOurs", StringOf(env, got));
  JSVM_Ref our_ref = nullptr;
  out.Set("referenceOurs", Last(env, OH_JSVM_CreateDataReference(env, ours, 1, &our_ref)));
  // Another env of the same VM uses our key.
  JSVM_Env second = nullptr;
  OH_JSVM_CreateEnv(s.vm, 0, nullptr, &second);
  got = nullptr;
  out.Set("getFromSecond", Last(second, OH_JSVM_GetPrivate(second, object, ours, &got)));
  if (got != nullptr) out.Set("gotFromSecond", StringOf(second, got));
  out.Set("deleteOurs", Last(env, OH_JSVM_DeletePrivate(env, object, ours)));
  out.Set("deleteRef", Last(env, OH_JSVM_DeleteReference(env, our_ref)));
  OH_JSVM_DestroyEnv(second);
  // Their VM uses its own key.
  OH_JSVM_CreateObject(other.env, &their_object);
  out.Set("setTheirsThere", Last(other.env, OH_JSVM_SetPrivate(other.env, their_object, theirs, their_object)));
  out.Set("destroyOther", Last(nullptr, other.Destroy()));
  // With one VM left, nothing is checked.
  out.Set("setOursAlone", Last(env, OH_JSVM_SetPrivate(env, object, ours, value)));
  out.Set("stillUsable", s.Eval("1 + 1"));
  out.Set("destroy", Last(nullptr, s.Destroy()));
}

// OH_JSVM_EscapeHandle given a scope that is not an escapable handle scope.
void EscapeWrongScope(const Napi::CallbackInfo&, Report& out) {
  Session s;
  JSVM_Env env = s.env;
  JSVM_HandleScope plain = nullptr;
  JSVM_EscapableHandleScope escapable = nullptr;
  JSVM_Value value = nullptr, escaped = nullptr;
  OH_JSVM_OpenEscapableHandleScope(env, &escapable);
  OH_JSVM_OpenHandleScope(env, &plain);
  OH_JSVM_CreateObject(env, &value);
  out.Set("plain", Last(env, OH_JSVM_EscapeHandle(env, reinterpret_cast<JSVM_EscapableHandleScope>(plain), value,
                                                  &escaped)));
  out.Set("envScope", Last(env, OH_JSVM_EscapeHandle(env, reinterpret_cast<JSVM_EscapableHandleScope>(s.env_scope),
                                                     value, &escaped)));
  out.Set("closePlain", Last(env, OH_JSVM_CloseHandleScope(env, plain)));
  OH_JSVM_CreateObject(env, &value);
  out.Set("escapable", Last(env, OH_JSVM_EscapeHandle(env, escapable, value, &escaped)));
  out.Set("escapeTwice", Last(env, OH_JSVM_EscapeHandle(env, escapable, value, &escaped)));
  out.Set("closeEscapable", Last(env, OH_JSVM_CloseEscapableHandleScope(env, escapable)));
  JSVM_ValueType type = JSVM_UNDEFINED;
  out.Set("typeofEscaped", Last(env, OH_JSVM_Typeof(env, escaped, &type)));
  out.Set("escapedIsObject", type == JSVM_OBJECT);
  out.Set("stillUsable", s.Eval("1 + 1"));
  out.Set("destroy", Last(nullptr, s.Destroy()));
}

// Views over a resizable ArrayBuffer that then shrinks.
void ResizableViews(const Napi::CallbackInfo& info, Report& out) {
  Session s;
  JSVM_Env env = s.env;
  JSVM_Value buffer = nullptr, typed = nullptr, view = nullptr;
  s.Run("globalThis.rab = new ArrayBuffer(64, { maxByteLength: 128 }); rab", &buffer);
  SetThrown(out, env, "typed", OH_JSVM_CreateTypedarray(env, JSVM_FLOAT64_ARRAY, 8, buffer, 0, &typed));
  SetThrown(out, env, "dataview", OH_JSVM_CreateDataview(env, 64, buffer, 0, &view));
  JSVM_Value global = nullptr;
  OH_JSVM_GetGlobal(env, &global);
  if (typed != nullptr) OH_JSVM_SetNamedProperty(env, global, "typed", typed);
  if (view != nullptr) OH_JSVM_SetNamedProperty(env, global, "view", view);
  out.Set("afterShrink", s.Eval("rab.resize(8); [typeof typed === 'object' ? typed.length : 'none', "
                                "typeof typed === 'object' ? String(typed[7]) : 'none', "
                                "(() => { try { return view.getFloat64(56); } catch (e) { return e.name; } })()].join()"));
  size_t length = 99;
  void* data = nullptr;
  if (typed != nullptr) {
    out.Set("typedInfo", Last(env, OH_JSVM_GetTypedarrayInfo(env, typed, nullptr, &length, &data, nullptr, nullptr)));
    out.Set("typedInfoLength", static_cast<double>(length));
  }
  if (view != nullptr) {
    out.Set("viewInfo", Last(env, OH_JSVM_GetDataviewInfo(env, view, &length, &data, nullptr, nullptr)));
    out.Set("viewInfoLength", static_cast<double>(length));
  }
  out.Set("destroy", Last(nullptr, s.Destroy()));
}


// Code caches whose V8 bytes were edited: `info[0]` = first byte to edit,
// `info[1]` = how many (one cache each), `info[2]` = the XOR mask, `info[3]` =
// the trailer: "kept" (the one CreateCodeCache made), or "crc" (the 12-byte
// trailer of earlier releases, magic "JSCC", CRC-32C and length, recomputed
// over the edited bytes: anyone can forge one). Each is compiled in a fresh VM.
const char kCacheSource[] =
    "function twice(x) { return 2 * x; }\n"
    "function unused(s) { return s.split(',').length; }\n"
    "const o = { a: [1, 2, 3], b: 'text', c: { d: 1.5 } };\n"
    "twice(21) + ':' + unused('a,b,c') + ':' + JSON.stringify(o)";
const char kCacheResult[] = "42:3:{\"a\":[1,2,3],\"b\":\"text\",\"c\":{\"d\":1.5}}";
constexpr size_t kTrailerSize = 88;  // magic, length, nonce, the bytes' tags, the source's tags

uint32_t Crc32c(const uint8_t* data, size_t size) {
  uint32_t crc = ~0u;
  for (size_t i = 0; i < size; ++i) {
    crc ^= data[i];
    for (int bit = 0; bit < 8; ++bit) crc = (crc >> 1) ^ (0x82f63b78u & (0u - (crc & 1u)));
  }
  return ~crc;
}

void EditedCodeCaches(const Napi::CallbackInfo& info, Report& out) {
  size_t first = info[0].As<Napi::Number>().Uint32Value();
  size_t count = info[1].As<Napi::Number>().Uint32Value();
  uint8_t mask = static_cast<uint8_t>(info[2].As<Napi::Number>().Uint32Value());
  bool crc_trailer = info[3].As<Napi::String>().Utf8Value() == "crc";
  std::vector<uint8_t> good;
  {
    Session s;
    JSVM_Value code, result;
    JSVM_Script script;
    OH_JSVM_CreateStringUtf8(s.env, kCacheSource, JSVM_AUTO_LENGTH, &code);
    OH_JSVM_CompileScript(s.env, code, nullptr, 0, false, nullptr, &script);
    OH_JSVM_RunScript(s.env, script, &result);
    const uint8_t* data = nullptr;
    size_t length = 0;
    out.Set("create", Last(s.env, OH_JSVM_CreateCodeCache(s.env, script, &data, &length)));
    if (data == nullptr) return;
    good.assign(data, data + length);
    OH_JSVM_ReleaseCache(s.env, data, JSVM_CACHE_TYPE_JS);
  }
  const size_t payload = good.size() - kTrailerSize;
  out.Set("payload", static_cast<double>(payload));
  int accepted = 0, rejected = 0, failed = 0, wrong = 0;
  std::string wrong_results;
  for (size_t i = first; i < first + count && i < payload; ++i) {
    std::vector<uint8_t> edited = good;
    edited[i] ^= mask;
    if (crc_trailer) {
      edited.resize(payload + 12);
      const uint32_t trailer[3] = {0x4343534a, Crc32c(edited.data(), payload), static_cast<uint32_t>(payload)};
      std::memcpy(edited.data() + payload, trailer, sizeof(trailer));
    }
    Session s;
    JSVM_Value code, result;
    JSVM_Script script = nullptr;
    OH_JSVM_CreateStringUtf8(s.env, kCacheSource, JSVM_AUTO_LENGTH, &code);
    bool was_rejected = false;
    JSVM_Status status = OH_JSVM_CompileScript(s.env, code, edited.data(), edited.size(), false, &was_rejected, &script);
    if (status != JSVM_OK) {
      ++failed;
      continue;
    }
    was_rejected ? ++rejected : ++accepted;
    std::string text = OH_JSVM_RunScript(s.env, script, &result) == JSVM_OK ? StringOf(s.env, result)
                                                                            : "<" + TakeException(s.env) + ">";
    if (text != kCacheResult) {
      ++wrong;
      wrong_results += std::to_string(i) + "=" + text.substr(0, 60) + ";";
    }
  }
  out.Set("accepted", accepted);
  out.Set("rejected", rejected);
  out.Set("failed", failed);
  out.Set("wrong", wrong);
  out.Set("wrongResults", wrong_results);
}

// Wasm caches whose V8 bytes were edited: `info[0]` = first payload byte to
// edit, `info[1]` = how many (one cache each, in a fresh VM: V8 reuses a live
// module of the same bytes), `info[2]` = the XOR mask, `info[3]` = the header:
// "kept" (the one CreateWasmCache made) or "crc" (the 40-byte header of
// earlier releases, its CRC-32Cs recomputed over the edited bytes: anyone can
// forge one). Each is compiled, instantiated and its add(2, 3) called.
// (module (func $add (param i32 i32) (result i32) local.get 0 local.get 1 i32.add) (export "add" (func $add)))
const std::vector<uint8_t> kWasmAdd = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x07, 0x01, 0x60, 0x02,
                                       0x7f, 0x7f, 0x01, 0x7f, 0x03, 0x02, 0x01, 0x00, 0x07, 0x07, 0x01, 0x03, 0x61,
                                       0x64, 0x64, 0x00, 0x00, 0x0a, 0x09, 0x01, 0x07, 0x00, 0x20, 0x00, 0x20, 0x01,
                                       0x6a, 0x0b};

template <typename T>
void Put(std::vector<uint8_t>& bytes, size_t at, T value) {
  std::memcpy(bytes.data() + at, &value, sizeof(value));
}

std::string CallWasmAdd(JSVM_Env env, JSVM_Value module) {
  JSVM_Value global, wasm, ctor, instance, exports, add, result, undefined, argv[2];
  OH_JSVM_GetGlobal(env, &global);
  OH_JSVM_GetNamedProperty(env, global, "WebAssembly", &wasm);
  OH_JSVM_GetNamedProperty(env, wasm, "Instance", &ctor);
  if (OH_JSVM_NewInstance(env, ctor, 1, &module, &instance) != JSVM_OK) return "<" + TakeException(env) + ">";
  OH_JSVM_GetNamedProperty(env, instance, "exports", &exports);
  OH_JSVM_GetNamedProperty(env, exports, "add", &add);
  OH_JSVM_CreateInt32(env, 2, &argv[0]);
  OH_JSVM_CreateInt32(env, 3, &argv[1]);
  OH_JSVM_GetUndefined(env, &undefined);
  if (OH_JSVM_CallFunction(env, undefined, add, 2, argv, &result) != JSVM_OK) return "<" + TakeException(env) + ">";
  return StringOf(env, result);
}

void EditedWasmCaches(const Napi::CallbackInfo& info, Report& out) {
  size_t first = info[0].As<Napi::Number>().Uint32Value();
  size_t count = info[1].As<Napi::Number>().Uint32Value();
  uint8_t mask = static_cast<uint8_t>(info[2].As<Napi::Number>().Uint32Value());
  std::vector<uint8_t> good;
  {
    Session s;
    JSVM_Value module = nullptr;
    OH_JSVM_CompileWasmModule(s.env, kWasmAdd.data(), kWasmAdd.size(), nullptr, 0, nullptr, &module);
    out.Set("tierUp", Last(s.env, OH_JSVM_CompileWasmFunction(s.env, module, 0, JSVM_WASM_OPT_HIGH)));
    const uint8_t* data = nullptr;
    size_t length = 0;
    out.Set("create", Last(s.env, OH_JSVM_CreateWasmCache(s.env, module, &data, &length)));
    if (data == nullptr) return;
    good.assign(data, data + length);
    OH_JSVM_ReleaseCache(s.env, data, JSVM_CACHE_TYPE_WASM);
  }
  const bool crc_header = info[3].As<Napi::String>().Utf8Value() == "crc";
  constexpr size_t kHeader = 112;
  out.Set("length", static_cast<double>(good.size()));
  const std::vector<uint8_t> payload(good.begin() + kHeader, good.end());
  int accepted = 0, rejected = 0, failed = 0, wrong = 0;
  std::string wrong_results;
  for (size_t i = first; i < first + count && i < payload.size(); ++i) {
    Session s;
    std::vector<uint8_t> edited;
    if (crc_header) {
      edited.assign(40, 0);
      std::memcpy(edited.data(), "JSVMWASM", 8);
      Put<uint32_t>(edited, 8, 1);
      edited.insert(edited.end(), payload.begin(), payload.end());
      edited[40 + i] ^= mask;
      Put<uint32_t>(edited, 12, Crc32c(edited.data() + 40, edited.size() - 40));
      Put<uint64_t>(edited, 16, payload.size());
      Put<uint64_t>(edited, 24, kWasmAdd.size());
      Put<uint32_t>(edited, 32, Crc32c(kWasmAdd.data(), kWasmAdd.size()));
      Put<uint32_t>(edited, 36, Crc32c(edited.data(), 36));
    } else {
      edited = good;
      edited[kHeader + i] ^= mask;
    }
    JSVM_Value module = nullptr;
    bool was_rejected = false;
    JSVM_Status status = OH_JSVM_CompileWasmModule(s.env, kWasmAdd.data(), kWasmAdd.size(), edited.data(),
                                                   edited.size(), &was_rejected, &module);
    if (status != JSVM_OK) {
      ++failed;
      TakeException(s.env);
      continue;
    }
    was_rejected ? ++rejected : ++accepted;
    std::string text = CallWasmAdd(s.env, module);
    if (text != "5") {
      ++wrong;
      wrong_results += std::to_string(i) + "=" + text.substr(0, 60) + ";";
    }
  }
  out.Set("payload", static_cast<double>(payload.size()));
  out.Set("accepted", accepted);
  out.Set("rejected", rejected);
  out.Set("failed", failed);
  out.Set("wrong", wrong);
  out.Set("wrongResults", wrong_results);
}

// CreateVM with heap sizes at the extremes: `info[0]` names the field,
// `info[1]` the size as a string (parsed as an unsigned 64-bit number).
void HeapSizeExtremes(const Napi::CallbackInfo& info, Report& out) {
  std::string field = info[0].As<Napi::String>().Utf8Value();
  size_t size = std::stoull(info[1].As<Napi::String>().Utf8Value());
  JSVM_CreateVMOptions options{};
  if (field == "maxOld") options.maxOldGenerationSize = size;
  if (field == "initialOld") options.initialOldGenerationSize = size;
  if (field == "maxYoung") options.maxYoungGenerationSize = size;
  if (field == "initialYoung") options.initialYoungGenerationSize = size;
  if (field == "bothYoung") options.maxYoungGenerationSize = options.initialYoungGenerationSize = size;
  if (field == "bothOld") options.maxOldGenerationSize = options.initialOldGenerationSize = size;
  JSVM_VM vm = nullptr;
  out.Set("create", Last(nullptr, OH_JSVM_CreateVM(&options, &vm)));
  if (vm == nullptr) return;
  JSVM_VMScope vm_scope = nullptr;
  OH_JSVM_OpenVMScope(vm, &vm_scope);
  JSVM_Env env = nullptr;
  out.Set("createEnv", Last(nullptr, OH_JSVM_CreateEnv(vm, 0, nullptr, &env)));
  if (env != nullptr) {
    JSVM_EnvScope env_scope = nullptr;
    OH_JSVM_OpenEnvScope(env, &env_scope);
    out.Set("eval", EvalIn(env, "const a = []; for (let i = 0; i < 1e5; ++i) a.push({i}); a.length"));
    OH_JSVM_CloseEnvScope(env, env_scope);
    OH_JSVM_DestroyEnv(env);
  }
  OH_JSVM_CloseVMScope(vm, vm_scope);
  out.Set("destroy", Last(nullptr, OH_JSVM_DestroyVM(vm)));
}

// An object wrapped in one env, kept by another env of the VM, after the
// first env is destroyed (its finalizers ran then): Unwrap, RemoveWrap, Wrap
// and the type tag from the other env.
int g_wrap_finalized = 0;
void CountWrapFinalize(JSVM_Env env, void* data, void* hint) { ++g_wrap_finalized; }

void WrapOutlivesEnv(const Napi::CallbackInfo& info, Report& out) {
  g_wrap_finalized = 0;
  Session s;
  JSVM_Env keeper = s.env;
  JSVM_Env wrapper = nullptr;
  OH_JSVM_CreateEnv(s.vm, 0, nullptr, &wrapper);
  JSVM_EnvScope wrapper_scope = nullptr;
  OH_JSVM_OpenEnvScope(wrapper, &wrapper_scope);
  JSVM_Value object = nullptr, global = nullptr;
  OH_JSVM_CreateObject(wrapper, &object);
  static int native = 42;
  out.Set("wrap", Last(wrapper, OH_JSVM_Wrap(wrapper, object, &native, CountWrapFinalize, nullptr, nullptr)));
  OH_JSVM_GetGlobal(keeper, &global);
  OH_JSVM_SetNamedProperty(keeper, global, "kept", object);
  OH_JSVM_CloseEnvScope(wrapper, wrapper_scope);
  out.Set("destroyWrapperEnv", Last(nullptr, OH_JSVM_DestroyEnv(wrapper)));
  out.Set("finalizedAtDestroy", g_wrap_finalized);
  JSVM_Value kept = nullptr;
  OH_JSVM_GetNamedProperty(keeper, global, "kept", &kept);
  void* result = nullptr;
  out.Set("unwrap", Last(keeper, OH_JSVM_Unwrap(keeper, kept, &result)));
  out.Set("unwrapGotNative", result == &native);
  out.Set("removeWrap", Last(keeper, OH_JSVM_RemoveWrap(keeper, kept, &result)));
  out.Set("wrapAgain", Last(keeper, OH_JSVM_Wrap(keeper, kept, &native, CountWrapFinalize, nullptr, nullptr)));
  out.Set("unwrapAgain", Last(keeper, OH_JSVM_Unwrap(keeper, kept, &result)));
  out.Set("finalizedBeforeTeardown", g_wrap_finalized);
  out.Set("destroy", Last(nullptr, s.Destroy()));
  out.Set("finalized", g_wrap_finalized);
}

// Two wrapped objects whose finalizers each remove the other's wrap: when the
// env is destroyed, the first finalizer to run cancels the other's, which
// DestroyEnv had already listed to run (it read the freed finalizer: ASan's
// heap-use-after-free).
struct CrossWrap {
  JSVM_Ref other = nullptr;
  int* finalized = nullptr;
  JSVM_Status* remove_status = nullptr;
};
void RemoveOtherWrap(JSVM_Env env, void* data, void* hint) {
  auto* self = static_cast<CrossWrap*>(data);
  ++*self->finalized;
  JSVM_HandleScope scope = nullptr;
  OH_JSVM_OpenHandleScope(env, &scope);
  JSVM_Value other = nullptr;
  void* removed = nullptr;
  if (OH_JSVM_GetReferenceValue(env, self->other, &other) == JSVM_OK && other != nullptr) {
    *self->remove_status = OH_JSVM_RemoveWrap(env, other, &removed);
  }
  OH_JSVM_CloseHandleScope(env, scope);
}

void FinalizerRemovesOtherWrap(const Napi::CallbackInfo& info, Report& out) {
  Session s;
  JSVM_Env env = nullptr;
  OH_JSVM_CreateEnv(s.vm, 0, nullptr, &env);
  int finalized = 0;
  JSVM_Status remove_status = JSVM_GENERIC_FAILURE;
  CrossWrap a{nullptr, &finalized, &remove_status}, b{nullptr, &finalized, &remove_status};
  {
    JSVM_EnvScope scope = nullptr;
    OH_JSVM_OpenEnvScope(env, &scope);
    JSVM_Value first = nullptr, second = nullptr;
    OH_JSVM_CreateObject(env, &first);
    OH_JSVM_CreateObject(env, &second);
    OH_JSVM_CreateReference(env, second, 1, &a.other);
    OH_JSVM_CreateReference(env, first, 1, &b.other);
    out.Set("wrapFirst", Last(env, OH_JSVM_Wrap(env, first, &a, RemoveOtherWrap, nullptr, nullptr)));
    out.Set("wrapSecond", Last(env, OH_JSVM_Wrap(env, second, &b, RemoveOtherWrap, nullptr, nullptr)));
    OH_JSVM_CloseEnvScope(env, scope);
  }
  out.Set("destroyEnv", Last(nullptr, OH_JSVM_DestroyEnv(env)));
  out.Set("finalized", finalized);
  out.Set("removeStatus", static_cast<double>(remove_status));
  out.Set("stillUsable", s.Eval("1 + 1"));
  out.Set("destroy", Last(nullptr, s.Destroy()));
}

// An instance of a class with property handlers, defined in one env and kept
// by another env of the VM after the first env is destroyed: its handlers run
// from the other env's JS.
JSVM_Value HandlerGet(JSVM_Env env, JSVM_Value name, JSVM_Value self, JSVM_Value data) {
  JSVM_Value result = nullptr;
  OH_JSVM_CreateStringUtf8(env, "from the handler", JSVM_AUTO_LENGTH, &result);
  return result;
}

void HandlersOutliveEnv(const Napi::CallbackInfo& info, Report& out) {
  Session s;
  JSVM_Env keeper = s.env;
  JSVM_Env definer = nullptr;
  OH_JSVM_CreateEnv(s.vm, 0, nullptr, &definer);
  JSVM_EnvScope definer_scope = nullptr;
  OH_JSVM_OpenEnvScope(definer, &definer_scope);
  JSVM_PropertyHandlerConfigurationStruct cfg{};
  cfg.genericNamedPropertyGetterCallback = HandlerGet;
  cfg.genericIndexedPropertyGetterCallback = HandlerGet;
  JSVM_Value cls = nullptr, instance = nullptr, global = nullptr;
  out.Set("define", Last(definer, OH_JSVM_DefineClassWithPropertyHandler(definer, "Handled", JSVM_AUTO_LENGTH, &kEmpty,
                                                                          0, nullptr, &cfg, nullptr, &cls)));
  OH_JSVM_NewInstance(definer, cls, 0, nullptr, &instance);
  OH_JSVM_GetGlobal(keeper, &global);
  OH_JSVM_SetNamedProperty(keeper, global, "kept", instance);
  OH_JSVM_SetNamedProperty(keeper, global, "Kept", cls);
  out.Set("before", s.Eval("kept.foo + ' ' + kept[3]"));
  OH_JSVM_CloseEnvScope(definer, definer_scope);
  out.Set("destroyDefiner", Last(nullptr, OH_JSVM_DestroyEnv(definer)));
  // What the freed class memory would next hold: blocks of every small size,
  // filled with 0x41 (so a stale handler pointer is 0x4141...).
  std::vector<std::unique_ptr<unsigned char[]>> filler;
  for (size_t size = 16; size <= 1024; size += 16) {
    for (int i = 0; i < 32; ++i) {
      filler.emplace_back(new unsigned char[size]);
      std::memset(filler.back().get(), 0x41, size);
    }
  }
  out.Set("named", s.Eval("String(kept.foo)"));
  out.Set("indexed", s.Eval("String(kept[3])"));
  out.Set("newInstance", s.Eval("String(new Kept().bar)"));
  out.Set("destroy", Last(nullptr, s.Destroy()));
}

// User callbacks that call back into themselves without end: a property
// handler reading its own property, a getter (DefineProperties) reading its
// own property, a native function calling itself. Each must end in a
// RangeError in JS, not in a native stack overflow.
int g_depth = 0;
int g_max_depth = 0;
JSVM_Value SelfReadingHandler(JSVM_Env env, JSVM_Value name, JSVM_Value self, JSVM_Value data) {
  g_max_depth = std::max(g_max_depth, ++g_depth);
  JSVM_Value result = nullptr;
  OH_JSVM_GetProperty(env, self, name, &result);  // fails once the stack is spent
  --g_depth;
  return result;
}
JSVM_Value SelfReadingGetter(JSVM_Env env, JSVM_CallbackInfo info) {
  g_max_depth = std::max(g_max_depth, ++g_depth);
  JSVM_Value self = nullptr, result = nullptr;
  OH_JSVM_GetCbInfo(env, info, nullptr, nullptr, &self, nullptr);
  OH_JSVM_GetNamedProperty(env, self, "loop", &result);
  --g_depth;
  return result;
}
JSVM_CallbackStruct kSelfReadingGetter = {SelfReadingGetter, nullptr};
JSVM_Value SelfCalling(JSVM_Env env, JSVM_CallbackInfo info) {
  g_max_depth = std::max(g_max_depth, ++g_depth);
  JSVM_Value self = nullptr, fn = nullptr, result = nullptr;
  OH_JSVM_GetCbInfo(env, info, nullptr, nullptr, &self, nullptr);
  OH_JSVM_GetNamedProperty(env, self, "again", &fn);
  OH_JSVM_CallFunction(env, self, fn, 0, nullptr, &result);
  --g_depth;
  return result;
}
JSVM_CallbackStruct kSelfCalling = {SelfCalling, nullptr};

void EndlessCallbacks(const Napi::CallbackInfo& info, Report& out) {
  const std::string which = info[0].As<Napi::String>();
  Session s;
  JSVM_Value global = nullptr;
  OH_JSVM_GetGlobal(s.env, &global);
  g_depth = g_max_depth = 0;
  if (which == "handler") {
    JSVM_PropertyHandlerConfigurationStruct cfg{};
    cfg.genericNamedPropertyGetterCallback = SelfReadingHandler;
    cfg.genericIndexedPropertyGetterCallback = SelfReadingHandler;
    JSVM_Value cls = nullptr, instance = nullptr;
    out.Set("define", Last(s.env, OH_JSVM_DefineClassWithPropertyHandler(s.env, "Loop", JSVM_AUTO_LENGTH, &kEmpty, 0,
                                                                         nullptr, &cfg, nullptr, &cls)));
    OH_JSVM_NewInstance(s.env, cls, 0, nullptr, &instance);
    OH_JSVM_SetNamedProperty(s.env, global, "target", instance);
  } else if (which == "getter") {
    JSVM_Value object = nullptr;
    OH_JSVM_CreateObject(s.env, &object);
    JSVM_PropertyDescriptor loop{"loop", nullptr, nullptr, &kSelfReadingGetter, nullptr, nullptr, JSVM_DEFAULT};
    out.Set("define", Last(s.env, OH_JSVM_DefineProperties(s.env, object, 1, &loop)));
    OH_JSVM_SetNamedProperty(s.env, global, "target", object);
  } else {
    JSVM_Value object = nullptr;
    OH_JSVM_CreateObject(s.env, &object);
    JSVM_PropertyDescriptor again{"again", nullptr, &kSelfCalling, nullptr, nullptr, nullptr, JSVM_DEFAULT};
    out.Set("define", Last(s.env, OH_JSVM_DefineProperties(s.env, object, 1, &again)));
    OH_JSVM_SetNamedProperty(s.env, global, "target", object);
  }
  const char* probe = which == "function" ? "target.again()" : which == "handler" ? "target.loop" : "target.loop";
  std::string source = std::string("(() => { try { ") + probe +
                       "; return 'no error'; } catch (e) { return e.constructor.name + ': ' + e.message; } })()";
  out.Set("thrown", s.Eval(source.c_str()));
  if (which == "handler") {
    out.Set("thrownIndexed",
            s.Eval("(() => { try { target[7]; return 'no error'; } catch (e) { return e.constructor.name; } })()"));
  }
  out.Set("deep", g_max_depth > 100);
  out.Set("unwound", g_depth == 0);
  out.Set("stillUsable", s.Eval("1 + 1"));
  out.Set("destroy", Last(nullptr, s.Destroy()));
}

// AdjustExternalMemory with changes at the int64 extremes.
void ExternalMemoryExtremes(const Napi::CallbackInfo& info, Report& out) {
  Session s;
  int64_t total = 0;
  constexpr int64_t k2to60 = int64_t{1} << 60;
  out.Set("max", Last(s.env, OH_JSVM_AdjustExternalMemory(s.env, INT64_MAX, &total)));
  out.Set("min", Last(s.env, OH_JSVM_AdjustExternalMemory(s.env, INT64_MIN, &total)));
  out.Set("past2to60", Last(s.env, OH_JSVM_AdjustExternalMemory(s.env, k2to60, &total)));
  out.Set("below2to60", Last(s.env, OH_JSVM_AdjustExternalMemory(s.env, -k2to60 - 1, &total)));
  // Up to just under 2^60 in one change, then past it in total.
  out.Set("justUnder", Last(s.env, OH_JSVM_AdjustExternalMemory(s.env, k2to60 - 1 - 4096, &total)));
  out.Set("justUnderTotalOk", total >= k2to60 - 1 - 4096 && total < k2to60);
  out.Set("totalPast", Last(s.env, OH_JSVM_AdjustExternalMemory(s.env, k2to60 - 1, &total)));
  out.Set("back", Last(s.env, OH_JSVM_AdjustExternalMemory(s.env, -(k2to60 - 1 - 4096), &total)));
  out.Set("backTotal", std::to_string(total));
  out.Set("eval", s.Eval("const a = []; for (let i = 0; i < 1e5; ++i) a.push({i}); a.length"));
  out.Set("destroy", Last(nullptr, s.Destroy()));
}


// A snapshot of an env that ran `source` (then `inside`, if given, in its env
// scope), then the blob restored and `check` run in it: each step's status and
// both results.
void SnapshotAfter(const char* source, const char* check, Report& out,
                   const std::function<void(JSVM_Env)>& inside = nullptr) {
  JSVM_CreateVMOptions options{};
  options.isForSnapshotting = true;
  JSVM_VM vm = nullptr;
  OH_JSVM_CreateVM(&options, &vm);
  JSVM_VMScope vm_scope = nullptr;
  OH_JSVM_OpenVMScope(vm, &vm_scope);
  JSVM_Env env = nullptr;
  OH_JSVM_CreateEnv(vm, 0, nullptr, &env);
  JSVM_EnvScope env_scope = nullptr;
  OH_JSVM_OpenEnvScope(env, &env_scope);
  out.Set("setup", EvalIn(env, source));
  if (inside) inside(env);
  OH_JSVM_CloseEnvScope(env, env_scope);
  const char* blob = nullptr;
  size_t size = 0;
  out.Set("create", Last(nullptr, OH_JSVM_CreateSnapshot(vm, 1, &env, &blob, &size)));
  OH_JSVM_DestroyEnv(env);
  OH_JSVM_CloseVMScope(vm, vm_scope);
  out.Set("destroyCreator", Last(nullptr, OH_JSVM_DestroyVM(vm)));
  if (blob == nullptr) return;
  JSVM_CreateVMOptions restore{};
  restore.snapshotBlobData = blob;
  restore.snapshotBlobSize = size;
  vm = nullptr;
  out.Set("restoreVM", Last(nullptr, OH_JSVM_CreateVM(&restore, &vm)));
  std::free(const_cast<char*>(blob));
  if (vm == nullptr) return;
  OH_JSVM_OpenVMScope(vm, &vm_scope);
  env = nullptr;
  out.Set("restoreEnv", Last(nullptr, OH_JSVM_CreateEnvFromSnapshot(vm, 0, &env)));
  if (env != nullptr) {
    OH_JSVM_OpenEnvScope(env, &env_scope);
    out.Set("restored", EvalIn(env, check));
    OH_JSVM_CloseEnvScope(env, env_scope);
    OH_JSVM_DestroyEnv(env);
  }
  OH_JSVM_CloseVMScope(vm, vm_scope);
  out.Set("destroy", Last(nullptr, OH_JSVM_DestroyVM(vm)));
}

// A FinalizationRegistry with one target kept and one unreachable.
void SnapshotFinalizationRegistry(const Napi::CallbackInfo& info, Report& out) {
  SnapshotAfter("globalThis.f = new FinalizationRegistry((h) => { globalThis.cleaned = h; }); "
                "globalThis.keep = {}; f.register(keep, 'kept'); f.register({}, 'gone'); 'set'",
                "[typeof f.register, String(globalThis.cleaned), f.unregister(keep) === false].join()", out);
}

// A private key made in a snapshotting VM (the VM lists it by a weak global
// handle, which V8 would refuse to serialise with), set on the global.
void SnapshotWithPrivateKey(const Napi::CallbackInfo& info, Report& out) {
  SnapshotAfter("globalThis.marker = 'set'; marker", "typeof marker", out, [&](JSVM_Env env) {
    JSVM_Data key = nullptr;
    JSVM_Value global = nullptr, value = nullptr;
    out.Set("createKey", Last(env, OH_JSVM_CreatePrivate(env, nullptr, &key)));
    OH_JSVM_GetGlobal(env, &global);
    OH_JSVM_CreateInt32(env, 7, &value);
    out.Set("setKey", Last(env, OH_JSVM_SetPrivate(env, global, key, value)));
  });
}

// A registry's target kept only by a reference (count 1) when CreateSnapshot
// starts: it dies once the snapshot drops the env's handles.
void SnapshotRegistryTargetInReference(const Napi::CallbackInfo& info, Report& out) {
  SnapshotAfter("globalThis.f = new FinalizationRegistry(() => {}); globalThis.t = {}; f.register(t, 1); 'set'",
                "typeof f.register", out, [&](JSVM_Env env) {
                  JSVM_HandleScope scope = nullptr;
                  OH_JSVM_OpenHandleScope(env, &scope);
                  JSVM_Value global = nullptr, target = nullptr;
                  OH_JSVM_GetGlobal(env, &global);
                  OH_JSVM_GetNamedProperty(env, global, "t", &target);
                  JSVM_Ref ref = nullptr;
                  out.Set("reference", Last(env, OH_JSVM_CreateReference(env, target, 1, &ref)));
                  bool deleted = false;
                  JSVM_Value key = nullptr;
                  OH_JSVM_CreateStringUtf8(env, "t", JSVM_AUTO_LENGTH, &key);
                  OH_JSVM_DeleteProperty(env, global, key, &deleted);  // the reference keeps it alone
                  OH_JSVM_CloseHandleScope(env, scope);
                });
}

// A live Intl object holds a global handle V8 aborts on in CreateBlob.
void SnapshotLiveIntl(const Napi::CallbackInfo& info, Report& out) {
  SnapshotAfter("globalThis.f = new Intl.NumberFormat('en-US'); f.format(1234.5)", "typeof f", out);
}

// One used and dropped before the snapshot leaves nothing behind.
void SnapshotTransientIntl(const Napi::CallbackInfo& info, Report& out) {
  SnapshotAfter("globalThis.text = new Intl.NumberFormat('en-US').format(1234.5); text", "text", out);
}


// Lifecycle misuse from inside user code: a native callback that destroys or
// closes what it runs in. `which` picks the call; `how` the scopes around
// the script that calls the callback ("envScope": the Session's env scope;
// "handleScope": only a handle scope, the env scope closed first).
struct MisuseState {
  std::string which;
  JSVM_VM vm = nullptr;
  JSVM_VMScope vm_scope = nullptr;
  JSVM_EnvScope env_scope = nullptr;
  JSVM_Env other = nullptr;
  Outcome first{JSVM_OK, ""};
  Outcome second{JSVM_OK, ""};
  bool called = false;
};
MisuseState* g_misuse = nullptr;

JSVM_Value MisusingCallback(JSVM_Env env, JSVM_CallbackInfo info) {
  MisuseState& st = *g_misuse;
  st.called = true;
  JSVM_Value result = nullptr;
  if (st.which == "destroyEnv" || st.which == "destroyEnvThenCall" || st.which == "destroyEnvReturnNull") {
    st.first = Last(nullptr, OH_JSVM_DestroyEnv(env));
    if (st.which == "destroyEnvThenCall") st.second = Last(env, OH_JSVM_CreateObject(env, &result));
    if (st.which == "destroyEnv") OH_JSVM_CreateInt32(env, 7, &result);
  } else if (st.which == "destroyVM") {
    st.first = Last(nullptr, OH_JSVM_DestroyVM(st.vm));
    st.second = Last(env, OH_JSVM_CreateInt32(env, 7, &result));
  } else if (st.which == "closeEnvScope") {
    st.first = Last(env, OH_JSVM_CloseEnvScope(env, st.env_scope));
    st.second = Last(env, OH_JSVM_CreateInt32(env, 7, &result));
  } else if (st.which == "closeVMScope") {
    st.first = Last(nullptr, OH_JSVM_CloseVMScope(st.vm, st.vm_scope));
    st.second = Last(env, OH_JSVM_CreateInt32(env, 7, &result));
  } else if (st.which == "destroyCaller") {
    st.first = Last(nullptr, OH_JSVM_DestroyEnv(st.other));
    OH_JSVM_CreateInt32(env, 7, &result);
  } else if (st.which == "destroyOtherEnv") {
    st.first = Last(nullptr, OH_JSVM_DestroyEnv(st.other));
    OH_JSVM_CreateInt32(env, 7, &result);
  } else if (st.which == "tempEnv") {
    JSVM_Env temp = nullptr;
    st.first = Last(nullptr, OH_JSVM_CreateEnv(st.vm, 0, nullptr, &temp));
    st.second = Last(nullptr, OH_JSVM_DestroyEnv(temp));
    OH_JSVM_CreateInt32(env, 7, &result);
  }
  return result;
}
JSVM_CallbackStruct kMisusing = {MisusingCallback, nullptr};

void CallbackLifecycleMisuse(const Napi::CallbackInfo& info, Report& out) {
  MisuseState st;
  st.which = info[0].As<Napi::String>().Utf8Value();
  std::string how = info[1].As<Napi::String>().Utf8Value();
  g_misuse = &st;
  JSVM_PropertyDescriptor prop{"misuse", nullptr, &kMisusing, nullptr, nullptr, nullptr, JSVM_DEFAULT};
  Session s(nullptr, 1, &prop);
  st.vm = s.vm;
  st.vm_scope = s.vm_scope;
  st.env_scope = s.env_scope;
  JSVM_EnvScope other_scope = nullptr;
  if (st.which == "destroyOtherEnv" || st.which == "destroyCaller") {
    OH_JSVM_CreateEnv(s.vm, 0, nullptr, &st.other);
  }
  if (st.which == "destroyCaller") {
    // The script runs in the other env and calls this env's function, whose
    // callback destroys the other env: its RunScript frame is still below.
    JSVM_Value global = nullptr, other_global = nullptr, fn = nullptr;
    OH_JSVM_GetGlobal(s.env, &global);
    OH_JSVM_GetNamedProperty(s.env, global, "misuse", &fn);
    OH_JSVM_OpenEnvScope(st.other, &other_scope);
    OH_JSVM_GetGlobal(st.other, &other_global);
    OH_JSVM_SetNamedProperty(st.other, other_global, "misuse", fn);
    out.Set("evalInCaller", EvalIn(st.other, "String(misuse())"));
    out.Set("first", st.first);
    OH_JSVM_CloseEnvScope(st.other, other_scope);
    out.Set("destroyCaller", Last(nullptr, OH_JSVM_DestroyEnv(st.other)));
    out.Set("destroy", Last(nullptr, s.Destroy()));
    g_misuse = nullptr;
    return;
  }
  JSVM_HandleScope hs = nullptr;
  if (how == "handleScope") {
    OH_JSVM_CloseEnvScope(s.env, s.env_scope);
    s.env_scope = nullptr;
    OH_JSVM_OpenHandleScope(s.env, &hs);
  }
  out.Set("eval", EvalIn(s.env, "String(misuse())"));
  out.Set("called", st.called);
  out.Set("first", st.first);
  out.Set("second", st.second);
  out.Set("after", EvalIn(s.env, "1 + 1"));
  if (how == "handleScope") out.Set("closeHandleScope", Last(s.env, OH_JSVM_CloseHandleScope(s.env, hs)));
  out.Set("destroy", Last(nullptr, s.Destroy()));
  g_misuse = nullptr;
}


// What a native callback or a property handler returns: the object of VM A
// the scenario below keeps (NULL: nothing).
JSVM_Value g_foreign_object = nullptr;
JSVM_Value ReturnForeign(JSVM_Env, JSVM_CallbackInfo) { return g_foreign_object; }
JSVM_CallbackStruct kReturnForeign = {ReturnForeign, nullptr};
JSVM_Value Construct(JSVM_Env env, JSVM_CallbackInfo info) {
  JSVM_Value self = nullptr;
  OH_JSVM_GetCbInfo(env, info, nullptr, nullptr, &self, nullptr);
  return self;
}
JSVM_CallbackStruct kConstruct = {Construct, nullptr};
JSVM_Value ForeignNamedGetter(JSVM_Env, JSVM_Value, JSVM_Value, JSVM_Value) { return g_foreign_object; }

// A value of one VM (or env) given to a call on an env of another.
void ForeignValues(const Napi::CallbackInfo& info, Report& out) {
  std::string which = info[0].As<Napi::String>().Utf8Value();
  Session a;
  JSVM_Value obj = nullptr, fn = nullptr, num = nullptr;
  a.Run("({ a: 1 })", &obj);
  a.Run("(function (x) { return 'called ' + x; })", &fn);
  OH_JSVM_CreateInt32(a.env, 5, &num);
  JSVM_Env other_env = nullptr;
  std::unique_ptr<Session> b;
  JSVM_EnvScope a2_scope = nullptr;
  if (which == "sameVM") {
    OH_JSVM_CreateEnv(a.vm, 0, nullptr, &other_env);
    OH_JSVM_OpenEnvScope(other_env, &a2_scope);
  } else {
    b = std::make_unique<Session>();
    other_env = b->env;
  }
  JSVM_Value result = nullptr, global = nullptr, got = nullptr;
  OH_JSVM_GetGlobal(other_env, &global);
  out.Set("setOnForeign", Last(other_env, OH_JSVM_SetNamedProperty(other_env, obj, "b", num)));
  out.Set("setForeignValue", Last(other_env, OH_JSVM_SetNamedProperty(other_env, global, "foreign", obj)));
  out.Set("getForeign", Last(other_env, OH_JSVM_GetNamedProperty(other_env, obj, "a", &got)));
  out.Set("callForeign", Last(other_env, OH_JSVM_CallFunction(other_env, global, fn, 1, &num, &result)));
  if (result != nullptr) out.Set("callResult", StringOf(other_env, result));
  out.Set("evalOther", EvalIn(other_env, "typeof foreign + ' ' + JSON.stringify(foreign)"));
  // The other ways a value reaches a call: an argv array, a property
  // descriptor, an optional value, an object converted, a value's own bits.
  JSVM_Value own_fn = nullptr, key = nullptr;
  OH_JSVM_CreateStringUtf8(other_env, "k", JSVM_AUTO_LENGTH, &key);
  {
    JSVM_Value src = nullptr, script_result = nullptr;
    JSVM_Script script = nullptr;
    OH_JSVM_CreateStringUtf8(other_env, "(function (x) { return typeof x; })", JSVM_AUTO_LENGTH, &src);
    OH_JSVM_CompileScript(other_env, src, nullptr, 0, false, nullptr, &script);
    OH_JSVM_RunScript(other_env, script, &script_result);
    own_fn = script_result;
  }
  result = nullptr;
  out.Set("argvForeign", Last(other_env, OH_JSVM_CallFunction(other_env, global, own_fn, 1, &obj, &result)));
  if (result != nullptr) out.Set("argvResult", StringOf(other_env, result));
  JSVM_PropertyDescriptor desc{"d", nullptr, nullptr, nullptr, nullptr, obj, JSVM_DEFAULT};
  JSVM_Value target = nullptr;
  OH_JSVM_CreateObject(other_env, &target);
  out.Set("defineForeign", Last(other_env, OH_JSVM_DefineProperties(other_env, target, 1, &desc)));
  JSVM_Value error = nullptr;
  out.Set("errorCodeForeign", Last(other_env, OH_JSVM_CreateError(other_env, obj, key, &error)));
  static int native = 0;
  out.Set("wrapForeign", Last(other_env, OH_JSVM_Wrap(other_env, obj, &native, nullptr, nullptr, nullptr)));
  JSVM_ValueType type = JSVM_UNDEFINED;
  out.Set("typeofForeign", Last(other_env, OH_JSVM_Typeof(other_env, obj, &type)));
  bool equal = false;
  out.Set("equalsForeign", Last(other_env, OH_JSVM_StrictEquals(other_env, obj, obj, &equal)));
  // The VM's own values still go through after the refusals.
  out.Set("evalOwn", EvalIn(other_env, "JSON.stringify({ own: [1, 2] })"));
  // The same ways with the env's own objects, several VMs alive or not: OK.
  JSVM_Value own = nullptr, own_error = nullptr;
  OH_JSVM_CreateObject(other_env, &own);
  result = nullptr;
  out.Set("argvOwn", Last(other_env, OH_JSVM_CallFunction(other_env, global, own_fn, 1, &own, &result)));
  JSVM_PropertyDescriptor own_desc{"d", nullptr, nullptr, nullptr, nullptr, own, JSVM_DEFAULT};
  out.Set("defineOwn", Last(other_env, OH_JSVM_DefineProperties(other_env, target, 1, &own_desc)));
  out.Set("errorCodeOwn", Last(other_env, OH_JSVM_CreateError(other_env, key, key, &own_error)));
  out.Set("wrapOwn", Last(other_env, OH_JSVM_Wrap(other_env, own, &native, nullptr, nullptr, nullptr)));
  out.Set("typeofOwn", Last(other_env, OH_JSVM_Typeof(other_env, own, &type)));
  out.Set("equalsOwn", Last(other_env, OH_JSVM_StrictEquals(other_env, own, global, &equal)));
  // Fields a definition does not read may hold anything: a name beside a
  // utf8name, a value beside a method.
  JSVM_PropertyDescriptor unused_fields[] = {
      {"u", reinterpret_cast<JSVM_Value>(uintptr_t{0x10}), nullptr, nullptr, nullptr, own, JSVM_DEFAULT},
      {"m", nullptr, &kReturnForeign, nullptr, nullptr, reinterpret_cast<JSVM_Value>(uintptr_t{0x10}), JSVM_DEFAULT}};
  out.Set("defineUnusedFields", Last(other_env, OH_JSVM_DefineProperties(other_env, target, 2, unused_fields)));
  // Classes: a static value, an instance value, property-handler data.
  JSVM_Value cls = nullptr;
  JSVM_PropertyDescriptor static_desc{"s", nullptr, nullptr, nullptr, nullptr, obj, JSVM_STATIC};
  out.Set("classStaticForeign",
          Last(other_env, OH_JSVM_DefineClass(other_env, "C", JSVM_AUTO_LENGTH, &kConstruct, 1, &static_desc, &cls)));
  JSVM_PropertyDescriptor instance_desc{"i", nullptr, nullptr, nullptr, nullptr, obj, JSVM_DEFAULT};
  out.Set("classValueForeign",
          Last(other_env, OH_JSVM_DefineClass(other_env, "C", JSVM_AUTO_LENGTH, &kConstruct, 1, &instance_desc, &cls)));
  JSVM_PropertyHandlerConfigurationStruct handlers{};
  handlers.genericNamedPropertyGetterCallback = ForeignNamedGetter;
  handlers.namedPropertyData = obj;
  out.Set("classHandlerDataForeign",
          Last(other_env, OH_JSVM_DefineClassWithPropertyHandler(other_env, "C", JSVM_AUTO_LENGTH, &kConstruct, 0,
                                                                 nullptr, &handlers, nullptr, &cls)));
  // A callback and a property handler returning an object of another VM.
  g_foreign_object = obj;
  JSVM_Value returner = nullptr;
  OH_JSVM_CreateFunction(other_env, "returner", JSVM_AUTO_LENGTH, &kReturnForeign, &returner);
  OH_JSVM_SetNamedProperty(other_env, global, "returner", returner);
  out.Set("callbackReturnsForeign", EvalIn(other_env, "try { typeof returner() } catch (e) { e.message }"));
  handlers.namedPropertyData = nullptr;
  JSVM_Value handled = nullptr;
  out.Set("classHandlerOwn",
          Last(other_env, OH_JSVM_DefineClassWithPropertyHandler(other_env, "H", JSVM_AUTO_LENGTH, &kConstruct, 0,
                                                                 nullptr, &handlers, nullptr, &handled)));
  if (handled != nullptr) {
    OH_JSVM_SetNamedProperty(other_env, global, "H", handled);
    out.Set("handlerReturnsForeign", EvalIn(other_env, "try { typeof new H().anything } catch (e) { e.message }"));
  }
  g_foreign_object = nullptr;
  // CreateEnv with another VM's object as a global's value.
  if (b) {
    JSVM_Env third = nullptr;
    JSVM_PropertyDescriptor env_desc{"g", nullptr, nullptr, nullptr, nullptr, obj, JSVM_DEFAULT};
    out.Set("createEnvForeign", Last(nullptr, OH_JSVM_CreateEnv(b->vm, 1, &env_desc, &third)));
    if (third != nullptr) OH_JSVM_DestroyEnv(third);
  }
  if (which == "otherVMgc") {
    for (int i = 0; i < 3; ++i) {
      OH_JSVM_MemoryPressureNotification(other_env, JSVM_MEMORY_PRESSURE_LEVEL_CRITICAL);
      EvalIn(other_env, "let a = []; for (let i = 0; i < 1e5; ++i) a.push({i}); a.length");
      OH_JSVM_MemoryPressureNotification(a.env, JSVM_MEMORY_PRESSURE_LEVEL_CRITICAL);
    }
    out.Set("evalAfterGC", EvalIn(other_env, "typeof foreign + ' ' + JSON.stringify(foreign)"));
  }
  if (which == "sameVM") {
    OH_JSVM_CloseEnvScope(other_env, a2_scope);
    out.Set("destroyOther", Last(nullptr, OH_JSVM_DestroyEnv(other_env)));
  } else {
    out.Set("destroyOther", Last(nullptr, b->Destroy()));
  }
  out.Set("destroy", Last(nullptr, a.Destroy()));
}

// User handlers that call back into the env: the promise-reject handler and
// a GC handler.
struct HandlerState {
  JSVM_Env env = nullptr;
  JSVM_Env other = nullptr;
  std::string which;
  int calls = 0;
  std::vector<std::string> seen;
  JSVM_Ref ref = nullptr;   // "scopesAndRefs": a strong reference made before the GC
  JSVM_Ref weak = nullptr;  // and a weak one (count 0) to an object that dies
};
HandlerState* g_handler_state = nullptr;

void ReentrantRejectHandler(JSVM_Env env, JSVM_PromiseRejectEvent event, JSVM_Value info) {
  HandlerState& st = *g_handler_state;
  if (++st.calls > (st.which == "rejectEndless" ? 1000000 : 50)) return;
  JSVM_Value obj = nullptr;
  st.seen.push_back("create:" + std::to_string(OH_JSVM_CreateObject(env, &obj)));
  st.seen.push_back("eval:" + EvalIn(env, "globalThis.n = (globalThis.n || 0) + 1; n"));
  if (st.which == "reject" || st.which == "rejectEndless") {
    JSVM_Deferred deferred = nullptr;
    JSVM_Value promise = nullptr, reason = nullptr;
    OH_JSVM_CreatePromise(env, &deferred, &promise);
    OH_JSVM_CreateStringUtf8(env, "again", JSVM_AUTO_LENGTH, &reason);
    st.seen.push_back("reject:" + std::to_string(OH_JSVM_RejectDeferred(env, deferred, reason)));
  }
  if (st.which == "evalReject") st.seen.push_back("evalReject:" + EvalIn(env, "Promise.reject(1); 'r'"));
}

std::string Said(const Outcome& o) { return std::to_string(o.status) + ":" + o.message; }

void ReentrantGCHandler(JSVM_VM vm, JSVM_GCType type, JSVM_GCCallbackFlags flags, void* data) {
  HandlerState& st = *g_handler_state;
  // Once, in the first scavenge: one that JS's allocation triggers.
  if (type != JSVM_GC_TYPE_SCAVENGE || ++st.calls > 1) return;
  JSVM_Value obj = nullptr;
  JSVM_Env env = st.env;
  if (st.which == "create") {
    st.seen.push_back("create:" + Said(Last(env, OH_JSVM_CreateObject(env, &obj))));
  } else if (st.which == "eval") {
    st.seen.push_back("eval:" + EvalIn(env, "[1,2,3].map(x => ({x})).length"));
  } else if (st.which == "createEnv") {
    JSVM_Env fresh = nullptr;
    st.seen.push_back("createEnv:" + Said(Last(nullptr, OH_JSVM_CreateEnv(vm, 0, nullptr, &fresh))));
  } else if (st.which == "destroyEnv") {
    st.seen.push_back("destroyEnv:" + Said(Last(nullptr, OH_JSVM_DestroyEnv(st.other))));
  } else if (st.which == "destroyVM") {
    st.seen.push_back("destroyVM:" + Said(Last(nullptr, OH_JSVM_DestroyVM(vm))));
  } else if (st.which == "microtasks") {
    st.seen.push_back("microtasks:" + Said(Last(nullptr, OH_JSVM_PerformMicrotaskCheckpoint(vm))));
  } else if (st.which == "openInspector") {
    st.seen.push_back("openInspector:" + Said(Last(env, OH_JSVM_OpenInspector(env, "127.0.0.1", 0))));
  } else if (st.which == "openInspectorWithName") {
    st.seen.push_back("openInspectorWithName:" +
                      Said(Last(env, OH_JSVM_OpenInspectorWithName(env, 4321, "gc-handler"))));
  } else if (st.which == "waitForDebugger") {  // (an inspector is open)
    st.seen.push_back("waitForDebugger:" + Said(Last(env, OH_JSVM_WaitForDebugger(env, false))));
  } else if (st.which == "closeInspector") {  // (an inspector is open)
    st.seen.push_back("closeInspector:" + Said(Last(env, OH_JSVM_CloseInspector(env))));
  } else if (st.which == "scopesAndRefs") {
    // Scopes make no object (V8 keeps handle blocks outside the heap), and
    // deleting a reference frees a global handle: neither allocates on the heap.
    JSVM_HandleScope scope = nullptr;
    JSVM_EscapableHandleScope escapable = nullptr;
    st.seen.push_back("openScope:" + Said(Last(env, OH_JSVM_OpenHandleScope(env, &scope))));
    st.seen.push_back("closeScope:" + Said(Last(env, OH_JSVM_CloseHandleScope(env, scope))));
    st.seen.push_back("openEscapable:" + Said(Last(env, OH_JSVM_OpenEscapableHandleScope(env, &escapable))));
    st.seen.push_back("closeEscapable:" + Said(Last(env, OH_JSVM_CloseEscapableHandleScope(env, escapable))));
    uint32_t count = 0;
    st.seen.push_back("unref:" + Said(Last(env, OH_JSVM_ReferenceUnref(env, st.ref, &count))));
    st.seen.push_back("deleteStrong:" + Said(Last(env, OH_JSVM_DeleteReference(env, st.ref))));
    st.seen.push_back("deleteWeak:" + Said(Last(env, OH_JSVM_DeleteReference(env, st.weak))));
  } else if (st.which == "readOnly") {
    // Calls that make nothing: they work.
    JSVM_VM got = nullptr;
    void* data_out = nullptr;
    st.seen.push_back("getVM:" + Said(Last(env, OH_JSVM_GetVM(env, &got))));
    st.seen.push_back("instanceData:" + Said(Last(env, OH_JSVM_GetInstanceData(env, &data_out))));
  }
}

void ReentrantHandlers(const Napi::CallbackInfo& info, Report& out) {
  HandlerState st;
  st.which = info[0].As<Napi::String>().Utf8Value();
  g_handler_state = &st;
  Session s;
  st.env = s.env;
  OH_JSVM_CreateEnv(s.vm, 0, nullptr, &st.other);
  if (st.which == "waitForDebugger" || st.which == "closeInspector") {
    out.Set("open", Last(s.env, OH_JSVM_OpenInspector(s.env, "127.0.0.1", 0)));
  }
  if (st.which.rfind("reject", 0) != 0 && st.which.rfind("evalReject", 0) != 0 && st.which != "plain") {
    if (st.which == "scopesAndRefs") {
      JSVM_Value kept = nullptr, dying = nullptr;
      OH_JSVM_CreateObject(s.env, &kept);
      OH_JSVM_CreateReference(s.env, kept, 1, &st.ref);
      JSVM_HandleScope scope = nullptr;
      OH_JSVM_OpenHandleScope(s.env, &scope);
      OH_JSVM_CreateObject(s.env, &dying);
      OH_JSVM_CreateReference(s.env, dying, 0, &st.weak);
      OH_JSVM_CloseHandleScope(s.env, scope);
    }
    out.Set("add", Last(nullptr, OH_JSVM_AddHandlerForGC(s.vm, JSVM_CB_TRIGGER_BEFORE_GC, ReentrantGCHandler,
                                                         JSVM_GC_TYPE_ALL, nullptr)));
    out.Set("alloc", s.Eval("let a = []; for (let i = 0; i < 3e5; ++i) a.push({i}); a.length"));
  } else {
    out.Set("set", Last(nullptr, OH_JSVM_SetHandlerForPromiseReject(s.vm, ReentrantRejectHandler)));
    out.Set("reject", s.Eval("Promise.reject(new Error('x')); 'done'"));
  }
  out.Set("calls", st.calls);
  out.Set("seen", st.seen);
  out.Set("after", s.Eval("1 + 1"));
  // An inspector the handler left open (or that was open before it) closes.
  if (st.which.find("Inspector") != std::string::npos || st.which == "waitForDebugger") {
    out.Set("closeAfter", Last(s.env, OH_JSVM_CloseInspector(s.env)));
  }
  out.Set("destroy", Last(nullptr, s.Destroy()));
  g_handler_state = nullptr;
}

// Finalizers that call into the env while OH_JSVM_DestroyEnv (or DestroyVM)
// runs them.
struct FinalizerState {
  std::string which;
  JSVM_VM vm = nullptr;
  JSVM_VMScope vm_scope = nullptr;
  JSVM_Env other = nullptr;
  std::vector<std::string> seen;
};
FinalizerState* g_finalizer_state = nullptr;

void ReentrantFinalizer(JSVM_Env env, void* data, void* hint) {
  FinalizerState& st = *g_finalizer_state;
  JSVM_Value obj = nullptr;
  if (st.which == "create") {
    st.seen.push_back("create:" + std::to_string(OH_JSVM_CreateObject(env, &obj)));
    st.seen.push_back("eval:" + EvalIn(env, "typeof globalThis"));
  } else if (st.which == "destroySelf") {
    Outcome o = Last(nullptr, OH_JSVM_DestroyEnv(env));
    st.seen.push_back("destroySelf:" + std::to_string(o.status) + ":" + o.message);
  } else if (st.which == "destroyOther") {
    Outcome o = Last(nullptr, OH_JSVM_DestroyEnv(st.other));
    st.seen.push_back("destroyOther:" + std::to_string(o.status) + ":" + o.message);
  } else if (st.which == "destroyVM") {
    Outcome o = Last(nullptr, OH_JSVM_DestroyVM(st.vm));
    st.seen.push_back("destroyVM:" + std::to_string(o.status) + ":" + o.message);
  } else if (st.which == "closeVMScope") {
    Outcome o = Last(nullptr, OH_JSVM_CloseVMScope(st.vm, st.vm_scope));
    st.seen.push_back("closeVMScope:" + std::to_string(o.status) + ":" + o.message);
  } else if (st.which == "createEnv") {
    JSVM_Env fresh = nullptr;
    Outcome o = Last(nullptr, OH_JSVM_CreateEnv(st.vm, 0, nullptr, &fresh));
    st.seen.push_back("createEnv:" + std::to_string(o.status) + ":" + o.message);
  }
}

void ReentrantFinalizers(const Napi::CallbackInfo& info, Report& out) {
  FinalizerState st;
  st.which = info[0].As<Napi::String>().Utf8Value();
  // "destroyEnv": OH_JSVM_DestroyEnv runs them; "destroyVM": the env is left to OH_JSVM_DestroyVM.
  std::string when = info[1].As<Napi::String>().Utf8Value();
  g_finalizer_state = &st;
  Session s;
  st.vm = s.vm;
  st.vm_scope = s.vm_scope;
  OH_JSVM_CreateEnv(s.vm, 0, nullptr, &st.other);
  JSVM_Value obj = nullptr, ext = nullptr;
  OH_JSVM_CreateObject(s.env, &obj);
  static int native = 1;
  out.Set("wrap", Last(s.env, OH_JSVM_Wrap(s.env, obj, &native, ReentrantFinalizer, nullptr, nullptr)));
  out.Set("external", Last(s.env, OH_JSVM_CreateExternal(s.env, &native, ReentrantFinalizer, nullptr, &ext)));
  JSVM_Value global = nullptr;
  OH_JSVM_GetGlobal(s.env, &global);
  OH_JSVM_SetNamedProperty(s.env, global, "o", obj);
  OH_JSVM_SetNamedProperty(s.env, global, "e", ext);
  if (when == "destroyEnv") {
    OH_JSVM_CloseEnvScope(s.env, s.env_scope);
    s.env_scope = nullptr;
    out.Set("destroyEnv", Last(nullptr, OH_JSVM_DestroyEnv(s.env)));
    s.env = nullptr;
    out.Set("destroyOther", Last(nullptr, OH_JSVM_DestroyEnv(st.other)));
  } else {
    OH_JSVM_CloseEnvScope(s.env, s.env_scope);
    s.env_scope = nullptr;
    s.env = nullptr;
  }
  out.Set("destroy", Last(nullptr, s.Destroy()));
  out.Set("seen", st.seen);
  g_finalizer_state = nullptr;
}


// Finalizers that V8 itself runs, inside a garbage collection: an external
// string's (ExternalResource::Dispose) and an external ArrayBuffer's (its
// backing store's deleter). `kind` "latin1", "utf16" or "arraybuffer"; `call`
// the env call the finalizer makes: "create", "eval", "run" (a script
// compiled before), "createEnv",
// "destroyEnv" (another env), "destroyVM", "heapSnapshot". `when` "gc": the value dies and
// gc() collects it; "teardown": it stays reachable until OH_JSVM_DestroyVM;
// "detach" (ArrayBuffers): OH_JSVM_DetachArraybuffer releases it, outside a GC.
struct GCFinalizerState {
  std::string call;
  JSVM_VM vm = nullptr;
  JSVM_Env env = nullptr;
  JSVM_Env other = nullptr;
  JSVM_Script script = nullptr;  // compiled before the GC, for "run"
  pthread_t main_thread;
  int runs = 0;
  int off_main_thread = 0;  // V8 ran it on a thread of its own
  std::vector<std::string> seen;
};
GCFinalizerState* g_gc_finalizer = nullptr;

void GCFinalizerCalls(JSVM_Env env) {
  GCFinalizerState& st = *g_gc_finalizer;
  ++st.runs;
  if (!pthread_equal(pthread_self(), st.main_thread)) {
    ++st.off_main_thread;
    return;  // nothing to learn there: the VM is not entered on that thread
  }
  JSVM_Value obj = nullptr;
  if (st.call == "create") {
    st.seen.push_back("create:" + Said(Last(env, OH_JSVM_CreateObject(env, &obj))));
  } else if (st.call == "eval") {
    st.seen.push_back("eval:" + EvalIn(env, "[1,2,3].map(x => ({x})).length"));
  } else if (st.call == "run") {
    JSVM_Value result = nullptr;
    st.seen.push_back("run:" + Said(Last(env, OH_JSVM_RunScript(env, st.script, &result))));
  } else if (st.call == "createEnv") {
    JSVM_Env fresh = nullptr;
    st.seen.push_back("createEnv:" + Said(Last(nullptr, OH_JSVM_CreateEnv(st.vm, 0, nullptr, &fresh))));
  } else if (st.call == "destroyEnv") {
    st.seen.push_back("destroyEnv:" + Said(Last(nullptr, OH_JSVM_DestroyEnv(st.other))));
  } else if (st.call == "destroyVM") {
    st.seen.push_back("destroyVM:" + Said(Last(nullptr, OH_JSVM_DestroyVM(st.vm))));
  } else if (st.call == "heapSnapshot") {
    auto stream = [](const char*, int, void*) { return true; };
    st.seen.push_back("heapSnapshot:" + Said(Last(nullptr, OH_JSVM_TakeHeapSnapshot(st.vm, stream, nullptr))));
  }
}
void GCStringFinalizer(JSVM_Env env, void*, void*) { GCFinalizerCalls(env); }
void GCBufferFinalizer(JSVM_Env env, void*, void*, bool) { GCFinalizerCalls(env); }

void GCTimeFinalizers(const Napi::CallbackInfo& info, Report& out) {
  GCFinalizerState st;
  const std::string kind = info[0].As<Napi::String>().Utf8Value();
  st.call = info[1].As<Napi::String>().Utf8Value();
  const std::string when = info[2].As<Napi::String>().Utf8Value();
  st.main_thread = pthread_self();
  g_gc_finalizer = &st;
  Session s;
  st.vm = s.vm;
  st.env = s.env;
  OH_JSVM_CreateEnv(s.vm, 0, nullptr, &st.other);
  JSVM_Value source = nullptr;
  OH_JSVM_CreateStringUtf8(s.env, "[1,2,3].map(x => ({x})).length", JSVM_AUTO_LENGTH, &source);
  OH_JSVM_CompileScript(s.env, source, nullptr, 0, false, nullptr, &st.script);
  static char latin1[] = "an external Latin-1 string that V8 does not copy";
  static char16_t utf16[] = u"an external UTF-16 string that V8 does not copy";
  constexpr int kCount = 8;
  alignas(8) static char memory[kCount][64];
  JSVM_HandleScope scope = nullptr;
  OH_JSVM_OpenHandleScope(s.env, &scope);
  JSVM_Value global = nullptr, keep = nullptr;
  OH_JSVM_GetGlobal(s.env, &global);
  OH_JSVM_CreateArray(s.env, &keep);
  for (int i = 0; i < kCount; ++i) {
    JSVM_Value value = nullptr;
    bool copied = true;
    JSVM_Status status = JSVM_GENERIC_FAILURE;
    if (kind == "latin1") {
      status = OH_JSVM_CreateExternalStringLatin1(s.env, latin1, JSVM_AUTO_LENGTH, GCStringFinalizer, nullptr, &value,
                                                  &copied);
    } else if (kind == "utf16") {
      status = OH_JSVM_CreateExternalStringUtf16(s.env, utf16, JSVM_AUTO_LENGTH, GCStringFinalizer, nullptr, &value,
                                                 &copied);
    } else {
      status = OH_JSVM_CreateArrayBufferFromExternalMemory(s.env, memory[i], sizeof(memory[i]), GCBufferFinalizer,
                                                           nullptr, &copied, &value);
    }
    if (i == 0) out.Set("make", Last(s.env, status));
    if (when == "teardown") OH_JSVM_SetElement(s.env, keep, i, value);
    if (when == "detach") {
      JSVM_Status detached = OH_JSVM_DetachArraybuffer(s.env, value);
      if (i == 0) out.Set("detach", Last(s.env, detached));
    }
  }
  out.Set("runsBeforeGC", st.runs);
  if (when == "teardown") OH_JSVM_SetNamedProperty(s.env, global, "keep", keep);
  OH_JSVM_CloseHandleScope(s.env, scope);
  // Full collections, twice: the second finishes V8's sweeping of the first
  // (or `collect`, e.g. scavenges: "gc({type: 'minor'})").
  const std::string collect = info.Length() > 3 ? info[3].As<Napi::String>().Utf8Value() : "gc(); gc()";
  out.Set("gc", s.Eval((collect + "; 'done'").c_str()));
  out.Set("runsInGC", st.runs);
  out.Set("after", s.Eval("1 + 1"));
  OH_JSVM_DestroyEnv(st.other);  // (refused if a finalizer destroyed it already)
  out.Set("destroy", Last(nullptr, s.Destroy()));
  out.Set("runs", st.runs);
  out.Set("offMainThread", st.off_main_thread);
  out.Set("seen", st.seen);
  g_gc_finalizer = nullptr;
}

// What OH_JSVM_GetLastErrorInfo reports after a call that returned OK while
// user code that V8 ran in the middle of it (a GC handler, the heap threshold
// callback, an external string's finalizer run by a GC) had a call refused.
// `which`: "handler", "threshold", "finalizer". That code makes an object in
// the env (refused: the env's last error) and an env (refused: the thread's),
// and reads the env's last error itself.
struct LastErrorState {
  JSVM_VM vm = nullptr;
  JSVM_Env env = nullptr;
  int runs = 0;
  int seen_inside = -1;  // the errorCode the user code read after its refused call
};
LastErrorState* g_last_error = nullptr;

void RefusedCallsInGC() {
  LastErrorState& st = *g_last_error;
  if (++st.runs > 1) return;
  JSVM_Value obj = nullptr;
  JSVM_Env fresh = nullptr;
  OH_JSVM_CreateObject(st.env, &obj);
  const JSVM_ExtendedErrorInfo* info = nullptr;
  OH_JSVM_GetLastErrorInfo(st.env, &info);
  st.seen_inside = info != nullptr ? info->errorCode : -1;
  OH_JSVM_CreateEnv(st.vm, 0, nullptr, &fresh);
}
void LastErrorGCHandler(JSVM_VM, JSVM_GCType, JSVM_GCCallbackFlags, void*) { RefusedCallsInGC(); }
void LastErrorThreshold(JSVM_VM, uint64_t, void*) { RefusedCallsInGC(); }
void LastErrorFinalizer(JSVM_Env, void*, void*) { RefusedCallsInGC(); }

void GCTimeLastError(const Napi::CallbackInfo& info, Report& out) {
  LastErrorState st;
  const std::string which = info[0].As<Napi::String>().Utf8Value();
  g_last_error = &st;
  Session s;
  st.vm = s.vm;
  st.env = s.env;
  // Compiled first: the run below is the call whose outcome is read.
  JSVM_Value source = nullptr, result = nullptr;
  JSVM_Script script = nullptr;
  OH_JSVM_CreateStringUtf8(s.env, "let a = []; for (let i = 0; i < 3e5; ++i) a.push({i}); gc(); a.length",
                           JSVM_AUTO_LENGTH, &source);
  OH_JSVM_CompileScript(s.env, source, nullptr, 0, false, nullptr, &script);
  if (which == "handler") {
    out.Set("register", Last(nullptr, OH_JSVM_AddHandlerForGC(s.vm, JSVM_CB_TRIGGER_BEFORE_GC, LastErrorGCHandler,
                                                               JSVM_GC_TYPE_ALL, nullptr)));
  } else if (which == "threshold") {
    out.Set("register", Last(nullptr, OH_JSVM_SetHeapThresholdCallback(s.vm, 1, LastErrorThreshold, nullptr)));
  } else {
    static char text[] = "an external string that dies in the script's gc()";
    JSVM_HandleScope scope = nullptr;
    JSVM_Value str = nullptr;
    bool copied = true;
    OH_JSVM_OpenHandleScope(s.env, &scope);
    JSVM_Status made = OH_JSVM_CreateExternalStringLatin1(s.env, text, JSVM_AUTO_LENGTH, LastErrorFinalizer, nullptr,
                                                          &str, &copied);
    OH_JSVM_CloseHandleScope(s.env, scope);
    // (A VM-level call that succeeds: the thread's last error is OK.)
    JSVM_VMInfo vm_info;
    OH_JSVM_GetVMInfo(&vm_info);
    out.Set("register", Last(s.env, made));
  }
  const JSVM_Status run = OH_JSVM_RunScript(s.env, script, &result);
  const JSVM_ExtendedErrorInfo* env_info = nullptr;
  const JSVM_ExtendedErrorInfo* thread_info = nullptr;
  OH_JSVM_GetLastErrorInfo(s.env, &env_info);
  OH_JSVM_GetLastErrorInfo(nullptr, &thread_info);
  out.Set("run", static_cast<double>(run));
  out.Set("envErrorCode", static_cast<double>(env_info->errorCode));
  out.Set("envMessage", env_info->errorMessage != nullptr ? env_info->errorMessage : "<NULL>");
  out.Set("threadErrorCode", static_cast<double>(thread_info->errorCode));
  out.Set("threadMessage", thread_info->errorMessage != nullptr ? thread_info->errorMessage : "<NULL>");
  out.Set("ran", st.runs > 0);
  out.Set("seenInside", st.seen_inside);
  if (which == "handler") OH_JSVM_RemoveHandlerForGC(s.vm, JSVM_CB_TRIGGER_BEFORE_GC, LastErrorGCHandler, nullptr);
  if (which == "threshold") OH_JSVM_ClearHeapThresholdCallback(s.vm, 1, LastErrorThreshold, nullptr);
  out.Set("destroy", Last(nullptr, s.Destroy()));
  g_last_error = nullptr;
}

// User code reached other ways, destroying or closing what it runs in: a
// property handler (`which` "handler"), the promise-reject handler
// ("reject"), a FinalizationRegistry cleanup run by OH_JSVM_PumpMessageLoop
// ("task"). `call` picks the call: "destroyEnv", "destroyVM", "closeVMScope".
struct OtherWayState {
  std::string call;
  JSVM_VM vm = nullptr;
  JSVM_VMScope vm_scope = nullptr;
  std::vector<std::string> seen;
};
OtherWayState* g_other_way = nullptr;

void MisuseFrom(JSVM_Env env) {
  OtherWayState& st = *g_other_way;
  Outcome o{JSVM_OK, ""};
  if (st.call == "destroyEnv") o = Last(nullptr, OH_JSVM_DestroyEnv(env));
  if (st.call == "destroyVM") o = Last(nullptr, OH_JSVM_DestroyVM(st.vm));
  if (st.call == "closeVMScope") o = Last(nullptr, OH_JSVM_CloseVMScope(st.vm, st.vm_scope));
  st.seen.push_back(st.call + ":" + std::to_string(o.status) + ":" + o.message);
}
JSVM_Value MisusingHandler(JSVM_Env env, JSVM_Value name, JSVM_Value self, JSVM_Value data) {
  MisuseFrom(env);
  JSVM_Value result = nullptr;
  OH_JSVM_CreateInt32(env, 7, &result);
  return result;
}
void MisusingRejectHandler(JSVM_Env env, JSVM_PromiseRejectEvent event, JSVM_Value info) { MisuseFrom(env); }
JSVM_Value MisusingTaskCallback(JSVM_Env env, JSVM_CallbackInfo info) {
  MisuseFrom(env);
  return nullptr;
}
JSVM_CallbackStruct kMisusingTask = {MisusingTaskCallback, nullptr};

void OtherWaysMisuse(const Napi::CallbackInfo& info, Report& out) {
  OtherWayState st;
  std::string which = info[0].As<Napi::String>().Utf8Value();
  st.call = info[1].As<Napi::String>().Utf8Value();
  g_other_way = &st;
  JSVM_PropertyDescriptor prop{"misuse", nullptr, &kMisusingTask, nullptr, nullptr, nullptr, JSVM_DEFAULT};
  Session s(nullptr, 1, &prop);
  st.vm = s.vm;
  st.vm_scope = s.vm_scope;
  // Only a handle scope: no env scope for DestroyEnv to refuse on.
  OH_JSVM_CloseEnvScope(s.env, s.env_scope);
  s.env_scope = nullptr;
  JSVM_HandleScope hs = nullptr;
  OH_JSVM_OpenHandleScope(s.env, &hs);
  JSVM_Value global = nullptr;
  OH_JSVM_GetGlobal(s.env, &global);
  if (which == "handler") {
    JSVM_PropertyHandlerConfigurationStruct cfg{};
    cfg.genericNamedPropertyGetterCallback = MisusingHandler;
    JSVM_Value cls = nullptr, instance = nullptr;
    OH_JSVM_DefineClassWithPropertyHandler(s.env, "Misuse", JSVM_AUTO_LENGTH, &kEmpty, 0, nullptr, &cfg, nullptr, &cls);
    OH_JSVM_NewInstance(s.env, cls, 0, nullptr, &instance);
    OH_JSVM_SetNamedProperty(s.env, global, "target", instance);
    out.Set("eval", EvalIn(s.env, "String(target.foo)"));
  } else if (which == "reject") {
    OH_JSVM_SetHandlerForPromiseReject(s.vm, MisusingRejectHandler);
    out.Set("eval", EvalIn(s.env, "Promise.reject(1); 'rejected'"));
  } else {
    out.Set("eval", EvalIn(s.env, "globalThis.fr = new FinalizationRegistry(() => misuse()); "
                                  "(() => { for (let i = 0; i < 10; ++i) fr.register({}, i); })(); 'registered'"));
    OH_JSVM_MemoryPressureNotification(s.env, JSVM_MEMORY_PRESSURE_LEVEL_CRITICAL);
    OH_JSVM_CloseHandleScope(s.env, hs);
    hs = nullptr;
    bool ran = true;
    int tasks = 0;
    while (ran && tasks < 100) {
      OH_JSVM_PumpMessageLoop(s.vm, &ran);
      tasks += ran;
    }
    out.Set("tasks", tasks);
    OH_JSVM_OpenHandleScope(s.env, &hs);
  }
  out.Set("seen", st.seen);
  out.Set("after", EvalIn(s.env, "1 + 1"));
  out.Set("closeHandleScope", Last(s.env, OH_JSVM_CloseHandleScope(s.env, hs)));
  out.Set("destroy", Last(nullptr, s.Destroy()));
  g_other_way = nullptr;
}

}  // namespace

void RegisterEdgeInputs(Napi::Env env, Napi::Object exports) {
  exports.Set("snapshotLiveIntl", Scenario(env, SnapshotLiveIntl));
  exports.Set("snapshotRegistryTargetInReference", Scenario(env, SnapshotRegistryTargetInReference));
  exports.Set("snapshotTransientIntl", Scenario(env, SnapshotTransientIntl));
  exports.Set("internalFieldCounts", Scenario(env, InternalFieldCounts));
  exports.Set("referenceEdges", Scenario(env, ReferenceEdges));
  exports.Set("deferredEdges", Scenario(env, DeferredEdges));
  exports.Set("scriptElsewhere", Scenario(env, ScriptElsewhere));
  exports.Set("escapeWrongScope", Scenario(env, EscapeWrongScope));
  exports.Set("privateKeysAcrossVMs", Scenario(env, PrivateKeysAcrossVMs));
  exports.Set("resizableViews", Scenario(env, ResizableViews));
  exports.Set("editedCodeCaches", Scenario(env, EditedCodeCaches));
  exports.Set("editedWasmCaches", Scenario(env, EditedWasmCaches));
  exports.Set("heapSizeExtremes", Scenario(env, HeapSizeExtremes));
  exports.Set("wrapOutlivesEnv", Scenario(env, WrapOutlivesEnv));
  exports.Set("handlersOutliveEnv", Scenario(env, HandlersOutliveEnv));
  exports.Set("finalizerRemovesOtherWrap", Scenario(env, FinalizerRemovesOtherWrap));
  exports.Set("endlessCallbacks", Scenario(env, EndlessCallbacks));
  exports.Set("externalMemoryExtremes", Scenario(env, ExternalMemoryExtremes));
  exports.Set("snapshotFinalizationRegistry", Scenario(env, SnapshotFinalizationRegistry));
  exports.Set("snapshotWithPrivateKey", Scenario(env, SnapshotWithPrivateKey));
  exports.Set("callbackLifecycleMisuse", Scenario(env, CallbackLifecycleMisuse));
  exports.Set("foreignValues", Scenario(env, ForeignValues));
  exports.Set("otherWaysMisuse", Scenario(env, OtherWaysMisuse));
  exports.Set("reentrantHandlers", Scenario(env, ReentrantHandlers));
  exports.Set("reentrantFinalizers", Scenario(env, ReentrantFinalizers));
  exports.Set("gcTimeFinalizers", Scenario(env, GCTimeFinalizers));
  exports.Set("gcTimeLastError", Scenario(env, GCTimeLastError));
}

}  // namespace harness
