export * from './commands';
export * from './handlers';
export * from './reads';
export * from './export';
