// Packages every engine bundle (CLI, benchmark, desktop main) leaves to node_modules, because they load files
// relative to their own package at run time: PGlite its WebAssembly, @napi-rs/keyring the native `.node` binary of
// the platform it runs on, snowflake-sdk its own files and helpers (and the browser-login guard reaches one of its
// internal modules, which must be the same copy the SDK uses).
export const runtimeExternals = ['@electric-sql/*', '@napi-rs/keyring', 'snowflake-sdk'];
