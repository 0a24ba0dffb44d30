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

JSVM_Status ReportOtherVMs(JSVM_Env env, const char* function, const std::string& name) {
  std::string detail = name +
                       " is an object of another VM: a JSVM_Value can be given only to envs of the VM that made it "
                       "(OH_JSVM_CreateVM)";
  bool named = function != nullptr && std::string(function).compare(0, 8, "OH_JSVM_") == 0;
  OH_LOG_Print(LOG_APP, LOG_ERROR, 0x3F00, "JSVM", "%{public}s%{public}s%{public}s; the call was refused",
               named ? function : "", named ? ": " : "", detail.c_str());
  return SetLastError(env, JSVM_INVALID_ARG, detail);
}

}  // namespace

JSVM_Status CheckValues(JSVM_Env env, const char* function, const char* names, const EntryValue* values,
                        size_t count) {
  // Stale slots first: what a closed scope's slot holds may be anything.
  if (ScopeCheckOn(env)) JSVM_RETURN_IF_NOT_OK(CheckValueScopes(env, function, names, values, count));
  if (!SeveralVMs()) return JSVM_OK;
  for (size_t i = 0; i < count; ++i) {
    if (IsOtherVMsObject(env, values[i].value)) {
      return ReportOtherVMs(env, function, NameAt(names, values[i].position));
    }
  }
  return JSVM_OK;
}

JSVM_Status CheckValueArray(JSVM_Env env, const char* function, const char* name, const JSVM_Value* values,
                            size_t count) {
  if (ScopeCheckOn(env)) JSVM_RETURN_IF_NOT_OK(CheckValueArrayScopes(env, function, name, values, count));
  if (!SeveralVMs()) return JSVM_OK;
  for (size_t i = 0; i < count; ++i) {
    if (IsOtherVMsObject(env, values[i])) {
      return ReportOtherVMs(env, function, std::string(name) + "[" + std::to_string(i) + "]");
    }
  }
  return JSVM_OK;
}

JSVM_Status CheckDescriptorValues(JSVM_Env env, const char* function, size_t count,
                                  const JSVM_PropertyDescriptor* properties) {
  if (properties == nullptr || count == 0) return JSVM_OK;
  if (ScopeCheckOn(env)) JSVM_RETURN_IF_NOT_OK(CheckDescriptorValueScopes(env, function, count, properties));
  if (!SeveralVMs()) return JSVM_OK;
  for (size_t i = 0; i < count; ++i) {
    // Only the fields a definition reads: `name` without a utf8name, `value`
    // without a method or accessor (the others may hold anything).
    const JSVM_PropertyDescriptor& p = properties[i];
    const bool reads_value = p.method == nullptr && p.getter == nullptr && p.setter == nullptr;
    const char* field = p.utf8name == nullptr && IsOtherVMsObject(env, p.name) ? "name"
                        : reads_value && IsOtherVMsObject(env, p.value)      ? "value"
                                                                              : nullptr;
    if (field != nullptr) return ReportOtherVMs(env, function, "properties[" + std::to_string(i) + "]." + field);
  }
  return JSVM_OK;
}

}  // namespace jsvm
