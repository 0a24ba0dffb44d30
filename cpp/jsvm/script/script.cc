// Scripts: compile (optionally from a code cache, with an origin) and run.
#include "common/internal.h"

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
                          "the VM reached its JS heap limit (maxOldGenerationSize " +
                              std::to_string(vm->max_old_generation_size) + " bytes); execution was terminated");
    }
    return SetLastError(env, JSVM_GENERIC_FAILURE, "execution was terminated");
  }
  return SetLastError(env, JSVM_PENDING_EXCEPTION);
}

namespace {

JSVM_Status Compile(JSVM_Env env, JSVM_Value script, const uint8_t* cachedData, size_t cacheDataLength,
                    bool eagerCompile, bool* cacheRejected, const JSVM_ScriptOrigin* origin, JSVM_Script* result) {
  JSVM_ENTRY_JS(env, script, result);
  v8::Local<v8::Value> source_value = ToV8(script);
  JSVM_RETURN_STATUS_IF_FALSE(env, source_value->IsString(), JSVM_STRING_EXPECTED);
  if (cachedData != nullptr) {
    JSVM_RETURN_STATUS_IF_FALSE(env, cacheDataLength > 0 && cacheDataLength <= INT32_MAX, JSVM_INVALID_ARG);
  }
  v8::Isolate* isolate = env->isolate;
  v8::Local<v8::Context> context = env->context();

  v8::Local<v8::Value> resource_name;
  v8::Local<v8::Value> source_map_url;
  int line_offset = 0;
  int column_offset = 0;
  if (origin != nullptr) {
    if (origin->resourceName != nullptr) {
      v8::Local<v8::String> name;
      JSVM_RETURN_STATUS_IF_FALSE(env, v8::String::NewFromUtf8(isolate, origin->resourceName).ToLocal(&name),
                                  JSVM_GENERIC_FAILURE);
      resource_name = name;
    }
    if (origin->sourceMapUrl != nullptr) {
      v8::Local<v8::String> url;
      JSVM_RETURN_STATUS_IF_FALSE(env, v8::String::NewFromUtf8(isolate, origin->sourceMapUrl).ToLocal(&url),
                                  JSVM_GENERIC_FAILURE);
      source_map_url = url;
    }
    JSVM_RETURN_STATUS_IF_FALSE(env, origin->resourceLineOffset <= INT32_MAX && origin->resourceColumnOffset <= INT32_MAX,
                                JSVM_INVALID_ARG);
    line_offset = static_cast<int>(origin->resourceLineOffset);
    column_offset = static_cast<int>(origin->resourceColumnOffset);
  }
  if (resource_name.IsEmpty()) resource_name = v8::String::Empty(isolate);
  v8::ScriptOrigin script_origin(isolate, resource_name, line_offset, column_offset, false, -1, source_map_url);

  v8::ScriptCompiler::CachedData* cache = nullptr;
  v8::ScriptCompiler::CompileOptions options =
      eagerCompile ? v8::ScriptCompiler::kEagerCompile : v8::ScriptCompiler::kNoCompileOptions;
  if (cachedData != nullptr) {
    cache = new v8::ScriptCompiler::CachedData(cachedData, static_cast<int>(cacheDataLength));
    options = v8::ScriptCompiler::kConsumeCodeCache;
  }
  // Source takes ownership of `cache`.
  v8::ScriptCompiler::Source source(source_value.As<v8::String>(), script_origin, cache);
  v8::Local<v8::Script> compiled;
  if (!v8::ScriptCompiler::Compile(context, &source, options).ToLocal(&compiled)) {
    return SetLastError(env, JSVM_PENDING_EXCEPTION);
  }
  if (cacheRejected != nullptr) *cacheRejected = cache != nullptr && source.GetCachedData()->rejected;
  *result = ToJSVMScript(compiled);
  return JSVM_OK;
}

}  // namespace
}  // namespace jsvm

JSVM_Status OH_JSVM_CompileScript(JSVM_Env env, JSVM_Value script, const uint8_t* cachedData, size_t cacheDataLength,
                                  bool eagerCompile, bool* cacheRejected, JSVM_Script* result) try {
  return jsvm::Compile(env, script, cachedData, cacheDataLength, eagerCompile, cacheRejected, nullptr, result);
} JSVM_EXIT(env)

JSVM_Status OH_JSVM_CompileScriptWithOrigin(JSVM_Env env, JSVM_Value script, const uint8_t* cachedData,
                                            size_t cacheDataLength, bool eagerCompile, bool* cacheRejected,
                                            JSVM_ScriptOrigin* origin, JSVM_Script* result) try {
  if (jsvm::IsLiveEnv(env) && origin == nullptr) return jsvm::SetLastError(env, JSVM_INVALID_ARG, "origin is NULL");
  return jsvm::Compile(env, script, cachedData, cacheDataLength, eagerCompile, cacheRejected, origin, result);
} JSVM_EXIT(env)

JSVM_Status OH_JSVM_RunScript(JSVM_Env env, JSVM_Script script, JSVM_Value* result) try {
  JSVM_ENTRY_JS(env, script, result);
  jsvm::JsFrame frame(env->vm);
  v8::Local<v8::Value> value;
  if (!jsvm::ToV8Script(script)->Run(env->context()).ToLocal(&value)) {
    return jsvm::ReportRunFailure(env, try_catch);
  }
  *result = jsvm::ToJSVM(value);
  return JSVM_OK;
} JSVM_EXIT(env)
