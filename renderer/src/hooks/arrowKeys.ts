/**
 * Arrow keys in a list: Up/Down (or Left/Right for a horizontal list), Home and End move the focus among the
 * list's items (elements with `data-nav-item`), so a long list is not a long walk with Tab.
 */
import type { KeyboardEvent } from 'react';

export function arrowKeyNavigation(orientation: 'vertical' | 'horizontal' = 'vertical') {
  const [previous, next] =
    orientation === 'vertical' ? ['ArrowUp', 'ArrowDown'] : ['ArrowLeft', 'ArrowRight'];
  return (event: KeyboardEvent<HTMLElement>) => {
    if (![previous, next, 'Home', 'End'].includes(event.key)) return;
    const items = [...event.currentTarget.querySelectorAll<HTMLElement>('[data-nav-item]')];
    if (items.length === 0) return;
    const current = items.indexOf(document.activeElement as HTMLElement);
    let target = current;
    if (event.key === previous) target = current <= 0 ? 0 : current - 1;
    else if (event.key === next) target = current < 0 ? 0 : Math.min(items.length - 1, current + 1);
    else if (event.key === 'Home') target = 0;
    else target = items.length - 1;
    event.preventDefault();
    items[target]?.focus();
  };
}
