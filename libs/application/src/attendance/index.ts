export * from './scans-commands';
export * from './scans-handlers';
