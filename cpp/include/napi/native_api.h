/*
 * jsvm-desktop: <napi/native_api.h> for the desktop (libace_napi.z.so).
 *
 * Node-API as Node.js ships it, plus declarations of the OpenHarmony-only
 * napi_* extensions so device code compiles unchanged. What each extension does
 * here is listed in README.md ("Node-API extensions").
 *
 * The device header defines NAPI_EXPERIMENTAL. With Node 20's headers that
 * would retype every finalizer as node_api_basic_finalize (const env), and
 * device code passing a plain napi_finalize would no longer compile. So this
 * header does not define it; if your build does, we opt out of the new
 * finalizer type the way Node documents (NODE_API_EXPERIMENTAL_NOGC_ENV_OPT_OUT).
 */
#ifndef JSVM_DESKTOP_NAPI_NATIVE_API_H
#define JSVM_DESKTOP_NAPI_NATIVE_API_H

#ifndef NAPI_VERSION
#define NAPI_VERSION 8
#endif

#if defined(NAPI_EXPERIMENTAL) && !defined(NODE_API_EXPERIMENTAL_NOGC_ENV_OPT_OUT)
#define NODE_API_EXPERIMENTAL_NOGC_ENV_OPT_OUT
#endif

/*
 * Node-API inside VM scopes. Every napi_* call made through this header goes
 * to libace_napi.z.so's wrapper of it (jsvm_desktop_napi_*): when a JSVM
 * isolate is the thread's current one (a VM scope is open, or a JSVM callback
 * is running), the wrapper runs the call in Node's isolate and comes back;
 * otherwise it calls Node's function straight away. A module's napi_*
 * references would bind to the node executable's own exports, so the calls
 * are renamed here, at compile time, before Node's headers declare them.
 * (libace_napi.z.so itself defines JSVM_DESKTOP_NAPI_NO_RENAME.) One wrapper
 * also behaves as the device does where Node differs: napi_call_function
 * accepts a NULL recv (an undefined receiver); Node answers napi_invalid_arg.
 */
#ifndef JSVM_DESKTOP_NAPI_NO_RENAME
#if defined(SRC_JS_NATIVE_API_H_) || defined(SRC_NODE_API_H_)
#error "include <napi/native_api.h> before <node_api.h>, <js_native_api.h> or <napi.h>: its napi_* calls must be renamed before Node's headers declare them"
#endif
#include "napi/jsvm_desktop_napi_renames.h"
#endif

#include <node_api.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Quality of service of queued async work (ignored on the desktop). */
typedef enum {
    napi_qos_background = 0,
    napi_qos_utility = 1,
    napi_qos_default = 2,
    napi_qos_user_initiated = 3,
} napi_qos_t;

/** How napi_run_event_loop runs. */
typedef enum {
    napi_event_mode_default = 0,
    napi_event_mode_nowait = 1,
} napi_event_mode;

/** Priority of a task posted with napi_call_threadsafe_function_with_priority. */
typedef enum {
    napi_task_priority_high = 0,
    napi_task_priority_medium = 1,
    napi_task_priority_low = 2,
} napi_task_priority;

typedef void* (*napi_native_binding_detach_callback)(napi_env env, void* native_object, void* hint);
typedef napi_value (*napi_native_binding_attach_callback)(napi_env env, void* native_object, void* hint);

NAPI_EXTERN napi_status napi_run_script_path(napi_env env, const char* path, napi_value* result);
NAPI_EXTERN napi_status napi_queue_async_work_with_qos(napi_env env, napi_async_work work, napi_qos_t qos);
NAPI_EXTERN napi_status napi_load_module(napi_env env, const char* path, napi_value* result);
NAPI_EXTERN napi_status napi_load_module_with_info(napi_env env, const char* path, const char* module_info,
                                                   napi_value* result);
NAPI_EXTERN napi_status napi_create_object_with_properties(napi_env env, napi_value* result, size_t property_count,
                                                           const napi_property_descriptor* properties);
NAPI_EXTERN napi_status napi_create_object_with_named_properties(napi_env env, napi_value* result,
                                                                 size_t property_count, const char** keys,
                                                                 const napi_value* values);
NAPI_EXTERN napi_status napi_coerce_to_native_binding_object(napi_env env, napi_value js_object,
                                                             napi_native_binding_detach_callback detach_cb,
                                                             napi_native_binding_attach_callback attach_cb,
                                                             void* native_object, void* hint);
NAPI_EXTERN napi_status napi_create_ark_runtime(napi_env* env);
NAPI_EXTERN napi_status napi_destroy_ark_runtime(napi_env* env);
NAPI_EXTERN napi_status napi_run_event_loop(napi_env env, napi_event_mode mode);
NAPI_EXTERN napi_status napi_stop_event_loop(napi_env env);
NAPI_EXTERN napi_status napi_serialize(napi_env env, napi_value object, napi_value transfer_list,
                                       napi_value clone_list, void** result);
NAPI_EXTERN napi_status napi_deserialize(napi_env env, void* buffer, napi_value* object);
NAPI_EXTERN napi_status napi_delete_serialization_data(napi_env env, void* buffer);
NAPI_EXTERN napi_status napi_call_threadsafe_function_with_priority(napi_threadsafe_function func, void* data,
                                                                    napi_task_priority priority, bool isTail);
NAPI_EXTERN napi_status napi_define_sendable_class(napi_env env, const char* utf8name, size_t length,
                                                   napi_callback constructor, void* data, size_t property_count,
                                                   const napi_property_descriptor* properties, napi_value parent,
                                                   napi_value* result);
NAPI_EXTERN napi_status napi_is_sendable(napi_env env, napi_value value, bool* result);
NAPI_EXTERN napi_status napi_create_sendable_object_with_properties(napi_env env, size_t property_count,
                                                                    const napi_property_descriptor* properties,
                                                                    napi_value* result);
NAPI_EXTERN napi_status napi_create_sendable_array(napi_env env, napi_value* result);
NAPI_EXTERN napi_status napi_create_sendable_array_with_length(napi_env env, size_t length, napi_value* result);
NAPI_EXTERN napi_status napi_create_sendable_arraybuffer(napi_env env, size_t byte_length, void** data,
                                                         napi_value* result);
NAPI_EXTERN napi_status napi_create_sendable_typedarray(napi_env env, napi_typedarray_type type, size_t length,
                                                        napi_value arraybuffer, size_t byte_offset,
                                                        napi_value* result);
NAPI_EXTERN napi_status napi_wrap_sendable(napi_env env, napi_value js_object, void* native_object,
                                           napi_finalize finalize_cb, void* finalize_hint);
NAPI_EXTERN napi_status napi_wrap_sendable_with_size(napi_env env, napi_value js_object, void* native_object,
                                                     napi_finalize finalize_cb, void* finalize_hint,
                                                     size_t native_binding_size);
NAPI_EXTERN napi_status napi_unwrap_sendable(napi_env env, napi_value js_object, void** result);
NAPI_EXTERN napi_status napi_remove_wrap_sendable(napi_env env, napi_value js_object, void** result);
NAPI_EXTERN napi_status napi_wrap_enhance(napi_env env, napi_value js_object, void* native_object,
                                          napi_finalize finalize_cb, bool async_finalizer, void* finalize_hint,
                                          size_t native_binding_size, napi_ref* result);

#ifdef __cplusplus
}
#endif

#endif /* JSVM_DESKTOP_NAPI_NATIVE_API_H */
