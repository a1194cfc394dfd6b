/** Rows as CSV with the given columns; null/undefined become empty cells, arrays are JSON-quoted. */
export function toCsv({ rows, columns }: { rows: Record<string, unknown>[]; columns: string[] }): string {
  const cell = (v: unknown) => {
    if (v == null) return "";
    const s = typeof v === "object" ? JSON.stringify(v) : String(v);
    return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return `${[columns.join(","), ...rows.map((r) => columns.map((c) => cell(r[c])).join(","))].join("\n")}\n`;
}
