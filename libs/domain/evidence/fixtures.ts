/** Test helpers: the smallest files of each accepted evidence type that are what they claim. */

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (b: Uint8Array) => {
  let c = 0xffffffff;
  for (const x of b) c = CRC_TABLE[(c ^ x) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
const le = (n: number, bytes: 2 | 4) => Array.from({ length: bytes }, (_, i) => (n >>> (8 * i)) & 0xff);
const text = (s: string) => Array.from(new TextEncoder().encode(s));

/** A ZIP archive of the given entries, stored uncompressed. */
export function zipOf(entries: Record<string, string>): Uint8Array {
  const local: number[] = [];
  const central: number[] = [];
  let count = 0;
  for (const [name, content] of Object.entries(entries)) {
    const data = text(content);
    const head = [
      ...le(20, 2),
      ...le(0, 2),
      ...le(0, 2),
      ...le(0, 2),
      ...le(0, 2),
      ...le(crc32(Uint8Array.from(data)), 4),
      ...le(data.length, 4),
      ...le(data.length, 4),
      ...le(text(name).length, 2),
    ];
    central.push(
      0x50,
      0x4b,
      0x01,
      0x02,
      ...le(20, 2),
      ...head,
      ...le(0, 2),
      ...le(0, 2),
      ...le(0, 2),
      ...le(0, 2),
      ...le(0, 4),
      ...le(local.length, 4),
      ...text(name),
    );
    local.push(0x50, 0x4b, 0x03, 0x04, ...head, ...le(0, 2), ...text(name), ...data);
    count++;
  }
  const end = [
    0x50,
    0x4b,
    0x05,
    0x06,
    ...le(0, 2),
    ...le(0, 2),
    ...le(count, 2),
    ...le(count, 2),
    ...le(central.length, 4),
    ...le(local.length, 4),
    ...le(0, 2),
  ];
  return Uint8Array.from([...local, ...central, ...end]);
}

const officeFile = (folder: string, part: string) =>
  zipOf({ '[Content_Types].xml': '<?xml version="1.0"?><Types/>', '_rels/.rels': '<Relationships/>', [`${folder}${part}`]: '<x/>' });

/** One well-formed file per accepted type. */
export const EVIDENCE_SAMPLES = {
  'application/pdf': Uint8Array.from(text('%PDF-1.4\n1 0 obj << >> endobj\n%%EOF\n')),
  'image/png': Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, ...text('IHDR')]),
  'image/jpeg': Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, ...text('JFIF'), 0]),
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': officeFile('word/', 'document.xml'),
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': officeFile('xl/', 'workbook.xml'),
} as const;
