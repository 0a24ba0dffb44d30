// The inspector's V8 glue: hosts (one V8Inspector per VM), agents (one per env
// with an open inspector), sessions, and where messages are dispatched (the
// threading is described in agent.h).
#include "inspector/agent.h"

#include <hilog/log.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <random>
#include <thread>
#include <vector>

#include "common/internal.h"
#include "inspector/discovery.h"
#include "inspector/server.h"
#include "inspector/v8_inspector_abi.h"
#include "platform/platform.h"
#include "profiler/profiler.h"

namespace jsvm {
namespace inspector {

namespace {

// UTF-8 <-> UTF-16 for protocol text (V8 takes and gives either width).
std::u16string Utf8ToUtf16(const std::string& in) {
  std::u16string out;
  out.reserve(in.size());
  for (size_t i = 0; i < in.size();) {
    unsigned char c = static_cast<unsigned char>(in[i]);
    uint32_t cp;
    size_t extra;
    if (c < 0x80) {
      out.push_back(c);
      ++i;
      continue;
    } else if ((c >> 5) == 6) {
      cp = c & 0x1F, extra = 1;
    } else if ((c >> 4) == 14) {
      cp = c & 0x0F, extra = 2;
    } else if ((c >> 3) == 30) {
      cp = c & 0x07, extra = 3;
    } else {
      out.push_back(0xFFFD);
      ++i;
      continue;
    }
    if (i + extra >= in.size()) {  // truncated sequence
      out.push_back(0xFFFD);
      break;
    }
    bool bad = false;
    for (size_t k = 1; k <= extra; ++k) {
      unsigned char d = static_cast<unsigned char>(in[i + k]);
      if ((d >> 6) != 2) {
        bad = true;
        break;
      }
      cp = (cp << 6) | (d & 0x3F);
    }
    if (bad) {
      out.push_back(0xFFFD);
      ++i;
      continue;
    }
    i += extra + 1;
    if (cp >= 0x10000) {
      cp -= 0x10000;
      out.push_back(static_cast<char16_t>(0xD800 + (cp >> 10)));
      out.push_back(static_cast<char16_t>(0xDC00 + (cp & 0x3FF)));
    } else {
      out.push_back(static_cast<char16_t>(cp));
    }
  }
  return out;
}

std::string ViewToUtf8(const v8_inspector::StringView& view) {
  if (view.is8Bit()) {
    // V8's 8-bit protocol output is JSON text already (ASCII / UTF-8).
    return std::string(reinterpret_cast<const char*>(view.characters8()), view.length());
  }
  std::string out;
  out.reserve(view.length());
  const uint16_t* s = view.characters16();
  for (size_t i = 0; i < view.length(); ++i) {
    uint32_t cp = s[i];
    if (cp >= 0xD800 && cp <= 0xDBFF && i + 1 < view.length() && s[i + 1] >= 0xDC00 && s[i + 1] <= 0xDFFF) {
      cp = 0x10000 + ((cp - 0xD800) << 10) + (s[i + 1] - 0xDC00);
      ++i;
    } else if (cp >= 0xD800 && cp <= 0xDFFF) {
      cp = 0xFFFD;
    }
    if (cp < 0x80) {
      out.push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
      out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
      out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
      out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
      out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
      out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
  }
  return out;
}

v8_inspector::StringView View(const std::string& s) {
  return v8_inspector::StringView(reinterpret_cast<const uint8_t*>(s.data()), s.size());
}

std::string NewTargetId() {
  std::random_device random;
  std::mt19937_64 generator((static_cast<uint64_t>(random()) << 32) ^ random());
  const char* hex = "0123456789abcdef";
  std::string id = "xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx";
  for (char& c : id) {
    if (c == 'x') c = hex[generator() & 15];
    if (c == 'y') c = hex[8 | (generator() & 3)];
  }
  return id;
}

// A queued input for the VM: a client connected, sent a message, or left.
struct Event {
  enum Kind { kConnect, kMessage, kDisconnect } kind;
  int group;
  int connection;
  std::string text;
};

// What the IO threads, the dispatcher thread and the locking threads share.
// Held by shared_ptr: a dispatcher thread left waiting for the lock when its
// host closes (agent.h) still reads it.
struct Shared {
  std::mutex mutex;
  std::condition_variable wake;  // an event was queued, or closing
  std::deque<Event> events;
  bool closing = false;
  bool acquiring = false;  // the dispatcher is between its idle check and holding the lock
  // An interrupt is requested and not served yet: one is enough for any
  // number of messages (V8 queues each request).
  std::atomic<bool> interrupt_requested{false};
  // The dispatcher thread stopped at a message only a thread that runs the
  // VM's JS may dispatch (ThreadBound); it waits for the queue to change.
  bool parked = false;
  std::thread::id dispatcher_id;
};

// V8's CPU profiler samples the thread that starts it (its sampler records
// pthread_self() when profiling starts). Started on the dispatcher thread, a
// profile would sample a thread that runs no JS; so Profiler.start waits, with
// every message queued after it, for a thread that runs the VM's JS: an
// interrupt (a), a pause (b) or OH_JSVM_PumpMessageLoop (d).
bool ThreadBound(const Event& event) {
  if (event.kind != Event::kMessage) return false;
  size_t method = event.text.find("\"method\"");
  if (method == std::string::npos) return false;
  size_t value = event.text.find('"', event.text.find(':', method));
  return value != std::string::npos && event.text.compare(value, 16, "\"Profiler.start\"") == 0;
}

std::mutex g_registry_mutex;
std::map<intptr_t, Host*> g_hosts;  // by id, the interrupt callback's data
intptr_t g_next_host_id = 1;
// Dispatcher threads left waiting for a lock (agent.h), by isolate. Never
// destroyed: a thread still listed at exit must not terminate the process.
auto* g_orphans = new std::multimap<v8::Isolate*, std::thread>();

std::atomic<int> g_next_group{1};

}  // namespace

class Session;

class Agent : public ServerDelegate {
 public:
  Agent(Host* host, JSVM_Env env, TargetInfo target) : host_(host), env_(env), server_(this, std::move(target)) {}
  ~Agent() override;

  void OnConnect(int connection) override { Queue(Event::kConnect, connection, std::string()); }
  void OnMessage(int connection, std::string message) override {
    Queue(Event::kMessage, connection, std::move(message));
  }
  void OnDisconnect(int connection) override { Queue(Event::kDisconnect, connection, std::string()); }

  void Queue(Event::Kind kind, int connection, std::string text);

  Host* host_;
  JSVM_Env env_;
  int group_ = g_next_group++;
  Server server_;
  std::string title_;
  std::string discovery_path_;
  std::map<int, std::unique_ptr<Session>> sessions_;
  std::atomic<bool> closing_{false};
  bool waiting_ = false;   // in OH_JSVM_WaitForDebugger
  bool released_ = false;  // Runtime.runIfWaitingForDebugger arrived
  // OH_JSVM_WaitForDebugger(breakNextLine): pause at the next JS this env runs
  // (see BreakOnStart).
  bool break_on_start_ = false;
  std::string instrumentation_id_;  // the breakpoint BreakOnStart set
};

// One client: V8's session and the channel its output goes through.
// Commands the runtime itself sends through a session (BreakOnStart) carry
// ids from here up; their responses are not the client's.
constexpr int kInternalCallId = 1 << 30;

class Session : public v8_inspector::V8Inspector::Channel {
 public:
  Session(Agent* agent, int connection) : agent_(agent), connection_(connection) {}
  void sendResponse(int call_id, std::unique_ptr<v8_inspector::StringBuffer> message) override {
    std::string text = ViewToUtf8(message->string());
    if (call_id >= kInternalCallId) {
      // setInstrumentationBreakpoint's answer names the breakpoint to remove later.
      size_t at = text.find("\"breakpointId\":\"");
      if (at != std::string::npos) {
        at += 16;
        agent_->instrumentation_id_ = text.substr(at, text.find('"', at) - at);
      }
      return;
    }
    agent_->server_.Send(connection_, std::move(text));
  }
  void sendNotification(std::unique_ptr<v8_inspector::StringBuffer> message) override {
    std::string text = ViewToUtf8(message->string());
    // The instrumentation pause BreakOnStart uses is the runtime's, not the client's.
    if (hide_instrumentation_pause && text.find("\"method\":\"Debugger.paused\"") != std::string::npos &&
        text.find("\"reason\":\"instrumentation\"") != std::string::npos) {
      hide_instrumentation_pause = false;
      hide_resumed = true;
      return;
    }
    if (hide_resumed && text.find("\"method\":\"Debugger.resumed\"") != std::string::npos) {
      hide_resumed = false;
      return;
    }
    agent_->server_.Send(connection_, std::move(text));
  }
  void flushProtocolNotifications() override {}

  // Sends a command of the runtime's own through this session.
  void Command(const std::string& method, const std::string& params) {
    std::string text = "{\"id\":" + std::to_string(kInternalCallId + next_internal_++) + ",\"method\":\"" + method +
                       "\",\"params\":" + params + "}";
    v8_session->dispatchProtocolMessage(View(text));
  }

  std::unique_ptr<v8_inspector::V8InspectorSession> v8_session;
  bool hide_instrumentation_pause = false;
  bool hide_resumed = false;

 private:
  Agent* agent_;
  int connection_;
  int next_internal_ = 0;
};

class Host : public v8_inspector::V8InspectorClient {
 public:
  explicit Host(JSVM_VM vm) : vm_(vm), isolate_(vm->isolate), shared_(std::make_shared<Shared>()) {}

  // V8InspectorClient (the slots V8 calls that we answer).
  void runMessageLoopOnPause(int group) override;
  void quitMessageLoopOnPause() override { quit_pause_ = true; }
  void runIfWaitingForDebugger(int group) override {
    if (Agent* agent = Find(group)) agent->released_ = true;
  }
  v8::Local<v8::Context> ensureDefaultContextInGroup(int group) override {
    Agent* agent = Find(group);
    if (agent == nullptr || agent->env_->context_persistent.IsEmpty()) return v8::Local<v8::Context>();
    return v8::Local<v8::Context>::New(isolate_, agent->env_->context_persistent);
  }
  double currentTimeMS() override {
    using namespace std::chrono;
    return static_cast<double>(duration_cast<microseconds>(system_clock::now().time_since_epoch()).count()) / 1000.0;
  }

  Agent* Find(int group) {
    auto it = agents_.find(group);
    return it == agents_.end() ? nullptr : it->second;
  }
  // Dispatches queued events; the VM is entered on this thread.
  bool Dispatch();
  void Handle(Event& event);
  // Waits on the shared condition until an event is queued or `stop` says so.
  template <typename Stop>
  void WaitForEvent(Stop stop) {
    std::unique_lock<std::mutex> lock(shared_->mutex);
    shared_->wake.wait(lock, [&] { return !shared_->events.empty() || shared_->closing || stop(); });
  }
  void runMessageLoopOnInstrumentationPause(int group) override;
  void StartDispatcher();
  void StopDispatcher();
  static void OnInterrupt(v8::Isolate* isolate, void* data);

  JSVM_VM vm_;
  v8::Isolate* isolate_;
  intptr_t id_ = 0;
  std::shared_ptr<Shared> shared_;
  std::unique_ptr<v8_inspector::V8Inspector> v8_inspector_;
  std::map<int, Agent*> agents_;  // by context group
  std::thread dispatcher_;
  int dispatch_depth_ = 0;  // Dispatch calls on the stack of the thread holding the lock
  std::atomic<bool> quit_pause_{false};
};

Agent::~Agent() { server_.Stop(); }

void Agent::Queue(Event::Kind kind, int connection, std::string text) {
  std::shared_ptr<Shared> shared = host_->shared_;
  {
    std::lock_guard<std::mutex> lock(shared->mutex);
    shared->events.push_back(Event{kind, group_, connection, std::move(text)});
  }
  shared->wake.notify_all();
  // (a): the VM's thread, if it is running JS, dispatches at its next interrupt check.
  if (!shared->interrupt_requested.exchange(true)) {
    host_->isolate_->RequestInterrupt(&Host::OnInterrupt, reinterpret_cast<void*>(host_->id_));
  }
}

void Host::OnInterrupt(v8::Isolate* isolate, void* data) {
  Host* host;
  {
    std::lock_guard<std::mutex> lock(g_registry_mutex);
    auto it = g_hosts.find(reinterpret_cast<intptr_t>(data));
      if (it == g_hosts.end()) return;  // closed since
    host = it->second;
  }
  host->shared_->interrupt_requested = false;
  // The host cannot go away meanwhile: closing it takes the lock this thread holds.
  // A message arriving while another is being dispatched (JS run by
  // Runtime.evaluate) waits for that one to finish.
  if (host->dispatch_depth_ > 0) return;
  v8::HandleScope handles(isolate);
  host->Dispatch();
}

bool Host::Dispatch() {
  bool any = false;
  bool parked = false;
  ++dispatch_depth_;
  while (true) {
    Event event;
    {
      std::lock_guard<std::mutex> lock(shared_->mutex);
      if (shared_->events.empty()) break;
      if (std::this_thread::get_id() == shared_->dispatcher_id && ThreadBound(shared_->events.front())) {
        shared_->parked = parked = true;
        break;
      }
      shared_->parked = false;
      event = std::move(shared_->events.front());
      shared_->events.pop_front();
    }
    any = true;
    Handle(event);
  }
  --dispatch_depth_;
  // An interrupt served on this thread meanwhile (JS run by a command) is one
  // the VM's own thread will not get: ask again.
  if (parked && !shared_->interrupt_requested.exchange(true)) {
    isolate_->RequestInterrupt(&Host::OnInterrupt, reinterpret_cast<void*>(id_));
  }
  return any;
}

void Host::Handle(Event& event) {
  Agent* agent = Find(event.group);
  if (agent == nullptr || agent->closing_) return;
  switch (event.kind) {
    case Event::kConnect: {
      auto session = std::make_unique<Session>(agent, event.connection);
      session->v8_session =
          v8_inspector_->connect(agent->group_, session.get(), v8_inspector::StringView(),
                                 v8_inspector::V8Inspector::kFullyTrusted,
                                 v8_inspector::V8Inspector::kNotWaitingForDebugger);
      agent->sessions_[event.connection] = std::move(session);
      break;
    }
    case Event::kMessage: {
      auto it = agent->sessions_.find(event.connection);
      if (it == agent->sessions_.end() || !it->second->v8_session) return;
      std::u16string text = Utf8ToUtf16(event.text);
      it->second->v8_session->dispatchProtocolMessage(
          v8_inspector::StringView(reinterpret_cast<const uint16_t*>(text.data()), text.size()));
      break;
    }
    case Event::kDisconnect: {
      auto it = agent->sessions_.find(event.connection);
      if (it == agent->sessions_.end()) return;
      // The session is erased from the map before V8 deletes it: deleting it
      // may resume a pause, which re-enters this host.
      std::unique_ptr<Session> session = std::move(it->second);
      agent->sessions_.erase(it);
      session->v8_session.reset();
      break;
    }
  }
}

// BreakOnStart: V8 pauses "on the next statement" (schedulePauseOnNextStatement)
// only at a call made from JS, and a script run from C++ is not one. So
// breakNextLine sets an instrumentation breakpoint "beforeScriptExecution"
// through a session; when it hits, the runtime removes it and steps into the
// script, which pauses on its first statement as an ordinary pause. The client
// sees only that pause (the instrumentation pause and its resume are hidden).
void Host::runMessageLoopOnInstrumentationPause(int group) {
  Agent* agent = Find(group);
  if (agent == nullptr || !agent->break_on_start_) return runMessageLoopOnPause(group);
  agent->break_on_start_ = false;
  for (auto& [id, session] : agent->sessions_) {
    if (!session->v8_session) continue;
    session->Command("Debugger.removeInstrumentationBreakpoint",
                     "{\"breakpointId\":" + JsonString(agent->instrumentation_id_) + "}");
    session->Command("Debugger.stepInto", "{}");
    return;
  }
}

void Host::runMessageLoopOnPause(int group) {
  Agent* agent = Find(group);
  if (agent == nullptr) return;
  quit_pause_ = false;
  // (b): this thread holds the lock and waits here until a client resumes.
  while (!quit_pause_) {
    WaitForEvent([&] { return quit_pause_.load() || agent->closing_.load(); });
    if (agent->closing_ || shared_->closing) break;
    Dispatch();
    // The last client left: nobody can resume, so the VM goes on.
    if (!quit_pause_ && Find(group) == agent && agent->sessions_.empty()) break;
  }
  quit_pause_ = false;
}

void Host::StartDispatcher() {
  std::shared_ptr<Shared> shared = shared_;
  Host* host = this;
  v8::Isolate* isolate = isolate_;
  dispatcher_ = std::thread([shared, host, isolate] {
    std::unique_lock<std::mutex> lock(shared->mutex);
    shared->dispatcher_id = std::this_thread::get_id();
    while (!shared->closing) {
      if (shared->events.empty() || shared->parked) {
        shared->wake.wait(lock);
        continue;
      }
      if (isolate->IsInUse()) {
        // Entered elsewhere: (a), (b), (d) dispatch there. Look again soon,
        // for when that thread leaves the VM without dispatching.
        shared->wake.wait_for(lock, std::chrono::milliseconds(20));
        continue;
      }
      shared->acquiring = true;
      lock.unlock();
      {
        IsolateEntry entry(isolate);
        lock.lock();
        shared->acquiring = false;
        if (shared->closing) break;  // closed while we waited: `host` is gone
        lock.unlock();
        v8::HandleScope handles(isolate);
        jsvm::ForegroundTaskRunner& runner = host->vm_->delegate->runner();
        uint64_t from = runner.Mark();
        host->Dispatch();
        // Some commands finish in a task V8 posts rather than in the call
        // (since V8 12, HeapProfiler.takeHeapSnapshot and collectGarbage run
        // in a non-nestable task, without JS on the stack). The VM is idle,
        // so nobody else would run them soon: run the ones the dispatch
        // posted, here, as a thread leaving its outermost VM scope does.
        if (!host->vm_->snapshot_taken) {
          uint64_t to = runner.Mark();
          while (runner.RunOneDueTaskPostedBetween(from, to)) {
          }
        }
      }
      lock.lock();
    }
    shared->acquiring = false;
  });
}

void Host::StopDispatcher() {
  bool orphan;
  {
    std::lock_guard<std::mutex> lock(shared_->mutex);
    shared_->closing = true;
    // Waiting for the lock this thread holds: joining would deadlock.
    orphan = shared_->acquiring && v8::Locker::IsLocked(isolate_);
  }
  shared_->wake.notify_all();
  if (!dispatcher_.joinable()) return;
  if (orphan) {
    std::lock_guard<std::mutex> lock(g_registry_mutex);
    g_orphans->emplace(isolate_, std::move(dispatcher_));
  } else {
    dispatcher_.join();
  }
}

void ReapDispatchers(v8::Isolate* isolate) {
  std::vector<std::thread> threads;
  {
    std::lock_guard<std::mutex> lock(g_registry_mutex);
    auto range = g_orphans->equal_range(isolate);
    for (auto it = range.first; it != range.second; ++it) threads.push_back(std::move(it->second));
    g_orphans->erase(range.first, range.second);
  }
  for (std::thread& thread : threads) thread.join();
}

bool Open(JSVM_Env env, const OpenRequest& request, OpenFailure* failure) {
  JSVM_VM vm = env->vm;
  IsolateEntry entry(env->isolate);
  v8::HandleScope handles(env->isolate);
  bool new_host = vm->inspector_host == nullptr;
  std::unique_ptr<Host> created;
  Host* host = vm->inspector_host;
  if (new_host) {
    created = std::make_unique<Host>(vm);
    host = created.get();
  }
  TargetInfo target;
  target.id = NewTargetId();
  target.title = request.title;
  target.url = "jsvm://" + std::to_string(getpid()) + "/" + target.id;
  auto agent = std::make_unique<Agent>(host, env, target);
  agent->title_ = request.title;
  bool invalid_host = false;
  std::string error;
  if (!agent->server_.Start(request.host, request.port, &invalid_host, &error)) {
    failure->status = invalid_host ? JSVM_INVALID_ARG : JSVM_GENERIC_FAILURE;
    failure->message = error;
    return false;
  }
  if (new_host) {
    // A client may start V8's CPU profiler (Profiler.start).
    KeepLateSigprofHarmless();
    // V8's inspector sets the isolate's debug and console delegates: from now
    // on console.* in the VM's contexts reaches Runtime.consoleAPICalled.
    host->v8_inspector_ = v8_inspector::V8Inspector::create(env->isolate, host);
    {
      std::lock_guard<std::mutex> lock(g_registry_mutex);
      host->id_ = g_next_host_id++;
      g_hosts[host->id_] = host;
    }
    vm->inspector_host = created.release();
    host->StartDispatcher();
  }
  Agent* a = agent.release();
  host->agents_[a->group_] = a;
  env->inspector_agent = a;
  {
    std::string name = request.title;
    v8_inspector::V8ContextInfo info(env->context(), a->group_, View(name));
    std::string aux = "{\"isDefault\":true}";
    info.auxData = View(aux);
    host->v8_inspector_->contextCreated(info);
  }
  a->discovery_path_ = WriteDiscoveryFile(a->server_, request.name, request.pid);
  OH_LOG_Print(LOG_APP, LOG_INFO, 0x3F00, "JSVM",
               "Debugger listening on %{public}s (open %{public}s or chrome://inspect; discovery file %{public}s)",
               a->server_.WebSocketUrl().c_str(), a->server_.DevtoolsFrontendUrl().c_str(),
               a->discovery_path_.empty() ? "not written" : a->discovery_path_.c_str());
  return true;
}

bool IsDispatching(JSVM_Env env) {
  Agent* agent = env->inspector_agent;
  return agent != nullptr && agent->host_->dispatch_depth_ > 0 && v8::Locker::IsLocked(env->isolate);
}

void Close(JSVM_Env env) {
  Agent* agent = env->inspector_agent;
  if (agent == nullptr) return;
  Host* host = agent->host_;
  // First what needs no lock: no client message arrives after this, and a
  // thread paused for this env's clients stops waiting for them.
  agent->server_.Stop();
  agent->closing_ = true;
  {
    std::lock_guard<std::mutex> lock(host->shared_->mutex);
  }
  host->shared_->wake.notify_all();
  RemoveDiscoveryFile(agent->discovery_path_);

  IsolateEntry entry(env->isolate);
  v8::HandleScope handles(env->isolate);
  {
    // This agent's queued events are dropped.
    std::lock_guard<std::mutex> lock(host->shared_->mutex);
    auto& events = host->shared_->events;
    for (auto it = events.begin(); it != events.end();) {
      it = it->group == agent->group_ ? events.erase(it) : it + 1;
    }
  }
  std::map<int, std::unique_ptr<Session>> sessions;
  sessions.swap(agent->sessions_);
  for (auto& [id, session] : sessions) session->v8_session.reset();
  sessions.clear();
  if (!env->context_persistent.IsEmpty()) host->v8_inspector_->contextDestroyed(env->context());
  host->agents_.erase(agent->group_);
  env->inspector_agent = nullptr;
  delete agent;
  if (!host->agents_.empty()) return;

  // The VM's last inspector: the host goes.
  {
    std::lock_guard<std::mutex> lock(g_registry_mutex);
    g_hosts.erase(host->id_);
  }
  host->StopDispatcher();
  host->v8_inspector_.reset();
  env->vm->inspector_host = nullptr;
  delete host;
}

bool WaitForDebugger(JSVM_Env env, bool break_next_line) {
  Agent* agent = env->inspector_agent;
  Host* host = agent->host_;
  IsolateEntry entry(env->isolate);
  v8::HandleScope handles(env->isolate);
  agent->waiting_ = true;
  agent->released_ = false;
  while (!agent->released_ && !agent->closing_) {
    host->WaitForEvent([&] { return agent->closing_.load(); });
    if (host->shared_->closing) break;
    host->Dispatch();
  }
  agent->waiting_ = false;
  bool released = agent->released_;
  if (released && break_next_line) {
    // Host::runMessageLoopOnInstrumentationPause explains.
    for (auto& [id, session] : agent->sessions_) {
      if (!session->v8_session) continue;
      agent->break_on_start_ = true;
      for (auto& [other_id, other] : agent->sessions_) other->hide_instrumentation_pause = true;
      session->Command("Debugger.setInstrumentationBreakpoint", "{\"instrumentation\":\"beforeScriptExecution\"}");
      break;
    }
  }
  return released;
}

void AskOnEntry(JSVM_VM vm) {
  Host* host = vm->inspector_host;
  if (host == nullptr) return;
  {
    std::lock_guard<std::mutex> lock(host->shared_->mutex);
    if (host->shared_->events.empty()) return;
  }
  // V8 keeps interrupt requests with the thread state current when they were
  // made, and a v8::Locker switching threads archives that state: a request
  // made while another thread (or none) had the VM may never reach this one.
  host->isolate_->RequestInterrupt(&Host::OnInterrupt, reinterpret_cast<void*>(host->id_));
  host->shared_->interrupt_requested = true;
}

bool DispatchPending(JSVM_VM vm) {
  Host* host = vm->inspector_host;
  if (host == nullptr || host->dispatch_depth_ > 0) return false;
  v8::HandleScope handles(vm->isolate);
  return host->Dispatch();
}

}  // namespace inspector
}  // namespace jsvm
