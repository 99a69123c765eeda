'use strict';

const http = require('http');
const { price } = require('@shop/format');

const port = Number(process.env.PORT || 3000);

http
  .createServer((request, response) => {
    response.writeHead(200, { 'Content-Type': 'text/plain' });
    response.end('admin (bundled): ' + price(4200) + '\n');
  })
  .listen(port, () => console.log('admin listening on port ' + port));
