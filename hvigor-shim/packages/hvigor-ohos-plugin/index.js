'use strict';
// hvigorfile.ts names these task sets; the desktop build (hvigorw) only needs
// to know which kind of module a file describes.
const appTasks = Object.freeze({ kind: 'app', tasks: ['assembleApp', 'clean'] });
const hapTasks = Object.freeze({ kind: 'hap', tasks: ['assembleHap', 'clean'] });
const harTasks = Object.freeze({ kind: 'har', tasks: ['assembleHar', 'clean'] });
const hspTasks = Object.freeze({ kind: 'hsp', tasks: ['assembleHsp', 'clean'] });
module.exports = { appTasks, hapTasks, harTasks, hspTasks };
