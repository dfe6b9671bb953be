/**
 * The packaging configuration: valid against electron-builder's own schema, every target platform, the macOS
 * hardened runtime with its entitlements, the Electron fuses that close the ways around the app's code, and the
 * keychain's native binding unpacked from the asar archive.
 */
import { readdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const config = parse(await readFile(join(ROOT, 'build', 'electron-builder.yml'), 'utf8'));

describe('build/electron-builder.yml', () => {
  it('passes electron-builder’s schema', async () => {
    const require = createRequire(import.meta.url);
    const { validateConfiguration } = require('app-builder-lib/out/util/config/config.js') as {
      validateConfiguration(config: unknown, logger: unknown): Promise<void>;
    };
    const logger = { isEnabled: false, add() {} };
    await expect(validateConfiguration(config, logger)).resolves.toBeUndefined();
    // The check would notice a misspelt fuse.
    const misspelt = { ...config, electronFuses: { ...config.electronFuses, runAsNod: false } };
    await expect(validateConfiguration(misspelt, logger)).rejects.toThrow(/electronFuses/);
  });

  it('builds AppImage and deb, dmg, and nsis', () => {
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.mac.target).toEqual(['dmg']);
    expect(config.win.target).toEqual(['nsis']);
  });

  it('signs macOS builds with the hardened runtime and entitlements that grant JIT only', async () => {
    expect(config.mac.hardenedRuntime).toBe(true);
    for (const key of ['entitlements', 'entitlementsInherit']) {
      const plist = await readFile(join(ROOT, config.mac[key]), 'utf8');
      const granted = [...plist.matchAll(/<key>([^<]+)<\/key>\s*<true\/>/g)].map((m) => m[1]);
      expect(granted).toEqual(['com.apple.security.cs.allow-jit']);
    }
  });

  it('sets the fuses: no ELECTRON_RUN_AS_NODE, NODE_OPTIONS or --inspect; asar only, integrity checked', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('keeps the deb package’s default dependencies (libsecret among them)', () => {
    expect(config.deb?.depends).toBeUndefined();
  });

  it('packs the app in asar with the keychain binding unpacked, its platform packages included', async () => {
    expect(config.asar).toBe(true);
    expect(config.asarUnpack).toEqual(
      expect.arrayContaining([
        'node_modules/@napi-rs/keyring/**',
        'node_modules/@napi-rs/keyring-*/**',
        '**/*.node',
      ]),
    );
    // Matched as electron-builder matches them (minimatch): the binding's own files, and every platform package it
    // may load its .node file from — the one installed here and those of the other targets.
    const require = createRequire(import.meta.url);
    const { minimatch } = require('minimatch') as typeof import('minimatch');
    const unpacked = (path: string) =>
      (config.asarUnpack as string[]).some((pattern) => minimatch(path, pattern, { dot: true }));
    const binding = join(ROOT, 'node_modules', '@napi-rs', 'keyring');
    const manifest = JSON.parse(await readFile(join(binding, 'package.json'), 'utf8')) as {
      optionalDependencies: Record<string, string>;
    };
    const platforms = Object.keys(manifest.optionalDependencies);
    expect(platforms).toEqual(
      expect.arrayContaining(['@napi-rs/keyring-darwin-arm64', '@napi-rs/keyring-win32-x64-msvc']),
    );
    const files = [
      ...(await readdir(binding)).map((name) => `node_modules/@napi-rs/keyring/${name}`),
      ...platforms.map((name) => `node_modules/${name}/keyring.node`),
    ];
    for (const name of (await readdir(join(ROOT, 'node_modules', '@napi-rs'))).filter((n) =>
      n.startsWith('keyring-'),
    )) {
      for (const file of await readdir(join(ROOT, 'node_modules', '@napi-rs', name))) {
        files.push(`node_modules/@napi-rs/${name}/${file}`);
      }
    }
    expect(files.filter((file) => !unpacked(file))).toEqual([]);
    // A pattern that matched everything would pass the above: the bundles stay packed.
    expect(unpacked('dist/electron/main.js')).toBe(false);
    // The binding is a production dependency (electron-builder ships only those); bundle.test.ts checks that the
    // main bundle leaves it out.
    const app = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8'));
    expect(app.dependencies['@napi-rs/keyring']).toBeDefined();
  });

  it('ships the bundles the package’s main points at', async () => {
    const manifest = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8'));
    expect(manifest.main).toBe('dist/electron/main.js');
    expect(config.files).toEqual(expect.arrayContaining(['dist/electron/**', 'dist/renderer/**']));
  });
});
