/**
 * Prerequisites of integration tests. Outside CI a missing one skips the test with its reason; with
 * CI=true it fails the test, so a green CI always means the test really ran.
 */
import { it } from 'vitest';

export const inCi = process.env.CI === 'true';

/** `it` when the prerequisite holds; otherwise a skip (locally) or a failing test naming it (CI). */
export function itWhen(available: boolean, reason: string) {
  if (available) return it;
  if (inCi) {
    return ((name: string) =>
      it(name, () => {
        throw new Error(`Prerequisite missing in CI: ${reason}`);
      })) as unknown as typeof it;
  }
  return it.skip;
}
