import { type GraphQLErrorEntry, SubgraphHttpError, SubgraphQueryError, SubgraphResponseError } from "./errors.js";
import { toGraphQLValue } from "./scalars.js";

/** A GraphQL endpoint of the AID subgraph (graph-node `.../subgraphs/name/<name>` or a gateway URL). */
export type SubgraphClient = {
  /** Endpoint URL. */
  readonly url: string;
  /**
   * Sends one GraphQL query (one HTTP POST) and resolves with its `data`. Variables may hold bigints and
   * BigDecimals; they are sent as decimal strings.
   *
   * @throws {SubgraphHttpError} no response or a non-2xx status without GraphQL errors
   * @throws {SubgraphQueryError} the response carries GraphQL `errors`
   * @throws {SubgraphResponseError} the body is not JSON or has no `data`
   */
  request: <data = unknown>(query: string, variables?: Record<string, unknown>) => Promise<data>;
};

/** The subset of the WHATWG `fetch` the client uses (so `src/` needs neither DOM nor Node types). */
export type FetchLike = (
  url: string,
  init: { method: "POST"; headers: Record<string, string>; body: string },
) => Promise<{ ok: boolean; status: number; text: () => Promise<string> }>;

/** Parameters of {@link createSubgraphClient}. */
export type CreateSubgraphClientParameters = {
  /** GraphQL endpoint, e.g. `http://localhost:8000/subgraphs/name/aid-protocol`. */
  url: string;
  /** `fetch` implementation (default: `globalThis.fetch`; browsers, Node ≥ 18, Deno, Bun, workers). */
  fetch?: FetchLike | undefined;
  /** Extra HTTP headers (e.g. `Authorization` for a gateway). */
  headers?: Record<string, string> | undefined;
};

/**
 * Creates a minimal GraphQL client over `fetch`: no GraphQL library, no Node built-ins, no caching or retries (wrap
 * `fetch` for those).
 *
 * @example
 * ```ts
 * import { createSubgraphClient, fetchProtocol } from "@aid-protocol/sdk/subgraph"
 *
 * const subgraph = createSubgraphClient({ url: "http://localhost:8000/subgraphs/name/aid-protocol" })
 * const protocol = await fetchProtocol(subgraph)
 * ```
 */
export function createSubgraphClient({ url, fetch: fetchFn, headers }: CreateSubgraphClientParameters): SubgraphClient {
  const globalFetch = (globalThis as { fetch?: FetchLike }).fetch;
  const doFetch: FetchLike | undefined = fetchFn ?? globalFetch?.bind(globalThis);
  async function request<data>(query: string, variables: Record<string, unknown> = {}): Promise<data> {
    if (!doFetch) throw new SubgraphHttpError({ url, cause: new Error("no fetch: pass one to createSubgraphClient") });
    let response: Awaited<ReturnType<FetchLike>>;
    try {
      response = await doFetch(url, {
        method: "POST",
        headers: { "content-type": "application/json", accept: "application/json", ...headers },
        body: JSON.stringify({ query, variables: toGraphQLValue(variables) }),
      });
    } catch (cause) {
      throw new SubgraphHttpError({ url, cause });
    }
    let text: string;
    try {
      text = await response.text();
    } catch (cause) {
      throw new SubgraphHttpError({ url, status: response.status, cause });
    }
    let body: { data?: unknown; errors?: unknown } | undefined;
    try {
      body = JSON.parse(text) as typeof body;
    } catch (cause) {
      if (!response.ok) throw new SubgraphHttpError({ url, status: response.status, body: text.slice(0, 500) });
      throw new SubgraphResponseError({ path: "", reason: "the body is not JSON", cause });
    }
    if (body !== null && typeof body === "object" && Array.isArray(body.errors) && body.errors.length > 0) {
      const errors = body.errors.map((e: unknown): GraphQLErrorEntry => {
        const entry = (e ?? {}) as Partial<GraphQLErrorEntry>;
        return { ...entry, message: typeof entry.message === "string" ? entry.message : JSON.stringify(e) };
      });
      throw new SubgraphQueryError({ errors, data: body.data ?? null });
    }
    if (!response.ok) throw new SubgraphHttpError({ url, status: response.status, body: text.slice(0, 500) });
    if (body === null || typeof body !== "object" || body.data === null || typeof body.data !== "object") {
      throw new SubgraphResponseError({ path: "", reason: "the response has no `data` object" });
    }
    return body.data as data;
  }
  return { url, request };
}
