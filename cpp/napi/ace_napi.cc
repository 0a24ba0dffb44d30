// libace_napi.z.so: OpenHarmony's Node-API extensions on top of Node's Node-API.
// Where the desktop has an equivalent the call maps onto it; the rest return
// napi_generic_failure with an explanation in napi_get_last_error_info's
// companion: a thrown Error naming the function.
// Every function here runs in Node's isolate when a JSVM isolate is current
// (host_isolate.h), as the generated wrappers do. This file calls Node's own
// functions: the header's renames are for modules.
#define JSVM_DESKTOP_NAPI_NO_RENAME
#include "napi/native_api.h"

#include "host_isolate.h"

#include <fstream>
#include <sstream>
#include <string>

namespace {

napi_status Unsupported(napi_env env, const char* name) {
  if (env != nullptr) {
    std::string message = std::string(name) + " is not available in jsvm-desktop";
    bool pending = false;
    if (napi_is_exception_pending(env, &pending) == napi_ok && !pending) {
      napi_throw_error(env, "ERR_JSVM_DESKTOP_UNSUPPORTED", message.c_str());
    }
  }
  return napi_generic_failure;
}

}  // namespace

extern "C" {

napi_status jsvm_desktop_napi_call_function(napi_env env, napi_value recv, napi_value func, size_t argc,
                                            const napi_value* argv, napi_value* result) {
  jsvm_desktop::HostIsolateScope host;
  if (env != nullptr && recv == nullptr) {
    napi_status status = napi_get_undefined(env, &recv);
    if (status != napi_ok) return status;
  }
  return napi_call_function(env, recv, func, argc, argv, result);
}

napi_status napi_run_script_path(napi_env env, const char* path, napi_value* result) {
  jsvm_desktop::HostIsolateScope host;
  if (env == nullptr || path == nullptr || result == nullptr) return napi_invalid_arg;
  std::ifstream file(path, std::ios::binary);
  if (!file) return napi_generic_failure;
  std::stringstream text;
  text << file.rdbuf();
  std::string source = text.str();
  napi_value script;
  napi_status status = napi_create_string_utf8(env, source.data(), source.size(), &script);
  if (status != napi_ok) return status;
  return napi_run_script(env, script, result);
}

napi_status napi_queue_async_work_with_qos(napi_env env, napi_async_work work, napi_qos_t qos) {
  jsvm_desktop::HostIsolateScope host;
  (void)qos;
  return napi_queue_async_work(env, work);
}

napi_status napi_load_module(napi_env env, const char* path, napi_value* result) {
  jsvm_desktop::HostIsolateScope host;
  return Unsupported(env, "napi_load_module");
}

napi_status napi_load_module_with_info(napi_env env, const char* path, const char* module_info, napi_value* result) {
  jsvm_desktop::HostIsolateScope host;
  return Unsupported(env, "napi_load_module_with_info");
}

napi_status napi_create_object_with_properties(napi_env env, napi_value* result, size_t property_count,
                                               const napi_property_descriptor* properties) {
  jsvm_desktop::HostIsolateScope host;
  if (env == nullptr || result == nullptr || (property_count > 0 && properties == nullptr)) return napi_invalid_arg;
  napi_value object;
  napi_status status = napi_create_object(env, &object);
  if (status == napi_ok && property_count > 0) status = napi_define_properties(env, object, property_count, properties);
  if (status == napi_ok) *result = object;
  return status;
}

napi_status napi_create_object_with_named_properties(napi_env env, napi_value* result, size_t property_count,
                                                     const char** keys, const napi_value* values) {
  jsvm_desktop::HostIsolateScope host;
  if (env == nullptr || result == nullptr || (property_count > 0 && (keys == nullptr || values == nullptr))) {
    return napi_invalid_arg;
  }
  napi_value object;
  napi_status status = napi_create_object(env, &object);
  for (size_t i = 0; status == napi_ok && i < property_count; ++i) {
    if (keys[i] == nullptr || values[i] == nullptr) return napi_invalid_arg;
    status = napi_set_named_property(env, object, keys[i], values[i]);
  }
  if (status == napi_ok) *result = object;
  return status;
}

napi_status napi_coerce_to_native_binding_object(napi_env env, napi_value js_object,
                                                 napi_native_binding_detach_callback detach_cb,
                                                 napi_native_binding_attach_callback attach_cb, void* native_object,
                                                 void* hint) {
  jsvm_desktop::HostIsolateScope host;
  return Unsupported(env, "napi_coerce_to_native_binding_object");
}

napi_status napi_create_ark_runtime(napi_env* env) { return napi_generic_failure; }
napi_status napi_destroy_ark_runtime(napi_env* env) { return napi_generic_failure; }
napi_status napi_run_event_loop(napi_env env, napi_event_mode mode) {
  jsvm_desktop::HostIsolateScope host;
  return Unsupported(env, "napi_run_event_loop");
}
napi_status napi_stop_event_loop(napi_env env) {
  jsvm_desktop::HostIsolateScope host;
  return Unsupported(env, "napi_stop_event_loop");
}

napi_status napi_serialize(napi_env env, napi_value object, napi_value transfer_list, napi_value clone_list,
                           void** result) {
  jsvm_desktop::HostIsolateScope host;
  return Unsupported(env, "napi_serialize");
}
napi_status napi_deserialize(napi_env env, void* buffer, napi_value* object) {
  jsvm_desktop::HostIsolateScope host;
  return Unsupported(env, "napi_deserialize");
}
napi_status napi_delete_serialization_data(napi_env env, void* buffer) {
  jsvm_desktop::HostIsolateScope host;
  return Unsupported(env, "napi_delete_serialization_data");
}

napi_status napi_call_threadsafe_function_with_priority(napi_threadsafe_function func, void* data,
                                                        napi_task_priority priority, bool isTail) {
  jsvm_desktop::HostIsolateScope host;
  (void)priority;
  (void)isTail;
  return napi_call_threadsafe_function(func, data, napi_tsfn_nonblocking);
}

// Sendable values: Node has one heap per thread, so they are ordinary values here.
napi_status napi_define_sendable_class(napi_env env, const char* utf8name, size_t length, napi_callback constructor,
                                       void* data, size_t property_count,
                                       const napi_property_descriptor* properties, napi_value parent,
                                       napi_value* result) {
  jsvm_desktop::HostIsolateScope host;
  if (parent != nullptr) return Unsupported(env, "napi_define_sendable_class with a parent class");
  return napi_define_class(env, utf8name, length, constructor, data, property_count, properties, result);
}

napi_status napi_is_sendable(napi_env env, napi_value value, bool* result) {
  jsvm_desktop::HostIsolateScope host;
  if (env == nullptr || value == nullptr || result == nullptr) return napi_invalid_arg;
  *result = false;
  return napi_ok;
}

napi_status napi_create_sendable_object_with_properties(napi_env env, size_t property_count,
                                                        const napi_property_descriptor* properties,
                                                        napi_value* result) {
  jsvm_desktop::HostIsolateScope host;
  return napi_create_object_with_properties(env, result, property_count, properties);
}

napi_status napi_create_sendable_array(napi_env env, napi_value* result) {
  jsvm_desktop::HostIsolateScope host;
  return napi_create_array(env, result);
}

napi_status napi_create_sendable_array_with_length(napi_env env, size_t length, napi_value* result) {
  jsvm_desktop::HostIsolateScope host;
  return napi_create_array_with_length(env, length, result);
}

napi_status napi_create_sendable_arraybuffer(napi_env env, size_t byte_length, void** data, napi_value* result) {
  jsvm_desktop::HostIsolateScope host;
  return napi_create_arraybuffer(env, byte_length, data, result);
}

napi_status napi_create_sendable_typedarray(napi_env env, napi_typedarray_type type, size_t length,
                                            napi_value arraybuffer, size_t byte_offset, napi_value* result) {
  jsvm_desktop::HostIsolateScope host;
  return napi_create_typedarray(env, type, length, arraybuffer, byte_offset, result);
}

napi_status napi_wrap_sendable(napi_env env, napi_value js_object, void* native_object, napi_finalize finalize_cb,
                               void* finalize_hint) {
  jsvm_desktop::HostIsolateScope host;
  return napi_wrap(env, js_object, native_object, finalize_cb, finalize_hint, nullptr);
}

napi_status napi_wrap_sendable_with_size(napi_env env, napi_value js_object, void* native_object,
                                         napi_finalize finalize_cb, void* finalize_hint,
                                         size_t native_binding_size) {
  jsvm_desktop::HostIsolateScope host;
  (void)native_binding_size;
  return napi_wrap(env, js_object, native_object, finalize_cb, finalize_hint, nullptr);
}

napi_status napi_unwrap_sendable(napi_env env, napi_value js_object, void** result) {
  jsvm_desktop::HostIsolateScope host;
  return napi_unwrap(env, js_object, result);
}

napi_status napi_remove_wrap_sendable(napi_env env, napi_value js_object, void** result) {
  jsvm_desktop::HostIsolateScope host;
  return napi_remove_wrap(env, js_object, result);
}

napi_status napi_wrap_enhance(napi_env env, napi_value js_object, void* native_object, napi_finalize finalize_cb,
                              bool async_finalizer, void* finalize_hint, size_t native_binding_size,
                              napi_ref* result) {
  jsvm_desktop::HostIsolateScope host;
  (void)async_finalizer;
  (void)native_binding_size;
  return napi_wrap(env, js_object, native_object, finalize_cb, finalize_hint, result);
}

}  // extern "C"
