import { digitsOf, opdsOfRoles } from './budget';

describe('the budget form', () => {
  it('keeps only the digits of an amount typed with dots', () => {
    expect(digitsOf('Rp 25.000.000')).toBe('25000000');
    expect(digitsOf('007')).toBe('7');
    expect(digitsOf('')).toBe('');
  });
  it('reads the OPDs of the finance roles', () => {
    expect(opdsOfRoles(['pegawai', 'bendahara:DINKES', 'ppk_skpd:DINKES', 'kepala_opd:DISDIK'])).toEqual(['DINKES', 'DISDIK']);
  });
});
