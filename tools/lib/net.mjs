// Loopback port helpers shared by every tool and test that starts a server (anvil, graph-node, PostgreSQL, the
// devnet): one implementation, so "is this port usable" means the same thing everywhere.
import { createServer } from 'node:net'

/** Ports this process has already handed out: the kernel may offer a just-closed port again, and two services of one
 * process (anvil and the market-data endpoint of the devnet, graph-node's four listeners) must never share one. */
const handedOut = new Set()

/** One port the kernel offers for 127.0.0.1 right now. @returns {Promise<number>} */
function kernelPort() {
  return new Promise((resolvePort, reject) => {
    const srv = createServer()
    srv.unref()
    srv.on('error', reject)
    srv.listen(0, '127.0.0.1', () => {
      const { port } = /** @type {import('node:net').AddressInfo} */ (srv.address())
      srv.close(() => resolvePort(port))
    })
  })
}

/**
 * A TCP port nobody listens on right now (on 127.0.0.1), never one this process handed out before.
 * @returns {Promise<number>}
 */
export async function freePort() {
  for (let attempt = 0; attempt < 100; attempt++) {
    const port = await kernelPort()
    if (handedOut.has(port)) continue
    handedOut.add(port)
    return port
  }
  throw new Error('freePort: the kernel kept offering ports this process already uses')
}

/** Whether `port` can be listened on at 127.0.0.1 right now. @param {number} port @returns {Promise<boolean>} */
export function isPortFree(port) {
  return new Promise((resolveFree) => {
    const srv = createServer()
    srv.unref()
    srv.once('error', () => resolveFree(false))
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolveFree(true)))
  })
}
