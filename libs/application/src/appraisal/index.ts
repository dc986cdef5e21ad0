export * from './service';
export * from './commands';
export * from './handlers';
export * from './queries';
