export * from './config';
export * from './database';
export * from './logger';
export * from './queue';
export * from './runtime';
export * from './auth';
export * from './payroll';
export * from './payroll-demo';
