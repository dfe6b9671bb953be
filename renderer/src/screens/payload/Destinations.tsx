/** What each destination adds to the previewed bytes (Soda Cloud: a token and a type; the others: nothing). */
import type { PayloadPreviewView } from '../../../../src/api/desktop/contract.js';
import { DESTINATION_NAMES } from '../../format.js';

export function Destinations({ preview }: { preview: PayloadPreviewView }) {
  return (
    <ul className="plain-list">
      {preview.destinations.map((wrapping) => (
        <li key={wrapping.destination} className="card">
          <strong>{DESTINATION_NAMES[wrapping.destination]}</strong>: {wrapping.summary}
          {wrapping.added.length > 0 ? (
            <ul>
              {wrapping.added.map((field) => (
                <li key={field.key}>
                  <code>{field.key}</code> = <code>{field.shown}</code> — {field.note}
                </li>
              ))}
            </ul>
          ) : null}
        </li>
      ))}
    </ul>
  );
}
