'use strict';

// Bundles src/server.js and the @shop/format library it uses into dist/server.js, so the
// admin image runs one file that needs nothing from node_modules.
const fs = require('fs');
const path = require('path');

const library = fs.readFileSync(require.resolve('@shop/format'), 'utf8');
const source = fs.readFileSync(path.join(__dirname, 'src', 'server.js'), 'utf8');
const bundle = [
  '// Built by build.js: @shop/format inlined.',
  "const format = (() => { const module = { exports: {} }; (function (module, exports) {",
  library,
  '})(module, module.exports); return module.exports; })();',
  source.replace("require('@shop/format')", 'format'),
].join('\n');
fs.mkdirSync(path.join(__dirname, 'dist'), { recursive: true });
fs.writeFileSync(path.join(__dirname, 'dist', 'server.js'), bundle);
console.log('bundled dist/server.js (' + bundle.length + ' bytes)');
