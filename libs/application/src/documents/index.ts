export * from './commands';
export * from './handlers';
