// Which isolates a thread has entered, shared by libjsvm.so (which enters JSVM
// isolates) and libace_napi.z.so (whose Node-API wrappers step back into the
// isolate Node-API belongs to while a JSVM isolate is current).
//
// Why: V8 11.3 keeps per-thread state (the write barrier, the local heap) for
// the isolate entered last. A Node-API call made while a JSVM isolate is the
// thread's current one works on Node's heap with the JSVM isolate's state and
// corrupts it. So each Node-API call made through <napi/native_api.h> enters
// the host isolate (the one that was current when the thread first entered a
// JSVM isolate: Node's) for its duration, and leaves it after, which makes the
// JSVM isolate current again. With no JSVM isolate entered on the thread the
// wrapper costs one thread-local load and a branch.
#ifndef JSVM_DESKTOP_HOST_ISOLATE_H
#define JSVM_DESKTOP_HOST_ISOLATE_H

#include <v8.h>

namespace jsvm_desktop {

struct ThreadIsolates {
  // The isolate the innermost entry made by either library made current: a
  // cache of V8's answer that costs one load (V8's answer costs a call).
  // NULL when no such entry is open.
  v8::Isolate* entered;
  // The isolate that was current when this thread first entered a JSVM
  // isolate (Node's, or NULL on a thread Node does not run on), while
  // jsvm_entries > 0.
  v8::Isolate* host;
  // JSVM isolate entries open on this thread.
  int jsvm_entries;
};

}  // namespace jsvm_desktop

// Defined in libace_napi.z.so; libjsvm.so links it.
extern "C" __thread jsvm_desktop::ThreadIsolates jsvm_desktop_thread_isolates
    __attribute__((tls_model("initial-exec"), visibility("default")));

namespace jsvm_desktop {

// Whether a JSVM isolate is entered on this thread (one load).
inline bool JsvmIsolateEntered() { return jsvm_desktop_thread_isolates.jsvm_entries != 0; }

// Runs a Node-API call in the host isolate when a JSVM isolate is current.
// Wrappers declare one only when JsvmIsolateEntered(), so that the common
// path ends in a jump to Node's function.
class HostIsolateScope {
 public:
  HostIsolateScope() {
    if (__builtin_expect(JsvmIsolateEntered(), 0)) Enter();
  }
  ~HostIsolateScope() {
    if (__builtin_expect(host_ != nullptr, 0)) Leave();
  }
  HostIsolateScope(const HostIsolateScope&) = delete;
  HostIsolateScope& operator=(const HostIsolateScope&) = delete;

 private:
  void Enter();
  void Leave();
  v8::Isolate* host_ = nullptr;
  v8::Isolate* outer_entered_ = nullptr;
};

}  // namespace jsvm_desktop

#endif  // JSVM_DESKTOP_HOST_ISOLATE_H
