export * from './projection';
export * from './runner';
export * from './audit-timeline';
export * from './employee-directory';
export * from './org-structure';
export * from './payroll';
export * from './planning';
export * from './realisations';
