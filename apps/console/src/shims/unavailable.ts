// Node built-ins (fs, path, net) that the shared libraries use only on the server.
const unavailable = (): never => {
  throw new Error('this Node built-in is not available in the console');
};
export const createServer = unavailable;
export const readdirSync = unavailable;
export const readFileSync = unavailable;
export const existsSync = unavailable;
export const join = unavailable;
export const resolve = unavailable;
export default {};
