/** Copies a text to the clipboard; says whether it worked (the clipboard may be denied). */
import { useState } from 'react';

export function CopyButton({ text, label = 'Copy' }: { text: string; label?: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setState('copied');
    } catch {
      setState('failed');
    }
  };
  return (
    <span className="copy">
      <button type="button" onClick={copy}>
        {label}
      </button>
      <span role="status" className="muted">
        {state === 'copied'
          ? 'Copied'
          : state === 'failed'
            ? 'Copying was refused: select the text instead'
            : ''}
      </span>
    </span>
  );
}
