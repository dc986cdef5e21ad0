// What the console says for each code the API can answer, in Bahasa Indonesia. One table: a test
// (apps/console/src/i18n/errors.spec.ts) compares it with every code of apps/api/src/openapi/error-codes.ts,
// which openapi.spec.ts keeps equal to the codes the libraries throw.

export const ERROR_MESSAGES: ReadonlyMap<string, string> = new Map([
  // The console's own, for answers that never came.
  ['NETWORK_ERROR', 'Tidak dapat menghubungi server. Periksa koneksi, lalu coba lagi.'],
  ['INTERNAL', 'Terjadi kesalahan di server. Coba lagi; bila berulang, laporkan kepada admin dengan waktu kejadiannya.'],
  // Sign-in.
  ['TOKEN_MISSING', 'Anda belum masuk. Silakan masuk terlebih dahulu.'],
  ['TOKEN_EXPIRED', 'Sesi Anda telah berakhir. Silakan masuk kembali; isian Anda tetap tersimpan.'],
]);

/** The Indonesian message of a code; an unknown code still says something, with the code to quote. */
export function messageOf(code: string): string {
  return ERROR_MESSAGES.get(code) ?? `Permintaan ditolak (${code}).`;
}
