export * from './projection';
export * from './runner';
