export * from './parse';
export * from './audit';
export * from './payroll';
