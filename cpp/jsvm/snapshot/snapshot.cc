// OH_JSVM_CreateSnapshot: serialise a snapshotting VM's environments.
// (Restoring lives in OH_JSVM_CreateVM and OH_JSVM_CreateEnvFromSnapshot.)
#include <node.h>

#include <cstdlib>
#include <vector>

#include "common/internal.h"
#include "profiler/profiler.h"
#include "snapshot/blob_format.h"
#include "platform/platform.h"
#include "snapshot/ro_cache.h"

using jsvm::SetThreadError;

namespace jsvm {
namespace {

// Whether the isolate holds a global handle. Counted through the heap
// statistics' size of used global handles, a handle's size measured with one
// made and dropped here; if V8 does not count them, nothing is refused.
bool ForeignGlobalHandles(v8::Isolate* isolate) {
  v8::HeapStatistics before, with_probe;
  isolate->GetHeapStatistics(&before);
  {
    v8::Global<v8::Value> probe(isolate, v8::Null(isolate));
    isolate->GetHeapStatistics(&with_probe);
  }
  if (with_probe.used_global_handles_size() <= before.used_global_handles_size()) return false;
  size_t handle_size = with_probe.used_global_handles_size() - before.used_global_handles_size();
  return before.used_global_handles_size() >= handle_size;
}

}  // namespace
}  // namespace jsvm

// The blob is allocated with malloc and belongs to the caller: release it with
// free() once written out or handed to OH_JSVM_CreateVM (which keeps its own copy).
// It outlives the VM. The VM itself can afterwards only be destroyed.
JSVM_Status OH_JSVM_CreateSnapshot(JSVM_VM vm, size_t contextCount, const JSVM_Env* contexts, const char** blobData,
                                   size_t* blobSize) try {
  JSVM_ENTRY_VM(vm, blobData, blobSize);
  if (contextCount > 0 && contexts == nullptr) {
    return SetThreadError(JSVM_INVALID_ARG, "contexts is NULL but contextCount is not 0");
  }
  if (!vm->creator) {
    return SetThreadError(JSVM_GENERIC_FAILURE, "the VM was not created with isForSnapshotting");
  }
  if (vm->snapshot_taken) return SetThreadError(JSVM_GENERIC_FAILURE, "a snapshot was already taken of this VM");
  if (vm->callback_depth > 0 || vm->js_depth > 0) {
    return SetThreadError(JSVM_GENERIC_FAILURE, "a snapshot cannot be taken while JS or a native callback runs");
  }
  if (jsvm::InGCCallback(vm)) return SetThreadError(JSVM_GENERIC_FAILURE, jsvm::kInGCCallback);
  if (vm->stream_depth > 0) return SetThreadError(JSVM_GENERIC_FAILURE, jsvm::kStreamRunning);
  // V8 aborts on the global handles a running CPU profiler holds.
  if (jsvm::HasCpuProfilers(vm)) {
    return SetThreadError(JSVM_GENERIC_FAILURE,
                          "a CPU profiler runs on this VM: stop it (OH_JSVM_StopCpuProfiler) before taking a snapshot");
  }
  for (size_t i = 0; i < contextCount; ++i) {
    if (!jsvm::IsLiveEnv(contexts[i]) || contexts[i]->vm != vm) {
      return SetThreadError(JSVM_INVALID_ARG, "contexts[" + std::to_string(i) + "] is not an environment of this VM");
    }
  }
  // V8 aborts on a native address it cannot name; refuse instead.
  for (const void* cb : vm->native_callbacks) {
    if (!jsvm::IsExternalReference(cb)) {
      return SetThreadError(JSVM_GENERIC_FAILURE,
                            "a native function of this VM uses a JSVM_CallbackStruct that is not in the "
                            "externalReferences given to OH_JSVM_Init");
    }
  }
  // Native pointers in the heap (wraps, externals, property-handler data) have
  // no name a snapshot could use; V8 would abort on them.
  for (JSVM_Env env : vm->envs) {
    if (!env->finalizers.empty()) {
      return SetThreadError(JSVM_GENERIC_FAILURE,
                            "an environment holds wrapped objects, externals or native finalizers, which a "
                            "snapshot cannot contain");
    }
    for (const auto& record : env->classes) {
      if (record->has_handlers) {
        return SetThreadError(JSVM_GENERIC_FAILURE,
                              "an environment defines a class with property handlers, which a snapshot cannot "
                              "contain");
      }
    }
  }

#if !JSVM_V8_AT_LEAST(12, 0)
  // Held across CreateBlob: see ro_cache.h. Only V8 11.3 (Node 20) needs it.
  jsvm::ReadOnlyCacheMode cache_mode;
  if (!cache_mode.active() && !node::EmbedderSnapshotData::CanUseCustomSnapshotPerIsolate()) {
    return SetThreadError(JSVM_GENERIC_FAILURE,
                          "this Node.js build shares V8's read-only heap without exposing the serializer flags "
                          "needed to keep snapshots consistent with it; refusing to make a blob that would "
                          "restore incorrectly");
  }
#endif
  // Scopes the caller left open (the device's own examples snapshot inside an
  // env scope): closed here, innermost first, before V8 serialises; the
  // caller's later Close calls find them closed and return OK.
  // The VM lives on: a scope that entered it itself may not close under a VM
  // scope or lock taken after it (they would be left without its lock).
  if (const char* why = jsvm::WhyScopesCannotClose(vm, 0)) return SetThreadError(JSVM_HANDLE_SCOPE_MISMATCH, why);
  jsvm::CloseScopesFrom(vm, 0, nullptr);
  v8::Isolate* isolate = vm->isolate;
  v8::StartupData data{nullptr, 0};
  {
    jsvm::IsolateEntry entry(isolate);
    {
      v8::HandleScope handles(isolate);
      std::vector<v8::Local<v8::Context>> kept;
      for (size_t i = 0; i < contextCount; ++i) {
        // A handle of this scope (env->context() aliases the env's global
        // handle, which is released below).
        v8::Local<v8::Context> context = v8::Local<v8::Context>::New(isolate, contexts[i]->context());
        // The env pointer means nothing in another process; the restoring env sets its own.
        context->SetAlignedPointerInEmbedderData(jsvm::kEnvSlot, nullptr);
        kept.push_back(context);
      }
      // V8 serialises only what is reachable from the contexts; every handle
      // we hold must go before it does.
      for (JSVM_Env env : vm->envs) jsvm::ReleaseEnvHandles(env);
      jsvm::DropPrivateKeys(vm);
      // A FinalizationRegistry whose target dies in the collection CreateBlob
      // makes is still dirty when V8 serialises, and V8 aborts ("Check failed:
      // isolate->heap()->dirty_js_finalization_registries_list().IsUndefined(
      // isolate)"). So collect first, with our handles gone (a reference may
      // have kept a target), and run the cleanup tasks that posts (the
      // registries' callbacks, which reach no env now: a native function they
      // call throws), until a collection posts none.
      isolate->ClearKeptObjects();
      bool ran = true;
      for (int round = 0; ran && round < 8; ++round) {
        isolate->LowMemoryNotification();
        ran = false;
        for (int i = 0; i < 1000 && vm->delegate->runner().RunOneDueTask(); ++i) ran = true;
      }
      // V8 aborts in CreateBlob on any global handle left but the contexts it
      // is given ("Check failed: handle_checker.CheckGlobalAndEternalHandles()"),
      // and objects backed by native memory hold one: a live Intl object
      // (`globalThis.f = new Intl.NumberFormat()`) for one. Refused instead,
      // before V8 is given the contexts (a SnapshotCreator given contexts must
      // make its blob); the envs' handles are gone, so the VM can only be
      // destroyed.
      if (jsvm::ForeignGlobalHandles(isolate)) {
        vm->snapshot_taken = true;
        return SetThreadError(JSVM_GENERIC_FAILURE,
                              "an environment holds an object V8 cannot put in a snapshot (a live Intl object such "
                              "as Intl.NumberFormat or Intl.DateTimeFormat, or another object backed by native "
                              "memory); drop it before OH_JSVM_CreateSnapshot. This VM can now only be destroyed");
      }
      vm->creator->SetDefaultContext(v8::Context::New(isolate));
      for (v8::Local<v8::Context> context : kept) vm->creator->AddContext(context);
    }
    data = vm->creator->CreateBlob(v8::SnapshotCreator::FunctionCodeHandling::kKeep);
  }
  vm->snapshot_taken = true;
  if (data.data == nullptr || data.raw_size <= 0) {
    delete[] data.data;
    return SetThreadError(JSVM_GENERIC_FAILURE, "V8 could not create the snapshot");
  }
  size_t blob_size = 0;
  std::string error;
  char* blob = jsvm::SealBlob(data.data, static_cast<size_t>(data.raw_size), static_cast<uint32_t>(contextCount),
                              &blob_size, &error);
  delete[] data.data;
  if (blob == nullptr) return SetThreadError(JSVM_GENERIC_FAILURE, error);
  *blobData = blob;
  *blobSize = blob_size;
  return SetThreadError(JSVM_OK);
} JSVM_EXIT_THREAD
