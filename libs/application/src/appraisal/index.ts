export * from './reads';
export * from './commands';
export * from './handlers';
export * from './queries';
