/** POSTs `{ method, params }` to `url`; resolves with `result`, throws `<method>: <message>` on a JSON-RPC error. */
export function rpc<T = unknown>(url: string, method: string, params?: unknown[]): Promise<T>;
