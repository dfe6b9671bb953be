/** The kinds of destination, with no dependencies: the CLI's option choices load it at startup. */
export const DESTINATION_KINDS = ['soda_cloud', 'webhook', 'file'] as const;
export type DestinationKind = (typeof DESTINATION_KINDS)[number];
