// Code caches handed out to the user, and background deserialisation.
//
// A JS code cache is V8's bytes followed by our trailer (magic, the bytes'
// length, their tags under the per-user key of snapshot/user_key.h, and the
// tags of the source text it was made for). V8
// 11.3 checks a cache's version, flags and source length but, in release
// builds, not its checksum, and its deserialiser trusts the rest: edited bytes
// abort the process. The trailer is checked first; a cache that fails it (cut,
// edited, made under another user's key, or a raw V8 cache) is rejected
// without V8 seeing it, and so is one for another source text.
//
// Every cache we hand out (OH_JSVM_CreateCodeCache here, the wasm cache of
// cpp/jsvm/wasm/) is recorded in one process-wide registry with its type and
// how to free it; OH_JSVM_ReleaseCache frees only what the registry holds, so
// a double release or a foreign pointer is refused, not freed.
#ifndef JSVM_DESKTOP_CODE_CACHE_H
#define JSVM_DESKTOP_CODE_CACHE_H

#include <v8.h>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <vector>

#include "ark_runtime/jsvm_types.h"
#include "snapshot/blob_auth.h"

namespace jsvm {

// Scripts belong to their VM (script.cc). A script retained by any env of
// the VM (OH_JSVM_RetainScript) is known by its old slot's address until it
// is released, in every env of the VM: RetainingEnv is the env that retains
// it, or nullptr.
JSVM_Env RetainingEnv(JSVM_Env env, JSVM_Script script);
// JSVM_INVALID_ARG (logged, naming `function`) unless the slot holds a script
// of the env's VM: one from a closed scope (with JSVM_SCOPE_CHECK on), another
// VM's, or a value that is not a script is refused.
JSVM_Status CheckScriptSlot(JSVM_Env env, JSVM_Script script, const char* function);
// The script `script` names in `env`: its retained handle if an env of the VM
// retains it, else the handle-scope slot it came in, checked as above.
JSVM_Status ResolveScript(JSVM_Env env, JSVM_Script script, v8::Local<v8::Script>* result, const char* function);

// Records `data` as a cache of `type` handed out to the user; `release` frees
// it (called once, by OH_JSVM_ReleaseCache).
void RegisterCache(const uint8_t* data, JSVM_CacheType type, std::function<void()> release);

// The source text a cache was made for, as its trailer vouches: the tags of
// that text under the cache's nonce. V8 compares only the source's length, so
// without this a cache of one script ran as another of the same length.
struct SourceBinding {
  unsigned char nonce[kNonceSize] = {};
  PayloadTags tags{};
};

// Whether `data` ends with a trailer whose tags vouch for the V8 bytes before
// it (made by OH_JSVM_CreateCodeCache under this user's key); if so, `payload`
// holds a copy of those bytes (the ones checked) and `binding` what source the
// cache is for, else `payload` is empty.
bool CheckedPayload(const uint8_t* data, size_t length, std::vector<uint8_t>* payload, SourceBinding* binding);
// Whether `source` is the text a checked cache was made for.
bool MadeForSource(v8::Isolate* isolate, v8::Local<v8::String> source, const SourceBinding& binding);
// The source text of a script we compiled (kept beside the script's mark);
// false for anything else.
bool ScriptSource(JSVM_Env env, v8::Local<v8::Script> script, v8::Local<v8::String>* source);

// DestroyVM: ends the background deserialisations of `vm` (waiting for those
// running) and frees their V8 tasks; their results stay for the user to
// release and are refused by a compile.
void DropDeserializeTasks(JSVM_VM vm);

// What a compile takes from a background deserialisation result.
struct DeserializedCache {
  bool usable = false;  // the cache checked out (else: rejected, compile without it)
  SourceBinding binding;  // then: the source text it was made for
  const uint8_t* payload = nullptr;
  int length = 0;
  v8::ScriptCompiler::ConsumeCodeCacheTask* task = nullptr;  // ownership passes to the caller; may be null
};
// Waits for `result`'s deserialisation and hands it to a compile in `env`.
// JSVM_INVALID_ARG (recorded on env) if `result` is not a live result of env's
// VM, or was consumed already.
JSVM_Status TakeDeserializeResult(JSVM_Env env, JSVM_DeserializeResult result, DeserializedCache* out);

}  // namespace jsvm

#endif  // JSVM_DESKTOP_CODE_CACHE_H
