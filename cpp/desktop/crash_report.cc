// Crash reports for test runs (scripts/mocha-isolated.js, ets/mocha-crash.ts):
// when native code crashes the process (SIGSEGV, SIGBUS, SIGFPE, SIGILL,
// SIGTRAP, SIGABRT — V8's fatal errors end in one of these), a handler writes
// the signal, the native stack (module + offset per frame, which the runner
// symbolises to file:line) and the last HiLog lines to a report file, then
// lets the signal end the process as it would have.
//
// A fault V8 uses for WebAssembly bounds checks is V8's, not a crash: it is
// handed to V8 first (v8::TryHandleWebAssemblyTrapPosix, public V8 API that
// Node's headers do not ship; Node installs the same check).
#include "desktop/crash_report.h"

#include <dlfcn.h>
#include <execinfo.h>
#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "hilog/log.h"

namespace v8 {
bool TryHandleWebAssemblyTrapPosix(int sig_code, siginfo_t* info, void* context);
}  // namespace v8

namespace {

const int kSignals[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGTRAP, SIGABRT};
int g_fd = -1;
std::atomic<bool> g_reporting{false};

void Put(const char* text) {
  ssize_t ignored = write(g_fd, text, strlen(text));
  (void)ignored;
}

const char* SignalName(int sig) {
  switch (sig) {
    case SIGSEGV: return "SIGSEGV";
    case SIGBUS: return "SIGBUS";
    case SIGFPE: return "SIGFPE";
    case SIGILL: return "SIGILL";
    case SIGTRAP: return "SIGTRAP";
    case SIGABRT: return "SIGABRT";
    default: return "signal";
  }
}

void OnCrash(int sig, siginfo_t* info, void* context) {
  if ((sig == SIGSEGV || sig == SIGBUS) && v8::TryHandleWebAssemblyTrapPosix(sig, info, context)) return;
  signal(sig, SIG_DFL);  // whatever happens next ends the process as the signal would have
  if (!g_reporting.exchange(true)) {
    char line[1024];
    std::snprintf(line, sizeof(line), "signal %d %s address %p\n", sig, SignalName(sig), info->si_addr);
    Put(line);
    void* frames[64];
    int count = backtrace(frames, 64);
    for (int i = 0; i < count; ++i) {
      Dl_info where{};
      if (dladdr(frames[i], &where) != 0 && where.dli_fname != nullptr) {
        uintptr_t offset = reinterpret_cast<uintptr_t>(frames[i]) - reinterpret_cast<uintptr_t>(where.dli_fbase);
        // A return address points after the call: one byte back names the call's line.
        if (i > 0 && offset > 0) --offset;
        std::snprintf(line, sizeof(line), "frame %s 0x%lx %s\n", where.dli_fname, static_cast<unsigned long>(offset),
                      where.dli_sname != nullptr ? where.dli_sname : "?");
      } else {
        std::snprintf(line, sizeof(line), "frame ? %p ?\n", frames[i]);
      }
      Put(line);
    }
    Put("hilog\n");
    JSVM_Desktop_HilogWriteRecent(g_fd);
    Put("end\n");
  }
  // A signal sent (abort, raise, kill) is sent again, now with the default
  // action; a fault recurs when the handler returns.
  if (info->si_code <= 0 || sig == SIGABRT) raise(sig);
}

}  // namespace

bool InstallCrashReport(const char* path, std::string* error) {
  int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) {
    *error = std::string("cannot open the crash report file ") + path + ": " + std::strerror(errno);
    return false;
  }
  if (g_fd >= 0) close(g_fd);
  g_fd = fd;
  // backtrace() loads its unwinder on first use: not inside the handler.
  void* warm[2];
  backtrace(warm, 2);
  // A stack overflow must still be reported: the handler runs on its own stack.
  static char* alternate = nullptr;
  if (alternate == nullptr) {
    size_t size = 1 << 16;
    alternate = static_cast<char*>(std::malloc(size));
    stack_t stack{};
    stack.ss_sp = alternate;
    stack.ss_size = size;
    sigaltstack(&stack, nullptr);
  }
  struct sigaction action{};
  action.sa_sigaction = OnCrash;
  action.sa_flags = SA_SIGINFO | SA_ONSTACK;
  sigemptyset(&action.sa_mask);
  for (int sig : kSignals) sigaction(sig, &action, nullptr);
  return true;
}
