// One plain JSON-RPC call over fetch (for node-control methods viem has no action for, e.g. evm_setAutomine), shared
// by the devnet launcher and the benches.

/**
 * POSTs `{ method, params }` to `url`; resolves with `result`, throws `<method>: <message>` on a JSON-RPC error.
 * @template T
 * @param {string} url
 * @param {string} method
 * @param {unknown[]} [params]
 * @returns {Promise<T>}
 */
export async function rpc(url, method, params = []) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
  })
  const body = /** @type {{ result?: T, error?: { message: string } }} */ (await res.json())
  if (body.error) throw new Error(`${method}: ${body.error.message}`)
  return /** @type {T} */ (body.result)
}
