export * from './parse';
export * from './audit';
export * from './people';
export * from './payroll';
export * from './planning';
export * from './realisation';
export * from './appraisal';
export * from './responses';
