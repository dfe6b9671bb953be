/** A small label with a colour; the text always says it too, so colour is never the only signal. */
import type { ReactNode } from 'react';

export type Tone = 'pass' | 'warn' | 'fail' | 'attention' | 'neutral' | 'info' | 'running';

export function Badge({ tone, children, title }: { tone: Tone; children: ReactNode; title?: string }) {
  return (
    <span className={`badge badge-${tone}`} title={title}>
      {children}
    </span>
  );
}
