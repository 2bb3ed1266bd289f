/** A TCP port nobody listens on right now (on 127.0.0.1), never one this process handed out before. */
export function freePort(): Promise<number>;
/** Whether `port` can be listened on at 127.0.0.1 right now. */
export function isPortFree(port: number): Promise<boolean>;
