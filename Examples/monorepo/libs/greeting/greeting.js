'use strict';

/** Returns the greeting every example service answers with. */
function greet(service) {
  return `hello from ${service}`;
}

module.exports = { greet };
