// npm run bench: what snapshots buy and what the JSVM layer costs, measured in
// one process. Each case compares two variants, run interleaved round by round
// (A B, then B A, …); it reports the median and spread of each and the median
// of the per-round ratios a / b.
//
//   npm run bench                      all cases, results in bench/results.json
//   npm run bench -- --smoke           one round, tiny inputs (checks the harness)
//   npm run bench -- --only NAME       cases whose name contains NAME (several: NAME1,NAME2)
//   npm run bench -- --out FILE        write the JSON elsewhere
//   npm run bench -- --readme          also refresh the table in README.md
import fs from 'fs';
import os from 'os';
import path from 'path';
import vm from 'vm';

import { formatGoal, Goal, meets, median, pairRatios, spread } from './stats';
import { makeWasmModule } from './wasm-module';

const root = path.resolve(__dirname, '..');

// ---------------------------------------------------------------------------
// Command line
// ---------------------------------------------------------------------------
interface Options {
  smoke: boolean;
  only: string | null;
  out: string;
  readme: boolean;
}

function parseArgs(argv: string[]): Options {
  const options: Options = { smoke: false, only: null, out: path.join(root, 'bench', 'results.json'), readme: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--smoke') options.smoke = true;
    else if (arg === '--readme') options.readme = true;
    else if (arg === '--only' && i + 1 < argv.length) options.only = argv[++i];
    else if (arg === '--out' && i + 1 < argv.length) options.out = path.resolve(argv[++i]);
    else throw new Error(`unknown argument ${arg} (see the top of bench/run.ts)`);
  }
  return options;
}

// ---------------------------------------------------------------------------
// The addon: each call runs one measurement and returns nanoseconds.
// ---------------------------------------------------------------------------
interface BenchAddon {
  init(): number;
  makeBlob(source: string): Buffer | null;
  payloadOffset?(blob: Buffer): number;
  headerSize(): number; // builds before blob format 2
  initFresh(source: string): number;
  restoreFresh(blob: Buffer): number;
  makeCodeCache(source: string): Buffer | null;
  initCached(source: string, cache: Buffer): number;
  compileOnly(source: string, cache: Buffer | null): number;
  vmCreate(blob: Buffer | null): number;
  vmDestroy(vm: number): number;
  initWarm(vm: number, source: string): number;
  restoreWarm(vm: number): number;
  envInVm(vm: number, n: number): number;
  settle(vm: number): number;
  vmEnvCycle(): number;
  validate(blob: Buffer): number;
  createVmFromBlob(blob: Buffer): number;
  rawRestore(payload: Buffer): number;
  rawVmEnvCycle(): number;
  rawContexts(n: number): number;
  micro(which: string, side: 'jsvm' | 'napi', n: number, vm?: number): number;
  napiWrapper(mode: 'node' | 'wrapper' | 'wrapper_in_vm_scope', n: number, vm?: number): number;
  /** null: OH_JSVM_CompileWasmFunction works here; otherwise why it does not. */
  wasmOptimiser(): string | null;
  wasmCache(vm: number, bytes: Buffer, functions: number): Buffer | null;
  wasmCompile(vm: number, bytes: Buffer, cache: Buffer | null): number;
  wasmCompileOptimised(vm: number, bytes: Buffer, functions: number): number;
}

function loadAddon(): BenchAddon {
  const buildDir = path.join(path.resolve(root, process.env.JSVM_BUILD_DIR || 'build'), 'Release');
  const file = path.join(buildDir, 'jsvm_bench.node');
  if (!fs.existsSync(file)) throw new Error(`${file} is missing: run npm run build first`);
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  return require(file) as BenchAddon;
}

// ---------------------------------------------------------------------------
// Cases
// ---------------------------------------------------------------------------
interface Variant {
  label: string;
  /** One measurement, in nanoseconds. */
  run(): number;
  /** Untimed housekeeping before each measurement (collecting garbage). */
  prepare?(): void;
}

type Unit = 'ms' | 'us' | 'ns/op';

interface CaseDef {
  name: string;
  unit: Unit;
  /** null: reported without a goal. */
  goal: Goal | null;
  a: Variant;
  b: Variant;
  rounds: number;
  note?: string;
  extra?: Record<string, number | string>;
}

interface Skipped {
  name: string;
  skipped: string;
}

interface CaseResult {
  name: string;
  unit: Unit;
  a: number | null;
  b: number | null;
  ratio: number | null;
  goal: string | null;
  status: 'met' | 'missed' | 'reported' | 'skipped' | 'failed';
  a_label?: string;
  b_label?: string;
  a_spread?: number;
  b_spread?: number;
  ratio_spread?: number;
  ratio_min?: number;
  ratio_max?: number;
  rounds?: number;
  note?: string;
  [extra: string]: unknown;
}

const perUnit: Record<Unit, number> = { ms: 1e6, us: 1e3, 'ns/op': 1 };

function collectGarbage(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc) gc();
}

function checked(label: string, ns: number): number {
  if (!(ns >= 0)) throw new Error(`${label} failed (the addon returned ${ns})`);
  return ns;
}

function measure(variant: Variant): number {
  variant.prepare?.();
  return checked(variant.label, variant.run());
}

function runCase(def: CaseDef): CaseResult {
  // One untimed warm-up of each side, then interleaved rounds.
  measure(def.a);
  measure(def.b);
  const a: number[] = [];
  const b: number[] = [];
  for (let round = 0; round < def.rounds; round++) {
    collectGarbage();
    if (round % 2 === 0) {
      a.push(measure(def.a));
      b.push(measure(def.b));
    } else {
      b.push(measure(def.b));
      a.push(measure(def.a));
    }
  }
  const ratios = pairRatios(a, b);
  const ratio = median(ratios);
  const scale = perUnit[def.unit];
  return {
    name: def.name,
    unit: def.unit,
    a: median(a) / scale,
    b: median(b) / scale,
    ratio,
    goal: def.goal ? formatGoal(def.goal) : null,
    status: def.goal ? (meets(ratio, def.goal) ? 'met' : 'missed') : 'reported',
    a_label: def.a.label,
    b_label: def.b.label,
    a_spread: spread(a),
    b_spread: spread(b),
    ratio_spread: spread(ratios),
    ratio_min: Math.min(...ratios),
    ratio_max: Math.max(...ratios),
    rounds: def.rounds,
    ...(def.note ? { note: def.note } : {}),
    ...(def.extra ?? {}),
  };
}

interface Inputs {
  typescript: string;
  small: string;
  data: string;
}

function readInputs(smoke: boolean): Inputs {
  const data = (count: number) =>
    `globalThis.items = [];\n` +
    `for (let i = 0; i < ${count}; i++) items.push({ id: i, name: 'item' + i, even: i % 2 === 0 });\n`;
  if (smoke) {
    return {
      typescript: 'globalThis.ts = { version: "smoke", add(a, b) { return a + b; } };',
      small: 'globalThis.lib = { parse(text) { return text.split(" "); } };',
      data: data(100),
    };
  }
  const resolve = (request: string) => require.resolve(request, { paths: [root] });
  return {
    typescript: fs.readFileSync(resolve('typescript/lib/typescript.js'), 'utf8'),
    small: fs.readFileSync(resolve('acorn'), 'utf8'), // dist/acorn.js, the UMD build
    data: data(200_000),
  };
}

function defineCases(addon: BenchAddon, inputs: Inputs, smoke: boolean): Array<CaseDef | Skipped> {
  const rounds = (n: number) => (smoke ? 1 : n);
  const count = (n: number) => (smoke ? 10 : n);

  const blobOf = (what: string, source: string) => {
    const blob = addon.makeBlob(source);
    if (!blob) throw new Error(`could not make the ${what} snapshot blob`);
    return blob;
  };
  const tsBlob = blobOf('TypeScript', inputs.typescript);
  const smallBlob = blobOf('acorn', inputs.small);
  const dataBlob = blobOf('data', inputs.data);
  const tsCache = addon.makeCodeCache(inputs.typescript);
  if (!tsCache) throw new Error('could not make the TypeScript code cache');
  // Builds from before blob format 2 (compared by bench/compare.ts) had a fixed header.
  const payloadOffset = addon.payloadOffset ? addon.payloadOffset(tsBlob) : addon.headerSize();
  if (payloadOffset === 0) throw new Error('the TypeScript blob does not check out');
  const payload = tsBlob.subarray(payloadOffset);

  // VMs kept across rounds for the warm cases.
  const plainVm = addon.vmCreate(null);
  const tsVm = addon.vmCreate(tsBlob);
  const microVm = addon.vmCreate(null);
  const cacheVm = addon.vmCreate(null);
  if (!plainVm || !tsVm || !microVm || !cacheVm) throw new Error('could not create the VMs for the warm cases');

  // A script V8 has not compiled in this isolate yet: the same text plus a
  // comment that changes every call (V8 caches compiled scripts by source).
  let serial = 0;
  const fresh = (source: string) => `${source}\n// load ${++serial}`;
  const settle = (vmHandle: number) => () => {
    if (addon.settle(vmHandle) !== 0) throw new Error('could not collect garbage in a VM');
  };
  const warmRestore: Variant = {
    label: 'CreateEnvFromSnapshot (existing VM from the blob)',
    run: () => addon.restoreWarm(tsVm),
    prepare: settle(tsVm),
  };
  const nodeVm = (source: string) => {
    const start = process.hrtime.bigint();
    const context = vm.createContext({});
    vm.runInContext(source, context, { filename: 'typescript.js' });
    return Number(process.hrtime.bigint() - start);
  };

  const initFresh = (what: string, source: string): Variant => ({
    label: `CreateVM + CreateEnv + run ${what}`,
    run: () => addon.initFresh(source),
  });
  const restoreFresh = (blob: Buffer): Variant => ({
    label: 'CreateVM(blob) + CreateEnvFromSnapshot',
    run: () => addon.restoreFresh(blob),
  });

  // WebAssembly: a generated module of 1 MB (smoke: 20 KB). V8 keeps one
  // compiled module per distinct wire bytes process-wide while any module
  // object holds it, and a compile of the same bytes again is a lookup in that
  // cache (with or without our cache): so every compile timed here gets bytes
  // of its own, the module plus a custom section holding a serial number
  // (which changes no code). The section comes first, right after the header:
  // V8's streaming path (the one a cache goes through) keys that process-wide
  // cache by a hash of the sections before the code, then compares whole wire
  // bytes, so a serial at the end made every cached compile compare 1 MB
  // against each live module of the bench (measured 2026-12-03: a third of the
  // cached side's time; real modules differ long before their end). The
  // cached side's caches are made up front, each of its own bytes.
  let wasmSerial = 0;
  const wasmVariant = (base: Buffer) => {
    const n = ++wasmSerial;
    // custom section (id 0), 6 bytes: name "v", then the serial (u32 LE)
    const serial = Buffer.from([0, 6, 1, 0x76, n & 255, (n >> 8) & 255, (n >> 16) & 255, (n >>> 24) & 255]);
    return Buffer.concat([base.subarray(0, 8), serial, base.subarray(8)]);
  };
  type WasmCached = { bytes: Buffer; cache: Buffer };
  let wasmState: { vm: number; base: Buffer; functions: number; cacheBytes: number } | null = null;
  const wasmSetup = () => {
    if (wasmState) return wasmState;
    const module = makeWasmModule(smoke ? 20_000 : 1 << 20);
    const wasmVm = addon.vmCreate(null);
    if (!wasmVm) throw new Error('could not create the VM for the wasm case');
    wasmState = { vm: wasmVm, base: module.bytes, functions: module.functions, cacheBytes: 0 };
    return wasmState;
  };
  // Caches made up front, one per compile (each of bytes of its own), of
  // modules whose first `optimised` functions were optimised
  // (OH_JSVM_CompileWasmFunction); `optimised` 0: all of them.
  const wasmCaches = new Map<number, WasmCached[]>();
  const wasmCached = (optimised: number, count: number): WasmCached[] => {
    const w = wasmSetup();
    let list = wasmCaches.get(optimised);
    if (!list) {
      list = [];
      for (let i = 0; i < count; i++) {
        const bytes = wasmVariant(w.base);
        const cache = addon.wasmCache(w.vm, bytes, optimised || w.functions);
        if (!cache) throw new Error('could not make the wasm cache');
        list.push({ bytes, cache });
      }
      addon.settle(w.vm);
      if (optimised === 0) w.cacheBytes = list[0].cache.length;
      wasmCaches.set(optimised, list);
    }
    return list;
  };
  const wasmAllNeeded = rounds(15) + 1 + rounds(5) + 1; // both all-function cases' rounds and warm-ups
  const wasmCompile = (cached: boolean, optimised = 0): Variant => ({
    label: cached
      ? `OH_JSVM_CompileWasmModule(bytes, its cache${optimised ? ` of ${optimised} optimised functions` : ''}), bytes not compiled before`
      : 'OH_JSVM_CompileWasmModule(bytes), bytes not compiled before',
    run: () => {
      const w = wasmSetup();
      const next = cached ? wasmCached(optimised, optimised ? rounds(15) + 1 : wasmAllNeeded).shift()
        : { bytes: wasmVariant(w.base), cache: null };
      if (!next) throw new Error('the wasm caches made up front ran out');
      const ns = addon.wasmCompile(w.vm, next.bytes, next.cache);
      if (ns < 0) throw new Error(cached ? 'the wasm cache was rejected' : 'the wasm module did not compile');
      return ns;
    },
    prepare: () => settle(wasmSetup().vm)(),
  });

  const micro: Array<[string, string, string, number]> = [
    ['int32', 'int32', 'create an int32 and read it back', 200_000],
    ['string_short', 'shortString', 'create a 5-byte UTF-8 string and read it back', 200_000],
    ['string_1kb', 'kilobyteString', 'create a 1 KB UTF-8 string and read it back', 50_000],
    ['property', 'property', 'set and get a named property', 200_000],
    ['call_js', 'callJs', 'call a JS function with two arguments from native', 200_000],
    ['js_calls_native', 'jsCallsNative', 'JS calls a native callback with two arguments', 1_000_000],
  ];

  const cases: Array<CaseDef | Skipped> = [
    {
      name: 'snapshot_vs_init_typescript',
      unit: 'ms',
      goal: { op: '>=', value: 5 },
      a: initFresh('typescript.js', inputs.typescript),
      b: restoreFresh(tsBlob),
      rounds: rounds(15),
      note: 'a fresh VM each round on both sides; ratio = init / restore',
      extra: { blob_bytes: tsBlob.length, script_bytes: Buffer.byteLength(inputs.typescript) },
    },
    {
      name: 'snapshot_vs_init_typescript_warm',
      unit: 'ms',
      goal: { op: '>=', value: 20 },
      a: {
        label: 'CreateEnv + run typescript.js (existing VM)',
        run: () => addon.initWarm(plainVm, fresh(inputs.typescript)),
        prepare: settle(plainVm),
      },
      b: warmRestore,
      rounds: rounds(15),
      note: "envs made in VMs that already exist; each round's script differs by a comment, as a first load",
    },
    {
      name: 'snapshot_vs_init_typescript_warm_cached',
      unit: 'ms',
      goal: null,
      a: {
        // No collection between rounds here: a low-memory GC also empties the cache.
        label: "CreateEnv + run typescript.js again (V8's compilation cache hits)",
        run: () => addon.initWarm(cacheVm, inputs.typescript),
      },
      b: warmRestore,
      rounds: rounds(15),
      note: 'the same script again in the same VM: V8 reuses its compiled top-level code',
    },
    {
      name: 'restore_vs_raw_v8',
      unit: 'ms',
      goal: { op: '<=', value: 1.05 },
      a: restoreFresh(tsBlob),
      b: { label: 'raw V8: Isolate from the payload + Context::FromSnapshot', run: () => addon.rawRestore(payload) },
      rounds: rounds(41),
      note: 'same V8 bytes on both sides; ours also validates the blob and keeps a copy of it',
      extra: { blob_bytes: tsBlob.length },
    },
    {
      name: 'snapshot_vs_init_small',
      unit: 'ms',
      goal: null,
      a: initFresh('acorn.js', inputs.small),
      b: restoreFresh(smallBlob),
      rounds: rounds(15),
      note: 'acorn/dist/acorn.js (a JS parser, ~250 KB), evaluated as a script',
      extra: { blob_bytes: smallBlob.length, script_bytes: Buffer.byteLength(inputs.small) },
    },
    {
      name: 'snapshot_vs_init_data',
      unit: 'ms',
      goal: null,
      a: initFresh('a 200,000-object loop', inputs.data),
      b: restoreFresh(dataBlob),
      rounds: rounds(15),
      note: 'data-heavy init: deserialising 200,000 objects costs about as much as building them',
      extra: { blob_bytes: dataBlob.length },
    },
    {
      name: 'snapshot_vs_codecache_typescript',
      unit: 'ms',
      goal: null,
      a: {
        label: 'CreateVM + CreateEnv + CompileScript(typescript.js, its code cache) + run',
        run: () => addon.initCached(inputs.typescript, tsCache),
      },
      b: restoreFresh(tsBlob),
      rounds: rounds(15),
      note: 'a fresh VM each round on both sides; ratio = code-cache path / snapshot path (above 1: the snapshot is faster)',
      extra: { cache_bytes: tsCache.length, blob_bytes: tsBlob.length },
    },
    {
      name: 'codecache_vs_compile_typescript',
      unit: 'ms',
      goal: { op: '>=', value: 3 },
      a: { label: 'CompileScript(typescript.js), no cache', run: () => addon.compileOnly(inputs.typescript, null) },
      b: { label: 'CompileScript(typescript.js, its code cache)', run: () => addon.compileOnly(inputs.typescript, tsCache) },
      rounds: rounds(15),
      note: 'the compile call alone, in a fresh VM each round; ratio = without cache / with cache',
      extra: { cache_bytes: tsCache.length, script_bytes: Buffer.byteLength(inputs.typescript) },
    },
    ...micro.map(
      ([suffix, which, what, n]): CaseDef => ({
        name: `jsvm_vs_napi_${suffix}`,
        unit: 'ns/op',
        goal: { op: '<=', value: 1.0 },
        a: { label: `OH_JSVM_*: ${what}`, run: () => addon.micro(which, 'jsvm', count(n), microVm) },
        b: { label: `napi_*: ${what}`, run: () => addon.micro(which, 'napi', count(n)) },
        rounds: rounds(21),
        note: `${count(n)} operations per round, each in its own handle scope`,
      }),
    ),
    {
      name: 'napi_wrapper_no_vm_scope',
      unit: 'ns/op',
      // The wrapper's path is four instructions (a thread-local load, a test,
      // two jumps) around the cheapest Node-API call there is (~3.5 ns).
      goal: { op: '<=', value: 1.15 },
      a: { label: 'napi_create_int32 through libace_napi.z.so\'s wrapper, no VM scope open', run: () => addon.napiWrapper('wrapper', count(200000)) },
      b: { label: 'Node\'s napi_create_int32, called directly', run: () => addon.napiWrapper('node', count(200000)) },
      rounds: rounds(21),
      note: `${count(200000)} calls per round: what every Node-API call of a module pays when no JSVM isolate is entered`,
    },
    {
      name: 'napi_wrapper_in_vm_scope',
      unit: 'ns/op',
      goal: null,
      a: { label: 'the wrapper with a VM scope open (steps into Node\'s isolate and back)', run: () => addon.napiWrapper('wrapper_in_vm_scope', count(200000), microVm) },
      b: { label: 'Node\'s napi_create_int32, called directly', run: () => addon.napiWrapper('node', count(200000)) },
      rounds: rounds(21),
      note: `${count(200000)} calls per round`,
    },
    {
      name: 'vm_env_vs_raw_v8',
      unit: 'ms',
      goal: { op: '<=', value: 1.1 },
      a: { label: 'CreateVM + CreateEnv + DestroyEnv + DestroyVM', run: () => addon.vmEnvCycle() },
      b: { label: 'raw V8: Isolate + Context, created and torn down', run: () => addon.rawVmEnvCycle() },
      rounds: rounds(61),
    },
    {
      name: 'env_vs_raw_context',
      unit: 'us',
      goal: { op: '<=', value: 1.1 },
      a: { label: 'CreateEnv + DestroyEnv in an existing VM', run: () => addon.envInVm(plainVm, count(50)) },
      b: { label: 'raw V8: Context::New in an existing isolate', run: () => addon.rawContexts(count(50)) },
      rounds: rounds(21),
      note: `${count(50)} envs (contexts) per round, time per env`,
    },
    {
      name: 'blob_validation_share',
      unit: 'ms',
      goal: { op: '<=', value: 0.05 },
      a: { label: 'blob checks (header, version, references, authentication tags)', run: () => addon.validate(tsBlob) },
      b: { label: 'CreateVM from the blob (checks included)', run: () => addon.createVmFromBlob(tsBlob) },
      rounds: rounds(21),
      extra: { blob_bytes: tsBlob.length },
    },
    {
      name: 'snapshot_vs_node_vm_typescript',
      unit: 'ms',
      goal: { op: '>=', value: 20 },
      a: { label: "node:vm createContext + runInContext(typescript.js) in Node's isolate", run: () => nodeVm(fresh(inputs.typescript)) },
      b: warmRestore,
      rounds: rounds(11),
      note: "what a Node user would do instead of a snapshot; each round's script differs by a comment, as a first load",
    },
    {
      name: 'wasm_compile_cached',
      unit: 'ms',
      goal: { op: '>=', value: 5 },
      a: wasmCompile(false),
      b: wasmCompile(true),
      rounds: rounds(15),
      note:
        'ratio = without / with the cache; a fresh env each round, garbage collected between rounds; every ' +
        'compile gets bytes V8 has not compiled (a serial in a custom section), so neither side hits V8\'s ' +
        'process-wide module cache',
      // Getters: read when the results are written, after the runs made the module.
      extra: {
        get module_bytes() { return wasmSetup().base.length + 8; },
        get functions() { return wasmSetup().functions; },
        get cache_bytes() { return wasmSetup().cacheBytes; },
      },
    },
    {
      name: 'wasm_compile_cached_16',
      unit: 'ms',
      goal: null,
      a: wasmCompile(false),
      b: wasmCompile(true, 16),
      rounds: rounds(15),
      note: 'as wasm_compile_cached, with caches holding only the first 16 functions optimised: what taking any cache costs',
    },
    {
      name: 'wasm_cache_vs_optimise',
      unit: 'ms',
      goal: null,
      a: {
        label: 'OH_JSVM_CompileWasmModule(bytes) + OH_JSVM_CompileWasmFunction of every function',
        run: () => {
          const w = wasmSetup();
          const ns = addon.wasmCompileOptimised(w.vm, wasmVariant(w.base), w.functions);
          if (ns < 0) throw new Error('the wasm module did not compile and optimise');
          return ns;
        },
        prepare: () => settle(wasmSetup().vm)(),
      },
      b: wasmCompile(true),
      rounds: rounds(5),
      note: 'the same optimised module either way: what the cache saves once every function is optimised',
    },
    {
      name: 'snapshot_vs_node_vm_typescript_cached',
      unit: 'ms',
      goal: null,
      a: { label: 'node:vm createContext + runInContext(typescript.js) again (compilation cache hits)', run: () => nodeVm(inputs.typescript) },
      b: warmRestore,
      rounds: rounds(11),
      note: 'the same script again in the same isolate: V8 reuses its compiled top-level code',
    },
  ];
  // Both wasm cases need optimised modules (OH_JSVM_CompileWasmFunction), which
  // Node 24 cannot give: it exports no V8 internals (README, "WebAssembly"). They
  // are skipped there, with the reason, as test/wasm.spec.ts skips its own.
  const noOptimiser = addon.wasmOptimiser();
  if (noOptimiser === null) return cases;
  const needsOptimiser = ['wasm_compile_cached', 'wasm_compile_cached_16', 'wasm_cache_vs_optimise'];
  return cases.map((c) =>
    needsOptimiser.includes(c.name) ? { name: c.name, skipped: `needs OH_JSVM_CompileWasmFunction: ${noOptimiser}` } : c,
  );
}

// ---------------------------------------------------------------------------
// Reporting
// ---------------------------------------------------------------------------
function machine(): Record<string, string | number> {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    memory_gib: Math.round(os.totalmem() / 2 ** 30),
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    v8: process.versions.v8,
    date: new Date().toISOString(),
  };
}

function fixed(value: number | null | undefined, digits = 2): string {
  if (value === null || value === undefined) return '—';
  if (Math.abs(value) >= 1000) return value.toFixed(0);
  if (Math.abs(value) >= 100) return value.toFixed(1);
  return value.toFixed(digits);
}

function pct(value: number | undefined): string {
  return value === undefined ? '' : ` ±${(value * 100).toFixed(0)}%`;
}

const statusText: Record<CaseResult['status'], string> = {
  met: 'met',
  missed: 'MISSED',
  reported: 'reported',
  skipped: 'skipped',
  failed: 'FAILED',
};

function tableRows(results: CaseResult[]): string[][] {
  return results.map((r) => [
    r.name,
    r.a === null ? '—' : `${fixed(r.a)}${pct(r.a_spread)}`,
    r.b === null ? '—' : `${fixed(r.b)}${pct(r.b_spread)}`,
    r.unit,
    r.ratio === null ? '—' : `${fixed(r.ratio, r.ratio < 0.1 ? 3 : 2)}${pct(r.ratio_spread)}`,
    r.goal ?? '—',
    statusText[r.status],
  ]);
}

const header = ['case', 'a (median)', 'b (median)', 'unit', 'ratio a/b', 'goal', 'status'];

function printTable(results: CaseResult[]): void {
  const rows = [header, ...tableRows(results)];
  const widths = header.map((_, c) => Math.max(...rows.map((row) => row[c].length)));
  const line = (row: string[]) => row.map((cell, c) => cell.padEnd(widths[c])).join('  ');
  console.log(line(rows[0]));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of rows.slice(1)) console.log(line(row));
  console.log('');
  for (const r of results) {
    if (r.status === 'skipped' || r.status === 'failed') {
      console.log(`${r.name}: ${r.status}: ${r.note}`);
    } else {
      console.log(`${r.name}: a = ${r.a_label}; b = ${r.b_label}${r.note ? ` (${r.note})` : ''}`);
    }
  }
}

function markdownTable(results: CaseResult[], info: Record<string, string | number>): string {
  const lines = [
    `Measured on ${info.cpu}, ${info.cores} cores, ${info.memory_gib} GiB, ${info.os}, ` +
      `Node ${info.node} (V8 ${info.v8}), ${String(info.date).slice(0, 10)}. ` +
      'Medians over interleaved rounds, ± half the interquartile range; the ratio is the median of the per-round ratios.',
    '',
    `| ${header.join(' | ')} |`,
    `|${header.map(() => '---').join('|')}|`,
    ...tableRows(results).map((row) => `| ${row.join(' | ')} |`),
  ];
  const blobs = results.filter((r) => typeof r.blob_bytes === 'number');
  if (blobs.length) {
    lines.push('', 'Blob sizes: ' + blobs.map((r) => `${r.name} ${((r.blob_bytes as number) / 2 ** 20).toFixed(1)} MiB`).join(', ') + '.');
  }
  return lines.join('\n');
}

function updateReadme(markdown: string): void {
  const file = path.join(root, 'README.md');
  const text = fs.readFileSync(file, 'utf8');
  const start = '<!-- bench:start -->';
  const end = '<!-- bench:end -->';
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  if (from < 0 || to < from) throw new Error(`README.md lacks the ${start} … ${end} markers`);
  fs.writeFileSync(file, text.slice(0, from + start.length) + '\n' + markdown + '\n' + text.slice(to));
}

// ---------------------------------------------------------------------------
// Main
// ---------------------------------------------------------------------------
function main(): void {
  const options = parseArgs(process.argv.slice(2));
  const addon = loadAddon();
  if (addon.init() !== 0) throw new Error('OH_JSVM_Init failed');
  const inputs = readInputs(options.smoke);
  if (!(globalThis as { gc?: unknown }).gc) console.warn('(run with --expose-gc for steadier figures)');

  const cases = defineCases(addon, inputs, options.smoke).filter(
    (c) => !options.only || options.only.split(',').some((name) => c.name.includes(name)),
  );
  const results: CaseResult[] = [];
  for (const def of cases) {
    if ('skipped' in def) {
      results.push({ name: def.name, unit: 'ms', a: null, b: null, ratio: null, goal: null, status: 'skipped', note: def.skipped });
      continue;
    }
    process.stderr.write(`${def.name} …\n`);
    try {
      results.push(runCase(def));
    } catch (error) {
      results.push({
        name: def.name,
        unit: def.unit,
        a: null,
        b: null,
        ratio: null,
        goal: def.goal ? formatGoal(def.goal) : null,
        status: 'failed',
        note: (error as Error).message,
      });
    }
  }

  const info = { ...machine(), mode: options.smoke ? 'smoke' : 'full' };
  fs.mkdirSync(path.dirname(options.out), { recursive: true });
  fs.writeFileSync(options.out, JSON.stringify({ machine: info, cases: results }, null, 2) + '\n');
  printTable(results);
  console.log(`\nwrote ${path.relative(process.cwd(), options.out) || options.out}`);
  if (options.readme) {
    if (options.smoke) throw new Error('--readme needs a full run, not --smoke');
    updateReadme(markdownTable(results, info));
    console.log('updated the benchmark table in README.md');
  }
  const missed = results.filter((r) => r.status === 'missed').map((r) => r.name);
  if (missed.length) console.log(`goals missed: ${missed.join(', ')}`);
  if (results.some((r) => r.status === 'failed')) process.exitCode = 1;
  // The VMs made for warm cases live until exit; nothing else is pending.
}

main();
