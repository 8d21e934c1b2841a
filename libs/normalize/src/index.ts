export * from './url.js';
export * from './charset.js';
export * from './ids.js';
export * from './simhash.js';
