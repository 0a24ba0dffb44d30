// Throwaway DevEco projects for the specs that run the public commands
// (hvigorw, the loader, jsvm-mocha, the package) on a user's project.
import fs from 'fs';
import path from 'path';

/** Writes `files` (paths relative to `dir`) into `dir`, making folders. */
export function writeFiles(dir: string, files: Record<string, string>): void {
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  }
}

/**
 * The Node-API registration of a module named `module` whose exports are
 * `functions` (JS name -> C++ function defined above it), as DevEco's template
 * writes it.
 */
export function napiRegistration(module: string, functions: Record<string, string>): string {
  const entries = Object.entries(functions)
    .map(([name, fn]) => `{"${name}", nullptr, ${fn}, nullptr, nullptr, nullptr, napi_default, nullptr}`).join(', ');
  return `
EXTERN_C_START
static napi_value Init(napi_env env, napi_value exports) {
    napi_property_descriptor desc[] = {${entries}};
    napi_define_properties(env, exports, ${Object.keys(functions).length}, desc);
    return exports;
}
EXTERN_C_END
static napi_module ${module}Module = {1, 0, nullptr, Init, "${module}", nullptr, {0}};
extern "C" __attribute__((constructor)) void Register${module}Module(void) { napi_module_register(&${module}Module); }
`;
}

/**
 * A project with one native module `module` (srcPath ./<module>, bundle name
 * `bundleName`) built from src/main/cpp/napi_init.cpp = `source`, linked with
 * `links`; `extra` adds more files.
 */
export function writeProject(dir: string, options: { module: string; bundleName: string; source: string;
  links?: string; extra?: Record<string, string> }): void {
  const { module } = options;
  writeFiles(dir, {
    'build-profile.json5': `{ app: { products: [{ name: "default" }] }, modules: [{ name: "${module}", srcPath: "./${module}" }] }`,
    'AppScope/app.json5': `{ "app": { "bundleName": "${options.bundleName}" } }`,
    [`${module}/build-profile.json5`]:
      '{ "apiType": "stageMode", "buildOption": { "externalNativeOptions": { "path": "./src/main/cpp/CMakeLists.txt" } } }',
    [`${module}/src/main/cpp/CMakeLists.txt`]: `cmake_minimum_required(VERSION 3.5.0)
project(${module})
add_library(${module} SHARED napi_init.cpp)
target_link_libraries(${module} PUBLIC ${options.links ?? 'libace_napi.z.so libhilog_ndk.z.so'})
`,
    [`${module}/src/main/cpp/napi_init.cpp`]: options.source,
    ...(options.extra ?? {}),
  });
}
