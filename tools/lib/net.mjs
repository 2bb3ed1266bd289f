// Loopback port helpers shared by every tool and test that starts a server (anvil, graph-node, PostgreSQL, the
// devnet): one implementation, so "is this port usable" means the same thing everywhere.
import { createServer } from 'node:net'

/** A TCP port nobody listens on right now (on 127.0.0.1). @returns {Promise<number>} */
export function freePort() {
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

/** Whether `port` can be listened on at 127.0.0.1 right now. @param {number} port @returns {Promise<boolean>} */
export function isPortFree(port) {
  return new Promise((resolveFree) => {
    const srv = createServer()
    srv.unref()
    srv.once('error', () => resolveFree(false))
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolveFree(true)))
  })
}
