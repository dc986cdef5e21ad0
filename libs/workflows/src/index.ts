export * from './payroll';
