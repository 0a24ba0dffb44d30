// Our VMs' place on Node's platform. Each VM's isolate is registered with Node's
// MultiIsolatePlatform through its own IsolatePlatformDelegate, so its foreground
// tasks queue here rather than on Node's main loop and the VM can live on any
// thread. The queue is drained on the VM's thread when its outermost VM scope
// closes, and one task at a time by OH_JSVM_PumpMessageLoop
// (platform/message_loop.cc).
#ifndef JSVM_DESKTOP_PLATFORM_H
#define JSVM_DESKTOP_PLATFORM_H

#include <node.h>
#include <v8.h>

#include "common/v8_compat.h"

#include <deque>
#include <memory>
#include <mutex>

namespace jsvm {

class ForegroundTaskRunner : public v8::TaskRunner {
 public:
#if JSVM_V8_AT_LEAST(12, 4)
  // Since V8 12 embedders implement the Post*Impl variants (they carry the
  // poster's source location); the public Post* call them.
 protected:
  void PostTaskImpl(std::unique_ptr<v8::Task> task, const v8::SourceLocation&) override {
    Add(std::move(task), 0.0);
  }
  void PostNonNestableTaskImpl(std::unique_ptr<v8::Task> task, const v8::SourceLocation&) override {
    Add(std::move(task), 0.0);
  }
  void PostDelayedTaskImpl(std::unique_ptr<v8::Task> task, double delay_in_seconds,
                           const v8::SourceLocation&) override {
    Add(std::move(task), delay_in_seconds);
  }
  void PostNonNestableDelayedTaskImpl(std::unique_ptr<v8::Task> task, double delay_in_seconds,
                                      const v8::SourceLocation&) override {
    Add(std::move(task), delay_in_seconds);
  }
  // Idle tasks are disabled (IdleTasksEnabled() is false); V8 does not post them.
  void PostIdleTaskImpl(std::unique_ptr<v8::IdleTask>, const v8::SourceLocation&) override {}

 public:
#else
  void PostTask(std::unique_ptr<v8::Task> task) override { Add(std::move(task), 0.0); }
  void PostNonNestableTask(std::unique_ptr<v8::Task> task) override { Add(std::move(task), 0.0); }
  void PostDelayedTask(std::unique_ptr<v8::Task> task, double delay_in_seconds) override {
    Add(std::move(task), delay_in_seconds);
  }
  void PostNonNestableDelayedTask(std::unique_ptr<v8::Task> task, double delay_in_seconds) override {
    Add(std::move(task), delay_in_seconds);
  }
  // Idle tasks are disabled (IdleTasksEnabled() is false); V8 does not post them.
  void PostIdleTask(std::unique_ptr<v8::IdleTask>) override {}
#endif
  bool IdleTasksEnabled() override { return false; }
  bool NonNestableTasksEnabled() const override { return true; }
  bool NonNestableDelayedTasksEnabled() const override { return true; }

  // Runs the tasks that are due; returns how many ran. Call with the isolate entered.
  int RunDueTasks();
  // Runs the first task that is due (posted first among them; a delayed task
  // is due once its delay has passed), if any; returns whether one ran. Call
  // with the isolate entered (OH_JSVM_PumpMessageLoop).
  bool RunOneDueTask();
  // A mark before the tasks posted from now on (they are numbered in order).
  uint64_t Mark();
  // Runs the first due task posted between two marks, if any; returns whether
  // one ran. Call with the isolate entered. For a caller that waits on a task
  // V8 posted during one of its calls (wasm/wasm.cc) and must run nothing else.
  bool RunOneDueTaskPostedBetween(uint64_t from, uint64_t to);
  // Drops every task (the isolate is going away).
  void Clear();

 private:
  struct Pending {
    double due;  // monotonic seconds
    std::unique_ptr<v8::Task> task;
    uint64_t serial;  // order of posting
  };
  // Queues a task, due after `delay_in_seconds` (0: now).
  void Add(std::unique_ptr<v8::Task> task, double delay_in_seconds);
  bool RunOne(uint64_t from, uint64_t to);
  uint64_t posted_ = 0;  // tasks posted so far
  std::mutex mutex_;
  std::deque<Pending> tasks_;
};

class PlatformDelegate : public node::IsolatePlatformDelegate {
 public:
  PlatformDelegate() : runner_(std::make_shared<ForegroundTaskRunner>()) {}
  std::shared_ptr<v8::TaskRunner> GetForegroundTaskRunner() override { return runner_; }
  bool IdleTasksEnabled() override { return false; }
  ForegroundTaskRunner& runner() { return *runner_; }

 private:
  std::shared_ptr<ForegroundTaskRunner> runner_;
};

// Node's platform, found once from the calling Node thread (OH_JSVM_Init).
bool CapturePlatform();
node::MultiIsolatePlatform* Platform();

}  // namespace jsvm

#endif  // JSVM_DESKTOP_PLATFORM_H
