/** `${NAME}` substitution, as Soda's Jinja step does it: the environment wins over scan variables. */

export type VariableSource = Record<string, string | undefined>;

const REFERENCE = /\$\{\s*([A-Za-z_][A-Za-z0-9_.]*)\s*\}/g;

/** True when the text holds a `${NAME}` reference: its value then comes from elsewhere, not from the file. */
export function hasVariableReference(text: string): boolean {
  return new RegExp(REFERENCE.source).test(text);
}

export interface Substitution {
  text: string;
  /** Names referenced but defined nowhere. */
  missing: string[];
}

export function substituteVariables(
  text: string,
  env: VariableSource,
  variables: VariableSource = {},
): Substitution {
  const missing: string[] = [];
  const result = text.replace(REFERENCE, (whole, name: string) => {
    const value = lookup(name, env, variables);
    if (value === undefined) {
      missing.push(name);
      return whole;
    }
    return value;
  });
  return { text: result, missing };
}

/**
 * Soda v4's spellings name where a value comes from: `${env.NAME}` the environment only, `${var.NAME}` the scan
 * variables only. A plain `${NAME}` is Soda v3's: the environment, else the scan variables.
 */
function lookup(name: string, env: VariableSource, variables: VariableSource): string | undefined {
  if (name.startsWith('env.')) return env[name.slice(4)];
  if (name.startsWith('var.')) return variables[name.slice(4)];
  return env[name] ?? variables[name];
}

/** What to do about a reference that resolved to nothing, for its kind. */
export function howToSet(name: string): string {
  if (name.startsWith('env.'))
    return `Set the environment variable ${name.slice(4)}, or remove the reference.`;
  if (name.startsWith('var.')) return `Pass -v ${name.slice(4)}=…, or remove the reference.`;
  return `Set the environment variable ${name}, pass -v ${name}=…, or remove the reference.`;
}
