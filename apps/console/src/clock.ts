// The console's one clock: the browser's. Kept in one place so that the rest of the console (the days
// left in an objection window, a token about to expire) takes "now" from here, as the server takes it
// from its Clock.
export const now = (): Date => new Date();

/** Today on the Pemda's calendar (Asia/Jakarta), YYYY-MM-DD. */
export function todayInJakarta(at: Date = now()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Jakarta', year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}
