export * from './commands';
export * from './handlers';
export * from './reads';
export * from './export';
export * from './seal-ports';
export * from './seal-commands';
export * from './seal-handlers';
