import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { Actor } from '@kinerja/kernel';
import { GetRekapDocument } from '@kinerja/application';
import { parseMonth, parseOpdId } from '@kinerja/domain/shared';
import { RekapQuery, parseInput } from '@kinerja/contracts';
import { rekapPdf, rekapXlsx } from '@kinerja/documents';
import { applicationContext } from '@kinerja/platform';
import { withRuntime } from '../runtime';

/** Who prints a document from the console: a read-only operator (the inspectorate's reach), recorded as such. */
const CLI_READER: Actor = { userId: 'system:cli', roles: ['inspektorat'] };

/** `kinerja tpp rekap <opdId> <month> --out <file>`: the rekap TPP of a calculated run, as the API renders it. */
export function registerDocumentCommands(program: Command): void {
  const tpp = program.commands.find((c) => c.name() === 'tpp') ?? program.command('tpp').description('TPP payroll');
  tpp
    .command('rekap <opdId> <month>')
    .description('write the rekap TPP of a calculated run as a PDF (or .xlsx with --xlsx), with its signatures and verification QR code')
    .requiredOption('--out <file>', 'the file to write')
    .option('--xlsx', 'an Excel workbook (sheets Rekap and Baris) instead of a PDF')
    .option('--paper <size>', 'A4 (default) or F4, landscape', 'A4')
    .action(async (opdId: string, month: string, opts: { out: string; xlsx?: boolean; paper: string }) => {
      const { paper } = parseInput(RekapQuery, { paper: opts.paper });
      const bytes = await withRuntime(async (rt) => {
        const app = await applicationContext(rt);
        // The QR code's address: KINERJA_PUBLIC_URL, else this installation's own port.
        const origin = `http://localhost:${rt.config.port}`;
        const input = await app.queries.execute(new GetRekapDocument(parseOpdId(opdId), parseMonth(month), CLI_READER, origin));
        return opts.xlsx ? rekapXlsx(input) : rekapPdf({ ...input, pageSize: paper });
      });
      writeFileSync(opts.out, bytes);
      console.error(`rekap TPP ${opdId} ${month} written to ${opts.out} (${bytes.length} bytes)`);
    });
}
