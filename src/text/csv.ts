/** One CSV cell: null/undefined empty, arrays and objects JSON, quoted where the text needs it. */
function cell(v: unknown): string {
  if (v == null) return "";
  const s = typeof v === "object" ? JSON.stringify(v) : String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** One row as a CSV line (with its newline), for writing rows as they come. */
export function csvRow({ row, columns }: { row: Record<string, unknown>; columns: string[] }): string {
  return `${columns.map((c) => cell(row[c])).join(",")}\n`;
}

/** Rows as CSV with the given columns, header first. */
export function toCsv({ rows, columns }: { rows: Record<string, unknown>[]; columns: string[] }): string {
  return `${columns.join(",")}\n${rows.map((row) => csvRow({ row, columns })).join("")}`;
}
