// npm run bench:compare -- --base DIR [--only NAME] [--runs N]
//
// The same benchmark cases against two builds of the runtime: DIR (a build
// directory holding Release/, e.g. a copy of build/ made before a change) and
// the current one. Runs alternate (base, current, current, base, …) so drift
// on a shared machine falls on both; each case's per-run ratio a / b (JSVM
// side over its reference, measured in the same process) is compared, and the
// table prints current / base for it: 1.02 means 2 % slower than before.
import { spawnSync } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';

import { median } from './stats';

interface Case {
  name: string;
  a: number | null;
  ratio: number | null;
  status: string;
}

function parseArgs(argv: string[]) {
  const options = { base: '', only: 'jsvm_vs_napi', runs: 3 };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--base') options.base = path.resolve(argv[++i]);
    else if (argv[i] === '--only') options.only = argv[++i];
    else if (argv[i] === '--runs') options.runs = Number(argv[++i]);
    else throw new Error(`unknown argument ${argv[i]}`);
  }
  if (!options.base || !fs.existsSync(path.join(options.base, 'Release', 'libjsvm.so'))) {
    throw new Error('--base DIR must name a build directory with Release/libjsvm.so');
  }
  return options;
}

function runOnce(buildDir: string | undefined, only: string): Case[] {
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'jsvm-bench-')), 'r.json');
  const env = { ...process.env };
  if (buildDir) env.JSVM_BUILD_DIR = buildDir;
  else delete env.JSVM_BUILD_DIR;
  const run = spawnSync(
    process.execPath,
    ['--expose-gc', '-r', 'ts-node/register/transpile-only', path.join(__dirname, 'run.ts'), '--only', only, '--out', out],
    { env, encoding: 'utf8', cwd: path.resolve(__dirname, '..') },
  );
  if (run.status !== 0) throw new Error(`bench run failed:\n${run.stdout}\n${run.stderr}`);
  return (JSON.parse(fs.readFileSync(out, 'utf8')) as { cases: Case[] }).cases;
}

function main() {
  const options = parseArgs(process.argv.slice(2));
  const base: Case[][] = [];
  const current: Case[][] = [];
  for (let i = 0; i < options.runs; i++) {
    // A B B A order within each pair of runs.
    if (i % 2 === 0) {
      base.push(runOnce(options.base, options.only));
      current.push(runOnce(undefined, options.only));
    } else {
      current.push(runOnce(undefined, options.only));
      base.push(runOnce(options.base, options.only));
    }
  }
  const rows: string[][] = [['case', 'base a', 'current a', 'base a/b', 'current a/b', 'current / base']];
  for (const c of base[0]) {
    const pick = (runs: Case[][], key: 'a' | 'ratio') => {
      const values = runs.map((r) => r.find((x) => x.name === c.name)?.[key]).filter((v): v is number => typeof v === 'number');
      return values.length > 0 ? median(values) : NaN;  // skipped cases have no figures
    };
    const [ba, ca, br, cr] = [pick(base, 'a'), pick(current, 'a'), pick(base, 'ratio'), pick(current, 'ratio')];
    if (!Number.isFinite(br) || !Number.isFinite(cr)) continue;
    rows.push([c.name, ba.toFixed(2), ca.toFixed(2), br.toFixed(3), cr.toFixed(3), (cr / br).toFixed(3)]);
  }
  const widths = rows[0].map((_, k) => Math.max(...rows.map((r) => r[k].length)));
  for (const r of rows) console.log(r.map((cell, k) => cell.padEnd(widths[k])).join('  '));
  console.log(`(${options.runs} runs each, medians; base: ${options.base})`);
}

main();
