export * from './commands';
export * from './handlers';
export * from './scans-commands';
export * from './scans-handlers';
