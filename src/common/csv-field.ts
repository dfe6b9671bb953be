/** A CSV field, quoted only when it must be (Soda never quotes; a comma in a column name would break its rows). */
export function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
