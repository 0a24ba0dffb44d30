// Scenarios: creating snapshot blobs, restoring VMs and envs, refusing bad blobs.
#include <cstdlib>
#include <cstring>
#include <vector>

#include "harness.h"
#include "jsvm_desktop/jsvm_desktop.h"

namespace harness {
namespace {

// Builds a snapshotting VM with one env per script and serialises it. Env 0
// also gets native functions (hello, add, counter from CreateEnv; nativeHello
// from CreateFunction). With `unregistered` true, env 0 also gets a function
// whose callback struct is not an external reference.
void MakeSnapshot(const Napi::CallbackInfo& info, Report& out) {
  Napi::Array scripts = info[0].As<Napi::Array>();
  uint32_t count = scripts.Length();
  bool unregistered = info.Length() > 1 && info[1].ToBoolean();
  JSVM_CreateVMOptions options{};
  options.isForSnapshotting = true;
  JSVM_VM vm = nullptr;
  out.Set("createVM", static_cast<double>(OH_JSVM_CreateVM(&options, &vm)));
  JSVM_VMScope vm_scope;
  OH_JSVM_OpenVMScope(vm, &vm_scope);
  JSVM_PropertyDescriptor props[] = {
      {"hello", nullptr, &kHello, nullptr, nullptr, nullptr, JSVM_DEFAULT},
      {"add", nullptr, &kAdd, nullptr, nullptr, nullptr, JSVM_DEFAULT},
      {"counter", nullptr, nullptr, &kCounterGet, &kCounterSet, nullptr, JSVM_DEFAULT},
  };
  std::vector<JSVM_Env> envs;
  std::string setup;
  for (uint32_t i = 0; i < count; ++i) {
    JSVM_Env env = nullptr;
    OH_JSVM_CreateEnv(vm, i == 0 ? 3 : 0, props, &env);
    JSVM_EnvScope env_scope;
    OH_JSVM_OpenEnvScope(env, &env_scope);
    std::string script = scripts.Get(i).As<Napi::String>();
    setup += EvalIn(env, script.c_str()) + ";";
    if (i == 0) {
      JSVM_Value fn, global;
      OH_JSVM_CreateFunction(env, "nativeHello", JSVM_AUTO_LENGTH, &kHello, &fn);
      OH_JSVM_GetGlobal(env, &global);
      OH_JSVM_SetNamedProperty(env, global, "nativeHello", fn);
      if (unregistered) {
        OH_JSVM_CreateFunction(env, "stray", JSVM_AUTO_LENGTH, &kUnregistered, &fn);
        OH_JSVM_SetNamedProperty(env, global, "stray", fn);
      }
    }
    OH_JSVM_CloseEnvScope(env, env_scope);
    envs.push_back(env);
  }
  out.Set("setup", setup);
  const char* blob = nullptr;
  size_t size = 0;
  JSVM_Status status = OH_JSVM_CreateSnapshot(vm, envs.size(), envs.data(), &blob, &size);
  out.Set("create", Last(nullptr, status));
  if (status == JSVM_OK) {
    out.Set("blob", Bytes{std::string(blob, size)});
    std::free(const_cast<char*>(blob));  // the caller owns the blob (malloc)
    // The VM is spent: it refuses new work but can be destroyed.
    JSVM_Env more = nullptr;
    out.Set("createEnvAfter", Last(nullptr, OH_JSVM_CreateEnv(vm, 0, nullptr, &more)));
    JSVM_Value v;
    out.Set("useEnvAfter", Last(envs[0], OH_JSVM_CreateInt32(envs[0], 1, &v)));
    out.Set("snapshotAgain", Last(nullptr, OH_JSVM_CreateSnapshot(vm, 0, nullptr, &blob, &size)));
  }
  for (JSVM_Env env : envs) OH_JSVM_DestroyEnv(env);
  OH_JSVM_CloseVMScope(vm, vm_scope);
  out.Set("destroyVM", static_cast<double>(OH_JSVM_DestroyVM(vm)));
  return;
}

// Snapshot misuse that must be refused without aborting.
void SnapshotMisuse(const Napi::CallbackInfo& info, Report& out) {
  const char* blob = nullptr;
  size_t size = 0;
  {
    Session plain;
    out.Set("plainVM", Last(nullptr, OH_JSVM_CreateSnapshot(plain.vm, 1, &plain.env, &blob, &size)));
  }
  JSVM_CreateVMOptions options{};
  options.isForSnapshotting = true;
  JSVM_VM vm, other;
  OH_JSVM_CreateVM(&options, &vm);
  OH_JSVM_CreateVM(&options, &other);
  JSVM_Env env, foreign;
  OH_JSVM_CreateEnv(vm, 0, nullptr, &env);
  OH_JSVM_CreateEnv(other, 0, nullptr, &foreign);
  out.Set("nullVM", Last(nullptr, OH_JSVM_CreateSnapshot(nullptr, 1, &env, &blob, &size)));
  out.Set("nullBlob", Last(nullptr, OH_JSVM_CreateSnapshot(vm, 1, &env, nullptr, &size)));
  out.Set("nullSize", Last(nullptr, OH_JSVM_CreateSnapshot(vm, 1, &env, &blob, nullptr)));
  out.Set("nullContexts", Last(nullptr, OH_JSVM_CreateSnapshot(vm, 1, nullptr, &blob, &size)));
  out.Set("foreignEnv", Last(nullptr, OH_JSVM_CreateSnapshot(vm, 1, &foreign, &blob, &size)));
  JSVM_Env null_env = nullptr;
  out.Set("nullEnvInList", Last(nullptr, OH_JSVM_CreateSnapshot(vm, 1, &null_env, &blob, &size)));
  {
    JSVM_VMScope vm_scope;
    OH_JSVM_OpenVMScope(vm, &vm_scope);
    JSVM_EnvScope env_scope;
    OH_JSVM_OpenEnvScope(env, &env_scope);
    out.Set("withEnvScopeOpen", Last(nullptr, OH_JSVM_CreateSnapshot(vm, 1, &env, &blob, &size)));
    OH_JSVM_CloseEnvScope(env, env_scope);
    OH_JSVM_CloseVMScope(vm, vm_scope);
  }
  // With no VM scope open the call enters the VM itself.
  out.Set("withoutVMScope", Last(nullptr, OH_JSVM_CreateSnapshot(vm, 1, &env, &blob, &size)));
  out.Set("blobSize", static_cast<double>(size));
  std::free(const_cast<char*>(blob));
  OH_JSVM_DestroyEnv(env);
  OH_JSVM_DestroyEnv(foreign);
  OH_JSVM_DestroyVM(vm);
  OH_JSVM_DestroyVM(other);
  return;
}

JSVM_Status CreateFrom(const Napi::Value& value, JSVM_VM* vm) {
  JSVM_CreateVMOptions options{};
  if (value.IsBuffer()) {
    auto buffer = value.As<Napi::Buffer<char>>();
    options.snapshotBlobData = buffer.Length() ? buffer.Data() : "";
    options.snapshotBlobSize = buffer.Length();
  } else {
    options.snapshotBlobData = nullptr;  // the specs pass null with a size
    options.snapshotBlobSize = 64;
  }
  return OH_JSVM_CreateVM(&options, vm);
}

// Tries to create a VM from the bytes; reports {status, message}.
void CreateVmFromBlob(const Napi::CallbackInfo& info, Report& out) {
  JSVM_VM vm = nullptr;
  JSVM_Status status = CreateFrom(info[0], &vm);
  Outcome outcome = Last(nullptr, status);
  if (status == JSVM_OK) OH_JSVM_DestroyVM(vm);
  out.Set("status", static_cast<double>(outcome.status));
  out.Set("message", outcome.message);
}

// Restores env `index` from the blob and evaluates `source` in it. With
// index < 0 a plain OH_JSVM_CreateEnv is used on the restored VM instead.
void Restore(const Napi::CallbackInfo& info, Report& out) {
  int64_t index = info[1].As<Napi::Number>().Int64Value();
  std::string source = info[2].As<Napi::String>();
  JSVM_VM vm = nullptr;
  JSVM_Status status = CreateFrom(info[0], &vm);
  out.Set("createVM", Last(nullptr, status));
  if (status != JSVM_OK) return;
  JSVM_VMScope vm_scope;
  OH_JSVM_OpenVMScope(vm, &vm_scope);
  JSVM_Env env = nullptr;
  status = index < 0 ? OH_JSVM_CreateEnv(vm, 0, nullptr, &env)
                     : OH_JSVM_CreateEnvFromSnapshot(vm, static_cast<size_t>(index), &env);
  out.Set("createEnv", Last(nullptr, status));
  if (status == JSVM_OK) {
    JSVM_EnvScope env_scope;
    OH_JSVM_OpenEnvScope(env, &env_scope);
    out.Set("result", EvalIn(env, source.c_str()));
    OH_JSVM_CloseEnvScope(env, env_scope);
    OH_JSVM_DestroyEnv(env);
  }
  OH_JSVM_CloseVMScope(vm, vm_scope);
  out.Set("destroyVM", static_cast<double>(OH_JSVM_DestroyVM(vm)));
  return;
}

// The caller's blob is overwritten and freed as soon as CreateVM returns; envs
// restored afterwards must come from the VM's own copy. (If V8 still read the
// caller's bytes it would abort: the spec runs this in a child process.)
void RestoreAfterCallerFrees(const Napi::CallbackInfo& info, Report& out) {
  auto buffer = info[0].As<Napi::Buffer<char>>();
  std::string source = info[1].As<Napi::String>();
  char* mine = static_cast<char*>(std::malloc(buffer.Length()));
  std::memcpy(mine, buffer.Data(), buffer.Length());
  JSVM_CreateVMOptions options{};
  options.snapshotBlobData = mine;
  options.snapshotBlobSize = buffer.Length();
  JSVM_VM vm = nullptr;
  JSVM_Status status = OH_JSVM_CreateVM(&options, &vm);
  std::memset(mine, 0xA5, buffer.Length());
  std::free(mine);
  out.Set("createVM", Last(nullptr, status));
  if (status != JSVM_OK) return;
  JSVM_VMScope vm_scope;
  OH_JSVM_OpenVMScope(vm, &vm_scope);
  std::vector<std::string> results;
  for (int round = 0; round < 3; ++round) {
    JSVM_Env env = nullptr;
    if (OH_JSVM_CreateEnvFromSnapshot(vm, 0, &env) != JSVM_OK) {
      results.push_back("<CreateEnvFromSnapshot failed>");
      continue;
    }
    JSVM_EnvScope env_scope;
    OH_JSVM_OpenEnvScope(env, &env_scope);
    results.push_back(EvalIn(env, source.c_str()));
    OH_JSVM_CloseEnvScope(env, env_scope);
    OH_JSVM_DestroyEnv(env);
  }
  OH_JSVM_CloseVMScope(vm, vm_scope);
  out.Set("results", results);
  out.Set("destroyVM", static_cast<double>(OH_JSVM_DestroyVM(vm)));
}

// jsvm_desktop.h: blob checks without a VM, the header size, the reference table.
void DesktopExtensions(const Napi::CallbackInfo& info, Report& out) {
  auto buffer = info[0].As<Napi::Buffer<char>>();
  std::string blob(buffer.Data(), buffer.Length());
  char reason[256];
  std::memset(reason, 'x', sizeof(reason));
  out.Set("good", Last(nullptr, JSVM_Desktop_ValidateSnapshotBlob(blob.data(), blob.size(), reason, sizeof(reason))));
  out.Set("goodReason", std::string(reason));
  std::string flipped = blob;
  flipped[flipped.size() / 2] ^= 0x10;
  out.Set("flipped", Last(nullptr, JSVM_Desktop_ValidateSnapshotBlob(flipped.data(), flipped.size(), reason, sizeof(reason))));
  out.Set("flippedReason", std::string(reason));
  char tiny[8];
  std::memset(tiny, 'x', sizeof(tiny));
  out.Set("flippedTinyReason", static_cast<double>(JSVM_Desktop_ValidateSnapshotBlob(flipped.data(), flipped.size(),
                                                                                     tiny, sizeof(tiny))));
  out.Set("tinyReason", std::string(tiny, strnlen(tiny, sizeof(tiny))));
  out.Set("tinyTerminated", std::memchr(tiny, '\0', sizeof(tiny)) != nullptr);
  out.Set("noReasonBuffer", Last(nullptr, JSVM_Desktop_ValidateSnapshotBlob(flipped.data(), flipped.size(), nullptr, 0)));
  out.Set("nullBlob", Last(nullptr, JSVM_Desktop_ValidateSnapshotBlob(nullptr, 100, reason, sizeof(reason))));
  out.Set("nullBlobReason", std::string(reason));
  out.Set("truncated", Last(nullptr, JSVM_Desktop_ValidateSnapshotBlob(blob.data(), 50, reason, sizeof(reason))));
  out.Set("payloadOffset", static_cast<double>(JSVM_Desktop_SnapshotPayloadOffset(blob.data(), blob.size())));
  out.Set("payloadOffsetOfFlipped",
          static_cast<double>(JSVM_Desktop_SnapshotPayloadOffset(flipped.data(), flipped.size())));
  out.Set("payloadOffsetOfNull", static_cast<double>(JSVM_Desktop_SnapshotPayloadOffset(nullptr, 0)));
  const intptr_t* table = JSVM_Desktop_ExternalReferenceTable();
  size_t entries = 0;
  bool has_hello = false;
  while (table != nullptr && table[entries] != 0) {
    has_hello = has_hello || table[entries] == reinterpret_cast<intptr_t>(&kHello);
    ++entries;
  }
  out.Set("tableEntries", static_cast<double>(entries));
  out.Set("tableHasUserCallback", has_hello);
}

// Several VMs alive at once from the same bytes, each with all of its envs.
Napi::Value RestoreMany(const Napi::CallbackInfo& info) {
  uint32_t vms = info[1].As<Napi::Number>().Uint32Value();
  uint32_t envs_per_vm = info[2].As<Napi::Number>().Uint32Value();
  std::string source = info[3].As<Napi::String>();
  std::vector<JSVM_VM> all(vms, nullptr);
  std::vector<std::string> results;
  for (uint32_t i = 0; i < vms; ++i) CreateFrom(info[0], &all[i]);
  for (uint32_t i = 0; i < vms; ++i) {
    JSVM_VMScope vm_scope;
    OH_JSVM_OpenVMScope(all[i], &vm_scope);
    for (uint32_t e = 0; e < envs_per_vm; ++e) {
      JSVM_Env env = nullptr;
      if (OH_JSVM_CreateEnvFromSnapshot(all[i], e, &env) != JSVM_OK) {
        results.push_back("<restore failed>");
        continue;
      }
      JSVM_EnvScope env_scope;
      OH_JSVM_OpenEnvScope(env, &env_scope);
      results.push_back(EvalIn(env, source.c_str()));
      OH_JSVM_CloseEnvScope(env, env_scope);
    }
    OH_JSVM_CloseVMScope(all[i], vm_scope);
  }
  for (JSVM_VM vm : all) OH_JSVM_DestroyVM(vm);  // also destroys the envs
  Napi::Array array = Napi::Array::New(info.Env(), results.size());
  for (size_t i = 0; i < results.size(); ++i) array.Set(static_cast<uint32_t>(i), results[i]);
  return array;
}

// A snapshotting env that also holds a JSVM class, a reference and an unsettled
// deferred when the snapshot is taken.
void SnapshotWithHandles(const Napi::CallbackInfo& info, Report& out) {
  bool with_external = info.Length() > 0 && info[0].ToBoolean();
  JSVM_CreateVMOptions options{};
  options.isForSnapshotting = true;
  JSVM_VM vm = nullptr;
  OH_JSVM_CreateVM(&options, &vm);
  JSVM_VMScope vm_scope;
  OH_JSVM_OpenVMScope(vm, &vm_scope);
  JSVM_Env env = nullptr;
  OH_JSVM_CreateEnv(vm, 0, nullptr, &env);
  JSVM_Ref ref = nullptr;
  JSVM_Deferred deferred = nullptr;
  {
    JSVM_EnvScope env_scope;
    OH_JSVM_OpenEnvScope(env, &env_scope);
    JSVM_Value cls, global, object, promise;
    OH_JSVM_DefineClass(env, "Snap", JSVM_AUTO_LENGTH, &kHello, 0, nullptr, &cls);  // kHello is an external reference
    OH_JSVM_GetGlobal(env, &global);
    OH_JSVM_SetNamedProperty(env, global, "Snap", cls);
    OH_JSVM_CreateObject(env, &object);
    OH_JSVM_CreateReference(env, object, 1, &ref);
    OH_JSVM_CreatePromise(env, &deferred, &promise);
    OH_JSVM_SetNamedProperty(env, global, "pending", promise);
    if (with_external) {
      static int native = 7;
      JSVM_Value external;
      OH_JSVM_CreateExternal(env, &native, nullptr, nullptr, &external);
      OH_JSVM_SetNamedProperty(env, global, "external", external);
    }
    OH_JSVM_CloseEnvScope(env, env_scope);
  }
  const char* blob = nullptr;
  size_t size = 0;
  out.Set("create", Last(nullptr, OH_JSVM_CreateSnapshot(vm, 1, &env, &blob, &size)));
  JSVM_Value value = reinterpret_cast<JSVM_Value>(1);
  out.Set("refAfter", Last(env, OH_JSVM_GetReferenceValue(env, ref, &value)));
  out.Set("deleteRefAfter", Last(env, OH_JSVM_DeleteReference(env, ref)));
  if (blob != nullptr) {
    out.Set("blob", Bytes{std::string(blob, size)});
    std::free(const_cast<char*>(blob));
  }
  OH_JSVM_DestroyEnv(env);
  OH_JSVM_CloseVMScope(vm, vm_scope);
  OH_JSVM_DestroyVM(vm);
}

}  // namespace

void RegisterSnapshots(Napi::Env env, Napi::Object exports) {
  exports.Set("makeSnapshot", Scenario(env, MakeSnapshot));
  exports.Set("snapshotMisuse", Scenario(env, SnapshotMisuse));
  exports.Set("createVmFromBlob", Scenario(env, CreateVmFromBlob));
  exports.Set("restore", Scenario(env, Restore));
  exports.Set("restoreAfterCallerFrees", Scenario(env, RestoreAfterCallerFrees));
  exports.Set("desktopExtensions", Scenario(env, DesktopExtensions));
  exports.Set("restoreMany", Napi::Function::New(env, RestoreMany));
  exports.Set("snapshotWithHandles", Scenario(env, SnapshotWithHandles));
}

}  // namespace harness

