/** The window: a skip link, the screen list, the current screen, the theme toggle. */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Sidebar } from './components/Sidebar.js';
import { ThemeToggle } from './components/ThemeToggle.js';
import { type Navigation, NavigationContext, type ScreenId, type Selection } from './navigation.js';
import { Screens } from './screens/Screens.js';
import { useTheme } from './theme.js';

export function App() {
  const [screen, setScreen] = useState<ScreenId>('data-sources');
  const [selection, setSelection] = useState<Selection>({ checkPaths: [], variables: {} });
  // Counts workspace switches: the screens below are keyed by it, so a switch starts them afresh.
  const [workspaceSwitches, setWorkspaceSwitches] = useState(0);
  const [theme, setTheme] = useTheme();
  const main = useRef<HTMLElement>(null);
  const moved = useRef(false);

  const select = useCallback((changes: Partial<Selection>) => {
    setSelection((current) => ({ ...current, ...changes }));
  }, []);
  const navigate = useCallback(
    (next: ScreenId, changes?: Partial<Selection>) => {
      if (changes) select(changes);
      moved.current = true;
      setScreen(next);
    },
    [select],
  );
  const workspaceChanged = useCallback(() => {
    // A scan id names a scan of the old folder: the preview goes back to the new folder's latest.
    setSelection(({ scanId: _old, ...rest }) => rest);
    setWorkspaceSwitches((count) => count + 1);
  }, []);
  const [dataSourceEdits, setDataSourceEdits] = useState<Record<string, number>>({});
  const dataSourcesEdited = useCallback((...names: string[]) => {
    setDataSourceEdits((current) => {
      const next = { ...current };
      for (const name of names) next[name] = (next[name] ?? 0) + 1;
      return next;
    });
  }, []);
  // After a move, the focus goes to the new screen, as a page load would put it.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs on each screen change.
  useEffect(() => {
    if (moved.current) main.current?.focus();
  }, [screen]);

  const navigation = useMemo<Navigation>(
    () => ({ screen, selection, navigate, select, workspaceChanged, dataSourceEdits, dataSourcesEdited }),
    [screen, selection, navigate, select, workspaceChanged, dataSourceEdits, dataSourcesEdited],
  );

  return (
    <NavigationContext.Provider value={navigation}>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <div className="layout">
        <aside className="sidebar">
          <div className="brand">Gatehouse</div>
          <Sidebar current={screen} onSelect={(next) => navigate(next)} />
          <ThemeToggle choice={theme} onChange={setTheme} />
        </aside>
        <main id="main" ref={main} tabIndex={-1}>
          <Screens current={screen} workspaceSwitches={workspaceSwitches} />
        </main>
      </div>
    </NavigationContext.Provider>
  );
}
