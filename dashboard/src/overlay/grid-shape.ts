/** Columns and rows for n tiles on a landscape screen: as square a grid as fits, wider than tall. Pure. */
export function gridShape(n: number): { cols: number; rows: number } {
  const cols = Math.max(1, Math.ceil(Math.sqrt(n)));
  return { cols, rows: Math.max(1, Math.ceil(n / cols)) };
}
