export * from './commands';
export * from './handlers';
export * from './replay';
export * from './as-of';
