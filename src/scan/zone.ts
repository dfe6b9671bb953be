/** Does a value fall in a zone? Zones are in Soda Cloud's shape; see `Zone` in the check model. */
import type { Zone } from '../sodacl/model.js';

export function zoneContains(zone: Zone, value: number): boolean {
  const aboveLower =
    zone.gt !== undefined ? value > zone.gt : zone.gte !== undefined ? value >= zone.gte : undefined;
  const belowUpper =
    zone.lt !== undefined ? value < zone.lt : zone.lte !== undefined ? value <= zone.lte : undefined;
  if (aboveLower === undefined) return belowUpper ?? false;
  if (belowUpper === undefined) return aboveLower;
  return zone.union ? aboveLower || belowUpper : aboveLower && belowUpper;
}

/** `when < 5` style text for people: the zone in the words of a threshold. */
export function describeZone(zone: Zone, format: (n: number) => string = String): string {
  const lower =
    zone.gt !== undefined
      ? `> ${format(zone.gt)}`
      : zone.gte !== undefined
        ? `>= ${format(zone.gte)}`
        : undefined;
  const upper =
    zone.lt !== undefined
      ? `< ${format(zone.lt)}`
      : zone.lte !== undefined
        ? `<= ${format(zone.lte)}`
        : undefined;
  if (lower && upper) return zone.union ? `${upper} or ${lower}` : `${lower} and ${upper}`;
  return lower ?? upper ?? 'never';
}
