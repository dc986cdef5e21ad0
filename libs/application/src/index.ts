export * from './command-handler';
export * from './people';
export * from './audit';
export * from './planning';
export * from './evidence/store';
export * from './appraisal/service';
export * from './ports';
export * from './application.module';
