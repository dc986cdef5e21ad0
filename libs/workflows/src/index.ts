export * from './payroll';
export * from './appraisal';
