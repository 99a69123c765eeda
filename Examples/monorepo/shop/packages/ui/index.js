'use strict';

const { upper } = require('@shop/format');

/** A banner for a page of the shop. */
exports.banner = (page) => '*** ' + upper(page) + ' ***';
