// The V8 side of the inspector: per VM, one v8_inspector::V8Inspector and its
// client (the "host"); per env with an open inspector, one agent (a context
// group, a server, its sessions).
//
// Threads. Messages arrive on each server's IO thread, which only queues them
// on the host and wakes whoever can dispatch them; dispatching needs the VM's
// lock and happens on whichever thread holds it:
//   (a) the VM's thread while it runs JS: the IO thread asks for an interrupt
//       (Isolate::RequestInterrupt), whose callback dispatches;
//   (b) the thread that is paused in the debugger (runMessageLoopOnPause: a
//       nested loop waiting on the host's condition variable), and the thread
//       in OH_JSVM_WaitForDebugger, the same way;
//   (c) the host's dispatcher thread while the VM is idle (no thread has it
//       entered): it takes jsvm::IsolateEntry, as any thread entering the VM
//       does, so the thread-local isolate record is its own; and
//   (d) OH_JSVM_PumpMessageLoop.
// No thread waits for the IO thread while holding a VM's lock except to join
// it, and the IO thread never takes a VM's lock. The dispatcher thread checks
// that the VM is idle before locking; if it lost the race and is waiting for
// the lock when the inspector closes on the thread that holds it, the close
// does not join it (that would deadlock): it leaves it to finish once it gets
// the lock, and OH_JSVM_DestroyVM joins it before the isolate goes
// (ReapDispatchers).
#ifndef JSVM_DESKTOP_INSPECTOR_AGENT_H
#define JSVM_DESKTOP_INSPECTOR_AGENT_H

#include <v8.h>

#include <cstdint>
#include <string>

#include "ark_runtime/jsvm_types.h"

namespace jsvm {
namespace inspector {

class Agent;
class Host;

struct OpenRequest {
  const char* host = nullptr;  // NULL: loopback
  uint16_t port = 0;           // 0: a free port
  std::string title;           // shown by chrome://inspect
  std::string name;            // OpenInspectorWithName's name ("" for OpenInspector)
  int pid = 0;                 // OpenInspectorWithName's pid
};

// What Open found wrong: the status to return and a sentence.
struct OpenFailure {
  JSVM_Status status = JSVM_OK;
  std::string message;
};

// Opens an inspector for a live env that has none (the caller checks). Locks
// and enters the VM itself.
bool Open(JSVM_Env env, const OpenRequest& request, OpenFailure* failure);
// Closes the env's inspector, if any: the server and its connections, the
// sessions, the context's registration; the VM's host with its last agent.
// Called by OH_JSVM_CloseInspector and when the env is torn down.
void Close(JSVM_Env env);
// Whether the env's inspector is dispatching a message on this thread's stack
// (closing it then would free what the stack still uses).
bool IsDispatching(JSVM_Env env);
// Processes messages until a client sends Runtime.runIfWaitingForDebugger (or
// the inspector closes); then, with break_next_line, pauses before the next
// statement. Returns false if the inspector closed meanwhile.
bool WaitForDebugger(JSVM_Env env, bool break_next_line);
// Called when a thread opens a VM scope (so it is about to run the VM's JS):
// messages still queued, such as a Profiler.start waiting for such a thread
// (agent.cc: ThreadBound), are dispatched at its first interrupt check.
void AskOnEntry(JSVM_VM vm);
// Dispatches the VM's pending messages; call with the VM entered. Returns
// whether there were any.
bool DispatchPending(JSVM_VM vm);
// Joins dispatcher threads left waiting for the isolate's lock. Call before
// the isolate is disposed, on a thread that does not hold its lock.
void ReapDispatchers(v8::Isolate* isolate);

// The port the next env opened by JSVM_INSPECT uses, etc.: reads JSVM_INSPECT
// and JSVM_INSPECT_BRK and opens (and waits) for a newly created env.
void AutoOpen(JSVM_Env env);

}  // namespace inspector
}  // namespace jsvm

#endif  // JSVM_DESKTOP_INSPECTOR_AGENT_H
