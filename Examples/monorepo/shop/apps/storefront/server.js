'use strict';

const http = require('http');
const { banner } = require('@shop/ui');
const { price } = require('@shop/format');

const port = Number(process.env.PORT || 3000);

http
  .createServer((request, response) => {
    response.writeHead(200, { 'Content-Type': 'text/plain' });
    response.end(banner('storefront') + ' ' + price(1999) + '\n');
  })
  .listen(port, () => console.log('storefront listening on port ' + port));
