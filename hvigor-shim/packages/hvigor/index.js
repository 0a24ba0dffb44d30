'use strict';
// Stand-in for @ohos/hvigor: the project model used by hvigorw.
module.exports = require('../../lib/project');
