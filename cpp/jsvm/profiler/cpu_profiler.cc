// CPU profiles: OH_JSVM_StartCpuProfiler, OH_JSVM_StopCpuProfiler.
//
// Each Start makes a v8::CpuProfiler of its own (V8 runs several at once on
// one isolate). The JSVM_CpuProfiler handed out is the address of its record in
// a process-wide registry, which is looked up, never followed, so that a
// profiler stopped twice, stopped on another VM or made up is refused.
// Stop writes the profile as a .cpuprofile: the JSON of the DevTools protocol's
// Profiler.Profile (nodes with callFrame, hitCount, children; startTime,
// endTime, samples, timeDeltas), which Chrome DevTools' Performance panel and
// speedscope load.
#include <signal.h>

#include <memory>
#include <mutex>
#include <unordered_map>
#include <v8-profiler.h>
#include <vector>

#include "common/internal.h"
#include "profiler/output.h"
#include "profiler/profiler.h"

using jsvm::SetThreadError;

struct JSVM_CpuProfiler__ {
  JSVM_VM vm;
  v8::CpuProfiler* profiler;
  v8::ProfilerId id;
};

namespace jsvm {
namespace {

std::mutex g_profilers_mutex;
std::unordered_map<JSVM_CpuProfiler, std::unique_ptr<JSVM_CpuProfiler__>> g_profilers;

// Takes `handle` out of the registry if it names a profiler of `vm`; else
// says why not.
const char* TakeProfiler(JSVM_VM vm, JSVM_CpuProfiler handle, std::unique_ptr<JSVM_CpuProfiler__>* record) {
  std::lock_guard<std::mutex> lock(g_profilers_mutex);
  auto it = g_profilers.find(handle);
  if (it == g_profilers.end()) {
    return "unknown CPU profiler: it was not returned by OH_JSVM_StartCpuProfiler, or it was already stopped";
  }
  if (it->second->vm != vm) return "this CPU profiler was started on another VM: stop it with that VM";
  *record = std::move(it->second);
  g_profilers.erase(it);
  return nullptr;
}

// Stops the profiler, frees it and returns its profile (NULL if V8 has none).
v8::CpuProfile* Finish(const JSVM_CpuProfiler__& record) {
  v8::CpuProfile* profile = record.profiler->Stop(record.id);
  return profile;
}

// The profile as Profiler.Profile JSON. Line and column numbers are 0-based
// there, 1-based in V8 (0: unknown, written as -1), as V8's inspector does.
void WriteProfile(v8::CpuProfile* profile, ChunkedWriter& out) {
  out << "{\"nodes\":[";
  std::vector<const v8::CpuProfileNode*> pending{profile->GetTopDownRoot()};  // pre-order, root first
  bool first = true;
  std::vector<v8::CpuProfileNode::LineTick> ticks;
  while (!pending.empty() && !out.refused()) {
    const v8::CpuProfileNode* node = pending.back();
    pending.pop_back();
    out << (first ? "{\"id\":" : ",{\"id\":") << static_cast<int64_t>(node->GetNodeId());
    first = false;
    out << ",\"callFrame\":{\"functionName\":";
    out.Quoted(node->GetFunctionNameStr());
    out << ",\"scriptId\":\"" << static_cast<int64_t>(node->GetScriptId()) << "\",\"url\":";
    out.Quoted(node->GetScriptResourceNameStr());
    out << ",\"lineNumber\":" << static_cast<int64_t>(node->GetLineNumber()) - 1
        << ",\"columnNumber\":" << static_cast<int64_t>(node->GetColumnNumber()) - 1 << "},\"hitCount\":"
        << static_cast<int64_t>(node->GetHitCount());
    const int child_count = node->GetChildrenCount();
    if (child_count > 0) {
      out << ",\"children\":[";
      for (int i = 0; i < child_count; ++i) {
        out << (i == 0 ? "" : ",") << static_cast<int64_t>(node->GetChild(i)->GetNodeId());
      }
      out << "]";
      // Children are written in their order: pushed last to first.
      for (int i = child_count; i-- > 0;) pending.push_back(node->GetChild(i));
    }
    const unsigned int line_count = node->GetHitLineCount();
    if (line_count > 0) {
      ticks.resize(line_count);
      if (node->GetLineTicks(ticks.data(), line_count)) {
        out << ",\"positionTicks\":[";
        for (unsigned int i = 0; i < line_count; ++i) {
          out << (i == 0 ? "{\"line\":" : ",{\"line\":") << static_cast<int64_t>(ticks[i].line)
              << ",\"ticks\":" << static_cast<int64_t>(ticks[i].hit_count) << "}";
        }
        out << "]";
      }
    }
    out << "}";
  }
  const int64_t start = profile->GetStartTime();
  out << "],\"startTime\":" << start << ",\"endTime\":" << profile->GetEndTime() << ",\"samples\":[";
  const int sample_count = profile->GetSamplesCount();
  for (int i = 0; i < sample_count && !out.refused(); ++i) {
    out << (i == 0 ? "" : ",") << static_cast<int64_t>(profile->GetSample(i)->GetNodeId());
  }
  out << "],\"timeDeltas\":[";
  int64_t previous = start;
  for (int i = 0; i < sample_count && !out.refused(); ++i) {
    const int64_t timestamp = profile->GetSampleTimestamp(i);
    out << (i == 0 ? "" : ",") << timestamp - previous;
    previous = timestamp;
  }
  out << "]}";
  out.Flush();
}

}  // namespace

void ReleaseCpuProfilers(JSVM_VM vm) {
  std::vector<std::unique_ptr<JSVM_CpuProfiler__>> records;
  {
    std::lock_guard<std::mutex> lock(g_profilers_mutex);
    for (auto it = g_profilers.begin(); it != g_profilers.end();) {
      if (it->second->vm == vm) {
        records.push_back(std::move(it->second));
        it = g_profilers.erase(it);
      } else {
        ++it;
      }
    }
  }
  if (records.empty()) return;
  v8::HandleScope handle_scope(vm->isolate);
  for (const auto& record : records) {
    if (v8::CpuProfile* profile = Finish(*record)) profile->Delete();
    record->profiler->Dispose();
  }
}

bool HasCpuProfilers(JSVM_VM vm) {
  std::lock_guard<std::mutex> lock(g_profilers_mutex);
  for (const auto& entry : g_profilers) {
    if (entry.second->vm == vm) return true;
  }
  return false;
}

const char* WhyNoHeapWork(JSVM_VM vm) {
  if (vm->snapshot_taken) return "the VM's snapshot was taken (OH_JSVM_CreateSnapshot): nothing more runs on it";
  if (InGCCallback(vm)) {
    return "V8 is in the middle of a GC (this is a GC handler, heap threshold callback or a finalizer V8 runs "
           "during the collection): call it after the GC";
  }
  return nullptr;
}

namespace {
void IgnoreSigprof(int) {}
}  // namespace

void KeepLateSigprofHarmless() {
  static std::once_flag once;
  std::call_once(once, [] {
    struct sigaction current;
    if (sigaction(SIGPROF, nullptr, &current) != 0 || current.sa_handler != SIG_DFL) return;
    struct sigaction ignore = {};
    ignore.sa_handler = IgnoreSigprof;
    ignore.sa_flags = SA_RESTART;
    sigemptyset(&ignore.sa_mask);
    sigaction(SIGPROF, &ignore, nullptr);
  });
}

}  // namespace jsvm

JSVM_Status OH_JSVM_StartCpuProfiler(JSVM_VM vm, JSVM_CpuProfiler* result) try {
  JSVM_ENTRY_VM(vm, result);
  if (const char* why = jsvm::WhyNoHeapWork(vm)) return SetThreadError(JSVM_GENERIC_FAILURE, why);
  // From a finalizer DestroyVM runs: the VM's profilers were stopped before
  // its envs went; this one would outlive the isolate.
  if (vm->being_destroyed) {
    return SetThreadError(JSVM_GENERIC_FAILURE,
                          "the VM is being destroyed (OH_JSVM_DestroyVM runs its finalizers): no CPU profiler can start");
  }
  jsvm::IsolateEntry entry(vm->isolate);
  v8::HandleScope handle_scope(vm->isolate);
  auto record = std::make_unique<JSVM_CpuProfiler__>();
  record->vm = vm;
  jsvm::KeepLateSigprofHarmless();
  record->profiler = v8::CpuProfiler::New(vm->isolate);
  // Samples are recorded (no limit): the timeline needs them, not only the tree.
  v8::CpuProfilingResult started = record->profiler->Start(
      v8::CpuProfilingOptions(v8::kLeafNodeLineNumbers, v8::CpuProfilingOptions::kNoSampleLimit));
  if (started.status != v8::CpuProfilingStatus::kStarted) {
    record->profiler->Dispose();
    return SetThreadError(JSVM_GENERIC_FAILURE, "V8 could not start a CPU profiler on this VM (too many running)");
  }
  record->id = started.id;
  JSVM_CpuProfiler handle = record.get();
  {
    std::lock_guard<std::mutex> lock(jsvm::g_profilers_mutex);
    jsvm::g_profilers.emplace(handle, std::move(record));
  }
  *result = handle;
  return SetThreadError(JSVM_OK);
} JSVM_EXIT_THREAD

JSVM_Status OH_JSVM_StopCpuProfiler(JSVM_VM vm, JSVM_CpuProfiler profiler, JSVM_OutputStream stream,
                                    void* streamData) try {
  JSVM_ENTRY_VM(vm, profiler, stream);  // streamData is the caller's own: NULL is passed on
  if (const char* why = jsvm::WhyNoHeapWork(vm)) return SetThreadError(JSVM_GENERIC_FAILURE, why);
  std::unique_ptr<JSVM_CpuProfiler__> record;
  if (const char* why = jsvm::TakeProfiler(vm, profiler, &record)) return SetThreadError(JSVM_INVALID_ARG, why);
  const bool took_lock = !v8::Locker::IsLocked(vm->isolate);
  jsvm::IsolateEntry entry(vm->isolate);
  v8::HandleScope handle_scope(vm->isolate);
  jsvm::UserStream out(stream, streamData, "the output stream (OH_JSVM_StopCpuProfiler)");
  v8::CpuProfile* profile = jsvm::Finish(*record);
  // Freed whatever happens next: the profile, then the profiler.
  struct Release {
    v8::CpuProfile* profile;
    v8::CpuProfiler* profiler;
    ~Release() {
      if (profile != nullptr) profile->Delete();
      profiler->Dispose();
    }
  } release{profile, record->profiler};
  if (profile == nullptr) return SetThreadError(JSVM_GENERIC_FAILURE, "V8 returned no profile for this profiler");
  {
    jsvm::StreamFrame frame(vm, took_lock);
    jsvm::ChunkedWriter writer(&out);
    jsvm::WriteProfile(profile, writer);
    out.End();
  }
  if (out.refused()) {
    return SetThreadError(JSVM_GENERIC_FAILURE,
                          "the output stream returned false (or threw): the profile was cut short there; the profiler is freed");
  }
  return SetThreadError(JSVM_OK);
} JSVM_EXIT_THREAD
