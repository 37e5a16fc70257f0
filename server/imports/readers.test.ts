import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readRows, workbookSheets, xlsxSheets } from './readers.js';

const fixture = path.join(import.meta.dirname, 'fixtures', 'contacts.xlsx');

describe('XLSX sheets', () => {
  it("reads the sheet names from the workbook's own index (stored last in the zip)", async () => {
    const known = await workbookSheets(fixture);
    expect(known.sheets).toEqual([
      { id: 1, name: 'Notes', state: 'visible', rId: 'rId4' },
      { id: 2, name: 'Kontakti', state: 'visible', rId: 'rId5' },
    ]);
    expect(known.rels).toContainEqual({ Id: 'rId5', Target: 'worksheets/sheet2.xml' });
    expect(await xlsxSheets(fixture)).toEqual(['Notes', 'Kontakti']);
  });

  it('streams the chosen sheet, every time', async () => {
    const read = async () => {
      const rows: string[] = [];
      for await (const row of readRows(fixture, 'xlsx', {
        encoding: 'utf-8',
        delimiter: ',',
        sheet: 'Kontakti',
      }))
        rows.push(`${row.index}:${row.values[1] ?? ''}`);
      return rows;
    };
    const runs = await Promise.all(Array.from({ length: 20 }, read));
    for (const rows of runs)
      expect(rows).toEqual(['-1:Prezime', '0:Horvat', '1:Kovačević', '2:Imena']);
  });
});
