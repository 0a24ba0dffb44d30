// Memory for the structs behind JSVM_VM and JSVM_Env, laid out so that any
// pointer a caller passes can be judged without touching unmapped memory.
//
// An arena is one range of the library's own data, never given back. A handle
// is live only if it points at the start of a slot inside that range and the
// slot's tag says "live"; a destroyed handle's slot keeps its memory, with the
// tag cleared. Fresh slots are handed out
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

// The bookkeeping of an arena: which slots are fresh, which were freed.
class SlotPool {
 public:
  SlotPool(unsigned char* base, size_t slot_size, size_t capacity)
      : base_(base), slot_size_(slot_size), capacity_(capacity) {}
  SlotPool(const SlotPool&) = delete;
  SlotPool& operator=(const SlotPool&) = delete;

  // A slot of slot_size zeroed bytes for an object of `size` bytes (an
  // operator new): std::bad_alloc when it does not fit or every slot is live.
  void* Allocate(size_t size);
  // Returns a slot (an operator delete): its tag is cleared, its memory stays.
  void Release(void* slot);

 private:
  unsigned char* base_;
  size_t slot_size_;
  size_t capacity_;
  size_t used_ = 0;  // slots handed out at least once
  std::mutex mutex_;
  std::deque<void*> freed_;
};

// kCapacity slots of kSlotSize bytes in the library's zero-initialised data
// (the kernel backs a page only once a slot on it is used). Both sizes are
// powers of two, so "is `p` a slot of this arena" is one subtraction from a
// link-time address and one mask.
template <size_t kSlotSize, size_t kCapacity>
class HandleArena {
 public:
  static constexpr size_t kBytes = kSlotSize * kCapacity;
  static_assert((kSlotSize & (kSlotSize - 1)) == 0 && (kCapacity & (kCapacity - 1)) == 0, "powers of two");

  HandleArena() : pool_(storage_, kSlotSize, kCapacity) {}
  HandleArena(const HandleArena&) = delete;
  HandleArena& operator=(const HandleArena&) = delete;

  void* Allocate(size_t size) { return pool_.Allocate(size); }
  void Release(void* slot) { pool_.Release(slot); }

  // Whether `p` is the start of a slot of this arena (live or not).
  bool IsSlot(const void* p) const {
    uintptr_t offset = reinterpret_cast<uintptr_t>(p) - reinterpret_cast<uintptr_t>(storage_);
    return (offset & (~uintptr_t{kBytes - 1} | uintptr_t{kSlotSize - 1})) == 0;
  }

  // Whether `p` names a live object: a slot whose first word is `tag`.
  bool HoldsLive(const void* p, uint32_t tag) const {
    if (!IsSlot(p)) return false;
    uint32_t word;
    std::memcpy(&word, p, sizeof(word));
    return word == tag;
  }

 private:
  alignas(kSlotSize) unsigned char storage_[kBytes];  // zero before any constructor runs
  SlotPool pool_;
};

// Every struct in an arena starts with a tag; kDeadTag is what a freed slot holds.
// (32 bits: compared with one instruction on the hot path.)
constexpr uint32_t kDeadTag = 0;
constexpr uint32_t kVMTag = 0x4d56534a;   // "JSVM"
constexpr uint32_t kEnvTag = 0x764e454a;  // "JENv"
// An env serialised by OH_JSVM_CreateSnapshot: it exists (DestroyEnv and
// GetLastErrorInfo take it) but every other call refuses it.
constexpr uint32_t kSerializedEnvTag = 0x7345454a;  // "JEEs"

}  // namespace jsvm

// Asserts that `Type`'s tag is its first word: the arena reads and clears it there.
#define JSVM_ASSERT_TAG_FIRST(Type)                                                \
  _Pragma("GCC diagnostic push") _Pragma("GCC diagnostic ignored \"-Winvalid-offsetof\"") \
  static_assert(offsetof(Type, tag) == 0, "the tag is the slot's first word");     \
  _Pragma("GCC diagnostic pop")

#endif  // JSVM_DESKTOP_HANDLE_ARENA_H
