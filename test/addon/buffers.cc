// Scenarios: arrays, ArrayBuffers, TypedArrays, DataViews, backing stores and
// external memory. See test/buffers.spec.ts.
// OH_JSVM_CreateArrayBufferFromExternalMemory is declared only under JSVM_EXPERIMENTAL.
#define JSVM_EXPERIMENTAL
#include <atomic>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "harness.h"

namespace harness {
namespace {

// A session with helpers to show values and exceptions through JS.
struct BufSession : Session {
  void SetGlobal(const char* name, JSVM_Value value) {
    JSVM_Value global;
    OH_JSVM_GetGlobal(env, &global);
    OH_JSVM_SetNamedProperty(env, global, name, value);
  }
  JSVM_Value Js(const char* source) {
    JSVM_Value value = nullptr;
    if (Run(source, &value) != JSVM_OK) TakeException(env);
    return value;
  }
  bool Same(JSVM_Value a, JSVM_Value b) {
    bool same = false;
    if (a == nullptr || b == nullptr) return false;
    OH_JSVM_StrictEquals(env, a, b, &same);
    return same;
  }
  std::string TakeError();
};

// The pending exception as "Class:message:code" ("" if none), cleared.
std::string TakeError(JSVM_Env env) {
  bool pending = false;
  OH_JSVM_IsExceptionPending(env, &pending);
  if (!pending) return "";
  JSVM_Value error, global;
  OH_JSVM_GetAndClearLastException(env, &error);
  OH_JSVM_GetGlobal(env, &global);
  OH_JSVM_SetNamedProperty(env, global, "__e", error);
  return EvalIn(env, "__e instanceof Error ? __e.constructor.name + ':' + __e.message + ':' + __e.code : String(__e)");
}

std::string BufSession::TakeError() { return harness::TakeError(env); }

std::string Hex(const void* data, size_t length) {
  static const char digits[] = "0123456789abcdef";
  std::string out;
  const auto* bytes = static_cast<const uint8_t*>(data);
  for (size_t i = 0; i < length; ++i) {
    out += digits[bytes[i] >> 4];
    out += digits[bytes[i] & 15];
  }
  return out;
}

bool AllZero(const void* data, size_t length) {
  const auto* bytes = static_cast<const uint8_t*>(data);
  for (size_t i = 0; i < length; ++i) {
    if (bytes[i] != 0) return false;
  }
  return true;
}

// ---------------------------------------------------------------------------

void Arrays(const Napi::CallbackInfo& info, Report& out) {
  BufSession s;
  JSVM_Env env = s.env;
  JSVM_Value array = nullptr, sized = nullptr, empty = nullptr;
  out.Set("createArray", Last(env, OH_JSVM_CreateArray(env, &array)));
  s.SetGlobal("made", array);
  out.Set("created", s.Eval("[Array.isArray(made), made.length, Object.getPrototypeOf(made) === Array.prototype, "
                            "made.push('x', 'y'), made.join('')].join()"));
  out.Set("createWithLength", Last(env, OH_JSVM_CreateArrayWithLength(env, 5, &sized)));
  s.SetGlobal("sized", sized);
  out.Set("createdWithLength", s.Eval("[Array.isArray(sized), sized.length, 0 in sized, 4 in sized, "
                                      "JSON.stringify(sized)].join('|')"));
  out.Set("createWithZero", Last(env, OH_JSVM_CreateArrayWithLength(env, 0, &empty)));
  s.SetGlobal("emptyMade", empty);
  out.Set("createdWithZero", s.Eval("Array.isArray(emptyMade) && emptyMade.length === 0"));
  // Past what V8 preallocates: made sparse, as `new Array(length)` in JS.
  JSVM_Value huge = nullptr;
  out.Set("createWithLength2to30", Last(env, OH_JSVM_CreateArrayWithLength(env, size_t{1} << 30, &huge)));
  s.SetGlobal("hugeMade", huge);
  out.Set("hugeLength", s.Eval("hugeMade.length === 2 ** 30 && !(5 in hugeMade) && (hugeMade[7] = 1, hugeMade[7] === 1)"));
  out.Set("createWithMaxLength", Last(env, OH_JSVM_CreateArrayWithLength(env, UINT32_MAX, &huge)));
  s.SetGlobal("maxMade", huge);
  out.Set("maxLength", s.Eval("maxMade.length === 2 ** 32 - 1"));
  out.Set("createWithLengthTooLarge",
          Last(env, OH_JSVM_CreateArrayWithLength(env, static_cast<size_t>(UINT32_MAX) + 1, &empty)));
  out.Set("createWithSizeMax", Last(env, OH_JSVM_CreateArrayWithLength(env, SIZE_MAX, &empty)));

  auto length_of = [&](const char* name, JSVM_Value value) {
    uint32_t length = 12345;
    out.Set(std::string(name) + "Status", Last(env, OH_JSVM_GetArrayLength(env, value, &length)));
    out.Set(name, length);
  };
  length_of("lengthOfMade", array);
  length_of("lengthOfSized", sized);
  length_of("lengthOfLiteral", s.Js("[1, 2, 3]"));
  length_of("lengthOfSparse", s.Js("const sparse = []; sparse[99] = 1; sparse"));
  length_of("lengthOfMax", s.Js("const big = []; big.length = 4294967295; big"));
  length_of("lengthOfSubclass", s.Js("class List extends Array {}; List.of(1, 2)"));
  uint32_t length = 0;
  out.Set("lengthOfArrayLike", Last(env, OH_JSVM_GetArrayLength(env, s.Js("({ length: 3 })"), &length)));
  out.Set("lengthOfTypedArray", Last(env, OH_JSVM_GetArrayLength(env, s.Js("new Uint8Array(3)"), &length)));
  out.Set("lengthOfString", Last(env, OH_JSVM_GetArrayLength(env, s.Str("abc"), &length)));
  out.Set("lengthOfArguments",
          Last(env, OH_JSVM_GetArrayLength(env, s.Js("(function () { return arguments; })(1, 2)"), &length)));
  out.Set("lengthOfNumber", Last(env, OH_JSVM_GetArrayLength(env, s.Js("3"), &length)));
  out.Set("lengthNullValue", Last(env, OH_JSVM_GetArrayLength(env, nullptr, &length)));
  out.Set("lengthNullResult", Last(env, OH_JSVM_GetArrayLength(env, array, nullptr)));
  out.Set("lengthNullEnv", Last(nullptr, OH_JSVM_GetArrayLength(nullptr, array, &length)));
  out.Set("createArrayNullResult", Last(env, OH_JSVM_CreateArray(env, nullptr)));
  out.Set("createArrayNullEnv", Last(nullptr, OH_JSVM_CreateArray(nullptr, &array)));
  out.Set("createWithLengthNullResult", Last(env, OH_JSVM_CreateArrayWithLength(env, 2, nullptr)));
  out.Set("createWithLengthNullEnv", Last(nullptr, OH_JSVM_CreateArrayWithLength(nullptr, 2, &array)));
}

// ---------------------------------------------------------------------------

void Arraybuffers(const Napi::CallbackInfo& info, Report& out) {
  BufSession s;
  JSVM_Env env = s.env;
  void* data = nullptr;
  JSVM_Value ab = nullptr;
  out.Set("create", Last(env, OH_JSVM_CreateArraybuffer(env, 16, &data, &ab)));
  auto* bytes = static_cast<uint8_t*>(data);
  out.Set("dataNotNull", data != nullptr);
  out.Set("nativeZeroFilled", data != nullptr && AllZero(data, 16));
  s.SetGlobal("ab", ab);
  out.Set("jsView", s.Eval("[ab instanceof ArrayBuffer, ab.byteLength, new Uint8Array(ab).every((b) => b === 0)].join()"));
  if (bytes != nullptr) {
    for (int i = 0; i < 4; ++i) bytes[i] = static_cast<uint8_t>(i + 1);
  }
  out.Set("jsSeesNativeWrites", s.Eval("Array.from(new Uint8Array(ab, 0, 5)).join()"));
  s.Eval("new Uint8Array(ab)[15] = 99; new DataView(ab).setUint16(8, 0x1234, true)");
  out.Set("nativeSeesJsWrites", bytes != nullptr ? Hex(bytes + 8, 8) : std::string("<no data>"));

  // Zero-filling is real: a recycled allocation comes back zeroed.
  void* dirty = nullptr;
  JSVM_Value dirty_ab = nullptr;
  OH_JSVM_CreateArraybuffer(env, 4096, &dirty, &dirty_ab);
  if (dirty != nullptr) std::memset(dirty, 0xAB, 4096);
  OH_JSVM_DetachArraybuffer(env, dirty_ab);
  bool all_zero = true;
  for (int round = 0; round < 4; ++round) {
    void* fresh = nullptr;
    JSVM_Value fresh_ab = nullptr;
    OH_JSVM_CreateArraybuffer(env, 4096, &fresh, &fresh_ab);
    all_zero = all_zero && fresh != nullptr && AllZero(fresh, 4096);
  }
  out.Set("recycledZeroFilled", all_zero);

  JSVM_Value zero = nullptr;
  void* zero_data = reinterpret_cast<void*>(1);
  out.Set("createZero", Last(env, OH_JSVM_CreateArraybuffer(env, 0, &zero_data, &zero)));
  s.SetGlobal("zero", zero);
  out.Set("zeroLength", s.Eval("zero instanceof ArrayBuffer && zero.byteLength === 0"));
  JSVM_Value no_data = nullptr;
  out.Set("createWithoutDataPointer", Last(env, OH_JSVM_CreateArraybuffer(env, 8, nullptr, &no_data)));
  s.SetGlobal("noData", no_data);
  out.Set("withoutDataPointerLength", s.Eval("noData.byteLength"));
  out.Set("createNullResult", Last(env, OH_JSVM_CreateArraybuffer(env, 8, &data, nullptr)));
  out.Set("createNullEnv", Last(nullptr, OH_JSVM_CreateArraybuffer(nullptr, 8, &data, &ab)));

  // GetArraybufferInfo.
  void* info_data = nullptr;
  size_t info_length = 0;
  out.Set("info", Last(env, OH_JSVM_GetArraybufferInfo(env, ab, &info_data, &info_length)));
  out.Set("infoData", info_data == data);
  out.Set("infoLength", static_cast<double>(info_length));
  out.Set("infoNoOutputs", Last(env, OH_JSVM_GetArraybufferInfo(env, ab, nullptr, nullptr)));
  JSVM_Value js_ab = s.Js("globalThis.jsAb = new ArrayBuffer(24); new Uint8Array(jsAb)[3] = 42; jsAb");
  info_data = nullptr;
  out.Set("infoOfJsBuffer", Last(env, OH_JSVM_GetArraybufferInfo(env, js_ab, &info_data, &info_length)));
  out.Set("jsBufferLength", static_cast<double>(info_length));
  out.Set("jsBufferByte3", info_data != nullptr ? static_cast<uint8_t*>(info_data)[3] : -1);
  out.Set("infoOfTypedArray",
          Last(env, OH_JSVM_GetArraybufferInfo(env, s.Js("new Uint8Array(4)"), &info_data, &info_length)));
  out.Set("infoOfDataView",
          Last(env, OH_JSVM_GetArraybufferInfo(env, s.Js("new DataView(jsAb)"), &info_data, &info_length)));
  out.Set("infoOfShared",
          Last(env, OH_JSVM_GetArraybufferInfo(env, s.Js("new SharedArrayBuffer(4)"), &info_data, &info_length)));
  out.Set("infoOfObject",
          Last(env, OH_JSVM_GetArraybufferInfo(env, s.Js("({ byteLength: 4 })"), &info_data, &info_length)));
  out.Set("infoNullValue", Last(env, OH_JSVM_GetArraybufferInfo(env, nullptr, &info_data, &info_length)));
  out.Set("infoNullEnv", Last(nullptr, OH_JSVM_GetArraybufferInfo(nullptr, ab, &info_data, &info_length)));

  // Detaching.
  s.Eval("globalThis.view = new Uint8Array(ab)");
  bool detached = true;
  out.Set("isDetachedFresh", Last(env, OH_JSVM_IsDetachedArraybuffer(env, ab, &detached)));
  out.Set("freshDetached", detached);
  out.Set("detach", Last(env, OH_JSVM_DetachArraybuffer(env, ab)));
  detached = false;
  out.Set("isDetachedAfter", Last(env, OH_JSVM_IsDetachedArraybuffer(env, ab, &detached)));
  out.Set("afterDetached", detached);
  out.Set("jsAfterDetach", s.Eval("[ab.byteLength, view.length, view[0]].join()"));
  out.Set("jsUseAfterDetach", s.Eval("(() => { try { new Uint8Array(ab); return 'ok'; } catch (e) { return e.constructor.name; } })()"));
  info_data = reinterpret_cast<void*>(1);
  info_length = 99;
  out.Set("infoAfterDetach", Last(env, OH_JSVM_GetArraybufferInfo(env, ab, &info_data, &info_length)));
  out.Set("detachedData", info_data == nullptr);
  out.Set("detachedLength", static_cast<double>(info_length));
  out.Set("detachAgain", Last(env, OH_JSVM_DetachArraybuffer(env, ab)));
  JSVM_Value js_view = s.Js("globalThis.jsView = new Uint8Array(jsAb); jsAb");
  out.Set("detachJsBuffer", Last(env, OH_JSVM_DetachArraybuffer(env, js_view)));
  out.Set("jsBufferAfterDetach", s.Eval("[jsAb.byteLength, jsView.length].join()"));

  JSVM_Value wasm = s.Js("globalThis.memory = new WebAssembly.Memory({ initial: 1 }); memory.buffer");
  out.Set("detachWasm", Last(env, OH_JSVM_DetachArraybuffer(env, wasm)));
  detached = true;
  OH_JSVM_IsDetachedArraybuffer(env, wasm, &detached);
  out.Set("wasmDetached", detached);
  out.Set("wasmStillUsable", s.Eval("memory.buffer.byteLength + '|' + (new Uint8Array(memory.buffer)[0] = 5)"));

  bool result = true;
  out.Set("isDetachedTypedArray", Last(env, OH_JSVM_IsDetachedArraybuffer(env, s.Js("new Uint8Array(1)"), &result)));
  out.Set("typedArrayDetached", result);
  result = true;
  out.Set("isDetachedNumber", Last(env, OH_JSVM_IsDetachedArraybuffer(env, s.Js("1"), &result)));
  out.Set("numberDetached", result);
  out.Set("isDetachedNullValue", Last(env, OH_JSVM_IsDetachedArraybuffer(env, nullptr, &result)));
  out.Set("isDetachedNullResult", Last(env, OH_JSVM_IsDetachedArraybuffer(env, ab, nullptr)));
  out.Set("isDetachedNullEnv", Last(nullptr, OH_JSVM_IsDetachedArraybuffer(nullptr, ab, &result)));
  out.Set("detachTypedArray", Last(env, OH_JSVM_DetachArraybuffer(env, s.Js("new Uint8Array(1)"))));
  out.Set("detachObject", Last(env, OH_JSVM_DetachArraybuffer(env, s.Js("({})"))));
  out.Set("detachNull", Last(env, OH_JSVM_DetachArraybuffer(env, nullptr)));
  out.Set("detachNullEnv", Last(nullptr, OH_JSVM_DetachArraybuffer(nullptr, ab)));
  JSVM_Value later = s.Js("globalThis.later = new ArrayBuffer(4)");
  OH_JSVM_ThrowError(env, nullptr, "pending");
  out.Set("detachWhilePending", Last(env, OH_JSVM_DetachArraybuffer(env, later)));
  out.Set("createWhilePending", Last(env, OH_JSVM_CreateArraybuffer(env, 4, &data, &ab)));
  TakeException(env);
  out.Set("notDetachedWhilePending", s.Eval("later.byteLength"));
}

// ---------------------------------------------------------------------------

struct TypeCase {
  JSVM_TypedarrayType type;
  const char* name;
  size_t size;
};
const TypeCase kTypes[] = {
    {JSVM_INT8_ARRAY, "Int8Array", 1},         {JSVM_UINT8_ARRAY, "Uint8Array", 1},
    {JSVM_UINT8_CLAMPED_ARRAY, "Uint8ClampedArray", 1}, {JSVM_INT16_ARRAY, "Int16Array", 2},
    {JSVM_UINT16_ARRAY, "Uint16Array", 2},     {JSVM_INT32_ARRAY, "Int32Array", 4},
    {JSVM_UINT32_ARRAY, "Uint32Array", 4},     {JSVM_FLOAT32_ARRAY, "Float32Array", 4},
    {JSVM_FLOAT64_ARRAY, "Float64Array", 8},   {JSVM_BIGINT64_ARRAY, "BigInt64Array", 8},
    {JSVM_BIGUINT64_ARRAY, "BigUint64Array", 8},
};

// Writes a value typical of the type at `p`, as native code would.
void WriteNative(JSVM_TypedarrayType type, void* p) {
  switch (type) {
    case JSVM_INT8_ARRAY: { int8_t v = -5; std::memcpy(p, &v, sizeof(v)); break; }
    case JSVM_UINT8_ARRAY: { uint8_t v = 250; std::memcpy(p, &v, sizeof(v)); break; }
    case JSVM_UINT8_CLAMPED_ARRAY: { uint8_t v = 255; std::memcpy(p, &v, sizeof(v)); break; }
    case JSVM_INT16_ARRAY: { int16_t v = -1234; std::memcpy(p, &v, sizeof(v)); break; }
    case JSVM_UINT16_ARRAY: { uint16_t v = 65000; std::memcpy(p, &v, sizeof(v)); break; }
    case JSVM_INT32_ARRAY: { int32_t v = -123456; std::memcpy(p, &v, sizeof(v)); break; }
    case JSVM_UINT32_ARRAY: { uint32_t v = 4000000000u; std::memcpy(p, &v, sizeof(v)); break; }
    case JSVM_FLOAT32_ARRAY: { float v = 1.5f; std::memcpy(p, &v, sizeof(v)); break; }
    case JSVM_FLOAT64_ARRAY: { double v = -2.25; std::memcpy(p, &v, sizeof(v)); break; }
    case JSVM_BIGINT64_ARRAY: { int64_t v = -(int64_t{1} << 40); std::memcpy(p, &v, sizeof(v)); break; }
    case JSVM_BIGUINT64_ARRAY: { uint64_t v = uint64_t{1} << 63; std::memcpy(p, &v, sizeof(v)); break; }
  }
}

// Reads element `p` as native code would, as text.
std::string ReadNative(JSVM_TypedarrayType type, const void* p) {
  switch (type) {
    case JSVM_INT8_ARRAY: { int8_t v; std::memcpy(&v, p, sizeof(v)); return std::to_string(v); }
    case JSVM_UINT8_ARRAY: case JSVM_UINT8_CLAMPED_ARRAY: {
      uint8_t v; std::memcpy(&v, p, sizeof(v)); return std::to_string(v);
    }
    case JSVM_INT16_ARRAY: { int16_t v; std::memcpy(&v, p, sizeof(v)); return std::to_string(v); }
    case JSVM_UINT16_ARRAY: { uint16_t v; std::memcpy(&v, p, sizeof(v)); return std::to_string(v); }
    case JSVM_INT32_ARRAY: { int32_t v; std::memcpy(&v, p, sizeof(v)); return std::to_string(v); }
    case JSVM_UINT32_ARRAY: { uint32_t v; std::memcpy(&v, p, sizeof(v)); return std::to_string(v); }
    case JSVM_FLOAT32_ARRAY: { float v; std::memcpy(&v, p, sizeof(v)); return std::to_string(v); }
    case JSVM_FLOAT64_ARRAY: { double v; std::memcpy(&v, p, sizeof(v)); return std::to_string(v); }
    case JSVM_BIGINT64_ARRAY: { int64_t v; std::memcpy(&v, p, sizeof(v)); return std::to_string(v); }
    case JSVM_BIGUINT64_ARRAY: { uint64_t v; std::memcpy(&v, p, sizeof(v)); return std::to_string(v); }
  }
  return "?";
}

void Typedarrays(const Napi::CallbackInfo& info, Report& out) {
  BufSession s;
  JSVM_Env env = s.env;
  void* base = nullptr;
  JSVM_Value ab = nullptr;
  OH_JSVM_CreateArraybuffer(env, 64, &base, &ab);
  s.SetGlobal("ab", ab);
  auto* bytes = static_cast<uint8_t*>(base);

  for (const TypeCase& t : kTypes) {
    std::string name = t.name;
    JSVM_Value ta = nullptr;
    size_t offset = t.size;  // aligned, not at the start
    out.Set("create." + name, Last(env, OH_JSVM_CreateTypedarray(env, t.type, 3, ab, offset, &ta)));
    s.SetGlobal("ta", ta);
    out.Set("js." + name, s.Eval("[ta.constructor.name, ta.length, ta.byteOffset, ta.byteLength, ta.buffer === ab]"
                                 ".join()"));
    JSVM_TypedarrayType type = static_cast<JSVM_TypedarrayType>(-1);
    size_t length = 0, byte_offset = 0;
    void* data = nullptr;
    JSVM_Value buffer = nullptr;
    out.Set("info." + name,
            Last(env, OH_JSVM_GetTypedarrayInfo(env, ta, &type, &length, &data, &buffer, &byte_offset)));
    out.Set("type." + name, static_cast<double>(type));
    out.Set("length." + name, static_cast<double>(length));
    out.Set("byteOffset." + name, static_cast<double>(byte_offset));
    out.Set("dataIsBasePlusOffset." + name, data != nullptr && data == bytes + offset);
    out.Set("sameBuffer." + name, s.Same(buffer, ab));
    // Native writes element 0 through the data pointer; JS writes element 1.
    if (data != nullptr) {
      WriteNative(t.type, data);
      out.Set("jsReadsNative." + name, s.Eval("String(ta[0])"));
      s.Eval("ta[1] = typeof ta[1] === 'bigint' ? -3n * 2n ** 20n : 100.75; 0");
      out.Set("nativeReadsJs." + name, ReadNative(t.type, static_cast<uint8_t*>(data) + t.size));
    }
    std::memset(bytes, 0, 64);
  }

  // A TypedArray made by JS reports the same.
  JSVM_Value js_ta = s.Js("globalThis.jsTa = new Uint16Array(ab, 6, 5); jsTa");
  JSVM_TypedarrayType type;
  size_t length = 0, byte_offset = 0;
  void* data = nullptr;
  JSVM_Value buffer = nullptr;
  out.Set("infoOfJsTypedArray",
          Last(env, OH_JSVM_GetTypedarrayInfo(env, js_ta, &type, &length, &data, &buffer, &byte_offset)));
  out.Set("jsTypedArray", std::to_string(type) + "," + std::to_string(length) + "," + std::to_string(byte_offset) +
                              "," + (data == bytes + 6 ? "data ok" : "data wrong") + "," +
                              (s.Same(buffer, ab) ? "same buffer" : "other buffer"));
  out.Set("infoNoOutputs",
          Last(env, OH_JSVM_GetTypedarrayInfo(env, js_ta, nullptr, nullptr, nullptr, nullptr, nullptr)));

  // Edges that fit: an empty array at the very end, an array up to the end.
  JSVM_Value ta = nullptr;
  out.Set("emptyAtEnd", Last(env, OH_JSVM_CreateTypedarray(env, JSVM_UINT8_ARRAY, 0, ab, 64, &ta)));
  s.SetGlobal("ta", ta);
  out.Set("emptyAtEndJs", s.Eval("ta.length + ',' + ta.byteOffset"));
  out.Set("upToEnd", Last(env, OH_JSVM_CreateTypedarray(env, JSVM_FLOAT64_ARRAY, 7, ab, 8, &ta)));
  s.SetGlobal("ta", ta);
  out.Set("upToEndJs", s.Eval("ta.length + ',' + ta.byteOffset + ',' + ta.byteLength"));

  // Misaligned offsets and lengths that do not fit are RangeErrors.
  for (const TypeCase& t : kTypes) {
    if (t.size == 1) continue;
    JSVM_Status status = OH_JSVM_CreateTypedarray(env, t.type, 1, ab, t.size + 1, &ta);
    SetThrown(out, env, std::string("misaligned.") + t.name, status, "Error", TakeError);
  }
  SetThrown(out, env, "tooLongUint8", OH_JSVM_CreateTypedarray(env, JSVM_UINT8_ARRAY, 65, ab, 0, &ta),
            "Error", TakeError);
  SetThrown(out, env, "tooLongFloat64", OH_JSVM_CreateTypedarray(env, JSVM_FLOAT64_ARRAY, 8, ab, 8, &ta),
            "Error", TakeError);
  SetThrown(out, env, "offsetPastEnd", OH_JSVM_CreateTypedarray(env, JSVM_UINT8_ARRAY, 0, ab, 65, &ta),
            "Error", TakeError);
  SetThrown(out, env, "lengthOverflows", OH_JSVM_CreateTypedarray(env, JSVM_FLOAT64_ARRAY, SIZE_MAX / 4, ab, 8, &ta),
            "Error", TakeError);
  SetThrown(out, env, "misalignedAndTooLong", OH_JSVM_CreateTypedarray(env, JSVM_INT32_ARRAY, 100, ab, 2, &ta),
            "Error", TakeError);

  // Other bad input.
  out.Set("unknownType", Last(env, OH_JSVM_CreateTypedarray(env, static_cast<JSVM_TypedarrayType>(42), 1, ab, 0, &ta)));
  out.Set("negativeType",
          Last(env, OH_JSVM_CreateTypedarray(env, static_cast<JSVM_TypedarrayType>(-1), 1, ab, 0, &ta)));
  out.Set("onTypedArray", Last(env, OH_JSVM_CreateTypedarray(env, JSVM_UINT8_ARRAY, 1, js_ta, 0, &ta)));
  out.Set("onShared",
          Last(env, OH_JSVM_CreateTypedarray(env, JSVM_UINT8_ARRAY, 1, s.Js("new SharedArrayBuffer(4)"), 0, &ta)));
  out.Set("onObject", Last(env, OH_JSVM_CreateTypedarray(env, JSVM_UINT8_ARRAY, 1, s.Js("({})"), 0, &ta)));
  out.Set("nullBuffer", Last(env, OH_JSVM_CreateTypedarray(env, JSVM_UINT8_ARRAY, 1, nullptr, 0, &ta)));
  out.Set("nullResult", Last(env, OH_JSVM_CreateTypedarray(env, JSVM_UINT8_ARRAY, 1, ab, 0, nullptr)));
  out.Set("nullEnv", Last(nullptr, OH_JSVM_CreateTypedarray(nullptr, JSVM_UINT8_ARRAY, 1, ab, 0, &ta)));
  OH_JSVM_ThrowError(env, nullptr, "pending");
  out.Set("whilePending", Last(env, OH_JSVM_CreateTypedarray(env, JSVM_UINT8_ARRAY, 1, ab, 0, &ta)));
  out.Set("pendingKept", s.TakeError());
  out.Set("infoOfDataView",
          Last(env, OH_JSVM_GetTypedarrayInfo(env, s.Js("new DataView(ab)"), &type, &length, &data, &buffer,
                                              &byte_offset)));
  out.Set("infoOfArrayBuffer",
          Last(env, OH_JSVM_GetTypedarrayInfo(env, ab, &type, &length, &data, &buffer, &byte_offset)));
  out.Set("infoOfArray",
          Last(env, OH_JSVM_GetTypedarrayInfo(env, s.Js("[1, 2]"), &type, &length, &data, &buffer, &byte_offset)));
  out.Set("infoNullValue",
          Last(env, OH_JSVM_GetTypedarrayInfo(env, nullptr, &type, &length, &data, &buffer, &byte_offset)));
  out.Set("infoNullEnv",
          Last(nullptr, OH_JSVM_GetTypedarrayInfo(nullptr, js_ta, &type, &length, &data, &buffer, &byte_offset)));

  // After its buffer is detached a TypedArray is empty.
  OH_JSVM_DetachArraybuffer(env, ab);
  length = 99;
  byte_offset = 99;
  data = reinterpret_cast<void*>(1);
  buffer = nullptr;
  out.Set("infoDetached",
          Last(env, OH_JSVM_GetTypedarrayInfo(env, js_ta, &type, &length, &data, &buffer, &byte_offset)));
  out.Set("detachedLength", static_cast<double>(length));
  out.Set("detachedData", data == nullptr);
  out.Set("detachedSameBuffer", s.Same(buffer, ab));
  out.Set("detachedJs", s.Eval("jsTa.length + ',' + jsTa.byteOffset"));
}

// ---------------------------------------------------------------------------

void Dataviews(const Napi::CallbackInfo& info, Report& out) {
  BufSession s;
  JSVM_Env env = s.env;
  void* base = nullptr;
  JSVM_Value ab = nullptr, dv = nullptr;
  OH_JSVM_CreateArraybuffer(env, 32, &base, &ab);
  s.SetGlobal("ab", ab);
  auto* bytes = static_cast<uint8_t*>(base);

  out.Set("create", Last(env, OH_JSVM_CreateDataview(env, 8, ab, 4, &dv)));
  s.SetGlobal("dv", dv);
  out.Set("js", s.Eval("[dv instanceof DataView, dv.byteLength, dv.byteOffset, dv.buffer === ab].join()"));
  s.Eval("dv.setUint16(0, 0xabcd); dv.setInt32(4, -2, true)");
  out.Set("nativeSeesJs", Hex(bytes, 16));
  bytes[6] = 0x7f;
  out.Set("jsSeesNative", s.Eval("dv.getInt8(2)"));
  size_t length = 0, byte_offset = 0;
  void* data = nullptr;
  JSVM_Value buffer = nullptr;
  out.Set("info", Last(env, OH_JSVM_GetDataviewInfo(env, dv, &length, &data, &buffer, &byte_offset)));
  out.Set("infoLength", static_cast<double>(length));
  out.Set("infoOffset", static_cast<double>(byte_offset));
  out.Set("infoData", data == bytes + 4);
  out.Set("infoBuffer", s.Same(buffer, ab));
  out.Set("infoNoOutputs", Last(env, OH_JSVM_GetDataviewInfo(env, dv, nullptr, nullptr, nullptr, nullptr)));
  JSVM_Value js_dv = s.Js("new DataView(ab, 10, 3)");
  out.Set("infoOfJsDataView", Last(env, OH_JSVM_GetDataviewInfo(env, js_dv, &length, &data, &buffer, &byte_offset)));
  out.Set("jsDataView", std::to_string(length) + "," + std::to_string(byte_offset) + "," +
                            (data == bytes + 10 ? "data ok" : "data wrong"));

  out.Set("wholeBuffer", Last(env, OH_JSVM_CreateDataview(env, 32, ab, 0, &dv)));
  out.Set("emptyAtEnd", Last(env, OH_JSVM_CreateDataview(env, 0, ab, 32, &dv)));
  s.SetGlobal("dv", dv);
  out.Set("emptyAtEndJs", s.Eval("dv.byteLength + ',' + dv.byteOffset"));
  SetThrown(out, env, "tooLong", OH_JSVM_CreateDataview(env, 8, ab, 30, &dv), "Error", TakeError);
  SetThrown(out, env, "offsetPastEnd", OH_JSVM_CreateDataview(env, 0, ab, 33, &dv), "Error", TakeError);
  SetThrown(out, env, "lengthOverflows", OH_JSVM_CreateDataview(env, SIZE_MAX, ab, 1, &dv), "Error", TakeError);
  out.Set("onTypedArray", Last(env, OH_JSVM_CreateDataview(env, 1, s.Js("new Uint8Array(4)"), 0, &dv)));
  out.Set("onObject", Last(env, OH_JSVM_CreateDataview(env, 1, s.Js("({})"), 0, &dv)));
  out.Set("nullBuffer", Last(env, OH_JSVM_CreateDataview(env, 1, nullptr, 0, &dv)));
  out.Set("nullResult", Last(env, OH_JSVM_CreateDataview(env, 1, ab, 0, nullptr)));
  out.Set("nullEnv", Last(nullptr, OH_JSVM_CreateDataview(nullptr, 1, ab, 0, &dv)));
  OH_JSVM_ThrowError(env, nullptr, "pending");
  out.Set("whilePending", Last(env, OH_JSVM_CreateDataview(env, 1, ab, 0, &dv)));
  s.TakeError();
  out.Set("infoOfTypedArray",
          Last(env, OH_JSVM_GetDataviewInfo(env, s.Js("new Uint8Array(ab)"), &length, &data, &buffer, &byte_offset)));
  out.Set("infoOfArrayBuffer", Last(env, OH_JSVM_GetDataviewInfo(env, ab, &length, &data, &buffer, &byte_offset)));
  out.Set("infoNullValue", Last(env, OH_JSVM_GetDataviewInfo(env, nullptr, &length, &data, &buffer, &byte_offset)));
  out.Set("infoNullEnv", Last(nullptr, OH_JSVM_GetDataviewInfo(nullptr, js_dv, &length, &data, &buffer,
                                                               &byte_offset)));
}

// ---------------------------------------------------------------------------

void BackingStores(const Napi::CallbackInfo& info, Report& out) {
  void* zeroed = nullptr;
  out.Set("allocateZeroed",
          Last(nullptr, OH_JSVM_AllocateArrayBufferBackingStoreData(64, JSVM_ZERO_INITIALIZED, &zeroed)));
  out.Set("zeroedIsZero", zeroed != nullptr && AllZero(zeroed, 64));
  // Zero-initialised really means zeroed: a recycled allocation comes back clean.
  bool recycled_zero = true;
  for (int round = 0; round < 4; ++round) {
    void* dirty = nullptr;
    OH_JSVM_AllocateArrayBufferBackingStoreData(4096, JSVM_UNINITIALIZED, &dirty);
    if (dirty != nullptr) std::memset(dirty, 0xCD, 4096);
    OH_JSVM_FreeArrayBufferBackingStoreData(dirty);
    void* clean = nullptr;
    OH_JSVM_AllocateArrayBufferBackingStoreData(4096, JSVM_ZERO_INITIALIZED, &clean);
    recycled_zero = recycled_zero && clean != nullptr && AllZero(clean, 4096);
    OH_JSVM_FreeArrayBufferBackingStoreData(clean);
  }
  out.Set("recycledZeroed", recycled_zero);
  void* raw = nullptr;
  out.Set("allocateUninitialized",
          Last(nullptr, OH_JSVM_AllocateArrayBufferBackingStoreData(32, JSVM_UNINITIALIZED, &raw)));
  out.Set("uninitializedNotNull", raw != nullptr);
  out.Set("freeUninitialized", Last(nullptr, OH_JSVM_FreeArrayBufferBackingStoreData(raw)));
  void* empty = nullptr;
  out.Set("allocateZeroBytes",
          Last(nullptr, OH_JSVM_AllocateArrayBufferBackingStoreData(0, JSVM_ZERO_INITIALIZED, &empty)));
  out.Set("zeroBytesNotNull", empty != nullptr);
  out.Set("freeZeroBytes", Last(nullptr, OH_JSVM_FreeArrayBufferBackingStoreData(empty)));
  void* nothing = reinterpret_cast<void*>(1);
  out.Set("allocateHuge",
          Last(nullptr, OH_JSVM_AllocateArrayBufferBackingStoreData(SIZE_MAX / 2, JSVM_ZERO_INITIALIZED, &nothing)));
  out.Set("hugeLeftUntouched", nothing == reinterpret_cast<void*>(1));
  out.Set("allocateNullData",
          Last(nullptr, OH_JSVM_AllocateArrayBufferBackingStoreData(8, JSVM_ZERO_INITIALIZED, nullptr)));
  out.Set("allocateBadFlag",
          Last(nullptr, OH_JSVM_AllocateArrayBufferBackingStoreData(8, static_cast<JSVM_InitializedFlag>(7),
                                                                    &nothing)));
  out.Set("freeNull", Last(nullptr, OH_JSVM_FreeArrayBufferBackingStoreData(nullptr)));

  auto* store = static_cast<uint8_t*>(zeroed);
  {
    BufSession s;
    JSVM_Env env = s.env;
    JSVM_Value a = nullptr, b = nullptr, whole = nullptr, r = nullptr;
    out.Set("createA", Last(env, OH_JSVM_CreateArrayBufferFromBackingStoreData(env, store, 64, 0, 16, &a)));
    out.Set("createB", Last(env, OH_JSVM_CreateArrayBufferFromBackingStoreData(env, store, 64, 8, 16, &b)));
    out.Set("createWhole", Last(env, OH_JSVM_CreateArrayBufferFromBackingStoreData(env, store, 64, 0, 64, &whole)));
    out.Set("createAtEnd", Last(env, OH_JSVM_CreateArrayBufferFromBackingStoreData(env, store, 64, 63, 1, &r)));
    s.SetGlobal("a", a);
    s.SetGlobal("b", b);
    s.SetGlobal("whole", whole);
    s.SetGlobal("atEnd", r);
    out.Set("lengths", s.Eval("[a, b, whole, atEnd].map((x) => x instanceof ArrayBuffer && x.byteLength).join()"));
    s.Eval("new Uint8Array(a)[8] = 7; new Uint8Array(a)[12] = 8;");
    out.Set("bSeesA", s.Eval("Array.from(new Uint8Array(b, 0, 5)).join()"));
    out.Set("nativeSeesJs", Hex(store + 8, 5));
    store[20] = 9;
    store[63] = 10;
    out.Set("jsSeesNative", s.Eval("[new Uint8Array(b)[12], new Uint8Array(whole)[20], new Uint8Array(atEnd)[0]].join()"));
    void* data = nullptr;
    size_t length = 0;
    OH_JSVM_GetArraybufferInfo(env, b, &data, &length);
    out.Set("bData", data == store + 8);
    out.Set("bLength", static_cast<double>(length));

    out.Set("beyondStore", Last(env, OH_JSVM_CreateArrayBufferFromBackingStoreData(env, store, 64, 56, 16, &r)));
    out.Set("offsetBeyondStore", Last(env, OH_JSVM_CreateArrayBufferFromBackingStoreData(env, store, 64, 65, 1, &r)));
    out.Set("sizeBeyondStore", Last(env, OH_JSVM_CreateArrayBufferFromBackingStoreData(env, store, 64, 0, 65, &r)));
    out.Set("offsetOverflows",
            Last(env, OH_JSVM_CreateArrayBufferFromBackingStoreData(env, store, 64, SIZE_MAX, 2, &r)));
    out.Set("sizeOverflows", Last(env, OH_JSVM_CreateArrayBufferFromBackingStoreData(env, store, 64, 1, SIZE_MAX, &r)));
    out.Set("zeroSize", Last(env, OH_JSVM_CreateArrayBufferFromBackingStoreData(env, store, 64, 0, 0, &r)));
    out.Set("nullData", Last(env, OH_JSVM_CreateArrayBufferFromBackingStoreData(env, nullptr, 64, 0, 16, &r)));
    out.Set("nullResult", Last(env, OH_JSVM_CreateArrayBufferFromBackingStoreData(env, store, 64, 0, 16, nullptr)));
    out.Set("nullEnv", Last(nullptr, OH_JSVM_CreateArrayBufferFromBackingStoreData(nullptr, store, 64, 0, 16, &r)));

    // Buffers over a caller's store are detachable; the others keep working.
    out.Set("detachA", Last(env, OH_JSVM_DetachArraybuffer(env, a)));
    bool detached = false;
    OH_JSVM_IsDetachedArraybuffer(env, a, &detached);
    out.Set("aDetached", detached);
    out.Set("afterDetach", s.Eval("[a.byteLength, new Uint8Array(b)[0], whole.byteLength].join()"));
    out.Set("storeIntactAfterDetach", store[8] == 7);
    s.Eval("gc(); gc();");
  }
  // The VM is gone and never freed the store: it is still ours to read and free.
  out.Set("storeIntactAfterVm", store[8] == 7 && store[20] == 9);
  out.Set("freeAfterVm", Last(nullptr, OH_JSVM_FreeArrayBufferBackingStoreData(store)));
}

// ---------------------------------------------------------------------------

struct FinalizeRecord {
  std::atomic<int> calls{0};
  JSVM_Env env = nullptr;
  void* data = nullptr;
  void* hint = nullptr;
  bool copied = true;
};
FinalizeRecord g_finalized;

void RecordFinalize(JSVM_Env env, void* data, void* hint, bool copied) {
  g_finalized.env = env;
  g_finalized.data = data;
  g_finalized.hint = hint;
  g_finalized.copied = copied;
  g_finalized.calls++;
}

void ExternalMemory(const Napi::CallbackInfo& info, Report& out) {
  g_finalized.calls = 0;
  g_finalized.env = nullptr;
  g_finalized.data = nullptr;
  g_finalized.hint = nullptr;
  g_finalized.copied = true;
  std::vector<uint8_t> memory(16), second(8), third(4);
  for (size_t i = 0; i < memory.size(); ++i) memory[i] = static_cast<uint8_t>(i + 1);
  int hint = 0;
  JSVM_Env session_env = nullptr;
  {
    BufSession s;
    JSVM_Env env = s.env;
    session_env = env;
    JSVM_Value ab = nullptr;
    bool copied = true;
    out.Set("create",
            Last(env, OH_JSVM_CreateArrayBufferFromExternalMemory(env, memory.data(), memory.size(), RecordFinalize,
                                                                  &hint, &copied, &ab)));
    out.Set("copied", copied);
    s.SetGlobal("ext", ab);
    out.Set("jsSeesMemory", s.Eval("[ext instanceof ArrayBuffer, ext.byteLength, Array.from(new Uint8Array(ext))"
                                   ".join(' ')].join('|')"));
    s.Eval("new Uint8Array(ext).fill(0xee, 12)");
    out.Set("nativeSeesJs", Hex(memory.data() + 10, 6));
    memory[0] = 0x42;
    out.Set("jsSeesNative", s.Eval("new Uint8Array(ext)[0]"));
    void* data = nullptr;
    size_t length = 0;
    OH_JSVM_GetArraybufferInfo(env, ab, &data, &length);
    out.Set("infoData", data == memory.data());
    out.Set("infoLength", static_cast<double>(length));
    JSVM_Value no_finalizer = nullptr;
    out.Set("createWithoutFinalizer",
            Last(env, OH_JSVM_CreateArrayBufferFromExternalMemory(env, second.data(), second.size(), nullptr, nullptr,
                                                                  nullptr, &no_finalizer)));
    s.SetGlobal("ext2", no_finalizer);
    out.Set("withoutFinalizerLength", s.Eval("ext2.byteLength"));
    JSVM_Value detachable = nullptr;
    OH_JSVM_CreateArrayBufferFromExternalMemory(env, third.data(), third.size(), nullptr, nullptr, nullptr,
                                                &detachable);
    out.Set("detach", Last(env, OH_JSVM_DetachArraybuffer(env, detachable)));
    JSVM_Value r = nullptr;
    out.Set("nullData",
            Last(env, OH_JSVM_CreateArrayBufferFromExternalMemory(env, nullptr, 8, RecordFinalize, &hint, &copied,
                                                                  &r)));
    out.Set("nullResult",
            Last(env, OH_JSVM_CreateArrayBufferFromExternalMemory(env, second.data(), 8, RecordFinalize, &hint, &copied,
                                                                  nullptr)));
    out.Set("nullEnv", Last(nullptr, OH_JSVM_CreateArrayBufferFromExternalMemory(nullptr, second.data(), 8,
                                                                                 RecordFinalize, &hint, &copied, &r)));
    s.Eval("gc(); gc();");
    out.Set("finalizedWhileReachable", g_finalized.calls.load());
  }
  out.Set("finalizedAfterVm", g_finalized.calls.load());
  out.Set("finalizeEnv", g_finalized.env == session_env);
  out.Set("finalizeData", g_finalized.data == memory.data());
  out.Set("finalizeHint", g_finalized.hint == &hint);
  out.Set("finalizeCopied", g_finalized.copied);
  out.Set("memoryAfterVm", Hex(memory.data(), 4));
}

// A TypedArray over native memory, written from both sides.
void SharedTypedArray(const Napi::CallbackInfo& info, Report& out) {
  std::vector<int32_t> memory(8, 0);
  BufSession s;
  JSVM_Env env = s.env;
  JSVM_Value ab = nullptr, shared = nullptr;
  out.Set("buffer",
          Last(env, OH_JSVM_CreateArrayBufferFromExternalMemory(env, memory.data(), memory.size() * sizeof(int32_t),
                                                                nullptr, nullptr, nullptr, &ab)));
  out.Set("typedArray",
          Last(env, OH_JSVM_CreateTypedarray(env, JSVM_INT32_ARRAY, 4, ab, 2 * sizeof(int32_t), &shared)));
  s.SetGlobal("shared", shared);
  void* data = nullptr;
  OH_JSVM_GetTypedarrayInfo(env, shared, nullptr, nullptr, &data, nullptr, nullptr);
  out.Set("dataIsMemory", data == memory.data() + 2);
  for (int i = 0; i < 4; ++i) memory[2 + i] = (i + 1) * 10;
  out.Set("jsSum", s.Eval("shared.reduce((a, b) => a + b, 0)"));
  s.Eval("shared.set([1, 2], 0); shared[3] = -7; for (let i = 0; i < shared.length; i++) shared[i] *= 3;");
  std::string seen;
  for (int32_t v : memory) seen += std::to_string(v) + " ";
  out.Set("nativeSees", seen);
  memory[5] = 1000;
  out.Set("jsSeesAgain", s.Eval("Array.from(shared).join(' ')"));
  out.Set("outsideUntouched", memory[0] == 0 && memory[1] == 0 && memory[6] == 0 && memory[7] == 0);
}

// Run in a child process by the spec: sizes no allocator can satisfy.
void HugeBuffers(const Napi::CallbackInfo& info, Report& out) {
  BufSession s;
  JSVM_Env env = s.env;
  JSVM_Value ab = nullptr;
  void* data = reinterpret_cast<void*>(1);
  out.Set("arraybuffer", Last(env, OH_JSVM_CreateArraybuffer(env, size_t{1} << 52, &data, &ab)));
  out.Set("dataUntouched", data == reinterpret_cast<void*>(1));
  out.Set("exceptionPending", s.TakeError());
  out.Set("sizeMax", Last(env, OH_JSVM_CreateArraybuffer(env, SIZE_MAX, &data, &ab)));
  out.Set("stillUsable", s.Eval("new ArrayBuffer(8).byteLength"));
}

}  // namespace

void RegisterBuffers(Napi::Env env, Napi::Object exports) {
  exports.Set("arrays", Scenario(env, Arrays));
  exports.Set("arraybuffers", Scenario(env, Arraybuffers));
  exports.Set("typedarrays", Scenario(env, Typedarrays));
  exports.Set("dataviews", Scenario(env, Dataviews));
  exports.Set("backingStores", Scenario(env, BackingStores));
  exports.Set("externalMemory", Scenario(env, ExternalMemory));
  exports.Set("sharedTypedArray", Scenario(env, SharedTypedArray));
  exports.Set("hugeBuffers", Scenario(env, HugeBuffers));
}

}  // namespace harness
