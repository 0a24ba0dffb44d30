#!/usr/bin/env node
'use strict';
require('../../../bin/hvigorw.js');
