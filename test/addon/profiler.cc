// Scenarios: CPU profiles, heap snapshots and traces (cpp/jsvm/profiler/,
// test/profiler.spec.ts). The outputs are returned whole; the spec parses them.
#include <cstdlib>
#include <stdexcept>
#include <string>
#include <vector>

#include "harness.h"

namespace harness {
namespace {

// What a stream was given: the bytes, and how many calls.
struct Sink {
  std::string text;
  int writes = 0;
  int ends = 0;           // calls with data NULL and size 0 (the end of the data)
  bool end_last = false;  // the last call was one
  bool refuse = false;  // answer false (after keeping the first chunk)
  bool raise = false;   // throw a C++ exception instead
};

bool SinkStream(const char* data, int size, void* sink_data) {
  Sink* sink = static_cast<Sink*>(sink_data);
  ++sink->writes;
  sink->end_last = data == nullptr && size == 0;
  if (sink->end_last) ++sink->ends;
  if (sink->raise) throw std::runtime_error("the sink is broken");
  sink->text.append(data, static_cast<size_t>(size));
  return !sink->refuse;
}

bool AcceptStream(const char*, int, void*) { return true; }

const char* kBusySource =
    "function jsvmBusyLoop() {\n"
    "  const end = Date.now() + 60;\n"
    "  let x = 0;\n"
    "  while (Date.now() < end) { for (let i = 0; i < 1000; i++) x += Math.sqrt(i + x % 7); }\n"
    "  return x;\n"
    "}\n"
    "jsvmBusyLoop() > 0";

void CpuProfile(const Napi::CallbackInfo&, Report& out) {
  Session s;
  JSVM_CpuProfiler profiler = nullptr;
  out.Set("start", Last(nullptr, OH_JSVM_StartCpuProfiler(s.vm, &profiler)));
  out.Set("run", s.Eval(kBusySource));
  Sink sink;
  out.Set("stop", Last(nullptr, OH_JSVM_StopCpuProfiler(s.vm, profiler, SinkStream, &sink)));
  out.Set("text", sink.text);
  out.Set("writes", sink.writes);
  out.Set("ends", sink.ends);
  out.Set("endLast", sink.end_last);
}

void CpuProfileBadInputs(const Napi::CallbackInfo&, Report& out) {
  Session a;
  Session b;
  JSVM_CpuProfiler profiler = nullptr;
  Sink sink;
  out.Set("startNullVm", Last(nullptr, OH_JSVM_StartCpuProfiler(nullptr, &profiler)));
  out.Set("startNullResult", Last(nullptr, OH_JSVM_StartCpuProfiler(a.vm, nullptr)));
  out.Set("startA", Last(nullptr, OH_JSVM_StartCpuProfiler(a.vm, &profiler)));
  out.Set("stopNullVm", Last(nullptr, OH_JSVM_StopCpuProfiler(nullptr, profiler, SinkStream, &sink)));
  out.Set("stopNullProfiler", Last(nullptr, OH_JSVM_StopCpuProfiler(a.vm, nullptr, SinkStream, &sink)));
  out.Set("stopNullStream", Last(nullptr, OH_JSVM_StopCpuProfiler(a.vm, profiler, nullptr, &sink)));
  out.Set("stopOnOtherVm", Last(nullptr, OH_JSVM_StopCpuProfiler(b.vm, profiler, SinkStream, &sink)));
  int made_up = 0;
  out.Set("stopMadeUp",
          Last(nullptr, OH_JSVM_StopCpuProfiler(a.vm, reinterpret_cast<JSVM_CpuProfiler>(&made_up), SinkStream, &sink)));
  out.Set("writesBeforeStop", sink.writes);
  out.Set("stopA", Last(nullptr, OH_JSVM_StopCpuProfiler(a.vm, profiler, SinkStream, &sink)));
  out.Set("stopAText", sink.text);
  out.Set("stopTwice", Last(nullptr, OH_JSVM_StopCpuProfiler(a.vm, profiler, SinkStream, &sink)));

  // A stream that refuses: one call, then nothing; the profiler is freed.
  Sink refusing;
  refusing.refuse = true;
  out.Set("startRefused", Last(nullptr, OH_JSVM_StartCpuProfiler(a.vm, &profiler)));
  a.Eval("let t = 0; for (let i = 0; i < 100000; i++) t += i; t");
  out.Set("stopRefused", Last(nullptr, OH_JSVM_StopCpuProfiler(a.vm, profiler, SinkStream, &refusing)));
  out.Set("refusedWrites", refusing.writes);
  out.Set("stopAfterRefused", Last(nullptr, OH_JSVM_StopCpuProfiler(a.vm, profiler, SinkStream, &sink)));

  // A stream that throws counts as refusing.
  Sink raising;
  raising.raise = true;
  OH_JSVM_StartCpuProfiler(a.vm, &profiler);
  out.Set("stopRaising", Last(nullptr, OH_JSVM_StopCpuProfiler(a.vm, profiler, SinkStream, &raising)));
  out.Set("raisingWrites", raising.writes);

  // Destroying a VM frees its running profilers; the handle is then unknown.
  JSVM_CpuProfiler left = nullptr;
  out.Set("startOnB", Last(nullptr, OH_JSVM_StartCpuProfiler(b.vm, &left)));
  JSVM_CpuProfiler left2 = nullptr;
  out.Set("startOnBAgain", Last(nullptr, OH_JSVM_StartCpuProfiler(b.vm, &left2)));
  out.Set("destroyB", Last(nullptr, b.Destroy()));
  out.Set("stopLeftOnA", Last(nullptr, OH_JSVM_StopCpuProfiler(a.vm, left, SinkStream, &sink)));
}

const char* kMarkerSource =
    "class JsvmSnapshotMarker { constructor() { this.payload = 'kept alive by the env'; } }\n"
    "globalThis.jsvmKeep = new JsvmSnapshotMarker(); typeof jsvmKeep";

void HeapSnapshot(const Napi::CallbackInfo&, Report& out) {
  Session s;
  out.Set("run", s.Eval(kMarkerSource));
  Sink sink;
  out.Set("take", Last(nullptr, OH_JSVM_TakeHeapSnapshot(s.vm, SinkStream, &sink)));
  out.Set("text", sink.text);
  out.Set("writes", sink.writes);
  out.Set("ends", sink.ends);
  out.Set("endLast", sink.end_last);
  Sink raw;
  out.Set("takeRaw", Last(nullptr, OH_JSVM_TakeRawHeapSnapshot(s.vm, SinkStream, &raw)));
  out.Set("rawText", raw.text);
  out.Set("rawEnds", raw.ends);
  out.Set("rawEndLast", raw.end_last);
  // streamData is the caller's own: NULL is passed on.
  out.Set("takeNullData", Last(nullptr, OH_JSVM_TakeHeapSnapshot(s.vm, AcceptStream, nullptr)));
  out.Set("takeRawNullData", Last(nullptr, OH_JSVM_TakeRawHeapSnapshot(s.vm, AcceptStream, nullptr)));
}

int g_gc_snapshot_calls = 0;
Outcome g_gc_snapshot_outcome{JSVM_OK, ""};
void SnapshotInGC(JSVM_VM vm, JSVM_GCType, JSVM_GCCallbackFlags, void*) {
  if (g_gc_snapshot_calls++ > 0) return;
  g_gc_snapshot_outcome = Last(nullptr, OH_JSVM_TakeHeapSnapshot(vm, AcceptStream, nullptr));
}

void HeapSnapshotBadInputs(const Napi::CallbackInfo&, Report& out) {
  Session s;
  Sink sink;
  out.Set("takeNullVm", Last(nullptr, OH_JSVM_TakeHeapSnapshot(nullptr, SinkStream, &sink)));
  out.Set("takeNullStream", Last(nullptr, OH_JSVM_TakeHeapSnapshot(s.vm, nullptr, &sink)));
  out.Set("rawNullVm", Last(nullptr, OH_JSVM_TakeRawHeapSnapshot(nullptr, SinkStream, &sink)));
  out.Set("rawNullStream", Last(nullptr, OH_JSVM_TakeRawHeapSnapshot(s.vm, nullptr, &sink)));
  out.Set("writesBefore", sink.writes);
  Sink refusing;
  refusing.refuse = true;
  out.Set("takeRefused", Last(nullptr, OH_JSVM_TakeHeapSnapshot(s.vm, SinkStream, &refusing)));
  out.Set("refusedWrites", refusing.writes);
  Sink raw_refusing;
  raw_refusing.refuse = true;
  out.Set("rawRefused", Last(nullptr, OH_JSVM_TakeRawHeapSnapshot(s.vm, SinkStream, &raw_refusing)));
  out.Set("rawRefusedWrites", raw_refusing.writes);
  // From inside a GC (a GC handler): refused, not a crash.
  g_gc_snapshot_calls = 0;
  OH_JSVM_AddHandlerForGC(s.vm, JSVM_CB_TRIGGER_AFTER_GC, SnapshotInGC, JSVM_GC_TYPE_ALL, nullptr);
  s.Eval("let junk; for (let i = 0; i < 300000; i++) junk = new Array(16); 1");
  OH_JSVM_RemoveHandlerForGC(s.vm, JSVM_CB_TRIGGER_AFTER_GC, SnapshotInGC, nullptr);
  out.Set("gcHandlerRan", g_gc_snapshot_calls > 0);
  out.Set("inGC", g_gc_snapshot_outcome);
}

const char* kTracedSource =
    "function jsvmTraced(x) { return { a: x, b: x * 2 }; }\n"
    "let acc = 0;\n"
    "for (let i = 0; i < 200000; ++i) acc += jsvmTraced(i).b;\n"
    "new Function('return 1')();\n"
    "acc > 0";

void Trace(const Napi::CallbackInfo&, Report& out) {
  const JSVM_TraceCategory categories[] = {JSVM_TRACE_COMPILE, JSVM_TRACE_EXECUTE};
  out.Set("start", Last(nullptr, OH_JSVM_TraceStart(2, categories, "jsvm-test", 0)));
  {
    Session s;
    out.Set("run", s.Eval(kTracedSource));
  }
  Sink sink;
  out.Set("stop", Last(nullptr, OH_JSVM_TraceStop(SinkStream, &sink)));
  out.Set("text", sink.text);
  out.Set("writes", sink.writes);
  out.Set("ends", sink.ends);
  // At most eventsCount events are kept (the last ones).
  out.Set("startLimited", Last(nullptr, OH_JSVM_TraceStart(2, categories, nullptr, 64)));
  {
    Session s;
    s.Eval(kTracedSource);
    s.Eval(kTracedSource);
  }
  Sink limited;
  out.Set("stopLimited", Last(nullptr, OH_JSVM_TraceStop(SinkStream, &limited)));
  out.Set("limitedText", limited.text);
  // No categories: the default set.
  out.Set("startDefault", Last(nullptr, OH_JSVM_TraceStart(0, nullptr, nullptr, 0)));
  {
    Session s;
    s.Eval(kTracedSource);
  }
  Sink defaults;
  out.Set("stopDefault", Last(nullptr, OH_JSVM_TraceStop(SinkStream, &defaults)));
  out.Set("defaultText", defaults.text);
}

void TraceBadInputs(const Napi::CallbackInfo&, Report& out) {
  Sink sink;
  out.Set("stopWithoutStart", Last(nullptr, OH_JSVM_TraceStop(SinkStream, &sink)));
  const JSVM_TraceCategory vm_only[] = {JSVM_TRACE_VM};
  out.Set("countWithNull", Last(nullptr, OH_JSVM_TraceStart(2, nullptr, "t", 0)));
  int bad_values[] = {JSVM_TRACE_VM, 99};
  out.Set("badCategory",
          Last(nullptr, OH_JSVM_TraceStart(2, reinterpret_cast<const JSVM_TraceCategory*>(bad_values), "t", 0)));
  int negative[] = {-1};
  out.Set("negativeCategory",
          Last(nullptr, OH_JSVM_TraceStart(1, reinterpret_cast<const JSVM_TraceCategory*>(negative), "t", 0)));
  out.Set("stopAfterRefusedStarts", Last(nullptr, OH_JSVM_TraceStop(SinkStream, &sink)));
  out.Set("start", Last(nullptr, OH_JSVM_TraceStart(1, vm_only, nullptr, 64)));
  out.Set("startTwice", Last(nullptr, OH_JSVM_TraceStart(1, vm_only, nullptr, 0)));
  out.Set("stopNullStream", Last(nullptr, OH_JSVM_TraceStop(nullptr, &sink)));
  out.Set("stopNullData", Last(nullptr, OH_JSVM_TraceStop(SinkStream, nullptr)));
  out.Set("writesBefore", sink.writes);
  {
    Session s;
    s.Eval("let junk; for (let i = 0; i < 300000; i++) junk = new Array(16); 1");
  }
  Sink refusing;
  refusing.refuse = true;
  out.Set("stopRefused", Last(nullptr, OH_JSVM_TraceStop(SinkStream, &refusing)));
  out.Set("refusedWrites", refusing.writes);
  out.Set("stopAgain", Last(nullptr, OH_JSVM_TraceStop(SinkStream, &sink)));
  // Starting again after a stop works.
  out.Set("restart", Last(nullptr, OH_JSVM_TraceStart(1, vm_only, nullptr, 0)));
  Sink again;
  out.Set("restop", Last(nullptr, OH_JSVM_TraceStop(SinkStream, &again)));
  out.Set("restopText", again.text);
}

// For child processes: run a script in a VM (JSVM_TRACE traces it), and try
// OH_JSVM_TraceStart / TraceStop.
void TraceWork(const Napi::CallbackInfo&, Report& out) {
  Session s;
  out.Set("run", s.Eval(kTracedSource));
}

void TraceStartStop(const Napi::CallbackInfo&, Report& out) {
  const JSVM_TraceCategory categories[] = {JSVM_TRACE_COMPILE};
  out.Set("start", Last(nullptr, OH_JSVM_TraceStart(1, categories, nullptr, 0)));
  Sink sink;
  out.Set("stop", Last(nullptr, OH_JSVM_TraceStop(SinkStream, &sink)));
}

// A snapshotting VM: a heap snapshot, then a blob; a blob is refused while
// a CPU profiler runs, and taken once it is stopped.
void SnapshotVm(const Napi::CallbackInfo&, Report& out) {
  JSVM_CreateVMOptions options{};
  options.isForSnapshotting = true;
  Session s(&options);
  JSVM_CpuProfiler profiler = nullptr;
  out.Set("start", Last(nullptr, OH_JSVM_StartCpuProfiler(s.vm, &profiler)));
  out.Set("run", s.Eval("globalThis.kept = [1, 2, 3].map((x) => x * 2); kept.length"));
  Sink heap;
  out.Set("heap", Last(nullptr, OH_JSVM_TakeHeapSnapshot(s.vm, SinkStream, &heap)));
  OH_JSVM_CloseEnvScope(s.env, s.env_scope);
  s.env_scope = nullptr;
  const char* blob = nullptr;
  size_t size = 0;
  out.Set("createWhileProfiling", Last(nullptr, OH_JSVM_CreateSnapshot(s.vm, 1, &s.env, &blob, &size)));
  Sink sink;
  out.Set("stop", Last(nullptr, OH_JSVM_StopCpuProfiler(s.vm, profiler, SinkStream, &sink)));
  out.Set("create", Last(nullptr, OH_JSVM_CreateSnapshot(s.vm, 1, &s.env, &blob, &size)));
  std::free(const_cast<char*>(blob));
  out.Set("heapAfter", Last(nullptr, OH_JSVM_TakeHeapSnapshot(s.vm, SinkStream, &sink)));
  out.Set("startAfter", Last(nullptr, OH_JSVM_StartCpuProfiler(s.vm, &profiler)));
}

// A trace left running across calls (with Node's trace_events in between).
void TraceStartOnly(const Napi::CallbackInfo&, Report& out) {
  const JSVM_TraceCategory categories[] = {JSVM_TRACE_VM};
  out.Set("start", Last(nullptr, OH_JSVM_TraceStart(1, categories, nullptr, 0)));
}

void TraceStopOnly(const Napi::CallbackInfo&, Report& out) {
  Sink sink;
  out.Set("stop", Last(nullptr, OH_JSVM_TraceStop(SinkStream, &sink)));
  out.Set("text", sink.text);
}

}  // namespace

void RegisterProfiler(Napi::Env env, Napi::Object exports) {
  exports.Set("profilerCpu", Scenario(env, CpuProfile));
  exports.Set("profilerCpuBadInputs", Scenario(env, CpuProfileBadInputs));
  exports.Set("profilerHeap", Scenario(env, HeapSnapshot));
  exports.Set("profilerHeapBadInputs", Scenario(env, HeapSnapshotBadInputs));
  exports.Set("profilerTrace", Scenario(env, Trace));
  exports.Set("profilerTraceBadInputs", Scenario(env, TraceBadInputs));
  exports.Set("profilerTraceWork", Scenario(env, TraceWork));
  exports.Set("profilerTraceStartStop", Scenario(env, TraceStartStop));
  exports.Set("profilerSnapshotVm", Scenario(env, SnapshotVm));
  exports.Set("profilerTraceStartOnly", Scenario(env, TraceStartOnly));
  exports.Set("profilerTraceStopOnly", Scenario(env, TraceStopOnly));
}

}  // namespace harness
