// The budget form's helpers: rupiah typed with dots or spaces kept as digits, and the OPDs a finance role names.

/** "Rp 25.000.000" -> "25000000": only the digits, as whole rupiah (no float anywhere). */
export function digitsOf(typed: string): string {
  return typed.replace(/\D/g, '').replace(/^0+(?=\d)/, '');
}

/** The OPDs the roles are scoped to (`bendahara:DINKES` -> DINKES), once each, in order. */
export function opdsOfRoles(roles: readonly string[]): string[] {
  const out: string[] = [];
  for (const r of roles) {
    const m = /^(bendahara|ppk_skpd|kepala_opd):(.+)$/.exec(r);
    if (m && !out.includes(m[2])) out.push(m[2]);
  }
  return out;
}
