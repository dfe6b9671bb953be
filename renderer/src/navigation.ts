/** The screens, and what one screen hands to another (the data source to test, the checks to scan…). */
import { createContext, useContext } from 'react';

export const SCREENS = [
  { id: 'data-sources', label: 'Data sources' },
  { id: 'connection', label: 'Connection test' },
  { id: 'checks', label: 'Checks' },
  { id: 'scan', label: 'Scan' },
  { id: 'payload', label: 'Outgoing payload' },
  { id: 'outbox', label: 'Outbox and ledger' },
  { id: 'settings', label: 'Settings' },
] as const;

export type ScreenId = (typeof SCREENS)[number]['id'];

/** Choices that follow the user from screen to screen. */
export interface Selection {
  dataSource?: string;
  checkPaths: string[];
  variables: Record<string, string>;
  /** The scan to preview (a history id); absent: the latest. */
  scanId?: string;
}

export interface Navigation {
  screen: ScreenId;
  selection: Selection;
  navigate: (screen: ScreenId, changes?: Partial<Selection>) => void;
  select: (changes: Partial<Selection>) => void;
  /**
   * Settings switched the workspace folder: every other screen starts afresh (nothing of the old folder — a
   * scan's results, a send's outcome — stays on screen) and the scan to preview goes back to the new folder's
   * latest. The opened check files stay: they live outside the workspace.
   */
  workspaceChanged: () => void;
  /** How many times each data source was saved or removed in the app: a test of an older one is out of date. */
  dataSourceEdits: Readonly<Record<string, number>>;
  /** The Data sources screen saved (or renamed, or removed) these data sources. */
  dataSourcesEdited: (...names: string[]) => void;
}

export const NavigationContext = createContext<Navigation | undefined>(undefined);

export function useNavigation(): Navigation {
  const navigation = useContext(NavigationContext);
  if (!navigation) throw new Error('useNavigation outside the app');
  return navigation;
}
