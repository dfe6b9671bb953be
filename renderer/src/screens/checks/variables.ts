/** Scan variables as typed in a text box: one `KEY=VALUE` per line. */
export function parseVariables(text: string): { variables: Record<string, string>; problems: string[] } {
  const variables: Record<string, string> = {};
  const problems: string[] = [];
  text.split(/\r?\n/).forEach((line, index) => {
    const trimmed = line.trim();
    if (trimmed === '') return;
    const equals = trimmed.indexOf('=');
    const key = equals > 0 ? trimmed.slice(0, equals).trim() : '';
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) {
      problems.push(`Line ${index + 1}: write KEY=VALUE (a letter or _ first, then letters, digits, _).`);
      return;
    }
    variables[key] = trimmed.slice(equals + 1);
  });
  return { variables, problems };
}

export function formatVariables(variables: Record<string, string>): string {
  return Object.entries(variables)
    .map(([key, value]) => `${key}=${value}`)
    .join('\n');
}
