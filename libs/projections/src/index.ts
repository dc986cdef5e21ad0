export * from './projection';
export * from './runner';
export * from './audit-timeline';
export * from './payroll';
