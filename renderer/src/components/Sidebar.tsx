/** The screen list: real buttons, the current one marked with aria-current, arrow keys between them. */
import { arrowKeyNavigation } from '../hooks/arrowKeys.js';
import { SCREENS, type ScreenId } from '../navigation.js';

export function Sidebar({ current, onSelect }: { current: ScreenId; onSelect: (screen: ScreenId) => void }) {
  return (
    <nav aria-label="Screens" className="sidebar-nav">
      <ul onKeyDown={arrowKeyNavigation()}>
        {SCREENS.map((screen) => (
          <li key={screen.id}>
            <button
              type="button"
              data-nav-item
              aria-current={current === screen.id ? 'page' : undefined}
              onClick={() => onSelect(screen.id)}
            >
              {screen.label}
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}
