#include "common/handle_arena.h"

#include <cstring>
#include <new>

namespace jsvm {

void* SlotPool::Allocate(size_t size) {
  if (size > slot_size_) throw std::bad_alloc();
  std::lock_guard<std::mutex> lock(mutex_);
  void* slot = nullptr;
  if (used_ < capacity_) {
    slot = base_ + used_ * slot_size_;
    ++used_;
  } else if (!freed_.empty()) {
    slot = freed_.front();
    freed_.pop_front();
  }
  if (slot == nullptr) throw std::bad_alloc();
  std::memset(slot, 0, slot_size_);
  return slot;
}

void SlotPool::Release(void* slot) {
  if (slot == nullptr) return;
  // Cleared through a volatile store: the compiler may consider the object's
  // lifetime over, yet later checks read this word.
  *static_cast<volatile uint32_t*>(slot) = kDeadTag;
  std::lock_guard<std::mutex> lock(mutex_);
  try {
    freed_.push_back(slot);
  } catch (...) {
    // Out of memory: the slot is simply never reused.
  }
}

}  // namespace jsvm
