export * from './newsflow-error.js';
export * from './error-policy.js';
