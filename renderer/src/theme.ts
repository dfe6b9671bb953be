/**
 * Light and dark: the system's choice (prefers-color-scheme) unless the user picked one with the toggle. The
 * choice is kept in localStorage (a display preference, nothing else is stored there).
 */
import { useEffect, useState } from 'react';

export type ThemeChoice = 'system' | 'light' | 'dark';

const KEY = 'gatehouse.theme';

function saved(): ThemeChoice {
  const value = localStorage.getItem(KEY);
  return value === 'light' || value === 'dark' ? value : 'system';
}

export function useTheme(): [ThemeChoice, (choice: ThemeChoice) => void] {
  const [choice, setChoice] = useState<ThemeChoice>(saved);
  useEffect(() => {
    const root = document.documentElement;
    if (choice === 'system') {
      delete root.dataset.theme;
      localStorage.removeItem(KEY);
    } else {
      root.dataset.theme = choice;
      localStorage.setItem(KEY, choice);
    }
  }, [choice]);
  return [choice, setChoice];
}
