/** See externals.mjs. */
export declare const runtimeExternals: readonly string[];
