// Scripts: compile (optionally from a code cache, with an origin, with options),
// run, and retain beyond their handle scope.
#include <algorithm>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "common/internal.h"
#include "script/code_cache.h"
#include "vm/heap_limit.h"

namespace jsvm {

JSVM_Status ReportRunFailure(JSVM_Env env, v8::TryCatch& try_catch) {
  JSVM_VM vm = env->vm;
  if (try_catch.HasTerminated() || env->isolate->IsExecutionTerminating()) {
    bool heap_limit = vm->heap_limit_reached;
    // A termination is not an exception: nothing becomes pending.
    try_catch.Reset();
    // Only once no JS of this VM remains on the stack can the VM run JS again.
    if (vm->js_depth <= 1 && vm->callback_depth == 0) {
      env->isolate->CancelTerminateExecution();
      SetHeapLimitReached(vm, false);
    }
    if (heap_limit) {
      return SetLastError(env, JSVM_GENERIC_FAILURE,
                          HeapLimitReachedText(vm) + "; execution was terminated");
    }
    return SetLastError(env, JSVM_GENERIC_FAILURE, "execution was terminated");
  }
  return SetLastError(env, JSVM_PENDING_EXCEPTION);
}

// The private key that marks the function of every script we compile.
v8::Local<v8::Private> ScriptMarkKey(v8::Isolate* isolate) {
  return v8::Private::ForApi(isolate, v8::String::NewFromUtf8Literal(isolate, "jsvm-desktop:compiled-script"));
}

namespace {

// The function object a v8::Script is (the same handle slot).
v8::Local<v8::Object> ScriptFunction(v8::Local<v8::Script> script) {
  v8::Local<v8::Object> function;
  std::memcpy(static_cast<void*>(&function), &script, sizeof(script));
  return function;
}

// What a compile was asked for, from any of the three compile functions.
struct CompileRequest {
  const uint8_t* cache = nullptr;  // a cache from OH_JSVM_CreateCodeCache (with its trailer)
  size_t cache_length = 0;
  JSVM_DeserializeResult deserialized = nullptr;
  bool eager = false;
  bool* rejected = nullptr;
  const JSVM_ScriptOrigin* origin = nullptr;
  bool source_map = true;  // pass the origin's sourceMapUrl to V8
  bool produce_profile = false;
  const JSVM_CompileProfile* consume_profile = nullptr;
};

// V8 asks, for each function literal, whether to compile it eagerly: yes when
// its position is in the profile (sorted).
bool InProfile(int position, void* data) {
  const auto* positions = static_cast<const std::vector<int>*>(data);
  return std::binary_search(positions->begin(), positions->end(), position);
}

JSVM_Status Compile(JSVM_Env env, JSVM_Value script, const CompileRequest& request, JSVM_Script* result,
    const char* jsvm_api_name_ = __builtin_FUNCTION()) {
  JSVM_ENTRY_JS(env, script, result);
  v8::Local<v8::Value> source_value = ToV8(script);
  JSVM_RETURN_STATUS_IF_FALSE(env, source_value->IsString(), JSVM_STRING_EXPECTED);
  if (request.cache != nullptr) {
    JSVM_RETURN_STATUS_IF_FALSE(env, request.cache_length > 0 && request.cache_length <= INT32_MAX, JSVM_INVALID_ARG);
  }
  v8::Isolate* isolate = env->isolate;
  v8::Local<v8::Context> context = env->context();

  v8::Local<v8::Value> resource_name;
  v8::Local<v8::Value> source_map_url;
  int line_offset = 0;
  int column_offset = 0;
  if (const JSVM_ScriptOrigin* origin = request.origin) {
    if (origin->resourceName != nullptr) {
      v8::Local<v8::String> name;
      JSVM_RETURN_STATUS_IF_FALSE(env, v8::String::NewFromUtf8(isolate, origin->resourceName).ToLocal(&name),
                                  JSVM_GENERIC_FAILURE);
      resource_name = name;
    }
    if (origin->sourceMapUrl != nullptr && request.source_map) {
      v8::Local<v8::String> url;
      JSVM_RETURN_STATUS_IF_FALSE(env, v8::String::NewFromUtf8(isolate, origin->sourceMapUrl).ToLocal(&url),
                                  JSVM_GENERIC_FAILURE);
      source_map_url = url;
    }
    // Below INT32_MAX: V8 shows positions one past the offset (INT32_MAX
    // wrapped to -2147483648 in stack traces).
    JSVM_RETURN_STATUS_IF_FALSE(env, origin->resourceLineOffset < INT32_MAX && origin->resourceColumnOffset < INT32_MAX,
                                JSVM_INVALID_ARG);
    line_offset = static_cast<int>(origin->resourceLineOffset);
    column_offset = static_cast<int>(origin->resourceColumnOffset);
  }
  if (resource_name.IsEmpty()) resource_name = v8::String::Empty(isolate);
  v8::ScriptOrigin script_origin =
      jsvm::MakeScriptOrigin(isolate, resource_name, line_offset, column_offset, source_map_url);
  v8::Local<v8::String> source_string = source_value.As<v8::String>();

  // The cache to consume, if any: checked against its trailer first (a cache
  // that fails is rejected here, and the script compiles without it).
  DeserializedCache taken;
  std::vector<uint8_t> checked;  // the cache's V8 bytes as checked (V8 copies them)
  bool consume = false;
  bool rejected_early = false;
  if (request.deserialized != nullptr) {
    JSVM_RETURN_IF_NOT_OK(TakeDeserializeResult(env, request.deserialized, &taken));
    consume = taken.usable;
  } else if (request.cache != nullptr) {
    consume = CheckedPayload(request.cache, request.cache_length, &checked, &taken.binding);
    taken.payload = checked.data();
    taken.length = static_cast<int>(checked.size());
  }
  std::unique_ptr<v8::ScriptCompiler::ConsumeCodeCacheTask> task(taken.task);
  // A cache made for another source text is rejected too (V8 compares the
  // lengths only: it ran the other script's code).
  if (consume && !MadeForSource(isolate, source_string, taken.binding)) consume = false;
  rejected_early = (request.deserialized != nullptr || request.cache != nullptr) && !consume;

  v8::ScriptCompiler::CompileOptions options =
      request.eager ? v8::ScriptCompiler::kEagerCompile : v8::ScriptCompiler::kNoCompileOptions;
  std::vector<int> profile;
  std::unique_ptr<v8::ScriptCompiler::Source> source;
  if (consume) {
    options = v8::ScriptCompiler::kConsumeCodeCache;
    if (task != nullptr) {
      // The deserialised script may merge into one this isolate compiled
      // from the same source meanwhile.
      task->SourceTextAvailable(isolate, source_string, script_origin);
      if (task->ShouldMergeWithExistingScript()) task->MergeWithExistingScript();
    }
    // V8 writes the rejected flag on the CachedData even when a task did the
    // work, so one is given in both cases (it does not own the bytes).
    source = std::make_unique<v8::ScriptCompiler::Source>(
        source_string, script_origin, new v8::ScriptCompiler::CachedData(taken.payload, taken.length), task.release());
  } else if (request.consume_profile != nullptr) {
    const JSVM_CompileProfile* given = request.consume_profile;
    if (given->length > 0) profile.assign(given->profile, given->profile + given->length);
    std::sort(profile.begin(), profile.end());
    options = v8::ScriptCompiler::kConsumeCompileHints;
    source = std::make_unique<v8::ScriptCompiler::Source>(source_string, script_origin, InProfile, &profile);
  } else {
    if (request.produce_profile) options = v8::ScriptCompiler::kProduceCompileHints;
    source = std::make_unique<v8::ScriptCompiler::Source>(source_string, script_origin);
  }
  v8::Local<v8::Script> compiled;
  if (!v8::ScriptCompiler::Compile(context, source.get(), options).ToLocal(&compiled)) {
    return SetLastError(env, JSVM_PENDING_EXCEPTION);
  }
  // Written only when a cache was given: without one the caller's flag is left
  // as it was (the docs' example reads it after compiles without a cache).
  if (request.rejected != nullptr && (request.cache != nullptr || request.deserialized != nullptr)) {
    *request.rejected = rejected_early || (consume && source->GetCachedData()->rejected);
  }
  // Marked as ours: a function given as a script is run only if we compiled
  // it. The mark is the source text (V8 holds it anyway): a code cache made
  // of the script says which text it is for.
  if (ScriptFunction(compiled)->SetPrivate(context, ScriptMarkKey(isolate), source_string).IsNothing()) {
    return SetLastError(env, JSVM_PENDING_EXCEPTION);
  }
  // A retained script is known by its old slot's address: a new script must
  // not come back at that address (the slot was freed with its scope).
  while (RetainingEnv(env, ToJSVMScript(compiled)) != nullptr) {
    compiled = v8::Local<v8::Script>::New(isolate, compiled);
  }
  // A released one is refused by its address until a script is handed out
  // there again (the slot is live then, and names that script, as a stale
  // JSVM_Value names what took its slot): the list stays as short as the
  // released addresses not reused.
  if (!env->vm->released_scripts.empty()) env->vm->released_scripts.erase(ToJSVMScript(compiled));
  *result = ToJSVMScript(compiled);
  return JSVM_OK;
}

// Reads OH_JSVM_CompileScriptWithOptions' options into a request.
JSVM_Status ReadOptions(JSVM_Env env, size_t count, const JSVM_CompileOptions* options, CompileRequest* request) {
  if (count > 0 && options == nullptr) return SetLastError(env, JSVM_INVALID_ARG, "options is NULL");
  int mode = JSVM_COMPILE_MODE_DEFAULT;
  const JSVM_CodeCache* cache = nullptr;
  const JSVM_CompileProfile* profile = nullptr;
  for (size_t i = 0; i < count; ++i) {
    const JSVM_CompileOptions& option = options[i];
    const std::string which = "option " + std::to_string(i);
    // Read as an int: a caller's id outside the enumeration is not one of its values.
    int id;
    std::memcpy(&id, &option.id, sizeof(id));
    switch (id) {
      case JSVM_COMPILE_MODE:
        if (option.content.num < JSVM_COMPILE_MODE_DEFAULT || option.content.num > JSVM_COMPILE_MODE_CONSUME_COMPILE_PROFILE) {
          return SetLastError(env, JSVM_INVALID_ARG, which + " (JSVM_COMPILE_MODE) is not a JSVM_CompileMode");
        }
        mode = option.content.num;
        break;
      case JSVM_COMPILE_CODE_CACHE:
        cache = static_cast<const JSVM_CodeCache*>(option.content.ptr);
        if (cache == nullptr) return SetLastError(env, JSVM_INVALID_ARG, which + " (JSVM_COMPILE_CODE_CACHE) is NULL");
        if ((cache->cache == nullptr) != (cache->length == 0)) {
          return SetLastError(env, JSVM_INVALID_ARG,
                              which + " (JSVM_COMPILE_CODE_CACHE) has " +
                                  (cache->cache == nullptr ? "a length but no cache" : "a cache of length 0"));
        }
        // {NULL, 0} is no cache: the docs' example passes its empty buffer so
        // on its first run, before it has made one.
        if (cache->cache == nullptr) cache = nullptr;
        break;
      case JSVM_COMPILE_SCRIPT_ORIGIN:
        request->origin = static_cast<const JSVM_ScriptOrigin*>(option.content.ptr);
        if (request->origin == nullptr) {
          return SetLastError(env, JSVM_INVALID_ARG, which + " (JSVM_COMPILE_SCRIPT_ORIGIN) is NULL");
        }
        break;
      case JSVM_COMPILE_COMPILE_PROFILE:
        profile = static_cast<const JSVM_CompileProfile*>(option.content.ptr);
        if (profile == nullptr || (profile->profile == nullptr && profile->length > 0)) {
          return SetLastError(env, JSVM_INVALID_ARG, which + " (JSVM_COMPILE_COMPILE_PROFILE) has no profile");
        }
        break;
      case JSVM_COMPILE_ENABLE_SOURCE_MAP:
        request->source_map = option.content.boolean;
        break;
      case JSVM_COMPILE_BACKGROUND_DESERIALIZE_RESULT:
        request->deserialized = static_cast<JSVM_DeserializeResult>(option.content.ptr);
        if (request->deserialized == nullptr) {
          return SetLastError(env, JSVM_INVALID_ARG, which + " (JSVM_COMPILE_BACKGROUND_DESERIALIZE_RESULT) is NULL");
        }
        break;
      case JSVM_COMPILE_CODE_CACHE_REJECTED:
        request->rejected = static_cast<bool*>(option.content.ptr);
        if (request->rejected == nullptr) {
          return SetLastError(env, JSVM_INVALID_ARG, which + " (JSVM_COMPILE_CODE_CACHE_REJECTED) is NULL");
        }
        break;
      default:
        return SetLastError(env, JSVM_INVALID_ARG, which + " has an unknown JSVM_CompileOptionId");
    }
  }
  bool has_cache = cache != nullptr || request->deserialized != nullptr;
  switch (mode) {
    case JSVM_COMPILE_MODE_CONSUME_CODE_CACHE:
      JSVM_RETURN_STATUS_IF_FALSE_MSG(env, has_cache, JSVM_INVALID_ARG,
                                      "JSVM_COMPILE_MODE_CONSUME_CODE_CACHE needs a code cache or a deserialize result");
      break;
    case JSVM_COMPILE_MODE_EAGER_COMPILE:
      request->eager = true;
      break;
    case JSVM_COMPILE_MODE_PRODUCE_COMPILE_PROFILE:
      request->produce_profile = true;
      break;
    case JSVM_COMPILE_MODE_CONSUME_COMPILE_PROFILE:
      JSVM_RETURN_STATUS_IF_FALSE_MSG(env, profile != nullptr, JSVM_INVALID_ARG,
                                      "JSVM_COMPILE_MODE_CONSUME_COMPILE_PROFILE needs a JSVM_COMPILE_COMPILE_PROFILE option");
      request->consume_profile = profile;
      break;
    default:
      break;
  }
  bool profile_mode =
      mode == JSVM_COMPILE_MODE_PRODUCE_COMPILE_PROFILE || mode == JSVM_COMPILE_MODE_CONSUME_COMPILE_PROFILE;
  JSVM_RETURN_STATUS_IF_FALSE_MSG(env, !(has_cache && profile_mode), JSVM_INVALID_ARG,
                                  "a compile-profile mode cannot consume a code cache");
  if (cache != nullptr) {
    request->cache = cache->cache;
    request->cache_length = cache->length;
  }
  return JSVM_OK;
}

}  // namespace

void ReleaseRetainedScripts(JSVM_Env env) {
  for (const auto& entry : env->retained_scripts) env->vm->released_scripts.insert(entry.first);
  env->retained_scripts.clear();
}

JSVM_Env RetainingEnv(JSVM_Env env, JSVM_Script script) {
  return EnvOfVMHolding(env, [script](JSVM_Env owner) {
    return !owner->retained_scripts.empty() && owner->retained_scripts.count(script) != 0;
  });
}

JSVM_Status CheckScriptSlot(JSVM_Env env, JSVM_Script script, const char* function) {
  // A v8::Script is a function object in a handle slot, as a JSVM_Value is:
  // the value checks' judges apply to it unchanged.
  JSVM_VM vm = env->vm;
  JSVM_RETURN_STATUS_IF_FALSE_MSG(env, vm->released_scripts.empty() || vm->released_scripts.count(script) == 0,
                                  JSVM_INVALID_ARG,
                                  "the script was released (OH_JSVM_ReleaseScript, or OH_JSVM_DestroyEnv of the env "
                                  "that retained it): compile it again");
  JSVM_Value slot = reinterpret_cast<JSVM_Value>(script);
  if (ScopeCheckOn(env) && StaleSlots(env).Contains(slot)) {
    return ReportRefusedValue(env, function,
                              "script is a JSVM_Script from a handle scope that has been closed (JSVM_SCOPE_CHECK): "
                              "retain it with OH_JSVM_RetainScript to use it after its scope");
  }
  if (SeveralVMs() && IsOtherVMsObject(env, slot)) {
    return ReportRefusedValue(env, function,
                              "script is a script of another VM: a JSVM_Script can be used only by envs of the VM "
                              "that compiled it");
  }
  // Only a function our compile marked: V8 runs any function it is given as
  // a script, a built-in one reading a script it has not, a JS one getting
  // V8's internal host-defined options as its argument.
  v8::Local<v8::Value> value = ToV8(slot);
  JSVM_RETURN_STATUS_IF_FALSE_MSG(
      env, value->IsFunction() &&
               value.As<v8::Object>()->HasPrivate(env->context(), ScriptMarkKey(env->isolate)).FromMaybe(false),
      JSVM_INVALID_ARG, "script is not a compiled script (OH_JSVM_CompileScript*)");
  return JSVM_OK;
}

bool ScriptSource(JSVM_Env env, v8::Local<v8::Script> script, v8::Local<v8::String>* source) {
  v8::Local<v8::Value> mark;
  if (!ScriptFunction(script)->GetPrivate(env->context(), ScriptMarkKey(env->isolate)).ToLocal(&mark) ||
      !mark->IsString()) {
    return false;
  }
  *source = mark.As<v8::String>();
  return true;
}

JSVM_Status ResolveScript(JSVM_Env env, JSVM_Script script, v8::Local<v8::Script>* result, const char* function) {
  if (JSVM_Env owner = RetainingEnv(env, script)) {
    *result = owner->retained_scripts.find(script)->second.Get(env->isolate);
    return JSVM_OK;
  }
  JSVM_RETURN_IF_NOT_OK(CheckScriptSlot(env, script, function));
  *result = ToV8Script(script);
  return JSVM_OK;
}

}  // namespace jsvm

JSVM_Status OH_JSVM_CompileScript(JSVM_Env env, JSVM_Value script, const uint8_t* cachedData, size_t cacheDataLength,
                                  bool eagerCompile, bool* cacheRejected, JSVM_Script* result) try {
  jsvm::CompileRequest request;
  request.cache = cachedData;
  request.cache_length = cacheDataLength;
  request.eager = eagerCompile;
  request.rejected = cacheRejected;
  return jsvm::Compile(env, script, request, result);
} JSVM_EXIT(env)

JSVM_Status OH_JSVM_CompileScriptWithOrigin(JSVM_Env env, JSVM_Value script, const uint8_t* cachedData,
                                            size_t cacheDataLength, bool eagerCompile, bool* cacheRejected,
                                            JSVM_ScriptOrigin* origin, JSVM_Script* result) try {
  if (jsvm::IsLiveEnv(env) && origin == nullptr) return jsvm::SetLastError(env, JSVM_INVALID_ARG, "origin is NULL");
  jsvm::CompileRequest request;
  request.cache = cachedData;
  request.cache_length = cacheDataLength;
  request.eager = eagerCompile;
  request.rejected = cacheRejected;
  request.origin = origin;
  return jsvm::Compile(env, script, request, result);
} JSVM_EXIT(env)

JSVM_Status OH_JSVM_CompileScriptWithOptions(JSVM_Env env, JSVM_Value script, size_t optionCount,
                                             JSVM_CompileOptions options[], JSVM_Script* result) try {
  // Only the env and the NULL checks here: Compile's entry checks the rest
  // (JSVM_SCOPE_CHECK's line would otherwise be logged twice).
  JSVM_CHECK_LIVE_ENV_(env);
  JSVM_CHECK_ARGS_(env, script, result);
  jsvm::CompileRequest request;
  JSVM_RETURN_IF_NOT_OK(jsvm::ReadOptions(env, optionCount, options, &request));
  return jsvm::Compile(env, script, request, result);
} JSVM_EXIT(env)

JSVM_Status OH_JSVM_RetainScript(JSVM_Env env, JSVM_Script script) try {
  JSVM_ENTRY_CONTEXT(env, script);
  if (jsvm::RetainingEnv(env, script) != nullptr) {
    return jsvm::SetLastError(env, JSVM_INVALID_ARG, "the script is retained already");
  }
  JSVM_RETURN_IF_NOT_OK(jsvm::CheckScriptSlot(env, script, JSVM_API_NAME_));
  env->retained_scripts[script].Reset(env->isolate, jsvm::ToV8Script(script));
  return JSVM_OK;
} JSVM_EXIT(env)

JSVM_Status OH_JSVM_ReleaseScript(JSVM_Env env, JSVM_Script script) try {
  JSVM_ENTRY_ENV(env, script);
  JSVM_Env owner = jsvm::RetainingEnv(env, script);
  if (owner == nullptr) {
    return jsvm::SetLastError(env, JSVM_INVALID_ARG,
                              "the script is not retained (OH_JSVM_RetainScript) by an env of this VM");
  }
  owner->retained_scripts.erase(script);
  env->vm->released_scripts.insert(script);
  return jsvm::ClearLastError(env);
} JSVM_EXIT(env)

JSVM_Status OH_JSVM_RunScript(JSVM_Env env, JSVM_Script script, JSVM_Value* result) try {
  JSVM_ENTRY_JS(env, script, result);
  jsvm::JsFrame frame(env->vm);
  v8::Local<v8::Value> value;
  v8::Local<v8::Script> local;
  JSVM_RETURN_IF_NOT_OK(jsvm::ResolveScript(env, script, &local, JSVM_API_NAME_));
  if (!local->Run(env->context()).ToLocal(&value)) {
    return jsvm::ReportRunFailure(env, try_catch);
  }
  *result = jsvm::ToJSVM(value);
  return JSVM_OK;
} JSVM_EXIT(env)
