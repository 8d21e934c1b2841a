export * from './url.js';
export * from './charset.js';
export * from './mojibake.js';
export * from './ids.js';
export * from './simhash.js';
export * from './media-type.js';
export * from './binary-content.js';
export * from './plural.js';
