// The thread's isolate record and the step into the host isolate
// (host_isolate.h).
#include "host_isolate.h"

// (C linkage, from the declaration in host_isolate.h.)
__thread jsvm_desktop::ThreadIsolates jsvm_desktop_thread_isolates = {nullptr, nullptr, 0};

namespace jsvm_desktop {

void HostIsolateScope::Enter() {
  ThreadIsolates& thread = jsvm_desktop_thread_isolates;
  v8::Isolate* host = thread.host;
  // No host (a thread Node does not run on), or already in it (a Node-API call
  // made by JS that a Node-API call ran): nothing to step into.
  if (host == nullptr || v8::Isolate::TryGetCurrent() == host) return;
  host->Enter();
  host_ = host;
  outer_entered_ = thread.entered;
  thread.entered = host;
}

void HostIsolateScope::Leave() {
  jsvm_desktop_thread_isolates.entered = outer_entered_;
  host_->Exit();
}

}  // namespace jsvm_desktop
