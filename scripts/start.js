#!/usr/bin/env node
// npm start: runs the seed demo as the page's click would (napitest.runTest()),
// inside the app sandbox, and fails if the demo did.
'use strict';
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

require('ts-node').register({ transpileOnly: true, project: require('path').join(__dirname, '..', 'tsconfig.json') });
const { sandbox, sandboxActive, context } = require('../ets/sandbox');

// The sandbox works by preloading libjsvm_sandbox.so: start again with it.
if (!sandboxActive()) {
  const run = spawnSync(process.execPath, [__filename, ...process.argv.slice(2)], {
    env: sandbox.env(),
    stdio: 'inherit',
  });
  process.exit(run.status === null ? 1 : run.status);
}

require('../ets/loader').install();
const { hilogSink, parseHilogLine } = require('../ets/hilog');

const lines = [];
hilogSink.subscribe((line) => lines.push(line));

// The ArkTS page: `import napitest from 'libentry.so'` and, on click, runTest().
const napitest = require('libentry.so');
napitest.runTest();

const parsed = lines.map(parseHilogLine).filter(Boolean);
const failures = parsed.filter((line) => line.level === 'E' || line.level === 'F');
const sizeLine = parsed.find((line) => /^Test JSVM RunVMSnapshot read file blobSize = : \d+$/.test(line.message));
const helloLine = parsed.find((line) => line.message === 'Test JSVM RunVMSnapshot createHelloString() = Hello world!');

const blobDevicePath = path.posix.join(context.filesDir, 'test_blob.bin');
const blobHostPath = sandbox.resolve(blobDevicePath);
const blobSize = fs.existsSync(blobHostPath) ? fs.statSync(blobHostPath).size : -1;
console.log(`sandbox file: ${blobDevicePath} -> ${blobHostPath} (${blobSize} bytes)`);

const problems = [];
if (failures.length > 0) problems.push(`${failures.length} error line(s) from the demo`);
if (!sizeLine) problems.push('no "read file blobSize" line');
if (!helloLine) problems.push('the restored env did not return "Hello world!"');
if (sizeLine && Number(sizeLine.message.split(': ').pop()) !== blobSize) {
  problems.push('the logged blobSize differs from the file size');
}
if (problems.length > 0) {
  console.error(`demo failed: ${problems.join('; ')}`);
  process.exit(1);
}
console.log('demo passed');
