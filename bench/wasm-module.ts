// A generator of valid WebAssembly modules of a chosen size, made in memory for
// the wasm_compile_cached benchmark: `count` functions (i32, i32) -> i32, each
// a chain of arithmetic on its arguments, the first one exported as "f0".
function leb(value: number): number[] {
  const out: number[] = [];
  do {
    let byte = value & 0x7f;
    value >>>= 7;
    if (value !== 0) byte |= 0x80;
    out.push(byte);
  } while (value !== 0);
  return out;
}

function sleb(value: number): number[] {
  const out: number[] = [];
  for (;;) {
    const byte = value & 0x7f;
    value >>= 7;
    const done = (value === 0 && (byte & 0x40) === 0) || (value === -1 && (byte & 0x40) !== 0);
    out.push(done ? byte : byte | 0x80);
    if (done) return out;
  }
}

function section(id: number, body: number[]): number[] {
  return [id, ...leb(body.length), ...body];
}

/** One function body: `steps` × (x = (x + a) * k ^ b), different constants per function. */
function functionBody(index: number, steps: number): number[] {
  const code: number[] = [0x00, 0x20, 0x00]; // no locals; local.get 0
  for (let i = 0; i < steps; i++) {
    code.push(0x20, 0x00, 0x6a); //               local.get 0, i32.add
    code.push(0x41, ...sleb(((index * 31 + i * 7) % 1000) + 3), 0x6c); // i32.const k, i32.mul
    code.push(0x20, 0x01, 0x73); //               local.get 1, i32.xor
  }
  code.push(0x0b); // end
  return [...leb(code.length), ...code];
}

/** A module of at least `minBytes` bytes; also returns its function count. */
export function makeWasmModule(minBytes: number, steps = 24): { bytes: Buffer; functions: number } {
  const bodies: number[][] = [];
  let size = 0;
  while (size < minBytes) {
    const body = functionBody(bodies.length, steps);
    bodies.push(body);
    size += body.length;
  }
  const count = bodies.length;
  const types = section(1, [1, 0x60, 2, 0x7f, 0x7f, 1, 0x7f]);
  const functions: number[] = [...leb(count)];
  for (let i = 0; i < count; i++) functions.push(0);
  const exports = section(7, [1, 2, 0x66, 0x30, 0x00, 0]); // "f0" -> function 0
  const code: number[] = [...leb(count)];
  for (const body of bodies) for (const byte of body) code.push(byte);
  const bytes = Buffer.from([0x00, 0x61, 0x73, 0x6d, 1, 0, 0, 0, ...types, ...section(3, functions), ...exports,
    ...section(10, code)]);
  return { bytes, functions: count };
}
