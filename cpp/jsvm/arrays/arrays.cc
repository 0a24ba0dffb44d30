// Arrays, ArrayBuffers (including external memory and backing stores),
// TypedArrays and DataViews.
// Defines OH_JSVM_CreateArrayBufferFromExternalMemory, declared only under JSVM_EXPERIMENTAL.
#define JSVM_EXPERIMENTAL
#include <cstdlib>

#include "common/internal.h"
#include "memory/gc_state.h"

using jsvm::SetLastError;
using jsvm::ToJSVM;
using jsvm::ToV8;

namespace jsvm {
namespace {

// Throws a RangeError (pending on the env) and reports it, as Node-API does
// for TypedArray and DataView ranges.
JSVM_Status ThrowRange(JSVM_Env env, const char* code, const std::string& message) {
  v8::Isolate* isolate = env->isolate;
  v8::Local<v8::Value> error =
      v8::Exception::RangeError(v8::String::NewFromUtf8(isolate, message.c_str()).ToLocalChecked());
  error.As<v8::Object>()
      ->Set(env->context(), v8::String::NewFromUtf8Literal(isolate, "code"),
            v8::String::NewFromUtf8(isolate, code).ToLocalChecked())
      .FromMaybe(false);
  env->last_exception.Reset(isolate, error);
  return SetLastError(env, JSVM_PENDING_EXCEPTION);
}

size_t ElementSize(JSVM_TypedarrayType type) {
  switch (type) {
    case JSVM_INT8_ARRAY: case JSVM_UINT8_ARRAY: case JSVM_UINT8_CLAMPED_ARRAY: return 1;
    case JSVM_INT16_ARRAY: case JSVM_UINT16_ARRAY: return 2;
    case JSVM_INT32_ARRAY: case JSVM_UINT32_ARRAY: case JSVM_FLOAT32_ARRAY: return 4;
    case JSVM_FLOAT64_ARRAY: case JSVM_BIGINT64_ARRAY: case JSVM_BIGUINT64_ARRAY: return 8;
  }
  return 0;
}

const char* TypeName(JSVM_TypedarrayType type) {
  static const char* const names[] = {"Int8Array",    "Uint8Array",   "Uint8ClampedArray", "Int16Array",
                                      "Uint16Array",  "Int32Array",   "Uint32Array",       "Float32Array",
                                      "Float64Array", "BigInt64Array", "BigUint64Array"};
  return names[type];
}

v8::Local<v8::TypedArray> NewTypedArray(JSVM_TypedarrayType type, v8::Local<v8::ArrayBuffer> buffer, size_t offset,
                                        size_t length) {
  switch (type) {
    case JSVM_INT8_ARRAY: return v8::Int8Array::New(buffer, offset, length);
    case JSVM_UINT8_ARRAY: return v8::Uint8Array::New(buffer, offset, length);
    case JSVM_UINT8_CLAMPED_ARRAY: return v8::Uint8ClampedArray::New(buffer, offset, length);
    case JSVM_INT16_ARRAY: return v8::Int16Array::New(buffer, offset, length);
    case JSVM_UINT16_ARRAY: return v8::Uint16Array::New(buffer, offset, length);
    case JSVM_INT32_ARRAY: return v8::Int32Array::New(buffer, offset, length);
    case JSVM_UINT32_ARRAY: return v8::Uint32Array::New(buffer, offset, length);
    case JSVM_FLOAT32_ARRAY: return v8::Float32Array::New(buffer, offset, length);
    case JSVM_FLOAT64_ARRAY: return v8::Float64Array::New(buffer, offset, length);
    case JSVM_BIGINT64_ARRAY: return v8::BigInt64Array::New(buffer, offset, length);
    case JSVM_BIGUINT64_ARRAY: return v8::BigUint64Array::New(buffer, offset, length);
  }
  return {};
}

JSVM_TypedarrayType TypeOf(v8::Local<v8::TypedArray> array) {
  if (array->IsInt8Array()) return JSVM_INT8_ARRAY;
  if (array->IsUint8Array()) return JSVM_UINT8_ARRAY;
  if (array->IsUint8ClampedArray()) return JSVM_UINT8_CLAMPED_ARRAY;
  if (array->IsInt16Array()) return JSVM_INT16_ARRAY;
  if (array->IsUint16Array()) return JSVM_UINT16_ARRAY;
  if (array->IsInt32Array()) return JSVM_INT32_ARRAY;
  if (array->IsUint32Array()) return JSVM_UINT32_ARRAY;
  if (array->IsFloat32Array()) return JSVM_FLOAT32_ARRAY;
  if (array->IsFloat64Array()) return JSVM_FLOAT64_ARRAY;
  if (array->IsBigInt64Array()) return JSVM_BIGINT64_ARRAY;
  return JSVM_BIGUINT64_ARRAY;
}

// The largest ArrayBuffer V8 accepts (2^53 - 1 on 64-bit hosts).
constexpr size_t kMaxArrayBufferLength =
    sizeof(size_t) == 4 ? static_cast<size_t>(INT32_MAX) : static_cast<size_t>((uint64_t{1} << 53) - 1);

// Longer arrays are made sparse: V8 allocates the backing store of an
// Array::New(length) up front, and aborts the process when it cannot.
constexpr size_t kMaxPreallocatedArrayLength = size_t{1} << 20;

// Deleter of backing stores whose memory came from the isolate's allocator.
void FreeWithAllocator(void* data, size_t length, void* allocator) {
  static_cast<v8::ArrayBuffer::Allocator*>(allocator)->Free(data, length);
}

void* DataOf(v8::Local<v8::ArrayBuffer> buffer) {
  std::shared_ptr<v8::BackingStore> store = buffer->GetBackingStore();
  return store ? store->Data() : nullptr;
}

}  // namespace
}  // namespace jsvm

JSVM_Status OH_JSVM_CreateArray(JSVM_Env env, JSVM_Value* result) try {
  JSVM_ENTRY_CONTEXT(env, result);
  jsvm::ContextGuard context_guard(env);
  *result = ToJSVM(v8::Array::New(env->isolate));
  return JSVM_OK;
} JSVM_EXIT(env)

JSVM_Status OH_JSVM_CreateArrayWithLength(JSVM_Env env, size_t length, JSVM_Value* result) try {
  JSVM_ENTRY_CONTEXT(env, result);
  JSVM_RETURN_STATUS_IF_FALSE_MSG(env, length <= UINT32_MAX, JSVM_INVALID_ARG,
                                  "length is larger than a JS array can be (2^32 - 1)");
  jsvm::ContextGuard context_guard(env);
  if (length <= jsvm::kMaxPreallocatedArrayLength) {
    *result = ToJSVM(v8::Array::New(env->isolate, static_cast<int>(length)));
    return JSVM_OK;
  }
  // V8 would allocate (and abort on) the whole backing store: a longer array
  // is made as JS makes `new Array(length)`, sparse.
  v8::Local<v8::Array> array = v8::Array::New(env->isolate);
  v8::Local<v8::Context> context = env->context();
  if (array->Set(context, v8::String::NewFromUtf8Literal(env->isolate, "length"),
                 v8::Number::New(env->isolate, static_cast<double>(length)))
          .IsNothing()) {
    return SetLastError(env, JSVM_GENERIC_FAILURE, "V8 could not make an array of that length");
  }
  *result = ToJSVM(array);
  return JSVM_OK;
} JSVM_EXIT(env)

JSVM_Status OH_JSVM_GetArrayLength(JSVM_Env env, JSVM_Value value, uint32_t* result) try {
  JSVM_ENTRY_CONTEXT(env, value, result);
  JSVM_CHECK_NOT_PENDING(env);
  v8::Local<v8::Value> v = ToV8(value);
  JSVM_RETURN_STATUS_IF_FALSE(env, v->IsArray(), JSVM_ARRAY_EXPECTED);
  *result = v.As<v8::Array>()->Length();
  return JSVM_OK;
} JSVM_EXIT(env)

// A zero-filled buffer; *data (optional) points at its bytes.
JSVM_Status OH_JSVM_CreateArraybuffer(JSVM_Env env, size_t byteLength, void** data, JSVM_Value* result) try {
  JSVM_ENTRY_JS(env, result);
  // v8::ArrayBuffer::NewBackingStore(isolate, length) aborts the process when it
  // cannot allocate: take the (zeroed) memory from the VM's allocator ourselves
  // so that a size it cannot satisfy is reported instead.
  v8::ArrayBuffer::Allocator* allocator = env->isolate->GetArrayBufferAllocator();
  void* memory = nullptr;
  if (byteLength > 0 && byteLength <= jsvm::kMaxArrayBufferLength) memory = allocator->Allocate(byteLength);
  JSVM_RETURN_STATUS_IF_FALSE_MSG(env, byteLength == 0 || memory != nullptr, JSVM_GENERIC_FAILURE,
                                  "could not allocate the ArrayBuffer");
  std::unique_ptr<v8::BackingStore> store =
      byteLength == 0 ? v8::ArrayBuffer::NewBackingStore(env->isolate, 0)
                      : v8::ArrayBuffer::NewBackingStore(memory, byteLength, jsvm::FreeWithAllocator, allocator);
  v8::Local<v8::ArrayBuffer> buffer = v8::ArrayBuffer::New(env->isolate, std::move(store));
  if (data != nullptr) *data = jsvm::DataOf(buffer);
  *result = ToJSVM(buffer);
  return JSVM_OK;
} JSVM_EXIT(env)

JSVM_Status OH_JSVM_GetArraybufferInfo(JSVM_Env env, JSVM_Value arraybuffer, void** data, size_t* byteLength) try {
  JSVM_ENTRY_CONTEXT(env, arraybuffer);
  v8::Local<v8::Value> v = ToV8(arraybuffer);
  // JSVM_INVALID_ARG: the device documents no other failure, and Node-API's
  // napi_get_arraybuffer_info answers napi_invalid_arg.
  JSVM_RETURN_STATUS_IF_FALSE_MSG(env, v->IsArrayBuffer(), JSVM_INVALID_ARG, "arraybuffer is not an ArrayBuffer");
  v8::Local<v8::ArrayBuffer> buffer = v.As<v8::ArrayBuffer>();
  if (data != nullptr) *data = jsvm::DataOf(buffer);
  if (byteLength != nullptr) *byteLength = buffer->ByteLength();
  return JSVM_OK;
} JSVM_EXIT(env)

JSVM_Status OH_JSVM_DetachArraybuffer(JSVM_Env env, JSVM_Value arraybuffer) try {
  JSVM_ENTRY_JS(env, arraybuffer);
  v8::Local<v8::Value> v = ToV8(arraybuffer);
  JSVM_RETURN_STATUS_IF_FALSE(env, v->IsArrayBuffer(), JSVM_ARRAYBUFFER_EXPECTED);
  v8::Local<v8::ArrayBuffer> buffer = v.As<v8::ArrayBuffer>();
  JSVM_RETURN_STATUS_IF_FALSE(env, buffer->IsDetachable(), JSVM_DETACHABLE_ARRAYBUFFER_EXPECTED);
  if (buffer->Detach(v8::Local<v8::Value>()).IsNothing()) return SetLastError(env, JSVM_PENDING_EXCEPTION);
  return JSVM_OK;
} JSVM_EXIT(env)

JSVM_Status OH_JSVM_IsDetachedArraybuffer(JSVM_Env env, JSVM_Value value, bool* result) try {
  JSVM_ENTRY_ENV(env, value, result);
  v8::Local<v8::Value> v = ToV8(value);
  *result = v->IsArrayBuffer() && v.As<v8::ArrayBuffer>()->WasDetached();
  return jsvm::ClearLastError(env);
} JSVM_EXIT(env)

// Out-of-range offsets and lengths throw a RangeError, as Node-API does.
JSVM_Status OH_JSVM_CreateTypedarray(JSVM_Env env, JSVM_TypedarrayType type, size_t length, JSVM_Value arraybuffer,
                                     size_t byteOffset, JSVM_Value* result) try {
  JSVM_ENTRY_JS(env, arraybuffer, result);
  JSVM_RETURN_STATUS_IF_FALSE_MSG(env, type >= JSVM_INT8_ARRAY && type <= JSVM_BIGUINT64_ARRAY, JSVM_INVALID_ARG,
                                  "unknown JSVM_TypedarrayType");
  v8::Local<v8::Value> v = ToV8(arraybuffer);
  // JSVM_INVALID_ARG, as the device answers (Node-API says ARRAYBUFFER_EXPECTED).
  JSVM_RETURN_STATUS_IF_FALSE_MSG(env, v->IsArrayBuffer(), JSVM_INVALID_ARG, "arraybuffer is not an ArrayBuffer");
  v8::Local<v8::ArrayBuffer> buffer = v.As<v8::ArrayBuffer>();
  size_t size = jsvm::ElementSize(type);
  if (byteOffset % size != 0) {
    return jsvm::ThrowRange(env, "ERR_JSVM_INVALID_TYPEDARRAY_ALIGNMENT",
                            std::string("start offset of ") + jsvm::TypeName(type) + " should be a multiple of " +
                                std::to_string(size));
  }
  if (length > jsvm::TypedArrayMaxLength(size) || length > (SIZE_MAX - byteOffset) / size ||
      length * size + byteOffset > buffer->ByteLength()) {
    return jsvm::ThrowRange(env, "ERR_JSVM_INVALID_TYPEDARRAY_LENGTH", "Invalid typed array length");
  }
  v8::Local<v8::TypedArray> array = jsvm::NewTypedArray(type, buffer, byteOffset, length);
  if (array.IsEmpty()) return SetLastError(env, JSVM_PENDING_EXCEPTION);
  *result = ToJSVM(array);
  return JSVM_OK;
} JSVM_EXIT(env)

JSVM_Status OH_JSVM_GetTypedarrayInfo(JSVM_Env env, JSVM_Value typedarray, JSVM_TypedarrayType* type, size_t* length,
                                      void** data, JSVM_Value* arraybuffer, size_t* byteOffset) try {
  JSVM_ENTRY_CONTEXT(env, typedarray);
  JSVM_OPTIONAL_RESULT_MADE(env, arraybuffer);
  v8::Local<v8::Value> v = ToV8(typedarray);
  JSVM_RETURN_STATUS_IF_FALSE_MSG(env, v->IsTypedArray(), JSVM_INVALID_ARG, "the value is not a TypedArray");
  v8::Local<v8::TypedArray> array = v.As<v8::TypedArray>();
  v8::Local<v8::ArrayBuffer> buffer = array->Buffer();
  if (type != nullptr) *type = jsvm::TypeOf(array);
  if (length != nullptr) *length = array->Length();
  if (data != nullptr) {
    void* base = jsvm::DataOf(buffer);
    *data = base != nullptr ? static_cast<char*>(base) + array->ByteOffset() : nullptr;
  }
  if (arraybuffer != nullptr) *arraybuffer = ToJSVM(buffer);
  if (byteOffset != nullptr) *byteOffset = array->ByteOffset();
  return JSVM_OK;
} JSVM_EXIT(env)

JSVM_Status OH_JSVM_CreateDataview(JSVM_Env env, size_t length, JSVM_Value arraybuffer, size_t byteOffset,
                                   JSVM_Value* result) try {
  JSVM_ENTRY_JS(env, arraybuffer, result);
  v8::Local<v8::Value> v = ToV8(arraybuffer);
  // JSVM_INVALID_ARG, as the device answers (Node-API says ARRAYBUFFER_EXPECTED).
  JSVM_RETURN_STATUS_IF_FALSE_MSG(env, v->IsArrayBuffer(), JSVM_INVALID_ARG, "arraybuffer is not an ArrayBuffer");
  v8::Local<v8::ArrayBuffer> buffer = v.As<v8::ArrayBuffer>();
  if (byteOffset > buffer->ByteLength() || length > buffer->ByteLength() - byteOffset) {
    return jsvm::ThrowRange(env, "ERR_JSVM_INVALID_DATAVIEW_ARGS",
                            "byteOffset + byteLength should be less than or equal to the size in bytes of the "
                            "array passed in");
  }
  *result = ToJSVM(v8::DataView::New(buffer, byteOffset, length));
  return JSVM_OK;
} JSVM_EXIT(env)

JSVM_Status OH_JSVM_GetDataviewInfo(JSVM_Env env, JSVM_Value dataview, size_t* bytelength, void** data,
                                    JSVM_Value* arraybuffer, size_t* byteOffset) try {
  JSVM_ENTRY_CONTEXT(env, dataview);
  JSVM_OPTIONAL_RESULT_MADE(env, arraybuffer);
  v8::Local<v8::Value> v = ToV8(dataview);
  JSVM_RETURN_STATUS_IF_FALSE_MSG(env, v->IsDataView(), JSVM_INVALID_ARG, "the value is not a DataView");
  v8::Local<v8::DataView> view = v.As<v8::DataView>();
  v8::Local<v8::ArrayBuffer> buffer = view->Buffer();
  if (bytelength != nullptr) *bytelength = view->ByteLength();
  if (data != nullptr) {
    void* base = jsvm::DataOf(buffer);
    *data = base != nullptr ? static_cast<char*>(base) + view->ByteOffset() : nullptr;
  }
  if (arraybuffer != nullptr) *arraybuffer = ToJSVM(buffer);
  if (byteOffset != nullptr) *byteOffset = view->ByteOffset();
  return JSVM_OK;
} JSVM_EXIT(env)

// ---------------------------------------------------------------------------
// Backing stores the caller manages: memory from AllocateArrayBufferBackingStoreData
// may back several ArrayBuffers and is freed with FreeArrayBufferBackingStoreData
// (after the buffers over it are gone or detached).
// ---------------------------------------------------------------------------

JSVM_Status OH_JSVM_AllocateArrayBufferBackingStoreData(size_t byteLength, JSVM_InitializedFlag initialized,
                                                        void** data) try {
  JSVM_ENTRY_PROCESS(data);
  if (initialized != JSVM_ZERO_INITIALIZED && initialized != JSVM_UNINITIALIZED) {
    return jsvm::SetThreadError(JSVM_INVALID_ARG, "unknown JSVM_InitializedFlag");
  }
  void* memory = initialized == JSVM_ZERO_INITIALIZED ? std::calloc(byteLength == 0 ? 1 : byteLength, 1)
                                                      : std::malloc(byteLength == 0 ? 1 : byteLength);
  if (memory == nullptr) return jsvm::SetThreadError(JSVM_GENERIC_FAILURE, "out of native memory");
  *data = memory;
  return jsvm::SetThreadError(JSVM_OK);
} JSVM_EXIT_THREAD

JSVM_Status OH_JSVM_FreeArrayBufferBackingStoreData(void* data) try {
  JSVM_ENTRY_PROCESS(data);
  std::free(data);
  return jsvm::SetThreadError(JSVM_OK);
} JSVM_EXIT_THREAD

JSVM_Status OH_JSVM_CreateArrayBufferFromBackingStoreData(JSVM_Env env, void* data, size_t backingStoreSize,
                                                          size_t offset, size_t arrayBufferSize, JSVM_Value* result) try {
  JSVM_ENTRY_CONTEXT(env, data, result);
  JSVM_RETURN_STATUS_IF_FALSE_MSG(env, arrayBufferSize > 0, JSVM_INVALID_ARG, "arrayBufferSize is 0");
  JSVM_RETURN_STATUS_IF_FALSE_MSG(env, offset <= backingStoreSize && arrayBufferSize <= backingStoreSize - offset,
                                  JSVM_INVALID_ARG, "offset + arrayBufferSize exceeds backingStoreSize");
  JSVM_RETURN_STATUS_IF_FALSE_MSG(env, arrayBufferSize <= jsvm::kMaxArrayBufferLength, JSVM_INVALID_ARG,
                                  "arrayBufferSize is larger than an ArrayBuffer can be (2^53 - 1 bytes)");
  jsvm::ContextGuard context_guard(env);
  std::unique_ptr<v8::BackingStore> store = v8::ArrayBuffer::NewBackingStore(
      static_cast<char*>(data) + offset, arrayBufferSize, [](void*, size_t, void*) {}, nullptr);
  *result = ToJSVM(v8::ArrayBuffer::New(env->isolate, std::move(store)));
  return JSVM_OK;
} JSVM_EXIT(env)

namespace jsvm {
namespace {

struct ExternalBuffer {
  JSVM_Env env;
  // Kept apart from the env, which may be destroyed before the buffer goes.
  JSVM_VM vm;
  v8::Isolate* isolate;
  JSVM_FinalizeArrayBuffer finalize;
  void* hint;
};

// V8 frees backing stores when it likes: on a sweeper thread of its own, on
// the VM's thread in the middle of a collection (then the finalizer's env
// calls are refused, as in a GC handler: one that ran a script aborted the
// process), when the buffer is detached, or at isolate teardown. The finalizer
// gets the env it was made in.
void ReleaseExternalBuffer(void* data, size_t length, void* deleter_data) {
  auto* buffer = static_cast<ExternalBuffer*>(deleter_data);
  if (buffer->finalize != nullptr) {
    GCFinalizerScope in_gc(buffer->vm, buffer->isolate);
    jsvm::CallIntoModuleNoJS("an external ArrayBuffer's finalizer",
                             [&] { buffer->finalize(buffer->env, data, buffer->hint, false); });
  }
  delete buffer;
}

}  // namespace
}  // namespace jsvm

// Wraps the caller's memory without copying (*copied is false); finalizeCb runs
// when V8 releases the buffer. As the device documents: externalData must be
// 8-byte aligned; NULL with byteLength 0 gives an empty buffer of the engine's
// own (finalizeCb, which should then be NULL, is not kept).
JSVM_Status OH_JSVM_CreateArrayBufferFromExternalMemory(JSVM_Env env, void* externalData, size_t byteLength,
                                                        JSVM_FinalizeArrayBuffer finalizeCb, void* finalizeHint,
                                                        bool* copied, JSVM_Value* result) try {
  JSVM_ENTRY_CONTEXT(env, result);  // externalData may be NULL when byteLength is 0
  JSVM_RETURN_STATUS_IF_FALSE_MSG(env, externalData != nullptr || byteLength == 0, JSVM_INVALID_ARG,
                                  "externalData is NULL and byteLength is not 0");
  JSVM_RETURN_STATUS_IF_FALSE_MSG(env, reinterpret_cast<uintptr_t>(externalData) % 8 == 0, JSVM_INVALID_ARG,
                                  "externalData is not 8-byte aligned");
  JSVM_RETURN_STATUS_IF_FALSE_MSG(env, byteLength <= jsvm::kMaxArrayBufferLength, JSVM_INVALID_ARG,
                                  "byteLength is larger than an ArrayBuffer can be (2^53 - 1 bytes)");
  jsvm::ContextGuard context_guard(env);
  if (externalData == nullptr) {
    *result = ToJSVM(v8::ArrayBuffer::New(env->isolate, 0));
    if (copied != nullptr) *copied = false;
    return JSVM_OK;
  }
  auto* deleter = new jsvm::ExternalBuffer{env, env->vm, env->isolate, finalizeCb, finalizeHint};
  std::unique_ptr<v8::BackingStore> store =
      v8::ArrayBuffer::NewBackingStore(externalData, byteLength, jsvm::ReleaseExternalBuffer, deleter);
  *result = ToJSVM(v8::ArrayBuffer::New(env->isolate, std::move(store)));
  if (copied != nullptr) *copied = false;
  return JSVM_OK;
} JSVM_EXIT(env)
