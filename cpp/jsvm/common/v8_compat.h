// The V8 API differences between the Node lines we build on (Node 20: V8 11.3,
// Node 22: V8 12.4, Node 24: V8 13.6), in one place. Each shim names the
// version where the API changed; everything else in the runtime is written
// against the API all three share. No V8-internal symbols: Node 24 exports none.
#ifndef JSVM_COMMON_V8_COMPAT_H_
#define JSVM_COMMON_V8_COMPAT_H_

#include <node.h>
#include <node_version.h>
#include <v8-version.h>
#include <v8.h>

#include <cstddef>
#include <cstdint>

#define JSVM_V8_AT_LEAST(major, minor) \
  (V8_MAJOR_VERSION > (major) || (V8_MAJOR_VERSION == (major) && V8_MINOR_VERSION >= (minor)))

namespace jsvm {

// The largest element count a typed array of `element_size`-byte elements may
// have. V8 12 dropped TypedArray::kMaxLength for a byte limit.
inline size_t TypedArrayMaxLength(size_t element_size) {
#if JSVM_V8_AT_LEAST(12, 0)
  return v8::TypedArray::kMaxByteLength / element_size;
#else
  (void)element_size;
  return v8::TypedArray::kMaxLength;
#endif
}

// The most internal fields an object made from a template can have: V8 sizes
// an object in tagged words and aborts past 255 of them ("Check failed:
// static_cast<unsigned>(value) < 256"). Less the object's header (map,
// properties, elements, and from V8 12 a C++-heap wrappable slot: reserved on
// every line), each field takes a system pointer. 251 on Node's 64-bit builds,
// 125 under pointer compression (the device's).
constexpr int kMaxInternalFieldCount =
    (255 * v8::internal::kApiTaggedSize - 3 * v8::internal::kApiTaggedSize -
     v8::internal::kApiSystemPointerSize) / v8::internal::kApiSystemPointerSize;

// The minor mark GC's type bit: V8 12 renamed kGCTypeMinorMarkCompact to
// kGCTypeMinorMarkSweep (the same bit), V8 13 removed the old name.
#if JSVM_V8_AT_LEAST(12, 0)
constexpr v8::GCType kGCTypeMinorMark = v8::kGCTypeMinorMarkSweep;
#else
constexpr v8::GCType kGCTypeMinorMark = v8::kGCTypeMinorMarkCompact;
#endif

// A script origin. V8 12 made the isolate argument optional, V8 13 removed it.
inline v8::ScriptOrigin MakeScriptOrigin(v8::Isolate* isolate, v8::Local<v8::Value> resource_name, int line_offset,
                                         int column_offset, v8::Local<v8::Value> source_map_url) {
#if JSVM_V8_AT_LEAST(12, 0)
  (void)isolate;
  return v8::ScriptOrigin(resource_name, line_offset, column_offset, false, -1, source_map_url);
#else
  return v8::ScriptOrigin(isolate, resource_name, line_offset, column_offset, false, -1, source_map_url);
#endif
}

// Disposes a VM's isolate (not a SnapshotCreator's) and takes it off Node's
// platform. Node 24's platform must still know the isolate while V8 tears it
// down (V8 posts tasks then), so it does both in order (DisposeIsolate);
// earlier lines unregister first.
inline void DisposeIsolate(node::MultiIsolatePlatform* platform, v8::Isolate* isolate) {
#if NODE_MAJOR_VERSION >= 24
  platform->DisposeIsolate(isolate);
#else
  platform->UnregisterIsolate(isolate);
  isolate->Dispose();
#endif
}

// A string V8 just made, as a handle of the current handle scope. Since V8 13
// a one-character string comes back as a slot of V8's roots table (its
// single-character string table) rather than a slot of the scope; such a
// JSVM_Value would outlive its scope unnoticed by JSVM_SCOPE_CHECK
// (env/debug_options.cc), so it is given a slot of the scope (Local::New
// always takes a fresh one). Earlier lines already give it one.
inline v8::Local<v8::String> InCurrentScope(v8::Isolate* isolate, v8::Local<v8::String> string) {
#if JSVM_V8_AT_LEAST(13, 0)
  if (string->Length() == 1) return v8::Local<v8::String>::New(isolate, string);
#else
  (void)isolate;
#endif
  return string;
}

// Copying a string out, at most `capacity` units, no NUL written; each returns
// the units written. V8 13 deprecated Write/WriteOneByte/WriteUtf8 for their
// V2 forms (which Node 24's own napi_get_value_string_* use); the old UTF-8
// writer measured about 15% slower there on a 1 KB string.
inline size_t WriteUtf8(v8::Isolate* isolate, v8::Local<v8::String> string, char* buffer, size_t capacity) {
#if JSVM_V8_AT_LEAST(13, 0)
  return string->WriteUtf8V2(isolate, buffer, capacity, v8::String::WriteFlags::kReplaceInvalidUtf8);
#else
  int limit = capacity > INT32_MAX ? INT32_MAX : static_cast<int>(capacity);
  return static_cast<size_t>(string->WriteUtf8(isolate, buffer, limit, nullptr,
                                               v8::String::REPLACE_INVALID_UTF8 | v8::String::NO_NULL_TERMINATION));
#endif
}

inline size_t Utf8Length(v8::Isolate* isolate, v8::Local<v8::String> string) {
#if JSVM_V8_AT_LEAST(13, 0)
  return string->Utf8LengthV2(isolate);
#else
  return static_cast<size_t>(string->Utf8Length(isolate));
#endif
}

// Characters [start, start + count) of `string`, which the caller knows it holds.
inline void WriteUtf16At(v8::Isolate* isolate, v8::Local<v8::String> string, int start, int count, uint16_t* buffer) {
#if JSVM_V8_AT_LEAST(13, 0)
  string->WriteV2(isolate, static_cast<uint32_t>(start), static_cast<uint32_t>(count), buffer);
#else
  string->Write(isolate, buffer, start, count, v8::String::NO_NULL_TERMINATION);
#endif
}
inline void WriteLatin1At(v8::Isolate* isolate, v8::Local<v8::String> string, int start, int count, uint8_t* buffer) {
#if JSVM_V8_AT_LEAST(13, 0)
  string->WriteOneByteV2(isolate, static_cast<uint32_t>(start), static_cast<uint32_t>(count), buffer);
#else
  string->WriteOneByte(isolate, buffer, start, count, v8::String::NO_NULL_TERMINATION);
#endif
}

// The first `capacity` characters of `string` (all if it is shorter); the count written.
inline size_t WriteUtf16(v8::Isolate* isolate, v8::Local<v8::String> string, uint16_t* buffer, size_t capacity) {
  size_t length = static_cast<size_t>(string->Length());
  size_t count = capacity < length ? capacity : length;
  WriteUtf16At(isolate, string, 0, static_cast<int>(count), buffer);
  return count;
}
inline size_t WriteLatin1(v8::Isolate* isolate, v8::Local<v8::String> string, uint8_t* buffer, size_t capacity) {
  size_t length = static_cast<size_t>(string->Length());
  size_t count = capacity < length ? capacity : length;
  WriteLatin1At(isolate, string, 0, static_cast<int>(count), buffer);
  return count;
}

}  // namespace jsvm

#endif  // JSVM_COMMON_V8_COMPAT_H_
