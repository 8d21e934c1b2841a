export * from './url.js';
export * from './charset.js';
export * from './mojibake.js';
export * from './ids.js';
export * from './simhash.js';
