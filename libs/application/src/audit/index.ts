export * from './commands';
export * from './handlers';
export * from './reads';
export * from './export';
export * from './replay';
export * from './as-of';
