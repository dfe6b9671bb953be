/** Tabs with the ARIA tab pattern: Left/Right move between tabs, only the chosen tab's panel is rendered. */
import { type ReactNode, useId, useState } from 'react';
import { arrowKeyNavigation } from '../hooks/arrowKeys.js';

export interface Tab {
  id: string;
  label: string;
  content: () => ReactNode;
}

export function Tabs({ label, tabs }: { label: string; tabs: Tab[] }) {
  const [chosen, setChosen] = useState(tabs[0]?.id);
  const base = useId();
  const current = tabs.find((tab) => tab.id === chosen) ?? tabs[0];
  return (
    <div>
      <div role="tablist" aria-label={label} className="tabs" onKeyDown={arrowKeyNavigation('horizontal')}>
        {tabs.map((tab) => (
          <button
            key={tab.id}
            id={`${base}-${tab.id}`}
            type="button"
            role="tab"
            data-nav-item
            aria-selected={tab.id === current?.id}
            aria-controls={`${base}-panel`}
            tabIndex={tab.id === current?.id ? 0 : -1}
            onClick={() => setChosen(tab.id)}
            onFocus={() => setChosen(tab.id)}
          >
            {tab.label}
          </button>
        ))}
      </div>
      {current ? (
        <div role="tabpanel" id={`${base}-panel`} aria-labelledby={`${base}-${current.id}`}>
          {current.content()}
        </div>
      ) : null}
    </div>
  );
}
