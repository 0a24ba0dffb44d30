// Process-wide set-up: OH_JSVM_Init, the external reference table, version info.
//
// V8 itself is already initialised by Node; Init only records the user's external
// references, applies engine flags and finds Node's platform.
#include <dlfcn.h>

#include <atomic>
#include <cstdio>
#include <mutex>
#include <string>
#include <vector>

#include <uv.h>

#include "common/internal.h"
#include "platform/platform.h"
#include "profiler/profiler.h"
#include "vm/engine_profile.h"

namespace jsvm {
namespace {

struct InternalReference {
  intptr_t address;
  const char* name;
};

// Every native address our runtime stores in a V8 heap. A snapshot refers to
// them by position, so the order is part of the snapshot format: append only.
const InternalReference kInternalReferences[] = {
    {reinterpret_cast<intptr_t>(&NativeCallbackTrampoline), "jsvm:NativeCallbackTrampoline"},
};

std::mutex g_init_mutex;
std::atomic<bool> g_initialized{false};
std::vector<intptr_t> g_references;
std::vector<std::string> g_reference_names;
uint64_t g_fingerprint = 0;

uint64_t Fnv1a(uint64_t hash, const void* data, size_t size) {
  const unsigned char* bytes = static_cast<const unsigned char*>(data);
  for (size_t i = 0; i < size; ++i) {
    hash ^= bytes[i];
    hash *= 1099511628211ull;
  }
  return hash;
}

uint64_t Fnv1a(uint64_t hash, const std::string& text) { return Fnv1a(hash, text.data(), text.size() + 1); }

// DestroyLeftoverVMs (vm/vm.cc) as a cleanup hook of Node's main environment,
// once; false anywhere else: off a Node thread, and in a Worker, whose exit
// would otherwise destroy every other thread's VMs.
std::atomic<bool> g_cleanup_hooked{false};
bool HookNodeCleanup() {
  if (g_cleanup_hooked.load()) return true;
  v8::Isolate* isolate = v8::Isolate::TryGetCurrent();
  if (isolate == nullptr || !isolate->InContext()) return false;
  v8::HandleScope scope(isolate);
  if (node::GetCurrentEnvironment(isolate->GetCurrentContext()) == nullptr) return false;
  if (node::GetCurrentEventLoop(isolate) != uv_default_loop()) return false;  // a Worker's
  if (g_cleanup_hooked.exchange(true)) return true;
  node::AddEnvironmentCleanupHook(isolate, DestroyLeftoverVMs, nullptr);
  return true;
}

// This library is loaded by a module Node loads (require, process.dlopen): on
// a Node thread, inside that call. Node's platform and its cleanup hook are
// taken then, so that OH_JSVM_Init may come later from any thread, as the
// docs' examples do (a VM made and run in a std::thread, Init included).
__attribute__((constructor)) void CaptureNodeAtLoad() {
  if (CapturePlatform()) HookNodeCleanup();
}

// A description of an address that is the same in every process running the
// same binaries: library and symbol plus offset. An address in no library (a
// callback struct on the heap) has no such name; it is described by its value,
// which another process will not share, so its blobs restore only here.
std::string DescribeAddress(intptr_t address) {
  Dl_info info{};
  if (dladdr(reinterpret_cast<void*>(address), &info) == 0 || info.dli_fname == nullptr) {
    char text[32];
    std::snprintf(text, sizeof(text), "?@%#llx", static_cast<unsigned long long>(address));
    return text;
  }
  std::string library = info.dli_fname;
  size_t slash = library.rfind('/');
  if (slash != std::string::npos) library = library.substr(slash + 1);
  intptr_t base = reinterpret_cast<intptr_t>(info.dli_saddr != nullptr ? info.dli_saddr : info.dli_fbase);
  return library + ":" + (info.dli_sname != nullptr ? info.dli_sname : "") + "+" +
         std::to_string(address - base);
}

}  // namespace

const intptr_t* ExternalReferences() { return g_references.data(); }

bool IsExternalReference(const void* address) {
  intptr_t wanted = reinterpret_cast<intptr_t>(address);
  for (intptr_t ref : g_references) {
    if (ref == wanted) return true;
  }
  return false;
}

uint64_t ExternalReferenceFingerprint() { return g_fingerprint; }

const std::vector<std::string>& ExternalReferenceNames() { return g_reference_names; }

bool IsInitialized() { return g_initialized.load(std::memory_order_acquire); }

}  // namespace jsvm

using jsvm::SetThreadError;

JSVM_Status OH_JSVM_Init(const JSVM_InitOptions* options) try {
  JSVM_ENTRY_PROCESS();  // options may be NULL
  std::lock_guard<std::mutex> lock(jsvm::g_init_mutex);
  if (jsvm::g_initialized.load()) {
    return SetThreadError(JSVM_GENERIC_FAILURE, "OH_JSVM_Init was already called in this process");
  }
  if (!jsvm::CapturePlatform()) {
    return SetThreadError(JSVM_GENERIC_FAILURE,
                          "Node.js's platform is unknown: this library was not loaded by a Node.js module, and "
                          "OH_JSVM_Init was not called from a Node.js thread (inside a native addon call)");
  }
  int* argc = options != nullptr && options->argv != nullptr ? options->argc : nullptr;
  char** argv = argc != nullptr ? options->argv : nullptr;
  bool remove_flags = options != nullptr && options->removeFlags;
  // --jsvm-profile (or JSVM_PROFILE) first: the user's own V8 flags may then
  // override what the profile set.
  std::vector<char*> v8_args;
  std::string profile_error;
  if (!jsvm::SelectEngineProfile(argc, argv, remove_flags, &v8_args, &profile_error)) {
    return SetThreadError(JSVM_INVALID_ARG, profile_error);
  }
  // Only now, with the arguments accepted, the flags every VM of ours needs
  // (a refused Init changes nothing in the process).
#if JSVM_V8_AT_LEAST(12, 4)
  // JSVM_REGEXP_LINEAR asks for V8's linear-time engine; since V8 12.4 a RegExp
  // created with that flag aborts the process unless the engine is enabled.
  v8::V8::SetFlagsFromString("--enable-experimental-regexp-engine");
#endif
#if JSVM_V8_AT_LEAST(13, 0)
  // On V8 13.6 a loop that concurrent OSR replaces can ignore
  // TerminateExecution: `for (;;) keep.push(new Array(1000).fill(x))` ran on
  // past every termination the near-heap-limit callback (vm/heap_limit.cc)
  // requested, until V8 aborted with "Reached heap limit"; Node 24's own
  // Worker.terminate() cannot stop that loop either. With OSR compiled on the
  // main thread the termination is honoured (measured on Node 24: limits'
  // heapLimitNative aborted in 3 of 3 runs without the flag and returned a
  // status in 3 of 3 with it; a Worker running that loop was terminated in 5
  // of 5 runs with it). The flag is process-wide (Node's isolate too); the
  // cost is OSR compiles no longer running in the background.
  v8::V8::SetFlagsFromString("--no-concurrent-osr");
#endif
  if (argc != nullptr && *argc > 0) {
    if (remove_flags) {
      v8::V8::SetFlagsFromCommandLine(argc, argv, true);
    } else {
      int count = static_cast<int>(v8_args.size());
      v8_args.push_back(nullptr);
      v8::V8::SetFlagsFromCommandLine(&count, v8_args.data(), false);
    }
  }

  std::vector<intptr_t> refs;
  std::vector<std::string> names;
  for (const auto& internal : jsvm::kInternalReferences) {
    refs.push_back(internal.address);
    names.push_back(internal.name);
  }
  if (options != nullptr && options->externalReferences != nullptr) {
    for (const intptr_t* ref = options->externalReferences; *ref != 0; ++ref) {
      refs.push_back(*ref);
      names.push_back(jsvm::DescribeAddress(*ref));
    }
  }
  uint64_t fingerprint = 14695981039346656037ull;
  for (const std::string& name : names) fingerprint = jsvm::Fnv1a(fingerprint, name);
  uint64_t count = refs.size();
  fingerprint = jsvm::Fnv1a(fingerprint, &count, sizeof(count));
  refs.push_back(0);
  jsvm::g_references = std::move(refs);
  jsvm::g_reference_names = std::move(names);
  jsvm::g_fingerprint = fingerprint;
  // Done at load already, unless the library came in some other way: then
  // from this thread if it is Node's (off it, VMs left at exit stay alive).
  jsvm::HookNodeCleanup();
  jsvm::g_initialized.store(true, std::memory_order_release);
  // JSVM_TRACE=<file>[:categories]: traces from here to the process's exit.
  jsvm::StartTraceFromEnvironment();
  return SetThreadError(JSVM_OK);
} JSVM_EXIT_THREAD

JSVM_Status OH_JSVM_GetVMInfo(JSVM_VMInfo* result) try {
  JSVM_ENTRY_PROCESS(result);
  static const std::string version = v8::V8::GetVersion();
  // What current devices answer (README, "Statuses aligned with the device"),
  // not the header's JSVM_VERSION.
  result->apiVersion = jsvm::kDeviceVMInfoApiVersion;
  result->engine = "v8";
  result->version = version.c_str();
  result->cachedDataVersionTag = v8::ScriptCompiler::CachedDataVersionTag();
  return SetThreadError(JSVM_OK);
} JSVM_EXIT_THREAD
