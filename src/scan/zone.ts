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
