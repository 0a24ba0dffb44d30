// The inspector's HTTP + WebSocket transport (see server.h).
#include "inspector/server.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/evp.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstring>
#include <node_version.h>
#include <vector>

namespace jsvm {
namespace inspector {

namespace {

constexpr size_t kMaxHttpRequest = 64 * 1024;
constexpr uint64_t kMaxMessage = 256ull * 1024 * 1024;  // a heap snapshot chunk is far smaller
constexpr const char kWebSocketGuid[] = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

enum Opcode : uint8_t { kContinuation = 0, kText = 1, kBinary = 2, kClose = 8, kPing = 9, kPong = 10 };

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string Trim(const std::string& s) {
  size_t b = s.find_first_not_of(" \t");
  size_t e = s.find_last_not_of(" \t\r");
  return b == std::string::npos ? std::string() : s.substr(b, e - b + 1);
}

// Sec-WebSocket-Accept: base64(SHA-1(key + GUID)).
std::string AcceptKey(const std::string& key) {
  std::string input = key + kWebSocketGuid;
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int digest_length = 0;
  if (EVP_Digest(input.data(), input.size(), digest, &digest_length, EVP_sha1(), nullptr) != 1) return "";
  unsigned char encoded[64];
  int n = EVP_EncodeBlock(encoded, digest, static_cast<int>(digest_length));
  return std::string(reinterpret_cast<char*>(encoded), n);
}

void SetNonBlocking(int fd) { fcntl(fd, F_SETFL, fcntl(fd, F_GETFL, 0) | O_NONBLOCK); }

// A Host header naming this machine by address or as localhost, or the host we
// listen on: anything else may be a DNS-rebinding page and is refused (as Node does).
bool HostHeaderAllowed(const std::string& header, const std::string& own_host) {
  if (header.empty()) return true;
  std::string host = header;
  if (host[0] == '[') {
    return host.find(']') != std::string::npos;  // an IPv6 literal
  }
  size_t colon = host.rfind(':');
  if (colon != std::string::npos) host = host.substr(0, colon);
  host = Lower(host);
  if (host == "localhost" || host == Lower(own_host)) return true;
  in_addr addr4;
  return inet_pton(AF_INET, host.c_str(), &addr4) == 1;
}

}  // namespace

std::string JsonString(const std::string& text) {
  std::string out = "\"";
  for (unsigned char c : text) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20) {
          char buf[8];
          snprintf(buf, sizeof(buf), "\\u%04x", c);
          out += buf;
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  return out + "\"";
}

struct Server::Connection {
  int id = 0;
  int fd = -1;
  std::string in;
  std::string out;
  bool upgraded = false;
  bool close_after_write = false;
  bool close_sent = false;
};

std::string Server::HostPort() const {
  bool ipv6 = host_.find(':') != std::string::npos;
  return (ipv6 ? "[" + host_ + "]" : host_) + ":" + std::to_string(port_);
}

std::string Server::WebSocketUrl() const { return "ws://" + HostPort() + "/" + target_.id; }

std::string Server::DevtoolsFrontendUrl() const {
  return "devtools://devtools/bundled/js_app.html?experiments=true&v8only=true&ws=" + HostPort() + "/" + target_.id;
}

std::string Server::ListEntry(const std::string& extra_fields) const {
  std::string entry = "{\n";
  entry += "  \"description\": \"jsvm-desktop instance\",\n";
  entry += "  \"devtoolsFrontendUrl\": " + JsonString(DevtoolsFrontendUrl()) + ",\n";
  entry += "  \"devtoolsFrontendUrlCompat\": " +
           JsonString("devtools://devtools/bundled/inspector.html?experiments=true&v8only=true&ws=" + HostPort() + "/" +
                      target_.id) +
           ",\n";
  entry += "  \"faviconUrl\": \"https://nodejs.org/static/images/favicons/favicon.ico\",\n";
  entry += "  \"id\": " + JsonString(target_.id) + ",\n";
  entry += "  \"title\": " + JsonString(target_.title) + ",\n";
  entry += "  \"type\": \"node\",\n";
  entry += "  \"url\": " + JsonString(target_.url) + ",\n";
  entry += "  \"webSocketDebuggerUrl\": " + JsonString(WebSocketUrl()) + extra_fields + "\n";
  entry += "}";
  return entry;
}

bool Server::Start(const char* host, uint16_t port, bool* invalid_host, std::string* error) {
  *invalid_host = false;
  host_ = (host == nullptr || *host == '\0') ? "127.0.0.1" : host;
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_NUMERICSERV;
  addrinfo* found = nullptr;
  std::string service = std::to_string(port);
  int rc = getaddrinfo(host_.c_str(), service.c_str(), &hints, &found);
  if (rc != 0 || found == nullptr) {
    *invalid_host = true;
    *error = "the host '" + host_ + "' could not be resolved (" + gai_strerror(rc) + ")";
    return false;
  }
  int last_errno = 0;
  for (addrinfo* a = found; a != nullptr && listen_fd_ < 0; a = a->ai_next) {
    int fd = socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC, a->ai_protocol);
    if (fd < 0) {
      last_errno = errno;
      continue;
    }
    int one = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
    if (bind(fd, a->ai_addr, a->ai_addrlen) != 0 || listen(fd, 16) != 0) {
      last_errno = errno;
      close(fd);
      continue;
    }
    // The address actually bound (the host as the URLs print it).
    char numeric[INET6_ADDRSTRLEN] = "";
    sockaddr_storage bound{};
    socklen_t length = sizeof(bound);
    getsockname(fd, reinterpret_cast<sockaddr*>(&bound), &length);
    if (bound.ss_family == AF_INET) {
      auto* in = reinterpret_cast<sockaddr_in*>(&bound);
      port_ = ntohs(in->sin_port);
      inet_ntop(AF_INET, &in->sin_addr, numeric, sizeof(numeric));
    } else {
      auto* in6 = reinterpret_cast<sockaddr_in6*>(&bound);
      port_ = ntohs(in6->sin6_port);
      inet_ntop(AF_INET6, &in6->sin6_addr, numeric, sizeof(numeric));
    }
    if (host == nullptr || *host == '\0') host_ = numeric;
    listen_fd_ = fd;
  }
  freeaddrinfo(found);
  if (listen_fd_ < 0) {
    if (last_errno == EADDRINUSE) {
      *error = "port " + std::to_string(port) + " on " + host_ + " is in use";
    } else if (last_errno == EADDRNOTAVAIL) {
      *invalid_host = true;
      *error = "the host '" + host_ + "' is not an address of this machine";
    } else {
      *error = "the inspector could not listen on " + host_ + ":" + std::to_string(port) + " (" +
               std::strerror(last_errno) + ")";
    }
    return false;
  }
  SetNonBlocking(listen_fd_);
  wake_fd_ = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  if (wake_fd_ < 0) {
    close(listen_fd_);
    listen_fd_ = -1;
    *error = "the inspector could not make its wake-up descriptor";
    return false;
  }
  thread_ = std::thread([this] { Run(); });
  return true;
}

void Server::Wake() {
  uint64_t one = 1;
  ssize_t ignored = write(wake_fd_, &one, sizeof(one));
  (void)ignored;
}

void Server::Send(int connection, std::string text) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (stopping_) return;
    outbox_.emplace_back(connection, std::move(text));
  }
  Wake();
}

void Server::Stop() {
  if (!thread_.joinable()) return;
  stopping_ = true;
  Wake();
  thread_.join();
  close(wake_fd_);
  wake_fd_ = -1;
}

void Server::QueueFrame(Connection& c, uint8_t opcode, const std::string& payload) {
  c.out.push_back(static_cast<char>(0x80 | opcode));  // FIN, never fragmented, never masked (server side)
  size_t n = payload.size();
  if (n < 126) {
    c.out.push_back(static_cast<char>(n));
  } else if (n <= 0xFFFF) {
    c.out.push_back(126);
    c.out.push_back(static_cast<char>(n >> 8));
    c.out.push_back(static_cast<char>(n & 0xFF));
  } else {
    c.out.push_back(127);
    for (int shift = 56; shift >= 0; shift -= 8) c.out.push_back(static_cast<char>((uint64_t(n) >> shift) & 0xFF));
  }
  c.out += payload;
}

void Server::CloseConnection(int id, bool notify) {
  auto it = connections_.find(id);
  if (it == connections_.end()) return;
  Connection* c = it->second;
  bool was_session = c->upgraded;
  close(c->fd);
  delete c;
  connections_.erase(it);
  if (notify && was_session) delegate_->OnDisconnect(id);
}

bool Server::HandleHttp(Connection& c) {
  size_t end = c.in.find("\r\n\r\n");
  if (end == std::string::npos) return c.in.size() <= kMaxHttpRequest;
  std::string head = c.in.substr(0, end);
  c.in.erase(0, end + 4);
  size_t line_end = head.find("\r\n");
  std::string request_line = head.substr(0, line_end);
  std::map<std::string, std::string> headers;
  size_t pos = line_end == std::string::npos ? head.size() : line_end + 2;
  while (pos < head.size()) {
    size_t next = head.find("\r\n", pos);
    if (next == std::string::npos) next = head.size();
    std::string line = head.substr(pos, next - pos);
    size_t colon = line.find(':');
    if (colon != std::string::npos) headers[Lower(Trim(line.substr(0, colon)))] = Trim(line.substr(colon + 1));
    pos = next + 2;
  }
  std::string method = request_line.substr(0, request_line.find(' '));
  size_t path_start = request_line.find(' ');
  size_t path_end = request_line.find(' ', path_start + 1);
  std::string path = path_start == std::string::npos ? "" : request_line.substr(path_start + 1, path_end - path_start - 1);
  size_t query = path.find('?');
  if (query != std::string::npos) path = path.substr(0, query);

  auto respond = [&](const char* status, const std::string& type, const std::string& body) {
    c.out += std::string("HTTP/1.1 ") + status + "\r\nContent-Type: " + type + "\r\nContent-Length: " +
             std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" + body;
    c.close_after_write = true;
  };
  if (!HostHeaderAllowed(headers["host"], host_)) {
    respond("403 Forbidden", "text/plain; charset=UTF-8", "Host header is not an address of this machine\n");
    return true;
  }
  if (method == "GET" && Lower(headers["upgrade"]) == "websocket") {
    std::string key = headers["sec-websocket-key"];
    if (path != "/" + target_.id || key.empty()) {
      respond("400 Bad Request", "text/plain; charset=UTF-8", "WebSockets request was expected for /" + target_.id + "\n");
      return true;
    }
    c.out += "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: " +
             AcceptKey(key) + "\r\n\r\n";
    c.upgraded = true;
    delegate_->OnConnect(c.id);
    return HandleFrames(c);  // a client may send frames right behind the handshake
  }
  if (method == "GET" && (path == "/json" || path == "/json/list" || path == "/json/" || path == "/json/list/")) {
    respond("200 OK", "application/json; charset=UTF-8", "[ " + ListEntry() + " ]\n");
  } else if (method == "GET" && (path == "/json/version" || path == "/json/version/")) {
    respond("200 OK", "application/json; charset=UTF-8",
            "{\n  \"Browser\": \"node.js/" NODE_VERSION "\",\n  \"Protocol-Version\": \"1.1\"\n}\n");
  } else {
    respond("404 Not Found", "text/plain; charset=UTF-8", "Unknown path " + path + "\n");
  }
  return true;
}

// Returns false when the connection must close now (protocol error).
bool Server::HandleFrames(Connection& c) {
  while (true) {
    if (c.in.size() < 2) return true;
    const auto* p = reinterpret_cast<const uint8_t*>(c.in.data());
    bool fin = (p[0] & 0x80) != 0;
    uint8_t opcode = p[0] & 0x0F;
    bool masked = (p[1] & 0x80) != 0;
    uint64_t length = p[1] & 0x7F;
    size_t header = 2;
    if (length == 126) {
      if (c.in.size() < 4) return true;
      length = (uint64_t(p[2]) << 8) | p[3];
      header = 4;
    } else if (length == 127) {
      if (c.in.size() < 10) return true;
      length = 0;
      for (int i = 0; i < 8; ++i) length = (length << 8) | p[2 + i];
      header = 10;
    }
    // Clients must mask (RFC 6455 5.1); reserved bits and oversized messages end the connection.
    // The debugger docs name text, ping and close as the only frames the device's inspector
    // receives, any other ending the connection: so a binary, continuation or pong frame does
    // here, and a text frame without FIN (its message could only go on in continuation frames).
    if (!masked || (p[0] & 0x70) != 0 || length > kMaxMessage) return false;
    if (!fin || (opcode != kText && opcode != kPing && opcode != kClose)) return false;
    if (c.in.size() < header + 4 + length) return true;
    const uint8_t* mask = p + header;
    std::string payload(c.in.data() + header + 4, static_cast<size_t>(length));
    for (size_t i = 0; i < payload.size(); ++i) payload[i] = static_cast<char>(payload[i] ^ mask[i % 4]);
    c.in.erase(0, header + 4 + static_cast<size_t>(length));

    switch (opcode) {
      case kPing:
        QueueFrame(c, kPong, payload);
        break;
      case kClose: {
        // Echo the status code, then close once it is written.
        if (!c.close_sent) QueueFrame(c, kClose, payload.substr(0, 2));
        c.close_sent = true;
        c.close_after_write = true;
        return true;
      }
      case kText:
        delegate_->OnMessage(c.id, std::move(payload));
        break;
      default:
        return false;
    }
  }
}

bool Server::HandleReadable(Connection& c) {
  char buffer[16384];
  while (true) {
    ssize_t n = recv(c.fd, buffer, sizeof(buffer), 0);
    if (n > 0) {
      c.in.append(buffer, static_cast<size_t>(n));
      continue;
    }
    if (n == 0) return false;
    if (errno == EINTR) continue;
    if (errno == EAGAIN || errno == EWOULDBLOCK) break;
    return false;
  }
  if (c.close_after_write) {
    c.in.clear();  // nothing more is read once the reply is decided
    return true;
  }
  return c.upgraded ? HandleFrames(c) : HandleHttp(c);
}

// Queued outgoing messages go into their connections' buffers (IO thread).
void Server::TakeOutbox() {
  std::deque<std::pair<int, std::string>> outgoing;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    outgoing.swap(outbox_);
  }
  for (auto& [id, text] : outgoing) {
    auto it = connections_.find(id);
    if (it != connections_.end() && it->second->upgraded && !it->second->close_sent) {
      QueueFrame(*it->second, kText, text);
    }
  }
}

void Server::Run() {
  std::vector<pollfd> fds;
  std::vector<int> ids;
  while (!stopping_) {
    TakeOutbox();
    fds.clear();
    ids.clear();
    fds.push_back({listen_fd_, POLLIN, 0});
    fds.push_back({wake_fd_, POLLIN, 0});
    for (auto& [id, c] : connections_) {
      short events = POLLIN;
      if (!c->out.empty()) events |= POLLOUT;
      fds.push_back({c->fd, events, 0});
      ids.push_back(id);
    }
    int ready = poll(fds.data(), fds.size(), -1);
    if (ready < 0) {
      if (errno == EINTR) continue;
      break;
    }
    if (fds[1].revents & POLLIN) {
      uint64_t count;
      ssize_t ignored = read(wake_fd_, &count, sizeof(count));
      (void)ignored;
    }
    if (fds[0].revents & POLLIN) {
      while (true) {
        int fd = accept4(listen_fd_, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0) break;
        int one = 1;
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
        auto* c = new Connection();
        c->id = next_connection_++;
        c->fd = fd;
        connections_[c->id] = c;
      }
    }
    for (size_t i = 0; i < ids.size(); ++i) {
      auto it = connections_.find(ids[i]);
      if (it == connections_.end()) continue;
      Connection& c = *it->second;
      short revents = fds[i + 2].revents;
      bool keep = true;
      if (revents & (POLLIN | POLLHUP | POLLERR)) keep = HandleReadable(c);
      if (keep && !c.out.empty()) {
        ssize_t n = send(c.fd, c.out.data(), c.out.size(), MSG_NOSIGNAL);
        if (n > 0) {
          c.out.erase(0, static_cast<size_t>(n));
        } else if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
          keep = false;
        }
      }
      if (keep && c.close_after_write && c.out.empty()) keep = false;
      if (!keep) CloseConnection(ids[i], true);
    }
  }
  // Stopping: what was sent before Stop goes out first (the answer to the
  // Debugger.resume that let the env finish, say), then each session gets a
  // close frame (1001, going away), best effort.
  TakeOutbox();
  for (auto& [id, c] : connections_) {
    if (c->upgraded && !c->close_sent) QueueFrame(*c, kClose, std::string("\x03\xE9", 2));
    if (!c->out.empty()) {
      int flags = fcntl(c->fd, F_GETFL, 0);
      fcntl(c->fd, F_SETFL, flags & ~O_NONBLOCK);
      timeval timeout{0, 200000};
      setsockopt(c->fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof(timeout));
      ssize_t ignored = send(c->fd, c->out.data(), c->out.size(), MSG_NOSIGNAL);
      (void)ignored;
    }
    shutdown(c->fd, SHUT_RDWR);
    close(c->fd);
    delete c;
  }
  connections_.clear();
  close(listen_fd_);
  listen_fd_ = -1;
}

}  // namespace inspector
}  // namespace jsvm
