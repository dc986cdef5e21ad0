/**
 * The type of a stream: the part of its id before the first dash (`Appraisal-<nip>-<period>` is an
 * `Appraisal` stream), as the event store records it. Empty when the id has no type.
 */
export function streamTypeOf(streamId: string): string {
  const dash = streamId.indexOf('-');
  return dash > 0 ? streamId.slice(0, dash) : '';
}

/**
 * The test for the streams of one type. Each domain builds its stream ids and this test from the
 * same type constant, so a reader that routes events by stream cannot drift from the ids the
 * deciders write to.
 */
export const isStreamOfType =
  (type: string) =>
  (streamId: string): boolean =>
    streamTypeOf(streamId) === type;

/**
 * The employee a stream is about: the NIP (18 digits) its id names as one of its parts
 * (`Appraisal-<nip>-<period>`, `Employee-<nip>`, `PayLines-<run>.c1.n<nip>`, `AccessLog-<nip>-<month>`),
 * or undefined for a stream about no one employee.
 */
export function nipOfStreamId(streamId: string): string | undefined {
  return /(?<=^|[-.:]|\.n)(\d{18})(?=$|[-.:])/.exec(streamId)?.[1];
}
