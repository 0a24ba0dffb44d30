#!/usr/bin/env node
// npm start: renders the entry's page (entry/src/main/ets/pages/Index.ets),
// clicks its Text as a user would (the page's onClick calls the native
// napitest.runTest()), inside the app sandbox, and fails if the demo did.
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

const { hilogSink, parseHilogLine } = require('../ets/hilog');
const { click, renderPage } = require('../ets/pages');

const lines = [];
hilogSink.subscribe((line) => lines.push(line));

// The page as it renders (the desktop's tree of its components), then the click.
const page = renderPage('pages/Index');
console.log(page.snapshot());
const texts = page.getAllByType('Text');
if (texts.length !== 1) {
  console.error(`demo failed: pages/Index.ets has ${texts.length} Text components, the demo clicks the one`);
  process.exit(1);
}
click(texts[0]);

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
