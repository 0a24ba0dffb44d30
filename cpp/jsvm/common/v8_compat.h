// The V8 API differences between the Node lines we build on (Node 20: V8 11.3,
// Node 22: V8 12.4, Node 24: V8 13.6), in one place. Each shim names the
// version where the API changed; everything else in the runtime is written
// against the API all three share. No V8-internal symbols: Node 24 exports none.
#ifndef JSVM_COMMON_V8_COMPAT_H_
#define JSVM_COMMON_V8_COMPAT_H_

#include <v8-version.h>
#include <v8.h>

#include <cstddef>

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

}  // namespace jsvm

#endif  // JSVM_COMMON_V8_COMPAT_H_
