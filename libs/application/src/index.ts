export * from './command-handler';
export * from './people';
export * from './planning';
export * from './evidence/store';
export * from './appraisal';
export * from './inbox/inbox';
export * from './ports';
export * from './application.module';
