export * from './service';
export * from './realisation';
export * from './commands';
export * from './handlers';
export * from './demo';
