/**
 * The renderer's boundaries, read from its sources and its build: it takes only types from the engine (src/),
 * and the built page has nothing inline (the CSP forbids it), nothing remote, and no Node code.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { describe, expect, inject, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const SOURCES = join(ROOT, 'renderer', 'src');

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((entry) =>
      entry.isDirectory() ? filesUnder(join(dir, entry.name)) : Promise.resolve([join(dir, entry.name)]),
    ),
  );
  return nested.flat();
}

/** Every `import … from '…'` / `export … from '…'` statement of a file, whole. */
function importStatements(text: string): string[] {
  return [...text.matchAll(/^(?:import|export)\b[^;]*?\bfrom\s+'([^']+)';/gms)].map((match) => match[0]);
}

describe('renderer boundaries', () => {
  it('imports nothing from the engine but types', async () => {
    const offending: string[] = [];
    let engineImports = 0;
    for (const file of (await filesUnder(SOURCES)).filter((f) => /\.tsx?$/.test(f))) {
      for (const statement of importStatements(await readFile(file, 'utf8'))) {
        const specifier = /'([^']+)';$/.exec(statement)?.[1] ?? '';
        if (!specifier.startsWith('.')) continue;
        const target = relative(ROOT, resolve(file, '..', specifier));
        if (!target.startsWith('src/')) continue;
        engineImports++;
        if (!/^(?:import|export) type\b/.test(statement))
          offending.push(`${relative(ROOT, file)}: ${statement}`);
      }
    }
    expect(offending).toEqual([]);
    // It did look: the screens take their types from the desktop contract.
    expect(engineImports).toBeGreaterThan(20);
  });

  it('builds a page with nothing inline, nothing remote and no Node code', async () => {
    const dir = inject('rendererDir');
    const html = await readFile(join(dir, 'index.html'), 'utf8');
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(html).not.toMatch(/<style\b|\sstyle=/);
    expect(html).not.toMatch(/(?:src|href)="(?:https?:)?\/\//);
    const assets = await filesUnder(join(dir, 'assets'));
    const scripts = assets.filter((file) => file.endsWith('.js'));
    expect(scripts.length).toBeGreaterThan(0);
    for (const script of scripts) {
      const code = await readFile(script, 'utf8');
      expect(code).not.toMatch(/from\s*["']node:|require\(["']node:/);
      expect(code).not.toContain('@napi-rs/keyring');
      expect(code).not.toMatch(/https?:\/\/fonts\./);
    }
    for (const sheet of assets.filter((file) => file.endsWith('.css'))) {
      expect(await readFile(sheet, 'utf8')).not.toMatch(/@import|url\(\s*["']?https?:/);
    }
  });
});
