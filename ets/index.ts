// ArkTS-side desktop support: the native-module loader, HiLog sink, sandbox and pages.
export { install as installLoader, findNativeModule } from './loader';
export { flushHilog, hilogSink, matchesHilog, parseHilogLine, setHilogStderr } from './hilog';
export type { HilogCapture, HilogCriteria, HilogListener, ParsedLine } from './hilog';
export { context, defaultSandbox, Sandbox, SandboxError, sandbox, sandboxActive } from './sandbox';
export {
  describeInspector, devtoolsUrl, InspectorSession, inspectEnvs, inspectorDirectory, listInspectors, saveCpuProfile,
  saveHeapSnapshot, traceToFile, vscodeAttachConfiguration, waitForInspector,
} from './devtools';
export type { CpuProfile, InspectorTarget, TraceCategory } from './devtools';
export { click, input, pageFile, render, RenderedPage, renderPage, snapshot, Struct, toggle } from './pages';
export type { Attribute, RenderPageOptions, UINode } from './pages';
export { compilePage, PageSyntaxError, SUPPORTED_COMPONENTS } from './page-compiler';
export { PageRuntimeError } from './page-runtime';
export { firstPage, startPreviewer } from './previewer';
export type { PreviewOptions, Previewer } from './previewer';
