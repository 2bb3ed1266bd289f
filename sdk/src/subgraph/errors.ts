import { AidSdkError } from "../errors/base.js";

/** Type of {@link SubgraphHttpError}. */
export type SubgraphHttpErrorType = SubgraphHttpError & { name: "SubgraphHttpError" };

/**
 * The subgraph endpoint could not be reached or answered a non-2xx HTTP status. `status` is undefined when no
 * response arrived (DNS, connection refused, CORS, abort).
 *
 * @example
 * ```ts
 * try { await fetchProtocol(subgraph) } catch (e) { if (e instanceof SubgraphHttpError) console.log(e.status) }
 * ```
 */
export class SubgraphHttpError extends AidSdkError {
  /** HTTP status, if a response arrived. */
  readonly status: number | undefined;
  /** Endpoint URL. */
  readonly url: string;
  /** First 500 characters of the response body, if any. */
  readonly body: string | undefined;
  override name = "SubgraphHttpError";

  constructor({ url, status, body, cause }: { url: string; status?: number; body?: string; cause?: unknown }) {
    super(
      status === undefined
        ? `The subgraph at ${url} could not be reached.`
        : `The subgraph at ${url} answered HTTP ${status}.`,
      { cause, ...(body ? { details: body } : {}) },
    );
    this.status = status;
    this.url = url;
    this.body = body;
  }
}

/** One entry of a GraphQL response's `errors`. */
export type GraphQLErrorEntry = {
  message: string;
  locations?: { line: number; column: number }[];
  path?: (string | number)[];
};

/** Type of {@link SubgraphQueryError}. */
export type SubgraphQueryErrorType = SubgraphQueryError & { name: "SubgraphQueryError" };

/**
 * The subgraph answered with GraphQL `errors` (invalid query, unknown field, the block is not indexed yet, the
 * subgraph failed with an indexing error, ...). `data` holds whatever partial data came with them.
 *
 * @example
 * ```ts
 * catch (e) { if (e instanceof SubgraphQueryError) for (const err of e.errors) console.log(err.message) }
 * ```
 */
export class SubgraphQueryError extends AidSdkError {
  /** The `errors` array of the response. */
  readonly errors: readonly GraphQLErrorEntry[];
  /** Partial `data`, if any. */
  readonly data: unknown;
  override name = "SubgraphQueryError";

  constructor({ errors, data }: { errors: readonly GraphQLErrorEntry[]; data: unknown }) {
    const first = errors[0]?.message ?? "unknown error";
    super(`The subgraph rejected the query: ${first}`, {
      metaMessages: errors.slice(1).map((e) => `Also: ${e.message}`),
    });
    this.errors = errors;
    this.data = data;
  }
}

/** Type of {@link SubgraphResponseError}. */
export type SubgraphResponseErrorType = SubgraphResponseError & { name: "SubgraphResponseError" };

/**
 * The response is not what the schema promises: not JSON, no `data`, or a value of the wrong type at `path` (e.g. a
 * `BigInt` that is not an integer string, an unknown enum value, null in a non-null field). Usually means the SDK's
 * generated types and the deployed subgraph's schema differ.
 *
 * @example
 * ```ts
 * catch (e) { if (e instanceof SubgraphResponseError) console.log(e.path) }
 * ```
 */
export class SubgraphResponseError extends AidSdkError {
  /** Dotted path of the bad value in `data` (empty for a whole-response problem). */
  readonly path: string;
  override name = "SubgraphResponseError";

  constructor({ path, reason, cause }: { path: string; reason: string; cause?: unknown }) {
    super(`Unexpected subgraph response${path ? ` at \`${path}\`` : ""}: ${reason}.`, {
      cause,
      metaMessages: ["Check that the subgraph is deployed from the same schema.graphql as this SDK version."],
    });
    this.path = path;
  }
}
