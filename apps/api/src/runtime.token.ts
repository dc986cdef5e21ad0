export const RUNTIME = Symbol('kinerja.runtime');
