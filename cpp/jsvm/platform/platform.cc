#include "platform/platform.h"

#include <atomic>
#include <cstdint>

namespace jsvm {
namespace {

std::atomic<node::MultiIsolatePlatform*> g_platform{nullptr};

double Now() {
  node::MultiIsolatePlatform* platform = g_platform.load();
  return platform != nullptr ? platform->MonotonicallyIncreasingTime() : 0.0;
}

}  // namespace

bool CapturePlatform() {
  if (g_platform.load() != nullptr) return true;
  v8::Isolate* node_isolate = v8::Isolate::TryGetCurrent();
  if (node_isolate == nullptr || !node_isolate->InContext()) return false;
  v8::HandleScope scope(node_isolate);
  node::Environment* node_env = node::GetCurrentEnvironment(node_isolate->GetCurrentContext());
  if (node_env == nullptr) return false;
  node::MultiIsolatePlatform* platform = node::GetMultiIsolatePlatform(node_env);
  if (platform == nullptr) return false;
  g_platform.store(platform);
  return true;
}

node::MultiIsolatePlatform* Platform() { return g_platform.load(); }

void ForegroundTaskRunner::Add(std::unique_ptr<v8::Task> task, double delay_in_seconds) {
  double due = delay_in_seconds > 0 ? Now() + delay_in_seconds : 0.0;
  std::lock_guard<std::mutex> lock(mutex_);
  tasks_.push_back({due, std::move(task), posted_++});
}

int ForegroundTaskRunner::RunDueTasks() {
  // Take what is due now; tasks posted while these run wait for the next drain.
  std::deque<std::unique_ptr<v8::Task>> due;
  {
    double now = Now();
    std::lock_guard<std::mutex> lock(mutex_);
    for (auto it = tasks_.begin(); it != tasks_.end();) {
      if (it->due <= now) {
        due.push_back(std::move(it->task));
        it = tasks_.erase(it);
      } else {
        ++it;
      }
    }
  }
  for (auto& task : due) task->Run();
  return static_cast<int>(due.size());
}

bool ForegroundTaskRunner::RunOneDueTask() { return RunOne(0, UINT64_MAX); }

uint64_t ForegroundTaskRunner::Mark() {
  std::lock_guard<std::mutex> lock(mutex_);
  return posted_;
}

bool ForegroundTaskRunner::RunOneDueTaskPostedBetween(uint64_t from, uint64_t to) { return RunOne(from, to); }

bool ForegroundTaskRunner::RunOne(uint64_t from, uint64_t to) {
  std::unique_ptr<v8::Task> task;
  {
    double now = Now();
    std::lock_guard<std::mutex> lock(mutex_);
    for (auto it = tasks_.begin(); it != tasks_.end(); ++it) {
      if (it->due <= now && it->serial >= from && it->serial < to) {
        task = std::move(it->task);
        tasks_.erase(it);
        break;
      }
    }
  }
  // Run outside the lock: the task may post more.
  if (task == nullptr) return false;
  task->Run();
  return true;
}

void ForegroundTaskRunner::Clear() {
  std::lock_guard<std::mutex> lock(mutex_);
  tasks_.clear();
}

}  // namespace jsvm
