// Memory for the structs behind JSVM_VM and JSVM_Env, laid out so that any
// pointer a caller passes can be judged without touching unmapped memory.
//
// An arena reserves one range of address space when the library loads and
// never gives it back. A handle is live only if it points at the start of a
// slot inside that range and the slot's tag says "live"; a destroyed handle's
// slot keeps its memory, with the tag cleared. Fresh slots are handed out
// before freed ones are reused, and freed ones in the order they were freed,
// so a stale pointer names a new object only after the whole arena has cycled
// (capacity below). The check costs a subtraction, a mask and one load.
#ifndef JSVM_DESKTOP_HANDLE_ARENA_H
#define JSVM_DESKTOP_HANDLE_ARENA_H

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <deque>
#include <mutex>

namespace jsvm {

class HandleArena {
 public:
  // slot_size must be a power of two; capacity slots are reserved.
  HandleArena(size_t slot_size, size_t capacity);
  HandleArena(const HandleArena&) = delete;
  HandleArena& operator=(const HandleArena&) = delete;

  // A slot of slot_size zeroed bytes for an object of `size` bytes (an
  // operator new): std::bad_alloc when it does not fit or every slot is live.
  void* Allocate(size_t size);
  // Returns a slot (an operator delete): its tag is cleared, its memory stays
  // mapped.
  void Release(void* slot);

  // Whether `p` is the start of a slot of this arena (live or not).
  bool IsSlot(const void* p) const {
    uintptr_t offset = reinterpret_cast<uintptr_t>(p) - base_;
    return offset < bytes_ && (offset & (slot_size_ - 1)) == 0;
  }

  // Whether `p` names a live object: a slot whose first word is `tag`.
  bool HoldsLive(const void* p, uint64_t tag) const {
    if (!IsSlot(p)) return false;
    uint64_t word;
    std::memcpy(&word, p, sizeof(word));
    return word == tag;
  }

 private:
  uintptr_t base_ = 0;
  size_t bytes_ = 0;
  size_t slot_size_;
  size_t capacity_;
  size_t used_ = 0;  // slots handed out at least once
  std::mutex mutex_;
  std::deque<void*> freed_;
};

// Every struct in an arena starts with a tag; kDeadTag is what a freed slot holds.
constexpr uint64_t kDeadTag = 0;
constexpr uint64_t kVMTag = 0x4d565f4d56534a01ull;   // "JSVM_VM" + 1
constexpr uint64_t kEnvTag = 0x764e455f4d56534aull;  // "JSVM_ENv"

}  // namespace jsvm

#endif  // JSVM_DESKTOP_HANDLE_ARENA_H
