// External strings: V8 strings over the caller's memory, released through a finalizer.
#include <cstring>

#include "common/internal.h"
#include "memory/gc_state.h"

using jsvm::ToJSVM;

namespace jsvm {
namespace {

template <typename Base, typename Char>
class ExternalResource : public Base {
 public:
  ExternalResource(JSVM_Env env, Char* data, size_t length, JSVM_Finalize finalize, void* hint)
      : env_(env), vm_(env->vm), isolate_(env->isolate), data_(data), length_(length), finalize_(finalize),
        hint_(hint) {}
  const Char* data() const override { return data_; }
  size_t length() const override { return length_; }
  // V8 calls this when the string dies, in the middle of a collection (then
  // the finalizer's env calls are refused, as in a GC handler: one that ran a
  // script aborted the process), or when the isolate goes away (the env is
  // gone by then: its calls answer INVALID_ARG).
  void Dispose() override {
    if (finalize_ != nullptr) {
      GCFinalizerScope in_gc(vm_, isolate_);
      CallIntoModuleNoJS("an external string's finalizer", [this] { finalize_(env_, data_, hint_); });
    }
    delete this;
  }

 private:
  JSVM_Env env_;
  // Kept apart from the env, which may be destroyed before the string dies.
  JSVM_VM vm_;
  v8::Isolate* isolate_;
  Char* data_;
  size_t length_;
  JSVM_Finalize finalize_;
  void* hint_;
};

using OneByteResource = ExternalResource<v8::String::ExternalOneByteStringResource, char>;
using TwoByteResource = ExternalResource<v8::String::ExternalStringResource, uint16_t>;

size_t Utf16Length(const char16_t* s) {
  size_t n = 0;
  while (s[n] != 0) ++n;
  return n;
}

}  // namespace
}  // namespace jsvm

// *copied is false: the string uses `str` until V8 calls finalizeCallback.
JSVM_Status OH_JSVM_CreateExternalStringLatin1(JSVM_Env env, char* str, size_t length,
                                               JSVM_Finalize finalizeCallback, void* finalizeHint,
                                               JSVM_Value* result, bool* copied) try {
  JSVM_ENTRY_CONTEXT(env, str, result);
  if (length == JSVM_AUTO_LENGTH) length = std::strlen(str);
  JSVM_RETURN_STATUS_IF_FALSE_MSG(env, length <= v8::String::kMaxLength, JSVM_INVALID_ARG, "the string is too long");
  auto* resource = new jsvm::OneByteResource(env, str, length, finalizeCallback, finalizeHint);
  v8::Local<v8::String> value;
  if (!v8::String::NewExternalOneByte(env->isolate, resource).ToLocal(&value)) {
    delete resource;
    return jsvm::SetLastError(env, JSVM_GENERIC_FAILURE, "V8 could not create the string");
  }
  if (copied != nullptr) *copied = false;
  *result = ToJSVM(value);
  return JSVM_OK;
} JSVM_EXIT(env)

JSVM_Status OH_JSVM_CreateExternalStringUtf16(JSVM_Env env, char16_t* str, size_t length,
                                              JSVM_Finalize finalizeCallback, void* finalizeHint, JSVM_Value* result,
                                              bool* copied) try {
  JSVM_ENTRY_CONTEXT(env, str, result);
  if (length == JSVM_AUTO_LENGTH) length = jsvm::Utf16Length(str);
  JSVM_RETURN_STATUS_IF_FALSE_MSG(env, length <= v8::String::kMaxLength, JSVM_INVALID_ARG, "the string is too long");
  auto* resource =
      new jsvm::TwoByteResource(env, reinterpret_cast<uint16_t*>(str), length, finalizeCallback, finalizeHint);
  v8::Local<v8::String> value;
  if (!v8::String::NewExternalTwoByte(env->isolate, resource).ToLocal(&value)) {
    delete resource;
    return jsvm::SetLastError(env, JSVM_GENERIC_FAILURE, "V8 could not create the string");
  }
  if (copied != nullptr) *copied = false;
  *result = ToJSVM(value);
  return JSVM_OK;
} JSVM_EXIT(env)
