/**
 * The `pg` driver, loaded without its Cloudflare probe. On import, pg asks whether it runs in a Cloudflare Worker
 * by reading `navigator.userAgent`, and where there is no `navigator` (Node 20) by constructing a fetch
 * `Response`, which loads Node's whole HTTP client (undici): ~35 ms of start-up for nothing. Node 21+ defines
 * `navigator` itself; on Node 20 a plain one stands in for the length of the import only.
 */
const globals = globalThis as { navigator?: unknown };
const standIn = globals.navigator === undefined;
if (standIn) globals.navigator = { userAgent: `Node.js/${process.versions.node}` };
const { default: pg } = await import('pg');
if (standIn) delete globals.navigator;

export default pg;
