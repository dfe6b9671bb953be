/**
 * What the desktop handlers need from the process that hosts them — the Electron main process, or the browser
 * tests' harness — so that both run the same engine code: the workspace (switchable), the environment, one
 * secret store per workspace, an event sink, and the two things only a desktop can do (file pickers, opening
 * links in the system browser).
 */
import { isAbsolute, relative, resolve } from 'node:path';
import { openSecretStore } from '../../secrets/open.js';
import type { SecretStore } from '../../secrets/store.js';
import { ensureScansDir } from '../../workspace/location.js';
import type { WorkspaceContext } from '../workspace-context.js';
import type { GatehouseEvent, PickPathsRequest } from './contract.js';

export interface DesktopHost {
  version: string;
  platform: string;
  env: NodeJS.ProcessEnv;
  /** The workspace folder the app starts in. */
  workspace: string;
  /** Remember a new workspace choice for the next start (the Electron main process writes it to its settings). */
  persistWorkspace?: (workspace: string) => Promise<void>;
  /** Opens the store of a workspace; default: the environment's choice (the OS keychain unless told otherwise). */
  openStore?: (workspace: string, env: NodeJS.ProcessEnv) => Promise<SecretStore>;
  emit: (event: GatehouseEvent) => void;
  pickPaths: (purpose: PickPathsRequest['purpose']) => Promise<string[]>;
  /** Called only with a validated https URL. */
  openExternal: (url: string) => Promise<void>;
}

export class DesktopContext {
  readonly host: DesktopHost;
  #workspace: string;
  #store: Promise<SecretStore> | undefined;
  /** Files and folders the user chose in a native picker this session: the only ones the renderer may name. */
  readonly #granted = new Set<string>();

  constructor(host: DesktopHost) {
    this.host = host;
    this.#workspace = resolve(host.workspace);
  }

  get workspace(): string {
    return this.#workspace;
  }

  get env(): NodeJS.ProcessEnv {
    return this.host.env;
  }

  /** The secret store of the current workspace, opened once. A failed open is retried on the next call. */
  store(): Promise<SecretStore> {
    if (!this.#store) {
      const open = this.host.openStore ?? ((workspace, env) => openSecretStore({ workspace, env }));
      const opening = open(this.#workspace, this.host.env);
      this.#store = opening;
      opening.catch(() => {
        if (this.#store === opening) this.#store = undefined;
      });
    }
    return this.#store;
  }

  /** Switches to another workspace folder, created (0700) when missing. */
  async switchWorkspace(folder: string): Promise<void> {
    await ensureScansDir(resolve(folder));
    this.#workspace = resolve(folder);
    this.#store = undefined;
    await this.host.persistWorkspace?.(this.#workspace);
  }

  /** Remembers paths the user chose in a file picker. */
  grant(paths: readonly string[]): void {
    for (const path of paths) this.#granted.add(resolve(path));
  }

  /**
   * True when the user chose this path, or a folder holding it, in a file picker this session. The renderer is
   * UI, not an authority: a path it names is read only if the user picked it, so a compromised page cannot read
   * arbitrary files (a check file's text is shown to it).
   */
  isGranted(path: string): boolean {
    const wanted = resolve(path);
    for (const granted of this.#granted) {
      const inside = relative(granted, wanted);
      if (inside === '' || (!inside.startsWith('..') && !isAbsolute(inside))) return true;
    }
    return false;
  }

  /** The view the engine's workspace operations take. */
  workspaceContext(): WorkspaceContext {
    return { workspace: this.#workspace, env: this.host.env, store: () => this.store() };
  }
}
