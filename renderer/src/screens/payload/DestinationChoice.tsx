/**
 * Which configured destination the preview lays the bytes out for — the one approval is then for. Soda Cloud takes
 * sample rows as separate files, the webhook and the file export inside the document: choosing another one
 * builds the preview again, with its own SHA-256.
 */
import type { DestinationKind, DestinationSettings } from '../../../../src/api/desktop/contract.js';
import { DESTINATION_NAMES } from '../../format.js';

/** The configured destinations, in approve()'s order of preference. */
export function configuredDestinations(destinations: DestinationSettings | undefined): DestinationKind[] {
  return (['soda_cloud', 'webhook', 'file'] as const).filter((kind) =>
    kind === 'soda_cloud'
      ? destinations?.sodaCloud
      : kind === 'webhook'
        ? destinations?.webhook
        : destinations?.file,
  );
}

export function destinationAddress(
  kind: DestinationKind,
  destinations: DestinationSettings | undefined,
): string | undefined {
  if (kind === 'webhook') return destinations?.webhook?.url;
  if (kind === 'file') return destinations?.file?.path;
  return destinations?.sodaCloud ? (destinations.sodaCloud.host ?? 'cloud.soda.io') : undefined;
}

export function DestinationChoice({
  destinations,
  value,
  onChange,
}: {
  destinations: DestinationSettings | undefined;
  value: DestinationKind | undefined;
  onChange: (kind: DestinationKind) => void;
}) {
  const configured = configuredDestinations(destinations);
  if (configured.length === 0) return null;
  return (
    <fieldset>
      <legend>Destination (the bytes are laid out for it)</legend>
      {configured.map((kind) => {
        const address = destinationAddress(kind, destinations);
        return (
          <label key={kind} className="radio">
            <input
              type="radio"
              name="payload-destination"
              value={kind}
              checked={value === kind}
              onChange={() => onChange(kind)}
            />{' '}
            {DESTINATION_NAMES[kind]}
            {address ? <span className="muted"> — {address}</span> : null}
          </label>
        );
      })}
    </fieldset>
  );
}
