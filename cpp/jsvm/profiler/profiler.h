// Profiles, heap snapshots and traces (this folder): what the rest of the
// runtime calls.
#ifndef JSVM_DESKTOP_PROFILER_H
#define JSVM_DESKTOP_PROFILER_H

#include "ark_runtime/jsvm_types.h"

namespace jsvm {

// Stops and frees the CPU profilers still running on `vm` (OH_JSVM_DestroyVM;
// call with the VM entered on this thread).
void ReleaseCpuProfilers(JSVM_VM vm);

// Whether a CPU profiler runs on `vm` (a snapshot cannot be taken then: V8
// aborts on the profiler's global handles).
bool HasCpuProfilers(JSVM_VM vm);

// Why the VM cannot be profiled or snapshotted now (NULL: it can): inside a GC
// handler or heap threshold callback (V8 is in the middle of a GC), or after
// its snapshot was taken.
const char* WhyNoHeapWork(JSVM_VM vm);

// Makes a SIGPROF that arrives after V8's CPU profiler stopped harmless. V8's
// sampler signals the sampled thread and, when the last profiler stops, puts
// back the SIGPROF disposition it found; a signal sent just before, still
// pending on a thread that was not scheduled yet, then meets SIG_DFL and ends
// the process ("Profiling timer expired"). Stopped from another thread than
// the sampled one (the inspector's dispatcher), this happened in about a third
// of the devtools-api runs on Node 24. Installs a handler that does nothing if
// SIGPROF has none (V8 saves and restores it around profiling); idempotent.
// Call before a CPU profiler can start.
void KeepLateSigprofHarmless();

// JSVM_TRACE=<file>[:category,...]: traces from OH_JSVM_Init to the exit of
// the Node environment Init was called in, into <file> (profiler/trace.cc).
// Problems are reported through HiLog; Init goes on.
void StartTraceFromEnvironment();

}  // namespace jsvm

#endif  // JSVM_DESKTOP_PROFILER_H
