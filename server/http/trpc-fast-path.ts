import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  callTRPCProcedure,
  getTRPCErrorFromUnknown,
  getTRPCErrorShape,
  transformTRPCResponse,
  TRPCError,
  type AnyTRPCProcedure,
} from '@trpc/server';
import { getHTTPStatusCode } from '@trpc/server/http';
import type { Context } from '../routers/context.ts';
import { appRouter } from '../routers/index.ts';

// tRPC's Node adapter turns every request into a fetch Request, answers with a Response and
// streams its body back through web streams in chunked encoding: for a remembered summary that
// was half the main thread's time (docs/throughput.md). The dashboard's requests are nearly all
// one GET query (httpBatchLink sends a batch of one), so those are answered here by calling the
// same procedure and writing the same envelope, status and headers with one `res.end`. Any
// other shape (a batch of several, HEAD, POST, a streamed or oddly encoded request, an unknown
// procedure) goes to the adapter, and tests/http/trpc-fast-path.test.ts holds the two equal.

/** One query a GET asks for, in the plain shape answered here. */
export interface PlainQuery {
  path: string;
  procedure: AnyTRPCProcedure;
  /** `?batch=1`: httpBatchLink's shape, answered as a one-element array. */
  batch: boolean;
  /** The `input` parameter as sent (JSON), or null. */
  input: string | null;
}

/** What the tRPC handler does around a call, the same for this path and the adapter. */
export interface CallHooks {
  createContext(): Context;
  onError(error: TRPCError, path: string): void;
  /** Headers the answer carries besides tRPC's own (responseMeta's). */
  headersFor(errors: readonly TRPCError[]): Record<string, string>;
}

// Flat by full path at run time ("stats.summary"), whatever the nested type says; no null
// prototype surprises ("__proto__" is not a key of it).
const procedures = appRouter._def.procedures as unknown as Readonly<
  Record<string, AnyTRPCProcedure | undefined>
>;
const config = appRouter._def._config;

// Host values seen to make a valid URL base: the adapter builds `http://<Host><url>` and answers
// 400 when that fails, so an unusual Host is left to it. A server sees a handful of these.
const goodHosts = new Set<string>();
const MAX_GOOD_HOSTS = 64;

function hostMakesUrl(host: string | undefined): boolean {
  if (host === undefined || goodHosts.has(host)) return true;
  if (!URL.canParse(`http://${host}/`)) return false;
  if (goodHosts.size >= MAX_GOOD_HOSTS) goodHosts.clear();
  goodHosts.add(host);
  return true;
}

/**
 * The query `req` asks for when this path answers it exactly as the adapter would, else null.
 * `path` is the part after `/trpc/`; `search` the URL's parameters.
 */
export function plainQueryOf(
  req: IncomingMessage,
  path: string,
  search: URLSearchParams,
): PlainQuery | null {
  if (req.method !== 'GET') return null;
  const { headers } = req;
  // A GET with a content type may be read by another of tRPC's parsers; a streaming accept
  // (httpBatchStreamLink) wants JSON lines.
  if (headers['content-type'] !== undefined || headers['trpc-accept'] !== undefined) return null;
  if (headers.accept?.includes('application/jsonl')) return null;
  if (!hostMakesUrl(headers.host)) return null;
  // An escaped name is decoded (or refused) by the adapter; `a,b` is a batch of several.
  if (path.includes('%') || path.includes(',')) return null;
  if (search.has('connectionParams')) return null;
  const procedure = procedures[path];
  if (procedure?._def.type !== 'query') return null;
  return { path, procedure, batch: search.get('batch') === '1', input: search.get('input') };
}

/**
 * The call's input as the adapter reads it from the query string: JSON, through the router's
 * transformer; a batch's is its member "0". Unreadable input is the caller's fault (400).
 */
function readInput(query: PlainQuery): unknown {
  let inputs: unknown;
  try {
    if (query.input) inputs = JSON.parse(query.input);
  } catch (cause) {
    throw new TRPCError({
      code: 'BAD_REQUEST',
      message: cause instanceof Error ? cause.message : 'Invalid input',
      cause,
    });
  }
  if (inputs === undefined) return undefined;
  if (!query.batch) return config.transformer.input.deserialize(inputs);
  if (typeof inputs !== 'object' || inputs === null || Array.isArray(inputs)) {
    throw new TRPCError({
      code: 'BAD_REQUEST',
      message: '"input" needs to be an object when doing a batch call',
    });
  }
  const first = (inputs as Record<string, unknown>)[0];
  return first === undefined ? undefined : config.transformer.input.deserialize(first);
}

/**
 * Answers `query` on `res`: the procedure's data in `{"result":{"data":…}}` or its error shape
 * (the router's error formatter), in an array for a batch, with the status and headers the
 * adapter sends, written at once with its Content-Length.
 */
export async function answerPlainQuery(
  res: ServerResponse,
  query: PlainQuery,
  hooks: CallHooks,
): Promise<void> {
  const { path } = query;
  let input = null as { value: unknown } | null;
  let ctx: Context | undefined;
  let item;
  const errors: TRPCError[] = [];
  try {
    ctx = hooks.createContext();
    const data: unknown = await callTRPCProcedure({
      router: appRouter,
      path,
      type: 'query',
      ctx,
      // As the adapter's: read once, and a fault rejects (a 400 from the input middleware).
      getRawInput: () =>
        new Promise((resolve) => {
          input ??= { value: readInput(query) };
          resolve(input.value);
        }),
      // No procedure reads it: work queued for a client that left is dropped via ctx.pool.
      signal: undefined,
      batchIndex: 0,
    });
    item = { result: { data } };
  } catch (cause) {
    const error = getTRPCErrorFromUnknown(cause);
    errors.push(error);
    hooks.onError(error, path);
    const shape = getTRPCErrorShape({
      config,
      ctx,
      error,
      input: input?.value,
      path,
      type: 'query',
    });
    item = { error: shape };
  }
  const envelope = query.batch ? [item] : item;
  // tRPC's own two headers, then responseMeta's, set under lower-case names as the adapter does.
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    vary: 'trpc-accept, accept',
  };
  for (const [name, value] of Object.entries(hooks.headersFor(errors))) {
    headers[name.toLowerCase()] = value;
  }
  for (const name of Object.keys(headers).sort()) res.setHeader(name, headers[name] ?? '');
  if (res.statusCode === 200) res.statusCode = getHTTPStatusCode(envelope);
  // One string: Node sends the head and the body in one write, with a Content-Length.
  res.end(JSON.stringify(transformTRPCResponse(config, envelope)));
}
