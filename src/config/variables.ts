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
    const value = env[name] ?? variables[name];
    if (value === undefined) {
      missing.push(name);
      return whole;
    }
    return value;
  });
  return { text: result, missing };
}
