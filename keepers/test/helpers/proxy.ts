/** A killable JSON-RPC HTTP proxy in front of a node, counting the requests it forwarded. */
import { type Server, createServer } from "node:http";
import type { AddressInfo } from "node:net";

export type Proxy = { url: string; requests: () => number; kill: () => Promise<void> };

export async function startProxy(target: string): Promise<Proxy> {
  let count = 0;
  const server: Server = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      count++;
      fetch(target, { method: "POST", headers: { "content-type": "application/json" }, body })
        .then(async (r) => res.writeHead(r.status, { "content-type": "application/json" }).end(await r.text()))
        .catch(() => res.writeHead(502).end());
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests: () => count,
    kill: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
