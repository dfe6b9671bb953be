/**
 * Soda Cloud's outbound addresses, for firewalls that must let its webhooks in, and a check of which of them an
 * allowlist admits (so a passlist can be verified before the first webhook is missed).
 */
import { type AllowlistOptions, type AllowlistRule, evaluateAllowlist } from './cidr.js';

export type CloudRegion = 'eu' | 'us';

/** Soda Cloud webhook source addresses per region (issue 6). */
export const SODA_CLOUD_EGRESS: Readonly<Record<CloudRegion, readonly string[]>> = {
  eu: ['54.78.91.111', '52.49.181.67'],
  us: ['34.208.202.240', '52.35.114.145'],
};

export interface EgressAdmission {
  region: CloudRegion;
  address: string;
  allowed: boolean;
  matchedRule?: string;
  reason: string;
}

/** For each Soda Cloud address (of one region, or both), whether the allowlist admits it. */
export function checkCloudEgress(
  rules: readonly (AllowlistRule | string)[],
  options: AllowlistOptions & { region?: CloudRegion } = {},
): EgressAdmission[] {
  const regions: CloudRegion[] = options.region ? [options.region] : ['eu', 'us'];
  return regions.flatMap((region) =>
    SODA_CLOUD_EGRESS[region].map((address) => {
      const verdict = evaluateAllowlist(rules, address, options);
      return {
        region,
        address,
        allowed: verdict.allowed,
        ...(verdict.matchedRule ? { matchedRule: verdict.matchedRule } : {}),
        reason: verdict.reason,
      };
    }),
  );
}
