/** Numbers and sizes as people read them in summaries and reports (CLI and validator alike). */

/** 1234567.8 → "1,234,568". */
export function fmt(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

/** 1536 → "1.5 KiB". */
export function fmtBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1048576) return `${(n / 1024).toFixed(1)} KiB`;
  if (n < 1073741824) return `${(n / 1048576).toFixed(1)} MiB`;
  return `${(n / 1073741824).toFixed(2)} GiB`;
}
