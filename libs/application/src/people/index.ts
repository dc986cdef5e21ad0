export * from './org-history';
export * from './batch';
export * from './service';
export * from './import';
export * from './demo';
export * from './commands';
export * from './handlers';
export * from './upload';
