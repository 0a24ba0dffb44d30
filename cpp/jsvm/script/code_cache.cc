// Code caches: creating one from a script, releasing what we handed out, and
// deserialising one on a worker thread ahead of its compile (code_cache.h).
#include "script/code_cache.h"

#include <algorithm>
#include <condition_variable>
#include <cstring>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "common/internal.h"
#include "platform/platform.h"
#include "snapshot/blob_auth.h"

namespace jsvm {
namespace {

// ---------------------------------------------------------------------------
// The trailer.
// ---------------------------------------------------------------------------
// "JSC3", the payload's length, the payload's tags under the user key
// (snapshot/blob_auth.h, with a label of its own), and the tags of the source
// text the cache was made for (another label, the same nonce). A CRC was not
// enough: anyone can recompute one, and V8 deserialises whatever passes its
// version and flags checks ("Fatal error: unreachable code" on edited bytes).
// Nor is V8's own source check: it compares the source's length only, so a
// cache of one script ran as another script of the same length ("JSC2", which
// had no source tags, is refused).
constexpr uint32_t kTrailerMagic = 0x3343534a;  // "JSC3"
constexpr char kCodeCacheKeyLabel[] = "jsvm-desktop code cache key v1";
constexpr char kSourceKeyLabel[] = "jsvm-desktop code cache source key v1";
struct Trailer {
  uint32_t magic;
  uint32_t length;
  unsigned char nonce[kNonceSize];
  PayloadTags tags;
  PayloadTags source_tags;
};
constexpr size_t kTrailerSize = sizeof(Trailer);
static_assert(kTrailerSize == 88, "the trailer has a fixed layout");
static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "source text is tagged as UTF-16LE");

// A source text is tagged in one form whatever V8's representation of it:
// Latin-1 when every character fits, UTF-16LE otherwise, then one byte saying
// which (1 or 2). The form is made a piece at a time as it is tagged, never
// whole: a 9 MB script would otherwise be copied in full on every cached compile.
bool TagSource(v8::Isolate* isolate, v8::Local<v8::String> source, const unsigned char nonce[kNonceSize],
               PayloadTags* tags) {
  const size_t length = static_cast<size_t>(source->Length());
  const bool one_byte = source->ContainsOnlyOneByte();
  const size_t width = one_byte ? 1 : 2;
  const size_t text_size = width * length;
  auto fill = [&](size_t offset, size_t n, char* out) {
    size_t text_n = offset >= text_size ? 0 : std::min(n, text_size - offset);
    if (text_n > 0) {
      if (offset % width != 0 || text_n % width != 0) return false;  // pieces keep to whole characters
      const int start = static_cast<int>(offset / width);
      const int count = static_cast<int>(text_n / width);
      if (one_byte) {
        WriteLatin1At(isolate, source, start, count, reinterpret_cast<uint8_t*>(out));
      } else {
        WriteUtf16At(isolate, source, start, count, reinterpret_cast<uint16_t*>(out));  // little-endian hosts
      }
    }
    if (text_n < n) out[text_n] = static_cast<char>(width);  // the last byte: the form
    return text_n + 1 >= n;
  };
  return TagFilledPayloadFor(kSourceKeyLabel, nonce, text_size + 1, fill, tags);
}

// ---------------------------------------------------------------------------
// The registry of caches handed out.
// ---------------------------------------------------------------------------
struct CacheRecord {
  JSVM_CacheType type;
  std::function<void()> release;
};
std::mutex g_cache_mutex;
std::unordered_map<const uint8_t*, CacheRecord>& Caches() {
  static auto* caches = new std::unordered_map<const uint8_t*, CacheRecord>();  // never destroyed: exit order
  return *caches;
}

}  // namespace

void RegisterCache(const uint8_t* data, JSVM_CacheType type, std::function<void()> release) {
  std::lock_guard<std::mutex> lock(g_cache_mutex);
  Caches()[data] = CacheRecord{type, std::move(release)};
}

bool CheckedPayload(const uint8_t* data, size_t length, std::vector<uint8_t>* payload, SourceBinding* binding) {
  payload->clear();
  if (data == nullptr || length <= kTrailerSize || length - kTrailerSize > INT32_MAX) return false;
  Trailer trailer;
  std::memcpy(&trailer, data + length - kTrailerSize, kTrailerSize);
  size_t size = length - kTrailerSize;
  if (trailer.magic != kTrailerMagic || trailer.length != size) return false;
  // Copied as it is tagged: V8 reads the bytes the tags vouch for, not the
  // caller's buffer again.
  payload->resize(size);
  PayloadTags tags;
  if (!TagPayloadFor(kCodeCacheKeyLabel, trailer.nonce, reinterpret_cast<const char*>(data), size,
                     reinterpret_cast<char*>(payload->data()), &tags) ||
      !SameTags(tags, trailer.tags)) {
    payload->clear();
    return false;
  }
  std::memcpy(binding->nonce, trailer.nonce, kNonceSize);
  binding->tags = trailer.source_tags;
  return true;
}

bool MadeForSource(v8::Isolate* isolate, v8::Local<v8::String> source, const SourceBinding& binding) {
  PayloadTags tags;
  return TagSource(isolate, source, binding.nonce, &tags) && SameTags(tags, binding.tags);
}

}  // namespace jsvm

// ---------------------------------------------------------------------------
// Background deserialisation.
// ---------------------------------------------------------------------------
struct JSVM_DeserializeResult__ {
  JSVM_VM vm;                   // null once the VM is destroyed
  std::vector<uint8_t> payload;  // V8's bytes, our copy (the caller's buffer may go)
  bool usable = false;          // the trailer checked out
  jsvm::SourceBinding binding;  // then: the source text it was made for
  v8::ScriptCompiler::ConsumeCodeCacheTask* task = nullptr;  // owned until a compile takes it
  bool consumed = false;
  std::mutex mutex;
  std::condition_variable done_cv;
  bool done = true;  // no worker is running the task
};

namespace jsvm {
namespace {

std::mutex g_result_mutex;
std::unordered_set<JSVM_DeserializeResult>& Results() {
  static auto* results = new std::unordered_set<JSVM_DeserializeResult>();
  return *results;
}

void WaitDone(JSVM_DeserializeResult result) {
  std::unique_lock<std::mutex> lock(result->mutex);
  result->done_cv.wait(lock, [&] { return result->done; });
}

// Runs V8's deserialisation on one of Node's worker threads.
class DeserializeTask : public v8::Task {
 public:
  explicit DeserializeTask(JSVM_DeserializeResult result) : result_(result) {}
  void Run() override {
    result_->task->Run();
    std::lock_guard<std::mutex> lock(result_->mutex);
    result_->done = true;
    result_->done_cv.notify_all();
  }

 private:
  JSVM_DeserializeResult result_;
};

}  // namespace

void DropDeserializeTasks(JSVM_VM vm) {
  std::lock_guard<std::mutex> lock(g_result_mutex);
  for (JSVM_DeserializeResult result : Results()) {
    if (result->vm != vm) continue;
    WaitDone(result);
    delete result->task;
    result->task = nullptr;
    result->vm = nullptr;
  }
}

JSVM_Status TakeDeserializeResult(JSVM_Env env, JSVM_DeserializeResult result, DeserializedCache* out) {
  std::lock_guard<std::mutex> lock(g_result_mutex);
  if (Results().count(result) == 0) {
    return SetLastError(env, JSVM_INVALID_ARG,
                        "the deserialize result is not one OH_JSVM_BackgroundDeserialize made, or was released");
  }
  if (result->vm != env->vm) {
    return SetLastError(env, JSVM_INVALID_ARG, "the deserialize result was made for another VM");
  }
  if (result->consumed) {
    return SetLastError(env, JSVM_INVALID_ARG, "the deserialize result was consumed by an earlier compile");
  }
  WaitDone(result);
  result->consumed = true;
  out->usable = result->usable;
  out->binding = result->binding;
  out->payload = result->payload.data();
  out->length = static_cast<int>(result->payload.size());
  out->task = result->task;
  result->task = nullptr;
  return JSVM_OK;
}

}  // namespace jsvm

// ---------------------------------------------------------------------------
// The API.
// ---------------------------------------------------------------------------
JSVM_Status OH_JSVM_CreateCodeCache(JSVM_Env env, JSVM_Script script, const uint8_t** data, size_t* length) try {
  JSVM_ENTRY_CONTEXT(env, script, data, length);
  v8::Local<v8::Script> local;
  JSVM_RETURN_IF_NOT_OK(jsvm::ResolveScript(env, script, &local, JSVM_API_NAME_));
  v8::Local<v8::String> source;
  if (!jsvm::ScriptSource(env, local, &source)) {
    return jsvm::SetLastError(env, JSVM_GENERIC_FAILURE, "the script's source text could not be read");
  }
  std::unique_ptr<v8::ScriptCompiler::CachedData> cache(
      v8::ScriptCompiler::CreateCodeCache(local->GetUnboundScript()));
  if (cache == nullptr || cache->data == nullptr || cache->length <= 0) {
    return jsvm::SetLastError(env, JSVM_GENERIC_FAILURE, "V8 could not serialise the script");
  }
  size_t payload = static_cast<size_t>(cache->length);
  std::unique_ptr<uint8_t[]> owned(new uint8_t[payload + jsvm::kTrailerSize]);
  uint8_t* bytes = owned.get();
  jsvm::Trailer trailer{jsvm::kTrailerMagic, static_cast<uint32_t>(payload), {}, {}, {}};
  std::string problem;
  if (!jsvm::KeyUsable(&problem) || !jsvm::NewNonce(trailer.nonce) ||
      !jsvm::TagPayloadFor(jsvm::kCodeCacheKeyLabel, trailer.nonce, reinterpret_cast<const char*>(cache->data),
                           payload, reinterpret_cast<char*>(bytes), &trailer.tags) ||
      !jsvm::TagSource(env->isolate, source, trailer.nonce, &trailer.source_tags)) {
    return jsvm::SetLastError(env, JSVM_GENERIC_FAILURE,
                              "could not authenticate the code cache" + (problem.empty() ? "" : ": " + problem));
  }
  std::memcpy(bytes + payload, &trailer, jsvm::kTrailerSize);
  owned.release();
  jsvm::RegisterCache(bytes, JSVM_CACHE_TYPE_JS, [bytes] { delete[] bytes; });
  *data = bytes;
  *length = payload + jsvm::kTrailerSize;
  return JSVM_OK;
} JSVM_EXIT(env)

JSVM_Status OH_JSVM_ReleaseCache(JSVM_Env env, const uint8_t* cacheData, JSVM_CacheType cacheType) try {
  JSVM_ENTRY_ENV(env, cacheData);
  const int type = jsvm::EnumArg(cacheType);
  if (type != JSVM_CACHE_TYPE_JS && type != JSVM_CACHE_TYPE_WASM) {
    return jsvm::SetLastError(env, JSVM_INVALID_ARG, "the cache type is neither JSVM_CACHE_TYPE_JS nor _WASM");
  }
  std::function<void()> release;
  {
    std::lock_guard<std::mutex> lock(jsvm::g_cache_mutex);
    auto found = jsvm::Caches().find(cacheData);
    if (found == jsvm::Caches().end()) {
      return jsvm::SetLastError(env, JSVM_INVALID_ARG,
                                "the cache was not handed out by this library, or was released already");
    }
    if (found->second.type != cacheType) {
      return jsvm::SetLastError(env, JSVM_INVALID_ARG, "the cache is of the other cache type");
    }
    release = std::move(found->second.release);
    jsvm::Caches().erase(found);
  }
  release();
  return jsvm::ClearLastError(env);
} JSVM_EXIT(env)

JSVM_Status OH_JSVM_BackgroundDeserialize(JSVM_VM vm, JSVM_CodeCache cacheData, JSVM_DeserializeResult* result) try {
  JSVM_ENTRY_VM(vm, result);
  if (cacheData.cache == nullptr || cacheData.length == 0) {
    return jsvm::SetThreadError(JSVM_INVALID_ARG, "the code cache is empty (cache NULL or length 0)");
  }
  auto record = std::make_unique<JSVM_DeserializeResult__>();
  record->vm = vm;
  record->usable = jsvm::CheckedPayload(cacheData.cache, cacheData.length, &record->payload, &record->binding);
  if (record->usable) {
    // V8 copies the bytes it is given; the CachedData is ours to drop after.
    auto cached = std::make_unique<v8::ScriptCompiler::CachedData>(record->payload.data(),
                                                                   static_cast<int>(record->payload.size()));
    record->task = v8::ScriptCompiler::StartConsumingCodeCache(vm->isolate, std::move(cached));
  }
  JSVM_DeserializeResult handle = record.get();
  {
    std::lock_guard<std::mutex> lock(jsvm::g_result_mutex);
    jsvm::Results().insert(handle);
    record.release();
  }
  // Without a task (a cache that does not check out, or V8 declining concurrent
  // deserialisation) the compile does the work: nothing to run here.
  if (handle->task != nullptr) {
    handle->done = false;
    jsvm::Platform()->CallOnWorkerThread(std::make_unique<jsvm::DeserializeTask>(handle));
  }
  *result = handle;
  return jsvm::SetThreadError(JSVM_OK);
} JSVM_EXIT_THREAD

JSVM_Status OH_JSVM_ReleaseDeserializeResult(JSVM_DeserializeResult result) try {
  JSVM_ENTRY_PROCESS(result);
  {
    std::lock_guard<std::mutex> lock(jsvm::g_result_mutex);
    if (jsvm::Results().count(result) == 0) {
      return jsvm::SetThreadError(JSVM_INVALID_ARG,
                                  "the deserialize result is not one OH_JSVM_BackgroundDeserialize made, or was released");
    }
    // Inside a GC of its VM (a finalizer V8 runs then, a GC handler) a worker
    // still deserialising waits for that GC to end, and this call for the
    // worker: it hung. Refused; release it after the GC.
    if (result->vm != nullptr && v8::Isolate::TryGetCurrent() == result->vm->isolate &&
        jsvm::InGCCallback(result->vm)) {
      std::lock_guard<std::mutex> result_lock(result->mutex);
      if (!result->done) return jsvm::SetThreadError(JSVM_GENERIC_FAILURE, jsvm::kInGCCallback);
    }
    jsvm::Results().erase(result);
  }
  jsvm::WaitDone(result);
  delete result->task;
  delete result;
  return jsvm::SetThreadError(JSVM_OK);
} JSVM_EXIT_THREAD
