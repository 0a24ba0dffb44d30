// Scenarios: code caches (create, consume, release, corrupt), compile options,
// retained scripts and background deserialisation. See test/code-cache.spec.ts.
#include <cstdint>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "harness.h"

namespace harness {
namespace {

const char kSource[] = "function twice(x) { return x * 2; }\n"
                       "function unused(s) { return s.split(',').length; }\n"
                       "twice(21) + ':' + unused('a,b,c')";
const char kExpected[] = "42:3";
// kSource with one digit changed: the same length, another script.
const char kSameLengthSource[] = "function twice(x) { return x * 2; }\n"
                                 "function unused(s) { return s.split(',').length; }\n"
                                 "twice(22) + ':' + unused('a,b,c')";
static_assert(sizeof(kSameLengthSource) == sizeof(kSource), "the same length");

// A cache of `source` made in its own VM (destroyed before returning).
std::vector<uint8_t> MakeCache(const char* source, Report* out = nullptr) {
  Session s;
  JSVM_Value code, result;
  JSVM_Script script;
  OH_JSVM_CreateStringUtf8(s.env, source, JSVM_AUTO_LENGTH, &code);
  OH_JSVM_CompileScript(s.env, code, nullptr, 0, false, nullptr, &script);
  OH_JSVM_RunScript(s.env, script, &result);  // lazy functions compiled by the run go in the cache too
  const uint8_t* data = nullptr;
  size_t length = 0;
  JSVM_Status status = OH_JSVM_CreateCodeCache(s.env, script, &data, &length);
  if (out != nullptr) out->Set("create", Last(s.env, status));
  std::vector<uint8_t> bytes;
  if (status == JSVM_OK) bytes.assign(data, data + length);
  if (status == JSVM_OK) OH_JSVM_ReleaseCache(s.env, data, JSVM_CACHE_TYPE_JS);
  return bytes;
}

// Compiles kSource in `env` with `cache`; records "<name>" (status),
// "<name>Rejected" and "<name>Result" (the run's result as a string).
void CompileWith(JSVM_Env env, Report& out, const std::string& name, const std::vector<uint8_t>& cache,
                 const char* source = kSource) {
  JSVM_Value code, result;
  JSVM_Script script = nullptr;
  OH_JSVM_CreateStringUtf8(env, source, JSVM_AUTO_LENGTH, &code);
  bool rejected = false;
  JSVM_Status status = OH_JSVM_CompileScript(env, code, cache.empty() ? nullptr : cache.data(), cache.size(), false,
                                             &rejected, &script);
  out.Set(name, Last(env, status));
  out.Set(name + "Rejected", rejected);
  if (status == JSVM_OK && OH_JSVM_RunScript(env, script, &result) == JSVM_OK) {
    out.Set(name + "Result", StringOf(env, result));
  } else {
    out.Set(name + "Result", "<failed: " + TakeException(env) + ">");
  }
}

void CodeCacheRoundTrip(const Napi::CallbackInfo&, Report& out) {
  std::vector<uint8_t> cache = MakeCache(kSource, &out);
  out.Set("length", static_cast<double>(cache.size()));
  Session fresh;  // another VM: nothing compiled yet
  CompileWith(fresh.env, out, "consume", cache);
  // The same through CompileScriptWithOptions.
  JSVM_Value code, result;
  OH_JSVM_CreateStringUtf8(fresh.env, kSource, JSVM_AUTO_LENGTH, &code);
  JSVM_CodeCache codeCache{cache.data(), cache.size()};
  bool rejected = true;
  JSVM_CompileOptions options[3];
  options[0].id = JSVM_COMPILE_MODE;
  options[0].content.num = JSVM_COMPILE_MODE_CONSUME_CODE_CACHE;
  options[1].id = JSVM_COMPILE_CODE_CACHE;
  options[1].content.ptr = &codeCache;
  options[2].id = JSVM_COMPILE_CODE_CACHE_REJECTED;
  options[2].content.ptr = &rejected;
  Session other;
  OH_JSVM_CreateStringUtf8(other.env, kSource, JSVM_AUTO_LENGTH, &code);
  JSVM_Script script = nullptr;
  out.Set("options", Last(other.env, OH_JSVM_CompileScriptWithOptions(other.env, code, 3, options, &script)));
  out.Set("optionsRejected", rejected);
  OH_JSVM_RunScript(other.env, script, &result);
  out.Set("optionsResult", StringOf(other.env, result));
  // Without a cache the caller's flag is left as it was, true or false.
  for (bool initial : {true, false}) {
    bool flag = initial;
    OH_JSVM_CompileScript(other.env, code, nullptr, 0, false, &flag, &script);
    out.Set(std::string("noCacheLeaves") + (initial ? "True" : "False"), flag == initial);
    flag = initial;
    JSVM_CompileOptions only_flag[1];
    only_flag[0].id = JSVM_COMPILE_CODE_CACHE_REJECTED;
    only_flag[0].content.ptr = &flag;
    OH_JSVM_CompileScriptWithOptions(other.env, code, 1, only_flag, &script);
    out.Set(std::string("noCacheOptionsLeaves") + (initial ? "True" : "False"), flag == initial);
  }
}

// The cache of the source text given (a JS string, any characters), its
// bytes as "cache"; then whether a fresh VM accepts it for that text
// ("sameRejected") and for the text with its last character changed
// ("changedRejected").
void SourceTags(const Napi::CallbackInfo& info, Report& out) {
  std::u16string text = info[0].As<Napi::String>().Utf16Value();
  auto compile = [&](const std::u16string& source, const std::vector<uint8_t>* cache, bool* rejected) {
    Session s;
    JSVM_Value code;
    JSVM_Script script = nullptr;
    OH_JSVM_CreateStringUtf16(s.env, source.data(), source.size(), &code);
    JSVM_Status status = OH_JSVM_CompileScript(s.env, code, cache ? cache->data() : nullptr, cache ? cache->size() : 0,
                                               false, rejected, &script);
    std::vector<uint8_t> bytes;
    const uint8_t* data = nullptr;
    size_t length = 0;
    if (cache == nullptr && status == JSVM_OK && OH_JSVM_CreateCodeCache(s.env, script, &data, &length) == JSVM_OK) {
      bytes.assign(data, data + length);
      OH_JSVM_ReleaseCache(s.env, data, JSVM_CACHE_TYPE_JS);
    }
    return bytes;
  };
  std::vector<uint8_t> cache = compile(text, nullptr, nullptr);
  out.Set("cache", Bytes{std::string(cache.begin(), cache.end())});
  bool same = true, changed = false;
  compile(text, &cache, &same);
  std::u16string other = text;
  if (!other.empty()) other.back() = other.back() == u' ' ? u'\n' : u' ';
  compile(other, &cache, &changed);
  out.Set("sameRejected", same);
  out.Set("changedRejected", changed);
}

void CorruptCaches(const Napi::CallbackInfo&, Report& out) {
  std::vector<uint8_t> good = MakeCache(kSource);
  Session s;
  std::mt19937 random(1234);
  std::vector<uint8_t> noise(good.size());
  for (auto& byte : noise) byte = static_cast<uint8_t>(random());
  CompileWith(s.env, out, "random", noise);
  CompileWith(s.env, out, "truncated", std::vector<uint8_t>(good.begin(), good.begin() + good.size() / 2));
  CompileWith(s.env, out, "oneByte", std::vector<uint8_t>(good.begin(), good.begin() + 1));
  std::vector<uint8_t> flipped = good;
  flipped[flipped.size() / 2] ^= 0x10;
  CompileWith(s.env, out, "flippedPayload", flipped);
  std::vector<uint8_t> flipped_trailer = good;
  flipped_trailer[flipped_trailer.size() - 1] ^= 0x01;
  CompileWith(s.env, out, "flippedTrailer", flipped_trailer);
  // V8's own bytes without our trailer (88 bytes: magic, length, nonce, the
  // bytes' tags, the source's tags).
  CompileWith(s.env, out, "noTrailer", std::vector<uint8_t>(good.begin(), good.end() - 88));
  // Another V8: the version hash (bytes 4..7 of V8's header) differs, its
  // trailer resealed under this process's user key, so V8 itself must refuse it.
  std::vector<uint8_t> other_v8 = good;
  other_v8[4] ^= 0xff;
  size_t payload = other_v8.size() - 88;
  SealWithUserKey("jsvm-desktop code cache key v1", other_v8.data() + payload + 8, other_v8.data(), payload,
                  other_v8.data() + payload + 24);
  // The caches V8 itself must judge go to fresh VMs: once an isolate has
  // compiled a source, V8 takes its own compiled copy and never looks at a
  // cache (the docs' third case: rejected is false, the cache unchecked).
  {
    Session v8_judges;
    CompileWith(v8_judges.env, out, "otherV8", other_v8);
  }
  {
    Session v8_judges;
    CompileWith(v8_judges.env, out, "otherSource", MakeCache("globalThis.other = [1, 2, 3].map(x => x + 1); 'other'"));
  }
  // Another text of the same length, which is all V8 compares: the cache is
  // intact and ours, but made for kSource; it ran kSource's code ("42:3").
  {
    Session v8_judges;
    CompileWith(v8_judges.env, out, "sameLengthSource", good, kSameLengthSource);
  }
  // Once the isolate has compiled the source, even a good cache is unchecked.
  CompileWith(s.env, out, "inMemory", good);
  // After all that, the good cache is still accepted.
  Session fresh;
  CompileWith(fresh.env, out, "good", good);
}

void CodeCacheErrors(const Napi::CallbackInfo&, Report& out) {
  Session s;
  JSVM_Env env = s.env;
  JSVM_Value code;
  JSVM_Script script;
  OH_JSVM_CreateStringUtf8(env, kSource, JSVM_AUTO_LENGTH, &code);
  OH_JSVM_CompileScript(env, code, nullptr, 0, false, nullptr, &script);
  const uint8_t* data = nullptr;
  size_t length = 0;
  out.Set("nullEnv", Last(nullptr, OH_JSVM_CreateCodeCache(nullptr, script, &data, &length)));
  out.Set("nullScript", Last(env, OH_JSVM_CreateCodeCache(env, nullptr, &data, &length)));
  out.Set("nullData", Last(env, OH_JSVM_CreateCodeCache(env, script, nullptr, &length)));
  out.Set("nullLength", Last(env, OH_JSVM_CreateCodeCache(env, script, &data, nullptr)));
  out.Set("create", Last(env, OH_JSVM_CreateCodeCache(env, script, &data, &length)));
  const uint8_t* second = nullptr;
  size_t second_length = 0;
  out.Set("createAgain", Last(env, OH_JSVM_CreateCodeCache(env, script, &second, &second_length)));
  out.Set("distinct", data != second);
  uint8_t foreign[16] = {0};
  out.Set("releaseNullEnv", Last(nullptr, OH_JSVM_ReleaseCache(nullptr, data, JSVM_CACHE_TYPE_JS)));
  out.Set("releaseNullData", Last(env, OH_JSVM_ReleaseCache(env, nullptr, JSVM_CACHE_TYPE_JS)));
  out.Set("releaseForeign", Last(env, OH_JSVM_ReleaseCache(env, foreign, JSVM_CACHE_TYPE_JS)));
  out.Set("releaseInterior", Last(env, OH_JSVM_ReleaseCache(env, data + 1, JSVM_CACHE_TYPE_JS)));
  out.Set("releaseWrongType", Last(env, OH_JSVM_ReleaseCache(env, data, JSVM_CACHE_TYPE_WASM)));
  out.Set("releaseBadType", Last(env, OH_JSVM_ReleaseCache(env, data, static_cast<JSVM_CacheType>(7))));
  out.Set("release", Last(env, OH_JSVM_ReleaseCache(env, data, JSVM_CACHE_TYPE_JS)));
  out.Set("releaseTwice", Last(env, OH_JSVM_ReleaseCache(env, data, JSVM_CACHE_TYPE_JS)));
  out.Set("releaseSecond", Last(env, OH_JSVM_ReleaseCache(env, second, JSVM_CACHE_TYPE_JS)));
  // A cache outlives its VM: released after DestroyVM.
  const uint8_t* kept = nullptr;
  OH_JSVM_CreateCodeCache(env, script, &kept, &length);
  s.Destroy();
  Session other;
  out.Set("releaseAfterVm", Last(other.env, OH_JSVM_ReleaseCache(other.env, kept, JSVM_CACHE_TYPE_JS)));
  // A bad cachedData length on the compile.
  OH_JSVM_CreateStringUtf8(other.env, kSource, JSVM_AUTO_LENGTH, &code);
  out.Set("compileZeroLength", Last(other.env, OH_JSVM_CompileScript(other.env, code, foreign, 0, false, nullptr, &script)));
}

void RetainedScripts(const Napi::CallbackInfo&, Report& out) {
  Session s;
  JSVM_Env env = s.env;
  JSVM_HandleScope scope;
  OH_JSVM_OpenHandleScope(env, &scope);
  JSVM_Value code, result;
  JSVM_Script script = nullptr, plain = nullptr;
  OH_JSVM_CreateStringUtf8(env, "globalThis.n = (globalThis.n || 0) + 1; 'run ' + n", JSVM_AUTO_LENGTH, &code);
  OH_JSVM_CompileScript(env, code, nullptr, 0, false, nullptr, &script);
  OH_JSVM_CreateStringUtf8(env, "'plain'", JSVM_AUTO_LENGTH, &code);
  OH_JSVM_CompileScript(env, code, nullptr, 0, false, nullptr, &plain);
  out.Set("retainNullEnv", Last(nullptr, OH_JSVM_RetainScript(nullptr, script)));
  out.Set("retainNullScript", Last(env, OH_JSVM_RetainScript(env, nullptr)));
  out.Set("retain", Last(env, OH_JSVM_RetainScript(env, script)));
  out.Set("retainTwice", Last(env, OH_JSVM_RetainScript(env, script)));
  out.Set("releaseUnretained", Last(env, OH_JSVM_ReleaseScript(env, plain)));
  out.Set("releaseNullEnv", Last(nullptr, OH_JSVM_ReleaseScript(nullptr, script)));
  out.Set("releaseNullScript", Last(env, OH_JSVM_ReleaseScript(env, nullptr)));
  OH_JSVM_RunScript(env, script, &result);
  out.Set("inScope", StringOf(env, result));
  OH_JSVM_CloseHandleScope(env, scope);

  // Later scopes: fill the old slots, make garbage so that objects move, and
  // compile new scripts (none may come back at the retained one's address).
  bool collided = false;
  for (int round = 0; round < 3; ++round) {
    OH_JSVM_OpenHandleScope(env, &scope);
    for (int i = 0; i < 8; ++i) {
      JSVM_Script other = nullptr;
      OH_JSVM_CreateStringUtf8(env, "'other'", JSVM_AUTO_LENGTH, &code);
      OH_JSVM_CompileScript(env, code, nullptr, 0, false, nullptr, &other);
      if (other == script) collided = true;
    }
    EvalIn(env, "{ let a = []; for (let i = 0; i < 200000; i++) a.push({ i }); a.length }");
    JSVM_Status status = OH_JSVM_RunScript(env, script, &result);
    out.Set("later" + std::to_string(round), status == JSVM_OK ? StringOf(env, result) : "<failed>");
    OH_JSVM_CloseHandleScope(env, scope);
  }
  out.Set("collided", collided);
  OH_JSVM_OpenHandleScope(env, &scope);
  const uint8_t* data = nullptr;
  size_t length = 0;
  out.Set("cacheOfRetained", Last(env, OH_JSVM_CreateCodeCache(env, script, &data, &length)));
  if (data != nullptr) OH_JSVM_ReleaseCache(env, data, JSVM_CACHE_TYPE_JS);
  out.Set("release", Last(env, OH_JSVM_ReleaseScript(env, script)));
  out.Set("releaseTwice", Last(env, OH_JSVM_ReleaseScript(env, script)));
  OH_JSVM_CloseHandleScope(env, scope);
  // A script retained when its env is destroyed is released with it.
  OH_JSVM_OpenHandleScope(env, &scope);
  OH_JSVM_CreateStringUtf8(env, "'kept'", JSVM_AUTO_LENGTH, &code);
  OH_JSVM_CompileScript(env, code, nullptr, 0, false, nullptr, &script);
  out.Set("retainAtTeardown", Last(env, OH_JSVM_RetainScript(env, script)));
  OH_JSVM_CloseHandleScope(env, scope);
  out.Set("destroy", static_cast<int>(s.Destroy()));
}

JSVM_CompileOptions Option(JSVM_CompileOptionId id, void* ptr) {
  JSVM_CompileOptions option;
  option.id = id;
  option.content.ptr = ptr;
  return option;
}
JSVM_CompileOptions NumOption(JSVM_CompileOptionId id, int num) {
  JSVM_CompileOptions option;
  option.id = id;
  option.content.ptr = nullptr;
  option.content.num = num;
  return option;
}

void CompileOptions(const Napi::CallbackInfo&, Report& out) {
  Session s;
  JSVM_Env env = s.env;
  JSVM_Value code, result, number;
  JSVM_Script script = nullptr;
  OH_JSVM_CreateStringUtf8(env, "(function where() { return new Error('here').stack; })()", JSVM_AUTO_LENGTH, &code);
  OH_JSVM_CreateInt32(env, 1, &number);

  JSVM_ScriptOrigin origin{"file:///app/where.js.map", "where.js", 10, 0};
  JSVM_CompileOptions with_origin[] = {Option(JSVM_COMPILE_SCRIPT_ORIGIN, &origin),
                                       NumOption(JSVM_COMPILE_ENABLE_SOURCE_MAP, 1)};
  with_origin[1].content.boolean = true;
  out.Set("origin", Last(env, OH_JSVM_CompileScriptWithOptions(env, code, 2, with_origin, &script)));
  OH_JSVM_RunScript(env, script, &result);
  out.Set("originStack", StringOf(env, result));

  const int modes[] = {JSVM_COMPILE_MODE_DEFAULT, JSVM_COMPILE_MODE_EAGER_COMPILE,
                       JSVM_COMPILE_MODE_PRODUCE_COMPILE_PROFILE};
  OH_JSVM_CreateStringUtf8(env, kSource, JSVM_AUTO_LENGTH, &code);
  for (int mode : modes) {
    JSVM_CompileOptions options[] = {NumOption(JSVM_COMPILE_MODE, mode)};
    std::string name = "mode" + std::to_string(mode);
    out.Set(name, Last(env, OH_JSVM_CompileScriptWithOptions(env, code, 1, options, &script)));
    OH_JSVM_RunScript(env, script, &result);
    out.Set(name + "Result", StringOf(env, result));
  }
  int positions[] = {0, 42};
  JSVM_CompileProfile profile{positions, 2};
  JSVM_CompileOptions consume_profile[] = {NumOption(JSVM_COMPILE_MODE, JSVM_COMPILE_MODE_CONSUME_COMPILE_PROFILE),
                                           Option(JSVM_COMPILE_COMPILE_PROFILE, &profile)};
  out.Set("consumeProfile", Last(env, OH_JSVM_CompileScriptWithOptions(env, code, 2, consume_profile, &script)));
  OH_JSVM_RunScript(env, script, &result);
  out.Set("consumeProfileResult", StringOf(env, result));
  out.Set("noOptions", Last(env, OH_JSVM_CompileScriptWithOptions(env, code, 0, nullptr, &script)));

  // Errors.
  JSVM_CompileOptions one[] = {NumOption(JSVM_COMPILE_MODE, 0)};
  out.Set("nullEnv", Last(nullptr, OH_JSVM_CompileScriptWithOptions(nullptr, code, 1, one, &script)));
  out.Set("nullScript", Last(env, OH_JSVM_CompileScriptWithOptions(env, nullptr, 1, one, &script)));
  out.Set("nullResult", Last(env, OH_JSVM_CompileScriptWithOptions(env, code, 1, one, nullptr)));
  out.Set("nullOptions", Last(env, OH_JSVM_CompileScriptWithOptions(env, code, 1, nullptr, &script)));
  out.Set("notString", Last(env, OH_JSVM_CompileScriptWithOptions(env, number, 1, one, &script)));
  JSVM_CompileOptions unknown[] = {NumOption(static_cast<JSVM_CompileOptionId>(99), 0)};
  out.Set("unknownId", Last(env, OH_JSVM_CompileScriptWithOptions(env, code, 1, unknown, &script)));
  JSVM_CompileOptions bad_mode[] = {NumOption(JSVM_COMPILE_MODE, 17)};
  out.Set("badMode", Last(env, OH_JSVM_CompileScriptWithOptions(env, code, 1, bad_mode, &script)));
  const JSVM_CompileOptionId pointer_ids[] = {JSVM_COMPILE_CODE_CACHE, JSVM_COMPILE_SCRIPT_ORIGIN,
                                              JSVM_COMPILE_COMPILE_PROFILE, JSVM_COMPILE_BACKGROUND_DESERIALIZE_RESULT,
                                              JSVM_COMPILE_CODE_CACHE_REJECTED};
  for (JSVM_CompileOptionId id : pointer_ids) {
    JSVM_CompileOptions null_content[] = {Option(id, nullptr)};
    out.Set("nullContent" + std::to_string(id),
            Last(env, OH_JSVM_CompileScriptWithOptions(env, code, 1, null_content, &script)));
  }
  // {NULL, 0} is no cache (the docs' RunWithOption example on its first run):
  // the script compiles and runs, the rejected flag is left as it was.
  JSVM_CodeCache empty{nullptr, 0};
  bool untouched = true;
  JSVM_CompileOptions empty_cache[] = {NumOption(JSVM_COMPILE_MODE, JSVM_COMPILE_MODE_DEFAULT),
                                       Option(JSVM_COMPILE_CODE_CACHE, &empty),
                                       Option(JSVM_COMPILE_CODE_CACHE_REJECTED, &untouched)};
  out.Set("emptyCache", Last(env, OH_JSVM_CompileScriptWithOptions(env, code, 3, empty_cache, &script)));
  out.Set("emptyCacheFlagLeft", untouched);
  JSVM_Value empty_result = nullptr;
  if (OH_JSVM_RunScript(env, script, &empty_result) == JSVM_OK) out.Set("emptyCacheResult", StringOf(env, empty_result));
  // Half empty: a length without a cache, a cache of length 0.
  uint8_t some_byte = 0;
  JSVM_CodeCache length_only{nullptr, 16};
  JSVM_CompileOptions length_only_cache[] = {Option(JSVM_COMPILE_CODE_CACHE, &length_only)};
  out.Set("lengthOnlyCache", Last(env, OH_JSVM_CompileScriptWithOptions(env, code, 1, length_only_cache, &script)));
  JSVM_CodeCache zero_length{&some_byte, 0};
  JSVM_CompileOptions zero_length_cache[] = {Option(JSVM_COMPILE_CODE_CACHE, &zero_length)};
  out.Set("zeroLengthCache", Last(env, OH_JSVM_CompileScriptWithOptions(env, code, 1, zero_length_cache, &script)));
  JSVM_CompileOptions consume_empty[] = {NumOption(JSVM_COMPILE_MODE, JSVM_COMPILE_MODE_CONSUME_CODE_CACHE),
                                         Option(JSVM_COMPILE_CODE_CACHE, &empty)};
  out.Set("consumeEmptyCache", Last(env, OH_JSVM_CompileScriptWithOptions(env, code, 2, consume_empty, &script)));
  JSVM_CompileOptions consume_nothing[] = {NumOption(JSVM_COMPILE_MODE, JSVM_COMPILE_MODE_CONSUME_CODE_CACHE)};
  out.Set("consumeWithoutCache", Last(env, OH_JSVM_CompileScriptWithOptions(env, code, 1, consume_nothing, &script)));
  JSVM_CompileOptions profile_nothing[] = {NumOption(JSVM_COMPILE_MODE, JSVM_COMPILE_MODE_CONSUME_COMPILE_PROFILE)};
  out.Set("profileWithoutProfile", Last(env, OH_JSVM_CompileScriptWithOptions(env, code, 1, profile_nothing, &script)));
  std::vector<uint8_t> cache = MakeCache(kSource);
  JSVM_CodeCache code_cache{cache.data(), cache.size()};
  JSVM_CompileOptions profile_and_cache[] = {NumOption(JSVM_COMPILE_MODE, JSVM_COMPILE_MODE_PRODUCE_COMPILE_PROFILE),
                                             Option(JSVM_COMPILE_CODE_CACHE, &code_cache)};
  out.Set("profileAndCache", Last(env, OH_JSVM_CompileScriptWithOptions(env, code, 2, profile_and_cache, &script)));
  // A syntax error is a pending exception, as for OH_JSVM_CompileScript.
  OH_JSVM_CreateStringUtf8(env, "let = ;", JSVM_AUTO_LENGTH, &code);
  SetThrown(out, env, "syntaxError", OH_JSVM_CompileScriptWithOptions(env, code, 0, nullptr, &script));
}

void BackgroundDeserialize(const Napi::CallbackInfo&, Report& out) {
  std::vector<uint8_t> cache = MakeCache(kSource);
  Session s;
  JSVM_Env env = s.env;
  JSVM_CodeCache code_cache{cache.data(), cache.size()};
  JSVM_DeserializeResult result = nullptr;
  out.Set("start", Last(nullptr, OH_JSVM_BackgroundDeserialize(s.vm, code_cache, &result)));
  // The caller's buffer may go once the call returns.
  std::fill(cache.begin(), cache.end(), 0);
  JSVM_Value code, value;
  JSVM_Script script = nullptr;
  OH_JSVM_CreateStringUtf8(env, kSource, JSVM_AUTO_LENGTH, &code);
  bool rejected = true;
  JSVM_CompileOptions options[] = {NumOption(JSVM_COMPILE_MODE, JSVM_COMPILE_MODE_CONSUME_CODE_CACHE),
                                   Option(JSVM_COMPILE_BACKGROUND_DESERIALIZE_RESULT, result),
                                   Option(JSVM_COMPILE_CODE_CACHE_REJECTED, &rejected)};
  out.Set("compile", Last(env, OH_JSVM_CompileScriptWithOptions(env, code, 3, options, &script)));
  out.Set("rejected", rejected);
  OH_JSVM_RunScript(env, script, &value);
  out.Set("result", StringOf(env, value));
  out.Set("compileAgain", Last(env, OH_JSVM_CompileScriptWithOptions(env, code, 3, options, &script)));
  out.Set("release", Last(nullptr, OH_JSVM_ReleaseDeserializeResult(result)));
  out.Set("releaseTwice", Last(nullptr, OH_JSVM_ReleaseDeserializeResult(result)));
  out.Set("compileReleased", Last(env, OH_JSVM_CompileScriptWithOptions(env, code, 3, options, &script)));

  // A corrupted cache: accepted by the call, rejected by the compile.
  std::vector<uint8_t> bad = MakeCache(kSource);
  bad[bad.size() / 2] ^= 0x40;
  JSVM_DeserializeResult bad_result = nullptr;
  out.Set("startCorrupt", Last(nullptr, OH_JSVM_BackgroundDeserialize(s.vm, {bad.data(), bad.size()}, &bad_result)));
  rejected = false;
  options[1].content.ptr = bad_result;
  out.Set("compileCorrupt", Last(env, OH_JSVM_CompileScriptWithOptions(env, code, 3, options, &script)));
  out.Set("rejectedCorrupt", rejected);
  OH_JSVM_RunScript(env, script, &value);
  out.Set("resultCorrupt", StringOf(env, value));
  OH_JSVM_ReleaseDeserializeResult(bad_result);

  // An intact cache, compiled with another text of the same length: rejected
  // by the compile, which runs the text it was given.
  {
    Session fresh;
    std::vector<uint8_t> intact = MakeCache(kSource);
    JSVM_DeserializeResult intact_result = nullptr;
    OH_JSVM_BackgroundDeserialize(fresh.vm, {intact.data(), intact.size()}, &intact_result);
    JSVM_Value other_code, other_value;
    OH_JSVM_CreateStringUtf8(fresh.env, kSameLengthSource, JSVM_AUTO_LENGTH, &other_code);
    rejected = false;
    options[1].content.ptr = intact_result;
    out.Set("compileOtherSource", Last(fresh.env, OH_JSVM_CompileScriptWithOptions(fresh.env, other_code, 3, options, &script)));
    out.Set("rejectedOtherSource", rejected);
    OH_JSVM_RunScript(fresh.env, script, &other_value);
    out.Set("resultOtherSource", StringOf(fresh.env, other_value));
    OH_JSVM_ReleaseDeserializeResult(intact_result);
  }

  // Errors.
  std::vector<uint8_t> good = MakeCache(kSource);
  JSVM_CodeCache good_cache{good.data(), good.size()};
  out.Set("nullVm", Last(nullptr, OH_JSVM_BackgroundDeserialize(nullptr, good_cache, &result)));
  out.Set("nullResult", Last(nullptr, OH_JSVM_BackgroundDeserialize(s.vm, good_cache, nullptr)));
  out.Set("emptyCache", Last(nullptr, OH_JSVM_BackgroundDeserialize(s.vm, {nullptr, 0}, &result)));
  out.Set("zeroLength", Last(nullptr, OH_JSVM_BackgroundDeserialize(s.vm, {good.data(), 0}, &result)));
  out.Set("releaseNull", Last(nullptr, OH_JSVM_ReleaseDeserializeResult(nullptr)));
  int foreign = 0;
  out.Set("releaseForeign",
          Last(nullptr, OH_JSVM_ReleaseDeserializeResult(reinterpret_cast<JSVM_DeserializeResult>(&foreign))));
  // A result of another VM is refused by this VM's compile.
  Session other;
  JSVM_DeserializeResult other_result = nullptr;
  OH_JSVM_BackgroundDeserialize(other.vm, good_cache, &other_result);
  options[1].content.ptr = other_result;
  out.Set("otherVm", Last(env, OH_JSVM_CompileScriptWithOptions(env, code, 3, options, &script)));
  // Its VM destroyed first: the result is still released cleanly.
  other.Destroy();
  out.Set("releaseAfterVm", Last(nullptr, OH_JSVM_ReleaseDeserializeResult(other_result)));
}

}  // namespace

void RegisterCodeCache(Napi::Env env, Napi::Object exports) {
  exports.Set("codeCacheRoundTrip", Scenario(env, CodeCacheRoundTrip));
  exports.Set("codeCacheCorrupt", Scenario(env, CorruptCaches));
  exports.Set("codeCacheSourceTags", Scenario(env, SourceTags));
  exports.Set("codeCacheErrors", Scenario(env, CodeCacheErrors));
  exports.Set("retainedScripts", Scenario(env, RetainedScripts));
  exports.Set("compileOptions", Scenario(env, CompileOptions));
  exports.Set("backgroundDeserialize", Scenario(env, BackgroundDeserialize));
}

}  // namespace harness
