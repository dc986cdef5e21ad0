export * from './actions';
export * from './policy';
