// Tracing: OH_JSVM_TraceStart, OH_JSVM_TraceStop, and JSVM_TRACE.
//
// V8's trace events go to the process's tracing controller, which is Node's
// (node::tracing::TracingController, a v8::platform::tracing::TracingController).
// Node's tracing agent gives it no trace buffer until Node's own tracing starts
// (--trace-event-categories, the trace_events module), so a trace of ours
// gives it one: a ring buffer keeping the last eventsCount events, over V8's
// JSON trace writer into a string of ours. Stopping flushes the buffer into the
// writer and closes the JSON: the text is Chrome's trace-event format
// ({"traceEvents":[...]}), which Perfetto and chrome://tracing load. The
// stopped buffer stays with the controller until the next trace replaces it:
// V8's background threads read the controller's buffer pointer without a
// lock, so it is never deleted while one of them might be adding an event
// (Node's agent keeps its own buffer the same way). It goes to the user's stream in one call (the docs'
// example keeps what a single call gives it).
//
// Node's own tracing owns the controller while it runs: TraceStart is refused
// then (and when Node was started with its tracing flags); if Node's tracing
// starts during ours, it takes the controller and TraceStop says the trace is
// lost.
#include <libplatform/v8-tracing.h>
#include <dlfcn.h>
#include <node.h>
#include <unistd.h>

#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <memory>
#include <mutex>
#include <sstream>
#include <string>
#include <vector>

#include "common/internal.h"
#include "hilog/log.h"
#include "platform/platform.h"
#include "profiler/output.h"
#include "profiler/profiler.h"

using jsvm::SetThreadError;
namespace tracing = v8::platform::tracing;

namespace jsvm {
namespace {

// The V8 11.3 categories each JSVM_TraceCategory turns on (measured with
// node --trace-event-categories: V8's compiler traces under
// disabled-by-default-v8.compile, interrupts and microtasks under v8.execute,
// external callbacks under disabled-by-default-v8.runtime). The device's newer
// V8 names are kept beside them for the events that use those.
struct CategoryNames {
  const char* name;  // JSVM_TRACE's spelling
  std::vector<const char*> v8;
};
const CategoryNames kCategories[] = {
    /* JSVM_TRACE_VM */ {"vm", {"v8"}},
    /* JSVM_TRACE_COMPILE */ {"compile", {"v8.compile", "disabled-by-default-v8.compile"}},
    /* JSVM_TRACE_EXECUTE */ {"execute", {"v8.execute"}},
    /* JSVM_TRACE_RUNTIME */ {"runtime", {"v8.runtime", "disabled-by-default-v8.runtime"}},
    /* JSVM_TRACE_STACK_TRACE */ {"stack_trace", {"v8.stack_trace", "disabled-by-default-v8.stack_trace"}},
    /* JSVM_TRACE_WASM */ {"wasm", {"v8.wasm"}},
    /* JSVM_TRACE_WASM_DETAILED */ {"wasm_detailed", {"v8.wasm.detailed", "disabled-by-default-v8.wasm.detailed"}},
};
constexpr int kCategoryCount = sizeof(kCategories) / sizeof(kCategories[0]);
static_assert(kCategoryCount == JSVM_TRACE_WASM_DETAILED + 1, "one entry per JSVM_TraceCategory");

// count 0: the main categories.
const int kDefaultCategories[] = {JSVM_TRACE_VM, JSVM_TRACE_COMPILE, JSVM_TRACE_EXECUTE, JSVM_TRACE_RUNTIME};

// eventsCount 0 keeps the last kDefaultEvents events; more than kMaxEvents are
// kept as kMaxEvents (the buffer's chunk table is allocated up front).
constexpr size_t kDefaultEvents = 256 * 1024;
constexpr size_t kMaxEvents = 16 * 1024 * 1024;

struct TraceSession {
  std::ostringstream* text;  // the JSON writer's output (see g_installed_text)
  bool has_tag = false;
  std::string tag;
  std::string file;  // JSVM_TRACE's file; empty for OH_JSVM_TraceStart
};

std::mutex g_trace_mutex;
std::unique_ptr<TraceSession> g_session;  // the trace running, if any
// The stream of the buffer of ours the controller holds (running or stopped):
// its writer writes the JSON's end into it when the buffer is deleted (by our
// next trace, by Node's tracing, or at exit with the platform), so it lives
// until our next trace has replaced that buffer.
std::ostringstream* g_installed_text = nullptr;

// The process's tracing controller as the libplatform class Node derives its
// own from, or NULL (with `why`). There is no RTTI to ask: the object's vtable
// is checked to be one of those two classes' (both exported by node) before
// the cast.
tracing::TracingController* Controller(const char** why) {
  node::MultiIsolatePlatform* platform = Platform();
  if (platform == nullptr) {
    *why = "call OH_JSVM_Init first";
    return nullptr;
  }
  v8::TracingController* controller = platform->GetTracingController();
  Dl_info info{};
  const void* vtable = controller != nullptr ? *reinterpret_cast<void* const*>(controller) : nullptr;
  if (vtable == nullptr || dladdr(vtable, &info) == 0 || info.dli_sname == nullptr ||
      (std::strcmp(info.dli_sname, "_ZTVN4node7tracing17TracingControllerE") != 0 &&
       std::strcmp(info.dli_sname, "_ZTVN2v88platform7tracing17TracingControllerE") != 0)) {
    *why = "the process's V8 tracing controller is not Node's: tracing is not available";
    return nullptr;
  }
  return static_cast<tracing::TracingController*>(controller);
}

bool HasNodeTraceFlag(const std::string& arg) {
  return arg.rfind("--trace-event-categories", 0) == 0 || arg.rfind("--trace-events-enabled", 0) == 0 ||
         arg.rfind("--trace_event_categories", 0) == 0 || arg.rfind("--trace_events_enabled", 0) == 0;
}

// Node traces itself: started with its tracing flags (command line or
// NODE_OPTIONS), or recording now (the trace_events module, the inspector).
bool NodeTraces(tracing::TracingController* controller) {
  std::ifstream cmdline("/proc/self/cmdline", std::ios::binary);
  std::string arg;
  while (std::getline(cmdline, arg, '\0')) {
    if (HasNodeTraceFlag(arg)) return true;
  }
  if (const char* options = std::getenv("NODE_OPTIONS")) {
    std::istringstream words(options);
    while (words >> arg) {
      if (HasNodeTraceFlag(arg)) return true;
    }
  }
  // An observer added while recording is told so at once.
  struct Probe : v8::TracingController::TraceStateObserver {
    bool recording = false;
    void OnTraceEnabled() override { recording = true; }
    void OnTraceDisabled() override {}
  } probe;
  controller->AddTraceStateObserver(&probe);
  controller->RemoveTraceStateObserver(&probe);
  return probe.recording;
}

// Starts a trace of `categories` (valid values). Call with g_trace_mutex held.
JSVM_Status Start(const std::vector<int>& categories, const char* tag, size_t events, std::string file) {
  if (g_session) {
    return SetThreadError(JSVM_GENERIC_FAILURE,
                          g_session->file.empty()
                              ? "tracing is already started: call OH_JSVM_TraceStop first"
                              : "tracing is already started by JSVM_TRACE (it ends when the process exits)");
  }
  const char* why = nullptr;
  tracing::TracingController* controller = Controller(&why);
  if (controller == nullptr) return SetThreadError(JSVM_GENERIC_FAILURE, why);
  if (NodeTraces(controller)) {
    return SetThreadError(JSVM_GENERIC_FAILURE,
                          "Node's own tracing is on (--trace-event-categories, --trace-events-enabled or the "
                          "trace_events module): V8's trace events cannot go to both");
  }
  auto session = std::make_unique<TraceSession>();
  auto text = std::make_unique<std::ostringstream>();
  session->text = text.get();
  session->has_tag = tag != nullptr;
  if (tag != nullptr) session->tag = tag;
  session->file = std::move(file);
  if (events == 0) events = kDefaultEvents;
  if (events > kMaxEvents) events = kMaxEvents;
  const size_t chunks = (events + tracing::TraceBufferChunk::kChunkSize - 1) / tracing::TraceBufferChunk::kChunkSize;
  // The buffer owns the writer; the controller owns the buffer (deleting the
  // previous one, whose stream can go then) and the config.
  controller->Initialize(tracing::TraceBuffer::CreateTraceBufferRingBuffer(
      chunks, tracing::TraceWriter::CreateJSONTraceWriter(*text)));
  delete g_installed_text;
  g_installed_text = text.release();
  auto* config = new tracing::TraceConfig();
  for (int category : categories) {
    for (const char* name : kCategories[category].v8) config->AddIncludedCategory(name);
  }
  controller->StartTracing(config);
  g_session = std::move(session);
  return JSVM_OK;
}

// What V8's JSON writer writes when it is made; until the buffer is flushed
// or deleted, the text is exactly this.
constexpr char kJsonPrefix[] = "{\"traceEvents\":[";

// Ends the trace; returns its JSON text, or false when Node's own tracing
// took the controller over meanwhile (it gave the controller a buffer of its
// own, deleting ours: that one is Node's to stop and delete, and our events
// are gone). Call with g_trace_mutex held and a session running.
bool Stop(std::string* result) {
  const char* why = nullptr;
  tracing::TracingController* controller = Controller(&why);
  std::unique_ptr<TraceSession> session = std::move(g_session);
  if (session->text->str() != kJsonPrefix) return false;
  if (controller != nullptr) controller->StopTracing();  // flushes the buffer into the writer
  std::string& text = *result;
  // The writer writes "]}" only when it is deleted with the buffer: the JSON
  // is closed here, and the stream is emptied for that later write.
  text = session->text->str() + "]}";
  session->text->str(std::string());
  // The tag rides in the trace's metadata dictionary, which viewers keep.
  if (session->has_tag && text.size() >= 2 && text.back() == '}') {
    text.pop_back();
    text += ",\"metadata\":{\"jsvm-tag\":";
    AppendJsonString(&text, session->tag.c_str());
    text += "}}";
  }
  return true;
}

void Log(const std::string& text) {
  OH_LOG_Print(LOG_APP, LOG_ERROR, 0x3F00, "JSVM", "%{public}s", text.c_str());
}

// The end of a JSVM_TRACE trace: the Node environment is exiting (normal end
// or process.exit()), while the platform still lives.
void FinishFileTrace(void*) {
  std::lock_guard<std::mutex> lock(g_trace_mutex);
  if (!g_session || g_session->file.empty()) return;
  const std::string file = g_session->file;
  std::string text;
  if (!Stop(&text)) {
    Log("JSVM_TRACE: Node's own tracing took V8's tracing controller over: the trace is lost");
    return;
  }
  std::FILE* out = std::fopen(file.c_str(), "wb");
  if (out == nullptr || std::fwrite(text.data(), 1, text.size(), out) != text.size()) {
    Log("JSVM_TRACE: could not write the trace to " + file);
  }
  if (out != nullptr) std::fclose(out);
}

// JSVM_TRACE's category list ("compile,execute"), names as in kCategories.
bool ParseCategoryList(const std::string& list, std::vector<int>* categories) {
  std::istringstream names(list);
  std::string name;
  while (std::getline(names, name, ',')) {
    int found = -1;
    for (int i = 0; i < kCategoryCount; ++i) {
      if (name == kCategories[i].name) found = i;
    }
    if (found < 0) return false;
    categories->push_back(found);
  }
  return !categories->empty();
}

}  // namespace

void StartTraceFromEnvironment() {
  const char* value = std::getenv("JSVM_TRACE");
  if (value == nullptr || *value == '\0') return;
  std::string file = value;
  std::vector<int> categories;
  // "<file>:<list>" when what follows the last ':' is a category list.
  const size_t colon = file.rfind(':');
  if (colon != std::string::npos && ParseCategoryList(file.substr(colon + 1), &categories)) {
    file.resize(colon);
  } else {
    categories.assign(std::begin(kDefaultCategories), std::end(kDefaultCategories));
  }
  if (file.empty()) {
    Log("JSVM_TRACE names no file: nothing is traced");
    return;
  }
  // The trace ends with the Node environment OH_JSVM_Init was called in.
  v8::Isolate* isolate = v8::Isolate::TryGetCurrent();
  node::Environment* env = nullptr;
  if (isolate != nullptr && isolate->InContext()) env = node::GetCurrentEnvironment(isolate->GetCurrentContext());
  if (env == nullptr) {
    Log("JSVM_TRACE: OH_JSVM_Init was not called inside a Node environment: nothing is traced");
    return;
  }
  std::lock_guard<std::mutex> lock(g_trace_mutex);
  if (Start(categories, "JSVM_TRACE", 0, file) != JSVM_OK) {
    Log("JSVM_TRACE: tracing could not start (is Node tracing itself?): nothing is traced");
    return;
  }
  node::AtExit(env, FinishFileTrace, nullptr);
}

}  // namespace jsvm

JSVM_Status OH_JSVM_TraceStart(size_t count, const JSVM_TraceCategory* categories, const char* tag,
                               size_t eventsCount) try {
  JSVM_ENTRY_PROCESS();  // categories may be NULL when count is 0; tag may be NULL
  if (count > 0 && categories == nullptr) {
    return SetThreadError(JSVM_INVALID_ARG, "categories is NULL but count is " + std::to_string(count));
  }
  std::vector<int> chosen;
  for (size_t i = 0; i < count; ++i) {
    const int value = jsvm::EnumArg(categories[i]);
    if (value < 0 || value >= jsvm::kCategoryCount) {
      return SetThreadError(JSVM_INVALID_ARG, "categories[" + std::to_string(i) + "] (" + std::to_string(value) +
                                                  ") is not a JSVM_TraceCategory");
    }
    chosen.push_back(value);
  }
  if (count == 0) chosen.assign(std::begin(jsvm::kDefaultCategories), std::end(jsvm::kDefaultCategories));
  std::lock_guard<std::mutex> lock(jsvm::g_trace_mutex);
  JSVM_RETURN_IF_NOT_OK(jsvm::Start(chosen, tag, eventsCount, std::string()));
  return SetThreadError(JSVM_OK);
} JSVM_EXIT_THREAD

JSVM_Status OH_JSVM_TraceStop(JSVM_OutputStream stream, void* streamData) try {
  JSVM_ENTRY_PROCESS(stream, streamData);  // the docs: either NULL is JSVM_INVALID_ARG
  std::string text;
  {
    std::lock_guard<std::mutex> lock(jsvm::g_trace_mutex);
    if (!jsvm::g_session) return SetThreadError(JSVM_GENERIC_FAILURE, "tracing is not started: call OH_JSVM_TraceStart first");
    if (!jsvm::g_session->file.empty()) {
      return SetThreadError(JSVM_GENERIC_FAILURE,
                            "the trace running was started by JSVM_TRACE: it is written to " + jsvm::g_session->file +
                                " when the process exits");
    }
    if (!jsvm::Stop(&text)) {
      return SetThreadError(JSVM_GENERIC_FAILURE,
                            "Node's own tracing (the trace_events module or the inspector) took V8's tracing "
                            "controller over after OH_JSVM_TraceStart: this trace is lost");
    }
  }
  // Outside the lock: the stream may start another trace.
  jsvm::UserStream out(stream, streamData, "the output stream (OH_JSVM_TraceStop)");
  if (!out.Write(text.data(), text.size())) {
    return SetThreadError(JSVM_GENERIC_FAILURE, "the output stream returned false (or threw): the trace was not taken in full");
  }
  return SetThreadError(JSVM_OK);
} JSVM_EXIT_THREAD
