// The JSVM snapshot demo: ArkTS calls napitest.runTest(); RunTest runs the JS
// `adjustExternalMemory();` in a JSVM env; the native AdjustExternalMemory then
// creates a VM startup snapshot, writes it to the app sandbox, reads it back,
// restores a VM and an env from it and checks createHelloString() there.
#include <cstring>
#include <fstream>
#include <string>
#include <vector>

#include "ark_runtime/jsvm.h"
#include "hilog/log.h"
#include "napi/native_api.h"

#undef LOG_DOMAIN
#undef LOG_TAG
#define LOG_DOMAIN 0x3200
#define LOG_TAG "JSVM"

namespace {

const char* const kBlobPath = "/data/storage/el2/base/files/test_blob.bin";

// Logs and reports a failed JSVM call.
bool Check(JSVM_Env env, JSVM_Status status, const char* call) {
    if (status == JSVM_OK) {
        return true;
    }
    const JSVM_ExtendedErrorInfo* info = nullptr;
    OH_JSVM_GetLastErrorInfo(env, &info);
    OH_LOG_ERROR(LOG_APP, "Test JSVM %{public}s failed: status %{public}d, %{public}s", call, status,
                 (info != nullptr && info->errorMessage != nullptr) ? info->errorMessage : "");
    return false;
}

#define JSVM_CHECK(env, call) Check((env), (call), #call)

JSVM_Value CreateHelloString(JSVM_Env env, JSVM_CallbackInfo info) {
    JSVM_Value output = nullptr;
    const char* hello = "Hello world!";
    OH_JSVM_CreateStringUtf8(env, hello, strlen(hello), &output);
    return output;
}

JSVM_CallbackStruct g_helloCallback = {CreateHelloString, nullptr};
JSVM_Value AdjustExternalMemory(JSVM_Env env, JSVM_CallbackInfo info);
JSVM_CallbackStruct g_adjustCallback = {AdjustExternalMemory, nullptr};

// Every native callback a snapshot may contain.
intptr_t g_externals[] = {
    reinterpret_cast<intptr_t>(&g_helloCallback),
    0,
};

bool RunScript(JSVM_Env env, const char* source, JSVM_Value* result) {
    JSVM_Value code = nullptr;
    JSVM_Script script = nullptr;
    return JSVM_CHECK(env, OH_JSVM_CreateStringUtf8(env, source, JSVM_AUTO_LENGTH, &code)) &&
           JSVM_CHECK(env, OH_JSVM_CompileScript(env, code, nullptr, 0, true, nullptr, &script)) &&
           JSVM_CHECK(env, OH_JSVM_RunScript(env, script, result));
}

// Creates a VM for snapshotting with one env holding createHelloString and
// writes its snapshot to the sandbox.
bool CreateVMSnapshot() {
    JSVM_CreateVMOptions options;
    memset(&options, 0, sizeof(options));
    options.isForSnapshotting = true;
    JSVM_VM vm = nullptr;
    if (!JSVM_CHECK(nullptr, OH_JSVM_CreateVM(&options, &vm))) {
        return false;
    }
    JSVM_VMScope vmScope = nullptr;
    OH_JSVM_OpenVMScope(vm, &vmScope);
    JSVM_PropertyDescriptor descriptors[] = {
        {"createHelloString", nullptr, &g_helloCallback, nullptr, nullptr, nullptr, JSVM_DEFAULT},
    };
    JSVM_Env env = nullptr;
    bool ok = JSVM_CHECK(nullptr, OH_JSVM_CreateEnv(vm, 1, descriptors, &env));
    const char* blobData = nullptr;
    size_t blobSize = 0;
    if (ok) {
        JSVM_EnvScope envScope = nullptr;
        OH_JSVM_OpenEnvScope(env, &envScope);
        JSVM_HandleScope handleScope = nullptr;
        OH_JSVM_OpenHandleScope(env, &handleScope);
        JSVM_Value result = nullptr;
        ok = RunScript(env, "globalThis.greeting = createHelloString();", &result);
        // Taken with the env and handle scopes still open, as on the device.
        JSVM_Env envs[1] = {env};
        ok = ok && JSVM_CHECK(nullptr, OH_JSVM_CreateSnapshot(vm, 1, envs, &blobData, &blobSize));
        OH_JSVM_CloseHandleScope(env, handleScope);
        OH_JSVM_CloseEnvScope(env, envScope);
    }
    if (ok) {
        std::ofstream file(kBlobPath, std::ios::out | std::ios::binary | std::ios::trunc);
        file.write(blobData, static_cast<std::streamsize>(blobSize));
        file.close();
        if (!file) {
            OH_LOG_ERROR(LOG_APP, "Test JSVM CreateVMSnapshot could not write %{public}s", kBlobPath);
            ok = false;
        }
        OH_LOG_INFO(LOG_APP, "Test JSVM CreateVMSnapshot blobSize = : %{public}zu", blobSize);
        free(const_cast<char*>(blobData));
    }
    if (env != nullptr) {
        OH_JSVM_DestroyEnv(env);
    }
    OH_JSVM_CloseVMScope(vm, vmScope);
    OH_JSVM_DestroyVM(vm);
    return ok;
}

// Reads the snapshot back, restores a VM and its env and checks createHelloString().
bool RunVMSnapshot() {
    std::ifstream file(kBlobPath, std::ios::in | std::ios::binary | std::ios::ate);
    if (!file) {
        OH_LOG_ERROR(LOG_APP, "Test JSVM RunVMSnapshot could not open %{public}s", kBlobPath);
        return false;
    }
    std::streamsize blobSize = file.tellg();
    file.seekg(0, std::ios::beg);
    std::vector<char> blob(static_cast<size_t>(blobSize));
    file.read(blob.data(), blobSize);
    OH_LOG_INFO(LOG_APP, "Test JSVM RunVMSnapshot read file blobSize = : %{public}d", static_cast<int>(blobSize));

    JSVM_CreateVMOptions options;
    memset(&options, 0, sizeof(options));
    options.snapshotBlobData = blob.data();
    options.snapshotBlobSize = blob.size();
    JSVM_VM vm = nullptr;
    if (!JSVM_CHECK(nullptr, OH_JSVM_CreateVM(&options, &vm))) {
        return false;
    }
    JSVM_VMScope vmScope = nullptr;
    OH_JSVM_OpenVMScope(vm, &vmScope);
    JSVM_Env env = nullptr;
    bool ok = JSVM_CHECK(nullptr, OH_JSVM_CreateEnvFromSnapshot(vm, 0, &env));
    if (ok) {
        JSVM_EnvScope envScope = nullptr;
        OH_JSVM_OpenEnvScope(env, &envScope);
        JSVM_HandleScope handleScope = nullptr;
        OH_JSVM_OpenHandleScope(env, &handleScope);
        JSVM_Value result = nullptr;
        ok = RunScript(env, "createHelloString()", &result);
        char text[64] = {0};
        size_t length = 0;
        ok = ok && JSVM_CHECK(env, OH_JSVM_GetValueStringUtf8(env, result, text, sizeof(text), &length));
        if (ok && strcmp(text, "Hello world!") == 0) {
            OH_LOG_INFO(LOG_APP, "Test JSVM RunVMSnapshot createHelloString() = %{public}s", text);
        } else if (ok) {
            OH_LOG_ERROR(LOG_APP, "Test JSVM RunVMSnapshot createHelloString() returned %{public}s", text);
            ok = false;
        }
        OH_JSVM_CloseHandleScope(env, handleScope);
        OH_JSVM_CloseEnvScope(env, envScope);
        OH_JSVM_DestroyEnv(env);
    }
    OH_JSVM_CloseVMScope(vm, vmScope);
    OH_JSVM_DestroyVM(vm);
    return ok;
}

JSVM_Value AdjustExternalMemory(JSVM_Env env, JSVM_CallbackInfo info) {
    bool ok = CreateVMSnapshot() && RunVMSnapshot();
    JSVM_Value result = nullptr;
    OH_JSVM_GetBoolean(env, ok, &result);
    return result;
}

void TestJSVM() {
    static bool initialized = false;
    if (!initialized) {
        JSVM_InitOptions initOptions;
        memset(&initOptions, 0, sizeof(initOptions));
        initOptions.externalReferences = g_externals;
        initialized = JSVM_CHECK(nullptr, OH_JSVM_Init(&initOptions));
        if (!initialized) {
            return;
        }
    }
    JSVM_VM vm = nullptr;
    if (!JSVM_CHECK(nullptr, OH_JSVM_CreateVM(nullptr, &vm))) {
        return;
    }
    JSVM_VMScope vmScope = nullptr;
    OH_JSVM_OpenVMScope(vm, &vmScope);
    JSVM_PropertyDescriptor descriptors[] = {
        {"adjustExternalMemory", nullptr, &g_adjustCallback, nullptr, nullptr, nullptr, JSVM_DEFAULT},
    };
    JSVM_Env env = nullptr;
    if (JSVM_CHECK(nullptr, OH_JSVM_CreateEnv(vm, 1, descriptors, &env))) {
        JSVM_EnvScope envScope = nullptr;
        OH_JSVM_OpenEnvScope(env, &envScope);
        JSVM_HandleScope handleScope = nullptr;
        OH_JSVM_OpenHandleScope(env, &handleScope);
        JSVM_Value result = nullptr;
        if (RunScript(env, "adjustExternalMemory();", &result)) {
            bool ok = false;
            OH_JSVM_GetValueBool(env, result, &ok);
            if (!ok) {
                OH_LOG_ERROR(LOG_APP, "Test JSVM adjustExternalMemory() reported a failure");
            }
        }
        OH_JSVM_CloseHandleScope(env, handleScope);
        OH_JSVM_CloseEnvScope(env, envScope);
        OH_JSVM_DestroyEnv(env);
    }
    OH_JSVM_CloseVMScope(vm, vmScope);
    OH_JSVM_DestroyVM(vm);
}

// napitest.runTest(): Node-API values are made only after every JSVM scope is closed.
napi_value RunTest(napi_env env, napi_callback_info info) {
    TestJSVM();
    napi_value result = nullptr;
    napi_get_undefined(env, &result);
    return result;
}

}  // namespace

EXTERN_C_START
static napi_value Init(napi_env env, napi_value exports) {
    napi_property_descriptor desc[] = {
        {"runTest", nullptr, RunTest, nullptr, nullptr, nullptr, napi_default, nullptr},
    };
    napi_define_properties(env, exports, sizeof(desc) / sizeof(desc[0]), desc);
    return exports;
}
EXTERN_C_END

static napi_module demoModule = {
    .nm_version = 1,
    .nm_flags = 0,
    .nm_filename = nullptr,
    .nm_register_func = Init,
    .nm_modname = "entry",
    .nm_priv = nullptr,
    .reserved = {0},
};

extern "C" __attribute__((constructor)) void RegisterEntryModule(void) {
    napi_module_register(&demoModule);
}
