/**
 * Every screen stays mounted (a running scan or connection test keeps its live view when the user looks
 * elsewhere); only the current one is shown. A screen learns through `useShown` each time it is shown again, to
 * reload what may have changed meanwhile.
 */
import { createContext, type ReactNode, useContext, useState } from 'react';
import { ScreenErrorBoundary } from '../components/ScreenErrorBoundary.js';
import { SCREENS, type ScreenId } from '../navigation.js';
import { ChecksScreen } from './checks/ChecksScreen.js';
import { ConnectionScreen } from './connection/ConnectionScreen.js';
import { DataSourcesScreen } from './data-sources/DataSourcesScreen.js';
import { OutboxScreen } from './outbox/OutboxScreen.js';
import { PayloadScreen } from './payload/PayloadScreen.js';
import { ScanScreen } from './scan/ScanScreen.js';
import { SettingsScreen } from './settings/SettingsScreen.js';

const CONTENT: Record<ScreenId, () => ReactNode> = {
  'data-sources': () => <DataSourcesScreen />,
  connection: () => <ConnectionScreen />,
  checks: () => <ChecksScreen />,
  scan: () => <ScanScreen />,
  payload: () => <PayloadScreen />,
  outbox: () => <OutboxScreen />,
  settings: () => <SettingsScreen />,
};

/** How many times the screen has been shown: a dependency that reloads data on each showing. */
const ShownContext = createContext(0);

export function useShown(): number {
  return useContext(ShownContext);
}

/**
 * Screens that keep their state across a workspace switch: Settings shows the switch's outcome, and Checks shows
 * check files, which live outside the workspace (they stay opened, as the selection keeps them).
 */
const KEPT_ACROSS_SWITCHES: readonly ScreenId[] = ['settings', 'checks'];

function ScreenSlot({
  id,
  current,
  workspaceSwitches,
}: {
  id: ScreenId;
  current: ScreenId;
  workspaceSwitches: number;
}) {
  const shown = current === id;
  const [state, setState] = useState({ showings: 0, wasShown: false });
  // Counted during render (React's "adjust state on a prop change"), so children see the new count at once.
  if (shown !== state.wasShown) setState({ showings: state.showings + (shown ? 1 : 0), wasShown: shown });
  const showings = state.showings + (shown && !state.wasShown ? 1 : 0);
  // Mounted on first showing only: a screen never shown costs nothing.
  if (showings === 0 && !shown) return null;
  return (
    <section hidden={!shown} data-screen={id}>
      <ShownContext.Provider value={showings}>
        <ScreenErrorBoundary
          key={KEPT_ACROSS_SWITCHES.includes(id) ? 'kept' : `workspace-${workspaceSwitches}`}
        >
          {CONTENT[id]()}
        </ScreenErrorBoundary>
      </ShownContext.Provider>
    </section>
  );
}

export function Screens({ current, workspaceSwitches }: { current: ScreenId; workspaceSwitches: number }) {
  return SCREENS.map((screen) => (
    <ScreenSlot key={screen.id} id={screen.id} current={current} workspaceSwitches={workspaceSwitches} />
  ));
}
