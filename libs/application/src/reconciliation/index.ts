export * from './commands';
export { assertPredikatSourcesAgree } from './agreement';
export { fileSiasnExchange } from './siasn-exchange';
