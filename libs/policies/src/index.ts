export * from './policy-document';
export * from './policy-in-force';
export * from './load';
export * from './tpp/compiled';
export * from './tpp/input';
export * from './tpp/ter';
export * from './tpp/calculate';
export * from './tpp/fast';
