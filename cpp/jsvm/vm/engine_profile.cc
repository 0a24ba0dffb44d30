// The device engine profile (engine_profile.h): which features each profile
// switches on this Node line, and how.
#include "vm/engine_profile.h"

#include <cstdlib>
#include <cstring>

#include "common/v8_compat.h"

namespace jsvm {
namespace {

struct Version {
  int major;
  int minor;
};

constexpr bool NotAfter(Version a, Version b) { return a.major < b.major || (a.major == b.major && a.minor <= b.minor); }

constexpr Version kThisV8{V8_MAJOR_VERSION, V8_MINOR_VERSION};

struct Profile {
  const char* name;
  Version target;  // the device's V8
  bool active;     // false: "node", the line's own defaults
};

const Profile kProfiles[] = {
    {"node", kThisV8, false},
    {"api20", {13, 2}, true},
    {"v8-14.4", {14, 4}, true},
};

// A path from the global object to a built-in to delete. "@@dispose" and
// "@@asyncDispose" stand for the well-known symbols (read before anything is
// deleted); "%AsyncIteratorPrototype%" for that intrinsic (no global names it).
using Path = std::vector<const char*>;

// A language feature this line's V8 can switch: shipped in V8 `shipped`; on
// this line on by default if `shipped` is not after this V8, else behind
// `flag`. `remove` lists what to delete when a profile turns it off.
struct Feature {
  const char* name;
  Version shipped;
  const char* flag;  // without the leading "--"
  std::vector<Path> remove;
};

// Only the features whose switch this line's V8 has (the README's table,
// measured by test/engine-profile.spec.ts, shows every feature on every line).
const std::vector<Feature>& LineFeatures() {
  static const std::vector<Feature> features = {
#if !JSVM_V8_AT_LEAST(12, 0)  // Node 20, V8 11.3
      // (Its --harmony-array-grouping is an older proposal, Array.prototype.group,
      // that no device has; its --harmony-array-from-async installs nothing.)
      {"ArrayBuffer.prototype.transfer", {11, 4}, "harmony-rab-gsab-transfer", {}},
      {"JSON.parse source text access", {11, 4}, "harmony-json-parse-with-source", {}},
      {"Iterator helpers", {12, 2}, "harmony-iterator-helpers", {}},
      {"Intl.DurationFormat", {12, 9}, "harmony-intl-duration-format", {}},
#elif !JSVM_V8_AT_LEAST(13, 0)  // Node 22, V8 12.4
      {"RegExp modifiers", {12, 5}, "js-regexp-modifiers", {}},
      {"RegExp duplicate named groups", {12, 5}, "js-regexp-duplicate-named-groups", {}},
      {"Intl.DurationFormat", {12, 9}, "harmony-intl-duration-format", {}},
      {"Explicit resource management", {13, 4}, "js-explicit-resource-management", {}},
      {"Float16Array", {13, 5}, "js-float16array", {}},
#else  // Node 24, V8 13.6
      {"Atomics.pause", {13, 3}, "js-atomics-pause", {{"Atomics", "pause"}}},
      {"Error.isError", {13, 4}, "js-error-iserror", {{"Error", "isError"}}},
      {"Explicit resource management",
       {13, 4},
       "js-explicit-resource-management",
       {{"DisposableStack"},
        {"AsyncDisposableStack"},
        {"SuppressedError"},
        {"Iterator", "prototype", "@@dispose"},
        {"%AsyncIteratorPrototype%", "@@asyncDispose"}}},
      {"Float16Array",
       {13, 5},
       "js-float16array",
       {{"Float16Array"},
        {"Math", "f16round"},
        {"DataView", "prototype", "getFloat16"},
        {"DataView", "prototype", "setFloat16"}}},
      {"RegExp.escape", {13, 6}, "js-regexp-escape", {{"RegExp", "escape"}}},
      {"Uint8Array base64 / hex", {14, 0}, "js-base-64", {}},
#endif
  };
  return features;
}

const Profile* g_profile = &kProfiles[0];

const Profile* FindProfile(const char* name) {
  for (const Profile& profile : kProfiles) {
    if (std::strcmp(profile.name, name) == 0) return &profile;
  }
  return nullptr;
}

constexpr char kFlagPrefix[] = "--jsvm-profile=";

bool IsProfileFlag(const char* arg) {
  return arg != nullptr && std::strncmp(arg, kFlagPrefix, sizeof(kFlagPrefix) - 1) == 0;
}

v8::MaybeLocal<v8::Value> Lookup(v8::Local<v8::Context> context, v8::Local<v8::Object> object, const char* key,
                                 v8::Local<v8::Value> dispose, v8::Local<v8::Value> async_dispose) {
  v8::Isolate* isolate = context->GetIsolate();
  if (std::strcmp(key, "@@dispose") == 0) return object->Get(context, dispose);
  if (std::strcmp(key, "@@asyncDispose") == 0) return object->Get(context, async_dispose);
  return object->Get(context, v8::String::NewFromUtf8(isolate, key).ToLocalChecked());
}

// %AsyncIteratorPrototype%: the prototype of the prototype of an async
// generator function's prototype object.
v8::MaybeLocal<v8::Object> AsyncIteratorPrototype(v8::Local<v8::Context> context) {
  v8::Isolate* isolate = context->GetIsolate();
  v8::Local<v8::String> source = v8::String::NewFromUtf8Literal(isolate, "(async function* () {}).prototype");
  v8::Local<v8::Script> script;
  v8::Local<v8::Value> value;
  if (!v8::Script::Compile(context, source).ToLocal(&script) || !script->Run(context).ToLocal(&value) ||
      !value->IsObject()) {
    return {};
  }
  for (int i = 0; i < 2; ++i) {
    value = value.As<v8::Object>()->GetPrototype();
    if (!value->IsObject()) return {};
  }
  return value.As<v8::Object>();
}

void DeletePath(v8::Local<v8::Context> context, const Path& path, v8::Local<v8::Value> dispose,
                v8::Local<v8::Value> async_dispose) {
  v8::Local<v8::Object> holder = context->Global();
  size_t first = 0;
  if (std::strcmp(path[0], "%AsyncIteratorPrototype%") == 0) {
    if (!AsyncIteratorPrototype(context).ToLocal(&holder)) return;
    first = 1;
  }
  for (size_t i = first; i + 1 < path.size(); ++i) {
    v8::Local<v8::Value> next;
    if (!Lookup(context, holder, path[i], dispose, async_dispose).ToLocal(&next) || !next->IsObject()) return;
    holder = next.As<v8::Object>();
  }
  const char* last = path.back();
  v8::Local<v8::Value> key;
  if (std::strcmp(last, "@@dispose") == 0) {
    key = dispose;
  } else if (std::strcmp(last, "@@asyncDispose") == 0) {
    key = async_dispose;
  } else {
    key = v8::String::NewFromUtf8(context->GetIsolate(), last).ToLocalChecked();
  }
  if (!key->IsSymbol() && !key->IsString()) return;  // the symbol itself is gone: nothing keyed by it
  // A property that will not go (non-configurable) stays; nothing else to do.
  bool deleted = holder->Delete(context, key).FromMaybe(false);
  (void)deleted;
}

}  // namespace

bool SelectEngineProfile(int* argc, char** argv, bool remove, std::vector<char*>* v8_args, std::string* error) {
  const char* name = nullptr;
  std::string from;
  int found = -1;
  int count = (argc != nullptr && argv != nullptr) ? *argc : 0;
  // argv[0] is the program's name, as V8 reads argv.
  for (int i = 1; i < count; ++i) {
    if (IsProfileFlag(argv[i])) {
      name = argv[i] + sizeof(kFlagPrefix) - 1;
      from = "the flag --jsvm-profile";
      found = i;  // the last one wins, as with V8's flags
    }
  }
  if (name == nullptr) {
    name = std::getenv("JSVM_PROFILE");
    from = "the environment variable JSVM_PROFILE";
    if (name != nullptr && *name == '\0') name = nullptr;
  }
  const Profile* profile = &kProfiles[0];
  if (name != nullptr) {
    profile = FindProfile(name);
    if (profile == nullptr) {
      *error = std::string("unknown engine profile \"") + name + "\" (from " + from +
               "): the profiles are node, api20 (V8 13.2) and v8-14.4";
      return false;
    }
  }
  // Our flag never reaches V8 (it would stop reading flags at an unknown one).
  v8_args->clear();
  for (int i = 0; i < count; ++i) {
    if (i == 0 || !IsProfileFlag(argv[i])) v8_args->push_back(argv[i]);
  }
  if (remove && found >= 0) {
    int kept = 0;
    for (int i = 0; i < count; ++i) {
      if (i == 0 || !IsProfileFlag(argv[i])) argv[kept++] = argv[i];
    }
    for (int i = kept; i < count; ++i) argv[i] = nullptr;
    *argc = kept;
  }
  g_profile = profile;
  if (!profile->active) return true;
  for (const Feature& feature : LineFeatures()) {
    bool wanted = NotAfter(feature.shipped, profile->target);
    bool default_on = NotAfter(feature.shipped, kThisV8);
    if (wanted == default_on) continue;
    std::string flag = std::string(wanted ? "--" : "--no-") + feature.flag;
    v8::V8::SetFlagsFromString(flag.c_str(), flag.size());
  }
  return true;
}

const char* EngineProfileName() { return g_profile->name; }

void ApplyEngineProfile(v8::Local<v8::Context> context) {
  if (!g_profile->active) return;
  v8::Isolate* isolate = context->GetIsolate();
  v8::Context::Scope context_scope(context);
  v8::TryCatch try_catch(isolate);  // a getter on the way must not leave an exception behind
  v8::Local<v8::Value> dispose = v8::Undefined(isolate);
  v8::Local<v8::Value> async_dispose = v8::Undefined(isolate);
  v8::Local<v8::Value> symbol_ctor;
  if (context->Global()->Get(context, v8::String::NewFromUtf8Literal(isolate, "Symbol")).ToLocal(&symbol_ctor) &&
      symbol_ctor->IsObject()) {
    v8::Local<v8::Object> symbol = symbol_ctor.As<v8::Object>();
    if (!symbol->Get(context, v8::String::NewFromUtf8Literal(isolate, "dispose")).ToLocal(&dispose)) {
      dispose = v8::Undefined(isolate);
    }
    if (!symbol->Get(context, v8::String::NewFromUtf8Literal(isolate, "asyncDispose")).ToLocal(&async_dispose)) {
      async_dispose = v8::Undefined(isolate);
    }
  }
  for (const Feature& feature : LineFeatures()) {
    bool wanted = NotAfter(feature.shipped, g_profile->target);
    bool default_on = NotAfter(feature.shipped, kThisV8);
    if (wanted || !default_on) continue;
    for (const Path& path : feature.remove) DeletePath(context, path, dispose, async_dispose);
  }
}

}  // namespace jsvm
