export * from './topics.js';
export * from './schemas.js';
export * from './codec.js';
export * from './contract-error.js';
export * from './fit-article.js';
