// The inspector's transport: a TCP listener on one port answering Chrome's
// discovery requests over HTTP (GET /json, /json/list, /json/version) and
// carrying the Chrome DevTools Protocol over WebSocket (RFC 6455) for one
// target. It runs its own IO thread, which never takes a VM's lock: whatever
// arrives is handed to the delegate (inspector/agent.cc queues it for the VM).
#ifndef JSVM_DESKTOP_INSPECTOR_SERVER_H
#define JSVM_DESKTOP_INSPECTOR_SERVER_H

#include <atomic>
#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <string>
#include <thread>

namespace jsvm {
namespace inspector {

// `text` as a JSON string literal, quotes included.
std::string JsonString(const std::string& text);

// What the discovery requests describe.
struct TargetInfo {
  std::string id;     // the WebSocket path: ws://HOST:PORT/ID
  std::string title;  // shown by chrome://inspect
  std::string url;
};

// Called on the IO thread.
class ServerDelegate {
 public:
  virtual ~ServerDelegate() = default;
  virtual void OnConnect(int connection) = 0;
  virtual void OnMessage(int connection, std::string message) = 0;
  virtual void OnDisconnect(int connection) = 0;
};

class Server {
 public:
  Server(ServerDelegate* delegate, TargetInfo target) : delegate_(delegate), target_(std::move(target)) {}
  ~Server() { Stop(); }
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Resolves `host` (NULL or empty: 127.0.0.1), binds `port` (0: a free one)
  // and starts the IO thread. On failure returns false with `*invalid_host`
  // telling whether the host was the problem, and `*error` a sentence.
  bool Start(const char* host, uint16_t port, bool* invalid_host, std::string* error);
  // Sends a text message to a connection (any thread); dropped if it is gone.
  void Send(int connection, std::string text);
  // Closes every connection (a close frame first) and the listener, joins the
  // IO thread. Idempotent.
  void Stop();

  uint16_t port() const { return port_; }
  const std::string& host() const { return host_; }
  // The /json/list entry for the target, as one JSON object ("" after the
  // closing brace lets the caller add fields: see ListEntry(extra)).
  std::string ListEntry(const std::string& extra_fields = "") const;
  std::string WebSocketUrl() const;     // ws://HOST:PORT/ID
  std::string DevtoolsFrontendUrl() const;

 private:
  struct Connection;
  void Run();
  void Wake();
  bool HandleReadable(Connection& c);
  bool HandleHttp(Connection& c);
  bool HandleFrames(Connection& c);
  void QueueFrame(Connection& c, uint8_t opcode, const std::string& payload);
  void TakeOutbox();
  void CloseConnection(int id, bool notify);
  std::string HostPort() const;

  ServerDelegate* delegate_;
  TargetInfo target_;
  std::string host_;
  uint16_t port_ = 0;
  int listen_fd_ = -1;
  int wake_fd_ = -1;  // eventfd: Send and Stop wake the IO thread
  std::thread thread_;
  std::atomic<bool> stopping_{false};

  std::mutex mutex_;  // guards outbox_ (the IO thread owns connections_)
  std::deque<std::pair<int, std::string>> outbox_;
  std::map<int, Connection*> connections_;
  int next_connection_ = 1;
};

}  // namespace inspector
}  // namespace jsvm

#endif  // JSVM_DESKTOP_INSPECTOR_SERVER_H
