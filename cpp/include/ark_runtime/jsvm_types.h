/*
 * jsvm-desktop: the JSVM-API type vocabulary.
 *
 * Handles, status codes, enums, structs and callback signatures used by
 * ark_runtime/jsvm.h. Names, numeric values and struct field order follow the
 * OpenHarmony JSVM-API so that code written for a device compiles here
 * unchanged; the wording of this file is our own.
 */
#ifndef ARK_RUNTIME_JSVM_TYPES_H
#define ARK_RUNTIME_JSVM_TYPES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#if !defined __cplusplus || (defined(_MSC_VER) && _MSC_VER < 1900)
typedef uint16_t char16_t;
#endif

#ifndef JSVM_CDECL
#ifdef _WIN32
#define JSVM_CDECL __cdecl
#else
#define JSVM_CDECL
#endif
#endif

/* ------------------------------------------------------------------------
 * Opaque handles. Each is a pointer to an incomplete struct so that the
 * compiler keeps them apart.
 * ---------------------------------------------------------------------- */

/** A virtual machine: one V8 isolate with its heap. */
typedef struct JSVM_VM__* JSVM_VM;
/** Marks the VM as entered on the current thread. */
typedef struct JSVM_VMScope__* JSVM_VMScope;
/** Marks an environment as the current one. */
typedef struct JSVM_EnvScope__* JSVM_EnvScope;
/** A compiled script, ready to run. */
typedef struct JSVM_Script__* JSVM_Script;
/** An environment: one JS global scope (a V8 context) inside a VM. */
typedef struct JSVM_Env__* JSVM_Env;
/** A running CPU profiler. */
typedef struct JSVM_CpuProfiler__* JSVM_CpuProfiler;
/** A JS value, valid while the handle scope that holds it is open. */
typedef struct JSVM_Value__* JSVM_Value;
/** A counted reference that can keep a value alive across handle scopes. */
typedef struct JSVM_Ref__* JSVM_Ref;
/** A scope that owns the JSVM_Values created while it is open. */
typedef struct JSVM_HandleScope__* JSVM_HandleScope;
/** A handle scope from which one value may be promoted to the outer scope. */
typedef struct JSVM_EscapableHandleScope__* JSVM_EscapableHandleScope;
/** What a native callback learns about its call (arguments, this, data). */
typedef struct JSVM_CallbackInfo__* JSVM_CallbackInfo;
/** The settling side of a promise. */
typedef struct JSVM_Deferred__* JSVM_Deferred;
/** A V8 data item that is not necessarily a JS value (e.g. a private key). */
typedef struct JSVM_Data__* JSVM_Data;
/** The result of a background deserialisation. */
typedef struct JSVM_DeserializeResult__* JSVM_DeserializeResult;

/* ------------------------------------------------------------------------
 * Native callbacks.
 * ---------------------------------------------------------------------- */

/** A native function made callable from JS, with data it receives back. */
typedef struct {
    JSVM_Value(JSVM_CDECL* callback)(JSVM_Env env, JSVM_CallbackInfo info);
    void* data;
} JSVM_CallbackStruct;

typedef JSVM_CallbackStruct* JSVM_Callback;

/** Called when a wrapped or external value is collected. */
typedef void(JSVM_CDECL* JSVM_Finalize)(JSVM_Env env, void* finalizeData, void* finalizeHint);

/** Called when an ArrayBuffer over external memory is released. */
typedef void(JSVM_CDECL* JSVM_FinalizeArrayBuffer)(JSVM_Env env, void* finalizeData, void* finalizeHint,
                                                   bool copied);

/** Receives chunks of a profile or heap snapshot; return false to stop. */
typedef bool(JSVM_CDECL* JSVM_OutputStream)(const char* data, int size, void* streamData);

/** Called when the VM runs out of memory. */
typedef void(JSVM_CDECL* JSVM_HandlerForOOMError)(const char* location, const char* detail, bool isHeapOOM);

/** Called on a fatal engine error. */
typedef void(JSVM_CDECL* JSVM_HandlerForFatalError)(const char* location, const char* message);

/* ------------------------------------------------------------------------
 * Property descriptors and attributes.
 * ---------------------------------------------------------------------- */

typedef enum {
    JSVM_DEFAULT = 0,
    JSVM_WRITABLE = 1 << 0,
    JSVM_ENUMERABLE = 1 << 1,
    JSVM_CONFIGURABLE = 1 << 2,
    /** Methods defined on a class skip the check that `this` is an instance. */
    JSVM_NO_RECEIVER_CHECK = 1 << 3,
    /** On a class: the property goes on the constructor, not the prototype. */
    JSVM_STATIC = 1 << 10,
    JSVM_DEFAULT_METHOD = JSVM_WRITABLE | JSVM_CONFIGURABLE,
    JSVM_METHOD_NO_RECEIVER_CHECK = JSVM_DEFAULT_METHOD | JSVM_NO_RECEIVER_CHECK,
    JSVM_DEFAULT_JSPROPERTY = JSVM_WRITABLE | JSVM_ENUMERABLE | JSVM_CONFIGURABLE,
    JSVM_JSPROPERTY_NO_RECEIVER_CHECK = JSVM_DEFAULT_JSPROPERTY | JSVM_NO_RECEIVER_CHECK,
} JSVM_PropertyAttributes;

/** The JS type of a value, as OH_JSVM_Typeof reports it. */
typedef enum {
    JSVM_UNDEFINED,
    JSVM_NULL,
    JSVM_BOOLEAN,
    JSVM_NUMBER,
    JSVM_STRING,
    JSVM_SYMBOL,
    JSVM_OBJECT,
    JSVM_FUNCTION,
    JSVM_EXTERNAL,
    JSVM_BIGINT,
} JSVM_ValueType;

typedef enum {
    JSVM_INT8_ARRAY,
    JSVM_UINT8_ARRAY,
    JSVM_UINT8_CLAMPED_ARRAY,
    JSVM_INT16_ARRAY,
    JSVM_UINT16_ARRAY,
    JSVM_INT32_ARRAY,
    JSVM_UINT32_ARRAY,
    JSVM_FLOAT32_ARRAY,
    JSVM_FLOAT64_ARRAY,
    JSVM_BIGINT64_ARRAY,
    JSVM_BIGUINT64_ARRAY,
} JSVM_TypedarrayType;

/** What every OH_JSVM_* function returns. */
typedef enum {
    JSVM_OK,
    JSVM_INVALID_ARG,
    JSVM_OBJECT_EXPECTED,
    JSVM_STRING_EXPECTED,
    JSVM_NAME_EXPECTED,
    JSVM_FUNCTION_EXPECTED,
    JSVM_NUMBER_EXPECTED,
    JSVM_BOOLEAN_EXPECTED,
    JSVM_ARRAY_EXPECTED,
    JSVM_GENERIC_FAILURE,
    JSVM_PENDING_EXCEPTION,
    JSVM_CANCELLED,
    JSVM_ESCAPE_CALLED_TWICE,
    JSVM_HANDLE_SCOPE_MISMATCH,
    JSVM_CALLBACK_SCOPE_MISMATCH,
    JSVM_QUEUE_FULL,
    JSVM_CLOSING,
    JSVM_BIGINT_EXPECTED,
    JSVM_DATE_EXPECTED,
    JSVM_ARRAYBUFFER_EXPECTED,
    JSVM_DETACHABLE_ARRAYBUFFER_EXPECTED,
    JSVM_WOULD_DEADLOCK,
    JSVM_NO_EXTERNAL_BUFFERS_ALLOWED,
    JSVM_CANNOT_RUN_JS,
    JSVM_INVALID_TYPE,
    JSVM_JIT_MODE_EXPECTED,
} JSVM_Status;

typedef enum {
    JSVM_KEY_INCLUDE_PROTOTYPES,
    JSVM_KEY_OWN_ONLY,
} JSVM_KeyCollectionMode;

typedef enum {
    JSVM_KEY_ALL_PROPERTIES = 0,
    JSVM_KEY_WRITABLE = 1,
    JSVM_KEY_ENUMERABLE = 1 << 1,
    JSVM_KEY_CONFIGURABLE = 1 << 2,
    JSVM_KEY_SKIP_STRINGS = 1 << 3,
    JSVM_KEY_SKIP_SYMBOLS = 1 << 4,
} JSVM_KeyFilter;

typedef enum {
    JSVM_KEY_KEEP_NUMBERS,
    JSVM_KEY_NUMBERS_TO_STRINGS,
} JSVM_KeyConversion;

typedef enum {
    JSVM_MEMORY_PRESSURE_LEVEL_NONE,
    JSVM_MEMORY_PRESSURE_LEVEL_MODERATE,
    JSVM_MEMORY_PRESSURE_LEVEL_CRITICAL,
    JSVM_MEMORY_PRESSURE_LEVEL_LOW_MEMORY,
} JSVM_MemoryPressureLevel;

typedef enum {
    JSVM_COMPILE_MODE_DEFAULT,
    JSVM_COMPILE_MODE_CONSUME_CODE_CACHE,
    JSVM_COMPILE_MODE_EAGER_COMPILE,
    JSVM_COMPILE_MODE_PRODUCE_COMPILE_PROFILE,
    JSVM_COMPILE_MODE_CONSUME_COMPILE_PROFILE,
} JSVM_CompileMode;

typedef enum {
    JSVM_COMPILE_MODE,
    JSVM_COMPILE_CODE_CACHE,
    JSVM_COMPILE_SCRIPT_ORIGIN,
    JSVM_COMPILE_COMPILE_PROFILE,
    JSVM_COMPILE_ENABLE_SOURCE_MAP,
    JSVM_COMPILE_BACKGROUND_DESERIALIZE_RESULT,
    JSVM_COMPILE_CODE_CACHE_REJECTED,
} JSVM_CompileOptionId;

/* ------------------------------------------------------------------------
 * Structs.
 * ---------------------------------------------------------------------- */

typedef struct {
    size_t totalHeapSize;
    size_t totalHeapSizeExecutable;
    size_t totalPhysicalSize;
    size_t totalAvailableSize;
    size_t usedHeapSize;
    size_t heapSizeLimit;
    size_t mallocedMemory;
    size_t externalMemory;
    size_t peakMallocedMemory;
    size_t numberOfNativeContexts;
    size_t numberOfDetachedContexts;
    size_t totalGlobalHandlesSize;
    size_t usedGlobalHandlesSize;
} JSVM_HeapStatistics;

/** Process-wide options for OH_JSVM_Init. */
typedef struct {
    /** Null-terminated table of native addresses a snapshot may refer to. */
    const intptr_t* externalReferences;
    /** Engine flags, in the form of a command line (argv[0] is skipped). */
    int* argc;
    char** argv;
    /** Remove the flags the engine understood from argv. */
    bool removeFlags;
} JSVM_InitOptions;

/** Options for OH_JSVM_CreateVM. Sizes are in bytes; 0 keeps the default. */
typedef struct {
    size_t maxOldGenerationSize;
    size_t maxYoungGenerationSize;
    size_t initialOldGenerationSize;
    size_t initialYoungGenerationSize;
    /** A blob from OH_JSVM_CreateSnapshot to start the VM from, or NULL. */
    const char* snapshotBlobData;
    size_t snapshotBlobSize;
    /** Create a VM whose environments OH_JSVM_CreateSnapshot can serialise. */
    bool isForSnapshotting;
} JSVM_CreateVMOptions;

typedef struct {
    uint32_t apiVersion;
    const char* engine;
    const char* version;
    uint32_t cachedDataVersionTag;
} JSVM_VMInfo;

/**
 * One property to define: give a name (utf8name or name) and either a method,
 * a getter and/or setter, or a value.
 */
typedef struct {
    const char* utf8name;
    JSVM_Value name;
    JSVM_Callback method;
    JSVM_Callback getter;
    JSVM_Callback setter;
    JSVM_Value value;
    JSVM_PropertyAttributes attributes;
} JSVM_PropertyDescriptor;

/** Details of the last failed call on an environment. */
typedef struct {
    const char* errorMessage;
    void* engineReserved;
    uint32_t engineErrorCode;
    JSVM_Status errorCode;
} JSVM_ExtendedErrorInfo;

typedef struct {
    uint64_t lower;
    uint64_t upper;
} JSVM_TypeTag;

typedef struct {
    JSVM_Value(JSVM_CDECL* genericNamedPropertyGetterCallback)(JSVM_Env env, JSVM_Value name, JSVM_Value thisArg,
                                                               JSVM_Value namedPropertyData);
    JSVM_Value(JSVM_CDECL* genericNamedPropertySetterCallback)(JSVM_Env env, JSVM_Value name, JSVM_Value property,
                                                               JSVM_Value thisArg, JSVM_Value namedPropertyData);
    JSVM_Value(JSVM_CDECL* genericNamedPropertyDeleterCallback)(JSVM_Env env, JSVM_Value name, JSVM_Value thisArg,
                                                                JSVM_Value namedPropertyData);
    JSVM_Value(JSVM_CDECL* genericNamedPropertyEnumeratorCallback)(JSVM_Env env, JSVM_Value thisArg,
                                                                   JSVM_Value namedPropertyData);
    JSVM_Value(JSVM_CDECL* genericIndexedPropertyGetterCallback)(JSVM_Env env, JSVM_Value index, JSVM_Value thisArg,
                                                                 JSVM_Value indexedPropertyData);
    JSVM_Value(JSVM_CDECL* genericIndexedPropertySetterCallback)(JSVM_Env env, JSVM_Value index,
                                                                 JSVM_Value property, JSVM_Value thisArg,
                                                                 JSVM_Value indexedPropertyData);
    JSVM_Value(JSVM_CDECL* genericIndexedPropertyDeleterCallback)(JSVM_Env env, JSVM_Value index,
                                                                  JSVM_Value thisArg,
                                                                  JSVM_Value indexedPropertyData);
    JSVM_Value(JSVM_CDECL* genericIndexedPropertyEnumeratorCallback)(JSVM_Env env, JSVM_Value thisArg,
                                                                     JSVM_Value indexedPropertyData);
    JSVM_Value namedPropertyData;
    JSVM_Value indexedPropertyData;
} JSVM_PropertyHandlerConfigurationStruct;

typedef JSVM_PropertyHandlerConfigurationStruct* JSVM_PropertyHandlerCfg;

/** Where a script came from, for stack traces and source maps. */
typedef struct {
    const char* sourceMapUrl;
    const char* resourceName;
    size_t resourceLineOffset;
    size_t resourceColumnOffset;
} JSVM_ScriptOrigin;

typedef struct {
    JSVM_CompileOptionId id;
    union {
        void* ptr;
        int num;
        bool boolean;
    } content;
} JSVM_CompileOptions;

typedef struct {
    uint8_t* cache;
    size_t length;
} JSVM_CodeCache;

typedef struct {
    int* profile;
    size_t length;
} JSVM_CompileProfile;

typedef enum {
    JSVM_REGEXP_NONE = 0,
    JSVM_REGEXP_GLOBAL = 1 << 0,
    JSVM_REGEXP_IGNORE_CASE = 1 << 1,
    JSVM_REGEXP_MULTILINE = 1 << 2,
    JSVM_REGEXP_STICKY = 1 << 3,
    JSVM_REGEXP_UNICODE = 1 << 4,
    JSVM_REGEXP_DOT_ALL = 1 << 5,
    JSVM_REGEXP_LINEAR = 1 << 6,
    JSVM_REGEXP_HAS_INDICES = 1 << 7,
    JSVM_REGEXP_UNICODE_SETS = 1 << 8,
} JSVM_RegExpFlags;

typedef enum {
    JSVM_ZERO_INITIALIZED,
    JSVM_UNINITIALIZED,
} JSVM_InitializedFlag;

typedef enum {
    JSVM_WASM_OPT_BASELINE = 10,
    JSVM_WASM_OPT_HIGH = 20,
} JSVM_WasmOptLevel;

typedef enum {
    JSVM_CACHE_TYPE_JS,
    JSVM_CACHE_TYPE_WASM,
} JSVM_CacheType;

typedef enum {
    JSVM_MICROTASK_EXPLICIT = 0,
    JSVM_MICROTASK_AUTO,
} JSVM_MicrotaskPolicy;

typedef enum {
    JSVM_TRACE_VM,
    JSVM_TRACE_COMPILE,
    JSVM_TRACE_EXECUTE,
    JSVM_TRACE_RUNTIME,
    JSVM_TRACE_STACK_TRACE,
    JSVM_TRACE_WASM,
    JSVM_TRACE_WASM_DETAILED,
} JSVM_TraceCategory;

typedef enum {
    JSVM_PROMISE_REJECT_OTHER_REASONS = 0,
    JSVM_PROMISE_REJECT_WITH_NO_HANDLER = 1,
    JSVM_PROMISE_ADD_HANDLER_AFTER_REJECTED = 2,
    JSVM_PROMISE_REJECT_AFTER_RESOLVED = 3,
    JSVM_PROMISE_RESOLVE_AFTER_RESOLVED = 4,
} JSVM_PromiseRejectEvent;

typedef enum {
    JSVM_MESSAGE_LOG = (1 << 0),
    JSVM_MESSAGE_DEBUG = (1 << 1),
    JSVM_MESSAGE_INFO = (1 << 2),
    JSVM_MESSAGE_ERROR = (1 << 3),
    JSVM_MESSAGE_WARNING = (1 << 4),
    JSVM_MESSAGE_ALL =
        JSVM_MESSAGE_LOG | JSVM_MESSAGE_DEBUG | JSVM_MESSAGE_INFO | JSVM_MESSAGE_ERROR | JSVM_MESSAGE_WARNING,
} JSVM_MessageErrorLevel;

typedef enum {
    JSVM_DEFINE_CLASS_NORMAL,
    JSVM_DEFINE_CLASS_WITH_COUNT,
    JSVM_DEFINE_CLASS_WITH_PROPERTY_HANDLER,
} JSVM_DefineClassOptionsId;

typedef struct {
    JSVM_DefineClassOptionsId id;
    union {
        void* ptr;
        int num;
        bool boolean;
    } content;
} JSVM_DefineClassOptions;

typedef struct {
    JSVM_PropertyHandlerCfg propertyHandlerCfg;
    JSVM_Callback callAsFunctionCallback;
} JSVM_PropertyHandler;

typedef enum {
    JSVM_CB_TRIGGER_BEFORE_GC,
    JSVM_CB_TRIGGER_AFTER_GC,
} JSVM_CBTriggerTimeForGC;

typedef enum {
    JSVM_GC_TYPE_SCAVENGE = 1 << 0,
    JSVM_GC_TYPE_MINOR_MARK_COMPACT = 1 << 1,
    JSVM_GC_TYPE_MARK_SWEEP_COMPACT = 1 << 2,
    JSVM_GC_TYPE_INCREMENTAL_MARKING = 1 << 3,
    JSVM_GC_TYPE_PROCESS_WEAK_CALLBACKS = 1 << 4,
    JSVM_GC_TYPE_ALL = JSVM_GC_TYPE_SCAVENGE | JSVM_GC_TYPE_MINOR_MARK_COMPACT | JSVM_GC_TYPE_MARK_SWEEP_COMPACT |
                       JSVM_GC_TYPE_INCREMENTAL_MARKING | JSVM_GC_TYPE_PROCESS_WEAK_CALLBACKS,
} JSVM_GCType;

typedef enum {
    JSVM_NO_GC_CALLBACK_FLAGS,
    JSVM_GC_CALLBACK_CONSTRUCT_RETAINED_OBJECT_INFOS,
    JSVM_GC_CALLBACK_FORCED,
    JSVM_GC_CALLBACK_SYNCHRONOUS_PHANTOM_CALLBACK_PROCESSING,
    JSVM_GC_CALLBACK_COLLECT_ALL_AVAILABLE_GARBAGE,
    JSVM_GC_CALLBACK_COLLECT_ALL_EXTERNAL_MEMORY,
    JSVM_GC_CALLBACK_SCHEDULE_IDLE_GARBAGE_COLLECTION,
} JSVM_GCCallbackFlags;

/** Called when a promise is rejected with no handler, and similar events. */
typedef void(JSVM_CDECL* JSVM_HandlerForPromiseReject)(JSVM_Env env, JSVM_PromiseRejectEvent rejectEvent,
                                                       JSVM_Value rejectInfo);

/** Called before or after a garbage collection. */
typedef void(JSVM_CDECL* JSVM_HandlerForGC)(JSVM_VM vm, JSVM_GCType gcType, JSVM_GCCallbackFlags flags, void* data);

/** Called when the heap grows past a threshold. */
typedef void(JSVM_CDECL* JSVM_HandlerForHeapThreshold)(JSVM_VM vm, uint64_t threshold, void* data);

typedef enum {
    JSVM_SCOPE_CHECK,
} JSVM_DebugOption;

#endif /* ARK_RUNTIME_JSVM_TYPES_H */
