#include "common/handle_arena.h"

#include <sys/mman.h>

#include <cstring>
#include <new>

namespace jsvm {

HandleArena::HandleArena(size_t slot_size, size_t capacity) : slot_size_(slot_size), capacity_(capacity) {
  size_t bytes = slot_size * capacity;
  // Address space only: pages are backed when a slot is first used.
  void* p = mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (p != MAP_FAILED) {
    base_ = reinterpret_cast<uintptr_t>(p);
    bytes_ = bytes;
  }
}

void* HandleArena::Allocate(size_t size) {
  if (size > slot_size_) throw std::bad_alloc();
  std::lock_guard<std::mutex> lock(mutex_);
  void* slot = nullptr;
  if (used_ < capacity_ && bytes_ != 0) {
    slot = reinterpret_cast<void*>(base_ + used_ * slot_size_);
    ++used_;
  } else if (!freed_.empty()) {
    slot = freed_.front();
    freed_.pop_front();
  }
  if (slot == nullptr) throw std::bad_alloc();
  std::memset(slot, 0, slot_size_);
  return slot;
}

void HandleArena::Release(void* slot) {
  if (slot == nullptr) return;
  // Cleared through a volatile store: the compiler may consider the object's
  // lifetime over, yet later checks read this word.
  *static_cast<volatile uint64_t*>(slot) = kDeadTag;
  std::lock_guard<std::mutex> lock(mutex_);
  try {
    freed_.push_back(slot);
  } catch (...) {
    // Out of memory: the slot is simply never reused.
  }
}

}  // namespace jsvm
