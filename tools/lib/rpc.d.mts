/** POSTs `{ method, params }` to `url`; resolves with `result`, throws `<method>: <message>` on a JSON-RPC error (and names the HTTP status when the answer is not JSON). */
export function rpc<T = unknown>(url: string, method: string, params?: unknown[] | Record<string, unknown>): Promise<T>;
