// libhilog_ndk.z.so: HiLog's formatting and output rules on the desktop.
#include "hilog/log.h"

#include <sys/syscall.h>
#include <sys/time.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdarg>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <deque>
#include <mutex>
#include <string>

namespace {

constexpr size_t kMaxMessageBytes = 4095;  // 4096 with the terminating NUL
constexpr size_t kMaxTagBytes = 31;
constexpr unsigned kMaxDomain = 0xFFFF;
constexpr size_t kSinkCapacity = 10000;

std::mutex g_mutex;
std::deque<std::string> g_sink;
std::atomic<LogCallback> g_callback{nullptr};
std::atomic<int> g_min_level{LOG_DEBUG};
// JSVM_HILOG=quiet: lines are not printed (the TS sink still receives them);
// JSVM_HILOG=stderr (the default): printed to stderr as they are logged.
bool StderrByDefault() {
  const char* setting = std::getenv("JSVM_HILOG");
  return setting == nullptr || std::strcmp(setting, "quiet") != 0;
}
std::atomic<bool> g_stderr{StderrByDefault()};

bool MaskPrivate() {
  const char* setting = std::getenv("JSVM_HILOG_PRIVATE");
  return setting == nullptr || std::strcmp(setting, "off") != 0;
}

char LevelLetter(LogLevel level) {
  switch (level) {
    case LOG_DEBUG: return 'D';
    case LOG_INFO: return 'I';
    case LOG_WARN: return 'W';
    case LOG_ERROR: return 'E';
    case LOG_FATAL: return 'F';
  }
  return '?';
}

bool Loggable(unsigned int domain, const char* tag, LogLevel level) {
  return tag != nullptr && domain <= kMaxDomain && level >= LOG_DEBUG && level <= LOG_FATAL &&
         level >= g_min_level.load();
}

// Cuts to at most `max` bytes without splitting a UTF-8 character.
void CutUtf8(std::string* text, size_t max) {
  if (text->size() <= max) return;
  size_t end = max;
  while (end > 0 && (static_cast<unsigned char>((*text)[end]) & 0xC0) == 0x80) --end;
  text->resize(end);
}

// The last lines logged, drained or not, in fixed buffers a crash handler can
// read without allocating (JSVM_Desktop_HilogWriteRecent). Under g_mutex.
constexpr size_t kRecentLines = 20;
constexpr size_t kRecentBytes = 512;
char g_recent[kRecentLines][kRecentBytes];
size_t g_recent_next = 0;
size_t g_recent_count = 0;

void RememberRecent(const std::string& line) {
  size_t n = std::min(line.size(), kRecentBytes - 1);
  std::memcpy(g_recent[g_recent_next], line.data(), n);
  g_recent[g_recent_next][n] = '\0';
  g_recent_next = (g_recent_next + 1) % kRecentLines;
  if (g_recent_count < kRecentLines) ++g_recent_count;
}

int Emit(LogType type, LogLevel level, unsigned int domain, const char* tag, size_t tag_len, std::string message) {
  CutUtf8(&message, kMaxMessageBytes);
  std::string tag_text(tag, tag_len);
  CutUtf8(&tag_text, kMaxTagBytes);

  struct timeval now;
  gettimeofday(&now, nullptr);
  struct tm local;
  localtime_r(&now.tv_sec, &local);
  char head[96];
  std::snprintf(head, sizeof(head), "%02d-%02d %02d:%02d:%02d.%03d %5d %5d %c A0%04X/", local.tm_mon + 1,
                local.tm_mday, local.tm_hour, local.tm_min, local.tm_sec, static_cast<int>(now.tv_usec / 1000),
                static_cast<int>(getpid()), static_cast<int>(syscall(SYS_gettid)), LevelLetter(level), domain);
  std::string line = std::string(head) + tag_text + ": " + message;

  if (g_stderr.load()) {
    std::string out = line + "\n";
    fwrite(out.data(), 1, out.size(), stderr);
  }
  {
    std::lock_guard<std::mutex> lock(g_mutex);
    if (g_sink.size() >= kSinkCapacity) g_sink.pop_front();
    g_sink.push_back(line);
    RememberRecent(line);
  }
  if (LogCallback callback = g_callback.load()) callback(type, level, domain, tag_text.c_str(), message.c_str());
  return static_cast<int>(message.size());
}

// Formats one printf conversion `spec` (without privacy marker) with the next argument.
bool FormatOne(const std::string& spec, char conversion, const std::string& length, va_list* ap, bool masked,
               std::string* out) {
  char buffer[512];
  char* big = nullptr;
  auto put = [&](auto value) {
    int n = std::snprintf(buffer, sizeof(buffer), spec.c_str(), value);
    if (n < 0) return;
    if (static_cast<size_t>(n) < sizeof(buffer)) {
      if (!masked) out->append(buffer, static_cast<size_t>(n));
      return;
    }
    big = static_cast<char*>(std::malloc(static_cast<size_t>(n) + 1));
    if (big == nullptr) return;
    std::snprintf(big, static_cast<size_t>(n) + 1, spec.c_str(), value);
    if (!masked) out->append(big, static_cast<size_t>(n));
    std::free(big);
  };
  switch (conversion) {
    case 'd': case 'i':
      if (length == "hh" || length == "h" || length.empty()) put(va_arg(*ap, int));
      else if (length == "l") put(va_arg(*ap, long));
      else if (length == "ll" || length == "q") put(va_arg(*ap, long long));
      else if (length == "j") put(va_arg(*ap, intmax_t));
      else if (length == "z") put(va_arg(*ap, ssize_t));
      else if (length == "t") put(va_arg(*ap, ptrdiff_t));
      else return false;
      break;
    case 'o': case 'u': case 'x': case 'X':
      if (length == "hh" || length == "h" || length.empty()) put(va_arg(*ap, unsigned int));
      else if (length == "l") put(va_arg(*ap, unsigned long));
      else if (length == "ll" || length == "q") put(va_arg(*ap, unsigned long long));
      else if (length == "j") put(va_arg(*ap, uintmax_t));
      else if (length == "z") put(va_arg(*ap, size_t));
      else if (length == "t") put(va_arg(*ap, ptrdiff_t));
      else return false;
      break;
    case 'e': case 'E': case 'f': case 'F': case 'g': case 'G': case 'a': case 'A':
      if (length == "L") put(va_arg(*ap, long double));
      else put(va_arg(*ap, double));
      break;
    case 'c':
      put(va_arg(*ap, int));
      break;
    case 's': {
      const char* text = va_arg(*ap, const char*);
      put(text != nullptr ? text : "(null)");
      break;
    }
    case 'p':
      put(va_arg(*ap, void*));
      break;
    default:
      return false;
  }
  if (masked) out->append("<private>");
  return true;
}

// Expands `fmt` with HiLog's privacy rules. False for formats HiLog refuses.
bool Format(const char* fmt, va_list ap_in, std::string* out) {
  va_list ap;
  va_copy(ap, ap_in);
  const bool mask = MaskPrivate();
  bool ok = true;
  for (const char* p = fmt; *p != '\0' && ok;) {
    if (*p != '%') {
      out->push_back(*p++);
      continue;
    }
    ++p;
    if (*p == '%') {
      out->push_back('%');
      ++p;
      continue;
    }
    bool is_public = false;
    if (std::strncmp(p, "{public}", 8) == 0) {
      is_public = true;
      p += 8;
    } else if (std::strncmp(p, "{private}", 9) == 0) {
      p += 9;
    }
    std::string spec = "%";
    while (*p != '\0' && std::strchr("-+ #0'", *p) != nullptr) spec.push_back(*p++);
    if (*p == '*') {
      spec += std::to_string(va_arg(ap, int));
      ++p;
    } else {
      while (*p >= '0' && *p <= '9') spec.push_back(*p++);
    }
    if (*p == '.') {
      spec.push_back(*p++);
      if (*p == '*') {
        spec += std::to_string(va_arg(ap, int));
        ++p;
      } else {
        while (*p >= '0' && *p <= '9') spec.push_back(*p++);
      }
    }
    std::string length;
    while (*p != '\0' && std::strchr("hljztLq", *p) != nullptr) length.push_back(*p++);
    char conversion = *p;
    if (conversion == '\0' || conversion == 'n') {
      ok = false;  // %n writes memory: refused, as on the device
      break;
    }
    ++p;
    spec += length;
    spec.push_back(conversion);
    ok = FormatOne(spec, conversion, length, &ap, mask && !is_public, out);
  }
  va_end(ap);
  return ok;
}

}  // namespace

extern "C" {

int OH_LOG_VPrint(LogType type, LogLevel level, unsigned int domain, const char* tag, const char* fmt, va_list ap) {
  if (fmt == nullptr || !Loggable(domain, tag, level)) return -1;
  std::string message;
  if (!Format(fmt, ap, &message)) return -1;
  return Emit(type, level, domain, tag, std::strlen(tag), std::move(message));
}

int OH_LOG_Print(LogType type, LogLevel level, unsigned int domain, const char* tag, const char* fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int result = OH_LOG_VPrint(type, level, domain, tag, fmt, ap);
  va_end(ap);
  return result;
}

int OH_LOG_PrintMsg(LogType type, LogLevel level, unsigned int domain, const char* tag, const char* message) {
  if (message == nullptr || !Loggable(domain, tag, level)) return -1;
  return Emit(type, level, domain, tag, std::strlen(tag), message);
}

int OH_LOG_PrintMsgByLen(LogType type, LogLevel level, unsigned int domain, const char* tag, size_t tagLen,
                         const char* message, size_t messageLen) {
  if (message == nullptr || !Loggable(domain, tag, level)) return -1;
  return Emit(type, level, domain, tag, strnlen(tag, tagLen), std::string(message, strnlen(message, messageLen)));
}

bool OH_LOG_IsLoggable(unsigned int domain, const char* tag, LogLevel level) { return Loggable(domain, tag, level); }

void OH_LOG_SetCallback(LogCallback callback) { g_callback.store(callback); }

void OH_LOG_SetMinLogLevel(LogLevel level) { g_min_level.store(level); }

size_t JSVM_Desktop_HilogDrain(char** lines, size_t max) {
  std::lock_guard<std::mutex> lock(g_mutex);
  size_t n = 0;
  while (n < max && !g_sink.empty()) {
    lines[n++] = strdup(g_sink.front().c_str());
    g_sink.pop_front();
  }
  return n;
}

void JSVM_Desktop_HilogSetStderr(bool enabled) { g_stderr.store(enabled); }

size_t JSVM_Desktop_HilogWriteRecent(int fd) {
  // A crash may come while a logging thread holds the lock: then say so.
  if (!g_mutex.try_lock()) {
    static const char kBusy[] = "(the last HiLog lines are unavailable: a thread was logging)\n";
    ssize_t ignored = write(fd, kBusy, sizeof(kBusy) - 1);
    (void)ignored;
    return 0;
  }
  size_t first = (g_recent_next + kRecentLines - g_recent_count) % kRecentLines;
  for (size_t i = 0; i < g_recent_count; ++i) {
    const char* line = g_recent[(first + i) % kRecentLines];
    ssize_t ignored = write(fd, line, strlen(line));
    ignored = write(fd, "\n", 1);
    (void)ignored;
  }
  size_t count = g_recent_count;
  g_mutex.unlock();
  return count;
}

}  // extern "C"
