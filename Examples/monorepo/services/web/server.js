'use strict';

const http = require('http');
const { greet } = require('greeting');

const port = Number(process.env.PORT || 3000);

http
  .createServer((request, response) => {
    response.writeHead(200, { 'Content-Type': 'text/plain' });
    response.end(greet('web') + '\n');
  })
  .listen(port, () => console.log('web listening on port ' + port));
