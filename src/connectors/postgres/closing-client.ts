/**
 * pg's Client, closing its socket when connecting fails. When pg itself gives up mid-handshake (SCRAM asked for
 * and no password: "client password must be a string") it reports the error but leaves the socket open, and the
 * server holds it until its authentication_timeout (60 s by default) — and the CLI's process with it.
 */
import type { Client } from 'pg';
import pg from './pg-driver.js';

type ConnectCallback = ((error: Error) => void) | ((error: null, client: Client) => void);

export class ClosingClient extends pg.Client {
  override connect(): Promise<Client>;
  override connect(callback: ConnectCallback): void;
  override connect(callback?: ConnectCallback): Promise<Client> | undefined {
    const close = (error: unknown) => {
      if (error) this.connection?.stream?.destroy();
    };
    if (!callback) {
      return super.connect().catch((error: unknown) => {
        close(error);
        throw error;
      });
    }
    super.connect((error: Error | null) => {
      close(error);
      (callback as (error: Error | null, client: Client) => void)(error, this);
    });
    return undefined;
  }
}
