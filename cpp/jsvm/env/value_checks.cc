// The checks of the JSVM_Values a call is given (step 4 of common/entry.h):
// JSVM_SCOPE_CHECK's (env/debug_options.cc) and the VM check below.
//
// A JSVM_Value names a slot of one VM's handles, and the object in it lives in
// that VM's heap. Given to an env of another VM, V8 would store a pointer to
// one heap in the other (a property set, an argument kept by a closure) and
// the next GC of either follows it into memory it does not own: a crash far
// from the call (on the device as here). So while more than one VM exists,
// every JSVM_Value a call is given (those its entry lists, optional ones,
// argv arrays, DefineProperties' names and values, objects converted from
// values) that is an object of another VM is refused: JSVM_INVALID_ARG,
// "<argument> is an object of another VM ...", logged through HiLog (E
// A03F00/JSVM) as JSVM_SCOPE_CHECK's refusals are. Values of another env of
// the same VM are fine: they share the heap, as in V8.
//
// What is caught: objects (functions, arrays, promises, errors...), whose VM
// V8 tells (v8::Object::GetIsolate: a read of the object's heap page).
// What is not: strings, symbols, BigInts and numbers of another VM. V8's
// public API says nothing of their heap, and many of them (the empty string,
// "length", small integers) are shared by every VM anyway. One VM (the usual
// case) costs each call with values one load of the VM count; with several,
// an object not among the two last found to be the VM's (since its last GC)
// costs two V8 calls, about 4 ns.
#include "common/internal.h"
#include "hilog/log.h"

#include <string>

namespace jsvm {

// Whether `value` is an object of another VM than the env's. An object found
// to be the env's VM's is remembered until that VM's next GC (vm/vm.h), by
// the thread holding the VM only.
bool IsOtherVMsObject(JSVM_Env env, JSVM_Value value) {
  if (!NeedsVMCheck(env, value)) return false;
  v8::Local<v8::Value> local = ToV8(value);
  if (!local->IsObject()) return false;
  if (local.As<v8::Object>()->GetIsolate() != env->isolate) return true;
  JSVM_VM vm = env->vm;
  // Remembered only outside a collection (a GC handler or a finalizer run in
  // one may call with values): what is found then may move before it ends.
  if (IsEnteredHere(env->isolate) && vm->gc_depth == 0 && !InGCCallback(vm)) {
    constexpr auto relaxed = std::memory_order_relaxed;
    uintptr_t bits;
    std::memcpy(&bits, value, sizeof(bits));
    const uint32_t gc_count = vm->gc_count.load(relaxed);
    if (vm->own_objects_gc.load(relaxed) != gc_count) {
      vm->own_objects[1].store(0, relaxed);
      vm->own_objects[0].store(0, relaxed);
      vm->own_objects_gc.store(gc_count, relaxed);
    }
    vm->own_objects[1].store(vm->own_objects[0].load(relaxed), relaxed);
    vm->own_objects[0].store(bits, relaxed);
  }
  return false;
}

const char kReturnedOtherVMsObject[] =
    "returned an object of another VM: a JSVM_Value can be given only to envs of the VM that made it";

namespace {

const char kOtherVMsObject[] =
    " is an object of another VM: a JSVM_Value can be given only to envs of the VM that made it "
    "(OH_JSVM_CreateVM)";

// Judges the values of one call: from a closed scope first (what such a slot
// holds may be anything), then another VM's object. `name` is called only for
// a refusal; `read`: whether the call reads the value (a descriptor field it
// ignores is only compared, never read).
class ValueJudge {
 public:
  ValueJudge(JSVM_Env env, const char* function) : env_(env), function_(function), stale_(env) {}

  template <typename Name>
  JSVM_Status Check(JSVM_Value value, Name&& name, bool read = true) {
    if (stale_.Contains(value)) return ReportRefusedValue(env_, function_, name() + kStaleValue);
    if (read && several_vms_ && IsOtherVMsObject(env_, value)) {
      return ReportRefusedValue(env_, function_, name() + kOtherVMsObject);
    }
    return JSVM_OK;
  }

 private:
  JSVM_Env env_;
  const char* function_;
  StaleSlots stale_;
  bool several_vms_ = SeveralVMs();
};

std::string Indexed(const std::string& name, size_t i) { return name + "[" + std::to_string(i) + "]"; }

}  // namespace

JSVM_Status CheckValues(JSVM_Env env, const char* function, const char* names, const EntryValue* values,
                        size_t count) {
  ValueJudge judge(env, function);
  for (size_t i = 0; i < count; ++i) {
    JSVM_RETURN_IF_NOT_OK(judge.Check(values[i].value, [&] { return NameAt(names, values[i].position); }));
  }
  return JSVM_OK;
}

JSVM_Status CheckValueArray(JSVM_Env env, const char* function, const char* name, const JSVM_Value* values,
                            size_t count) {
  ValueJudge judge(env, function);
  for (size_t i = 0; i < count; ++i) {
    JSVM_RETURN_IF_NOT_OK(judge.Check(values[i], [&] { return Indexed(name, i); }));
  }
  return JSVM_OK;
}

JSVM_Status CheckDescriptorValues(JSVM_Env env, const char* function, size_t count,
                                  const JSVM_PropertyDescriptor* properties) {
  if (properties == nullptr || count == 0) return JSVM_OK;
  ValueJudge judge(env, function);
  for (size_t i = 0; i < count; ++i) {
    // A definition reads `name` without a utf8name and `value` without a
    // method or accessor; the other fields may hold anything.
    const JSVM_PropertyDescriptor& p = properties[i];
    const bool reads_value = p.method == nullptr && p.getter == nullptr && p.setter == nullptr;
    JSVM_RETURN_IF_NOT_OK(judge.Check(p.name, [&] { return Indexed("properties", i) + ".name"; }, p.utf8name == nullptr));
    JSVM_RETURN_IF_NOT_OK(judge.Check(p.value, [&] { return Indexed("properties", i) + ".value"; }, reads_value));
  }
  return JSVM_OK;
}

}  // namespace jsvm
