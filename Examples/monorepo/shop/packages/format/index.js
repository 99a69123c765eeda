'use strict';

/** Cents as a price. */
exports.price = (cents) => '$' + (cents / 100).toFixed(2);

/** Upper case, for banners. */
exports.upper = (text) => String(text).toUpperCase();
