// One plain JSON-RPC call over fetch (for node-control methods viem has no action for, e.g. evm_setAutomine, and
// graph-node's admin API), shared by the devnet launcher, the deploy runner, the graph-node stack and the benches.

/**
 * POSTs `{ method, params }` to `url`; resolves with `result`, throws `<method>: <message>` on a JSON-RPC error and
 * `<method> on <url> answered HTTP <status>` when the server answers neither.
 * @template T
 * @param {string} url
 * @param {string} method
 * @param {unknown[] | Record<string, unknown>} [params] positional (Ethereum) or named (graph-node's admin API)
 * @returns {Promise<T>}
 */
export async function rpc(url, method, params = []) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
  })
  const text = await res.text()
  /** @type {{ result?: T, error?: { message?: string } }} */
  let body
  try {
    body = JSON.parse(text)
  } catch {
    throw new Error(`${method} on ${url} answered HTTP ${res.status}: ${text.slice(0, 200)}`)
  }
  if (body.error) throw new Error(`${method}: ${body.error.message ?? JSON.stringify(body.error)}`)
  return /** @type {T} */ (body.result)
}
