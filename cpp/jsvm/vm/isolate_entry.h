// Entering a JSVM isolate on this thread. Every entry the runtime makes goes
// through IsolateEntry: the isolate's lock (re-entrant on one thread), V8's
// entry, and the thread's record (napi/host_isolate.h) that the entry checks
// (IsEnteredHere) and libace_napi.z.so's Node-API wrappers read.
#ifndef JSVM_DESKTOP_ISOLATE_ENTRY_H
#define JSVM_DESKTOP_ISOLATE_ENTRY_H

#include <v8.h>

#include "host_isolate.h"

namespace jsvm {

// The isolate Node-API calls on this thread belong to, seen from `current`
// (V8's current isolate before the thread's first JSVM entry): NULL when there
// is none or it is itself a JSVM isolate (vm/vm.cc).
v8::Isolate* HostIsolateOf(v8::Isolate* current);

class IsolateEntry {
 public:
  explicit IsolateEntry(v8::Isolate* isolate) : locker_(isolate), isolate_(isolate) {
    jsvm_desktop::ThreadIsolates& thread = jsvm_desktop_thread_isolates;
    if (thread.jsvm_entries++ == 0) thread.host = HostIsolateOf(v8::Isolate::TryGetCurrent());
    outer_entered_ = thread.entered;
    isolate->Enter();
    thread.entered = isolate;
  }
  ~IsolateEntry() {
    jsvm_desktop::ThreadIsolates& thread = jsvm_desktop_thread_isolates;
    isolate_->Exit();
    thread.entered = outer_entered_;
    if (--thread.jsvm_entries == 0) thread.host = nullptr;
  }
  IsolateEntry(const IsolateEntry&) = delete;
  IsolateEntry& operator=(const IsolateEntry&) = delete;

 private:
  v8::Locker locker_;
  v8::Isolate* isolate_;
  v8::Isolate* outer_entered_;
};

}  // namespace jsvm

#endif  // JSVM_DESKTOP_ISOLATE_ENTRY_H
