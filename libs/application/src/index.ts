export * from './command-handler';
export * from './people';
