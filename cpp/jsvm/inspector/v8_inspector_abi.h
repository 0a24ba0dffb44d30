// Our own declaration of the part of V8's inspector API the runtime uses, for
// the three V8s we build on: 11.3 (Node 20), 12.4 (Node 22), 13.6 (Node 24).
//
// Node's headers do not ship V8's inspector header, but the node binary
// exports the inspector's symbols, so the runtime declares what it needs here
// and links against node as it does for the rest of V8.
//
// ABI rules this file keeps (checked against the vtables in the node binaries,
// e.g. `vtable for v8_inspector::V8InspectorImpl` or
// `vtable for node::inspector::NodeInspectorClient`, read from each line's
// symbol table: 11.3.244, 12.4.254, 13.6.233):
//   - classes we subclass (V8InspectorClient, V8Inspector::Channel) declare
//     every virtual function of V8's class, in V8's order, with V8's exact
//     parameter and return types: V8 may call any slot;
//   - classes we only call through (V8Inspector, V8InspectorSession,
//     StringBuffer) declare their virtual functions in V8's order up to the
//     last one we call; slots we never call are declared with placeholder
//     types of the same calling convention (never called, never overridden);
//   - StringView and V8ContextInfo have V8's exact layout (the same on all
//     three).
// Where the lines differ, JSVM_V8_AT_LEAST picks the layout. The thresholds
// separate the versions we check (11.3 / 12.4 / 13.6); V8 may have made the
// change at any minor version in between.
// A wrong slot is silent misbehaviour, not a link error: every path is tested.
#ifndef JSVM_DESKTOP_V8_INSPECTOR_ABI_H
#define JSVM_DESKTOP_V8_INSPECTOR_ABI_H

#include <v8-version.h>
#include <v8.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#ifndef JSVM_V8_AT_LEAST
#define JSVM_V8_AT_LEAST(major, minor) \
  (V8_MAJOR_VERSION > (major) || (V8_MAJOR_VERSION == (major) && V8_MINOR_VERSION >= (minor)))
#endif

namespace v8_inspector {

// A view of 8-bit (Latin-1 / UTF-8 JSON) or 16-bit (UTF-16) characters.
// Layout: the 8-bit flag, the length, then one pointer.
class StringView {
 public:
  StringView() : is_8bit_(true), length_(0), chars8_(nullptr) {}
  StringView(const uint8_t* chars, size_t length) : is_8bit_(true), length_(length), chars8_(chars) {}
  StringView(const uint16_t* chars, size_t length) : is_8bit_(false), length_(length), chars16_(chars) {}
  bool is8Bit() const { return is_8bit_; }
  size_t length() const { return length_; }
  const uint8_t* characters8() const { return chars8_; }
  const uint16_t* characters16() const { return chars16_; }

 private:
  bool is_8bit_;
  size_t length_;
  union {
    const uint8_t* chars8_;
    const uint16_t* chars16_;
  };
};

// Owned text V8 hands over (protocol responses and notifications).
class StringBuffer {
 public:
  virtual ~StringBuffer() = default;
  virtual StringView string() const = 0;
};

// What contextCreated is told about a context. Same fields, same order as V8's.
class V8ContextInfo {
 public:
  V8ContextInfo(v8::Local<v8::Context> context_in, int group_id, StringView name)
      : context(context_in), contextGroupId(group_id), humanReadableName(name), hasMemoryOnConsole(false) {}
  v8::Local<v8::Context> context;
  int contextGroupId;  // non-zero
  StringView humanReadableName;
  StringView origin;
  StringView auxData;  // JSON, e.g. {"isDefault":true}
  bool hasMemoryOnConsole;
  V8ContextInfo(const V8ContextInfo&) = delete;
  V8ContextInfo& operator=(const V8ContextInfo&) = delete;
};

// Opaque types that only appear in signatures.
class V8StackTrace;
struct V8StackTraceId;
// Only ever returned as NULL by our client; complete so that its unique_ptr
// compiles (V8's own definition is never used here).
#if JSVM_V8_AT_LEAST(12, 0)
struct DeepSerializationResult {};
#else
class WebDriverValue {};
#endif

// One debugging session (one client), made by V8Inspector::connect.
// 12.4 and 13.6 have no initializeCommandLineAPIScope (11.3's slot 6): every
// later slot is one lower there.
class V8InspectorSession {
 public:
  virtual ~V8InspectorSession() = default;
  // Slot 2: addInspectedObject(std::unique_ptr<Inspectable>) - never called.
  virtual void addInspectedObject_unused(void*) = 0;
  // Slot 3: one CDP message (JSON).
  virtual void dispatchProtocolMessage(StringView message) = 0;
  // state(), supportedDomains() and (11.3 only) initializeCommandLineAPIScope(int):
  // never called (they return class types by hidden pointer, hence void*).
  virtual void state_unused(void*) = 0;
  virtual void supportedDomains_unused(void*) = 0;
#if !JSVM_V8_AT_LEAST(12, 0)
  virtual void initializeCommandLineAPIScope_unused(void*, int) = 0;
#endif
  // Pause before the next statement runs.
  virtual void schedulePauseOnNextStatement(StringView reason, StringView details) = 0;
  virtual void cancelPauseOnNextStatement() = 0;
  virtual void breakProgram(StringView reason, StringView details) = 0;
  virtual void setSkipAllPauses(bool skip) = 0;
  // Resume a paused VM (setTerminateOnResume: terminate instead).
  virtual void resume(bool terminate_on_resume) = 0;
};

// What V8 calls back into the embedder for. Every slot, in order, per line:
//   - 12.4 and 13.6 replace serializeToWebDriverValue(value, depth) with
//     deepSerialize(value, depth, extra parameters) in the same slot;
//   - 13.6's console timers take the isolate and the label as a V8 string
//     rather than a StringView, and a slot for console.timeStamp with
//     arguments follows them (so currentTimeMS and later are one slot higher).
class V8InspectorClient {
 public:
  virtual ~V8InspectorClient() = default;
  virtual void runMessageLoopOnPause(int group_id) {}
  virtual void runMessageLoopOnInstrumentationPause(int group_id) { runMessageLoopOnPause(group_id); }
  virtual void quitMessageLoopOnPause() {}
  virtual void runIfWaitingForDebugger(int group_id) {}
  virtual void muteMetrics(int group_id) {}
  virtual void unmuteMetrics(int group_id) {}
  virtual void beginUserGesture() {}
  virtual void endUserGesture() {}
#if JSVM_V8_AT_LEAST(12, 0)
  virtual std::unique_ptr<DeepSerializationResult> deepSerialize(v8::Local<v8::Value>, int max_depth,
                                                                 v8::Local<v8::Object> additional_parameters) {
    return nullptr;
  }
#else
  virtual std::unique_ptr<WebDriverValue> serializeToWebDriverValue(v8::Local<v8::Value>, int max_depth) {
    return nullptr;
  }
#endif
  virtual std::unique_ptr<StringBuffer> valueSubtype(v8::Local<v8::Value>) { return nullptr; }
  virtual std::unique_ptr<StringBuffer> descriptionForValueSubtype(v8::Local<v8::Context>, v8::Local<v8::Value>) {
    return nullptr;
  }
  virtual bool isInspectableHeapObject(v8::Local<v8::Object>) { return true; }
  virtual v8::Local<v8::Context> ensureDefaultContextInGroup(int group_id) { return v8::Local<v8::Context>(); }
  virtual void beginEnsureAllContextsInGroup(int group_id) {}
  virtual void endEnsureAllContextsInGroup(int group_id) {}
  virtual void installAdditionalCommandLineAPI(v8::Local<v8::Context>, v8::Local<v8::Object>) {}
  virtual void consoleAPIMessage(int group_id, v8::Isolate::MessageErrorLevel level, const StringView& message,
                                 const StringView& url, unsigned line, unsigned column, V8StackTrace* trace) {}
  virtual v8::MaybeLocal<v8::Value> memoryInfo(v8::Isolate*, v8::Local<v8::Context>) {
    return v8::MaybeLocal<v8::Value>();
  }
#if JSVM_V8_AT_LEAST(13, 0)
  virtual void consoleTime(v8::Isolate*, v8::Local<v8::String> label) {}
  virtual void consoleTimeEnd(v8::Isolate*, v8::Local<v8::String> label) {}
  virtual void consoleTimeStamp(v8::Isolate*, v8::Local<v8::String> label) {}
  virtual void consoleTimeStampWithArgs(v8::Isolate*, v8::Local<v8::String> label,
                                        const v8::LocalVector<v8::Value>& args) {}
#else
  virtual void consoleTime(const StringView& title) {}
  virtual void consoleTimeEnd(const StringView& title) {}
  virtual void consoleTimeStamp(const StringView& title) {}
#endif
  virtual void consoleClear(int group_id) {}
  virtual double currentTimeMS() { return 0; }
  using TimerCallback = void (*)(void*);
  virtual void startRepeatingTimer(double seconds, TimerCallback callback, void* data) {}
  virtual void cancelTimer(void* data) {}
  virtual bool canExecuteScripts(int group_id) { return true; }
  virtual void maxAsyncCallStackDepthChanged(int depth) {}
  virtual std::unique_ptr<StringBuffer> resourceNameToUrl(const StringView& resource_name) { return nullptr; }
  virtual int64_t generateUniqueId() { return 0; }
  virtual void dispatchError(v8::Local<v8::Context>, v8::Local<v8::Message>, v8::Local<v8::Value>) {}
};

// The isolate's inspector (one per isolate).
class V8Inspector {
 public:
  // Exported by node (default visibility: the runtime is built with hidden).
  __attribute__((visibility("default"))) static std::unique_ptr<V8Inspector> create(v8::Isolate* isolate, V8InspectorClient* client);
  virtual ~V8Inspector() = default;

  // Slots 2-3: contexts coming and going.
  virtual void contextCreated(const V8ContextInfo& info) = 0;
  virtual void contextDestroyed(v8::Local<v8::Context> context) = 0;
  // Never called: resetContextGroup, contextById, uniqueDebuggerId, (13.6
  // only) isolateId, idleStarted, idleFinished, asyncTaskScheduled,
  // asyncTaskCanceled, asyncTaskStarted, asyncTaskFinished,
  // allAsyncTasksCanceled, storeCurrentStackTrace, externalAsyncTaskStarted,
  // externalAsyncTaskFinished, exceptionThrown, exceptionRevoked,
  // associateExceptionData: slots 4-19 on 11.3 and 12.4, 4-20 on 13.6.
  virtual void unused4() = 0;
  virtual void unused5() = 0;
  virtual void unused6() = 0;
#if JSVM_V8_AT_LEAST(13, 0)
  virtual void unused_isolate_id() = 0;
#endif
  virtual void unused7() = 0;
  virtual void unused8() = 0;
  virtual void unused9() = 0;
  virtual void unused10() = 0;
  virtual void unused11() = 0;
  virtual void unused12() = 0;
  virtual void unused13() = 0;
  virtual void unused14() = 0;
  virtual void unused15() = 0;
  virtual void unused16() = 0;
  virtual void unused17() = 0;
  virtual void unused18() = 0;
  virtual void unused19() = 0;

  // Where protocol output goes (one per session).
  class Channel {
   public:
    virtual ~Channel() = default;
    virtual void sendResponse(int call_id, std::unique_ptr<StringBuffer> message) = 0;
    virtual void sendNotification(std::unique_ptr<StringBuffer> message) = 0;
    virtual void flushProtocolNotifications() = 0;
  };
  enum ClientTrustLevel { kUntrusted, kFullyTrusted };
  enum SessionPauseState { kWaitingForDebugger, kNotWaitingForDebugger };
  // Slot 20 (21 on 13.6).
  virtual std::unique_ptr<V8InspectorSession> connect(int group_id, Channel* channel, StringView state,
                                                      ClientTrustLevel trust, SessionPauseState pause_state) = 0;
};

}  // namespace v8_inspector

#endif  // JSVM_DESKTOP_V8_INSPECTOR_ABI_H
