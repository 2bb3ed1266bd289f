/**
 * Test helper: a tiny local HTTP server standing in for graph-node's GraphQL endpoint. It records every request
 * (query text + variables) and answers with whatever `respond` returns. It is a FAKE: it checks what the client
 * sends and how it parses canned graph-node-shaped JSON, not that graph-node accepts the queries.
 */
import { type Server, createServer } from "node:http";
import type { AddressInfo } from "node:net";

export type RecordedRequest = { query: string; variables: Record<string, unknown>; headers: Record<string, unknown> };
export type CannedResponse = { status?: number; body: string | object; contentType?: string };

export type FakeSubgraph = {
  url: string;
  requests: RecordedRequest[];
  /** Replaces the responder. */
  respond: (fn: (request: RecordedRequest) => CannedResponse) => void;
  close: () => Promise<void>;
};

export async function startFakeSubgraph(): Promise<FakeSubgraph> {
  const requests: RecordedRequest[] = [];
  let responder: (request: RecordedRequest) => CannedResponse = () => ({ body: { data: {} } });
  const server: Server = createServer((req, res) => {
    let raw = "";
    req.on("data", (chunk) => {
      raw += chunk;
    });
    req.on("end", () => {
      const parsed = JSON.parse(raw) as { query: string; variables?: Record<string, unknown> };
      const recorded = { query: parsed.query, variables: parsed.variables ?? {}, headers: req.headers };
      requests.push(recorded);
      let answer: CannedResponse;
      try {
        answer = responder(recorded);
      } catch (error) {
        answer = { status: 599, body: String(error) };
      }
      res.writeHead(answer.status ?? 200, { "content-type": answer.contentType ?? "application/json" });
      res.end(typeof answer.body === "string" ? answer.body : JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/subgraphs/name/aid-protocol`,
    requests,
    respond: (fn) => {
      responder = fn;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
