import type { FastifyReply } from 'fastify';

export type CsvCell = string | number | null | undefined;

/** One CSV cell: quoted when it holds a quote, a separator (comma or semicolon) or a newline. */
function csvCell(value: CsvCell): string {
  const text = value === null || value === undefined ? '' : String(value);
  return /[",;\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** Rows as CSV text (comma-separated, CRLF line ends, a final CRLF). */
export function csvText(rows: readonly (readonly CsvCell[])[]): string {
  return rows.map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

/** Sends CSV as a download named `fileName`. */
export function sendCsv(reply: FastifyReply, fileName: string, body: unknown): FastifyReply {
  return reply
    .header('content-type', 'text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${fileName}"`)
    .send(body);
}
