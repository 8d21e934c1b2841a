export * from './url.js';
export * from './charset.js';
