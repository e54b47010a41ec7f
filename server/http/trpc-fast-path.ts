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
// was half the main thread's time (docs/throughput.md). The dashboard's requests are GET
// queries (httpBatchLink sends a batch of one, or the Overview's six together: through the
// adapter those cost ~13 ms more CPU than six plain answers at `large`), so those are answered
// here by calling the same procedures and writing the same envelope, status and headers with one
// `res.end`. Any other shape (HEAD, POST, a mutation, a streamed or oddly encoded request, an
// unknown procedure) goes to the adapter, and tests/http/trpc-fast-path.test.ts holds the two equal.

/** The queries a GET asks for, in the plain shape answered here. */
export interface PlainQuery {
  /** One, or several in a batch (`/trpc/a,b?batch=1`: the Overview's six). */
  calls: { path: string; procedure: AnyTRPCProcedure }[];
  /** `?batch=1`: httpBatchLink's shape, answered as an array. */
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
  // An escaped name is decoded (or refused) by the adapter.
  if (path.includes('%')) return null;
  if (search.has('connectionParams')) return null;
  const batch = search.get('batch') === '1';
  // `a,b` is a batch of several; without `batch=1` the adapter looks for a procedure named so.
  const paths = batch ? path.split(',') : [path];
  const calls: PlainQuery['calls'] = [];
  for (const name of paths) {
    const procedure = procedures[name];
    if (procedure?._def.type !== 'query') return null;
    calls.push({ path: name, procedure });
  }
  return { calls, batch, input: search.get('input') };
}

/**
 * The input of call `index` as the adapter reads it from the query string: JSON (parsed once per
 * request, `parsed`), through the router's transformer; in a batch its member `index`.
 * Unreadable input is the caller's fault (400), for every call of the request.
 */
function readInput(query: PlainQuery, index: number, parsed: { inputs?: unknown }): unknown {
  try {
    if (!('inputs' in parsed)) parsed.inputs = query.input ? JSON.parse(query.input) : undefined;
  } catch (cause) {
    throw new TRPCError({
      code: 'BAD_REQUEST',
      message: cause instanceof Error ? cause.message : 'Invalid input',
      cause,
    });
  }
  const { inputs } = parsed;
  if (inputs === undefined) return undefined;
  if (!query.batch) return config.transformer.input.deserialize(inputs);
  if (typeof inputs !== 'object' || inputs === null || Array.isArray(inputs)) {
    throw new TRPCError({
      code: 'BAD_REQUEST',
      message: '"input" needs to be an object when doing a batch call',
    });
  }
  const member = (inputs as Record<string, unknown>)[index];
  return member === undefined ? undefined : config.transformer.input.deserialize(member);
}

/**
 * Answers `query` on `res`: each call's data in `{"result":{"data":…}}` or its error shape (the
 * router's error formatter), in an array for a batch, with the status (207 when a batch's differ)
 * and headers the adapter sends, written at once with its Content-Length. As the adapter does,
 * a request has one context and its calls run together.
 */
export async function answerPlainQuery(
  res: ServerResponse,
  query: PlainQuery,
  hooks: CallHooks,
): Promise<void> {
  let ctx: Context | undefined;
  let contextFault: { cause: unknown } | null = null;
  try {
    ctx = hooks.createContext();
  } catch (cause) {
    contextFault = { cause };
  }
  const parsed: { inputs?: unknown } = {};
  const errors: TRPCError[] = [];
  const items = await Promise.all(
    query.calls.map(async ({ path }, index) => {
      let input = null as { value: unknown } | null;
      try {
        if (contextFault) throw contextFault.cause;
        const data: unknown = await callTRPCProcedure({
          router: appRouter,
          path,
          type: 'query',
          ctx,
          // As the adapter's: read once, and a fault rejects (a 400 from the input middleware).
          getRawInput: () =>
            new Promise((resolve) => {
              input ??= { value: readInput(query, index, parsed) };
              resolve(input.value);
            }),
          // No procedure reads it: work queued for a client that left is dropped via ctx.pool.
          signal: undefined,
          batchIndex: index,
        });
        return { result: { data } };
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
        return { error: shape };
      }
    }),
  );
  const envelope = query.batch ? items : items[0];
  if (!envelope) throw new Error('a plain query has at least one call');
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
  // Bytes, not a string: a remembered answer's are kept encoded (itemBytes), and the body is
  // written with its Content-Length in one corked write, head included.
  const parts: Buffer[] = [];
  if (Array.isArray(envelope)) {
    parts.push(OPEN);
    envelope.forEach((item, i) => {
      if (i > 0) parts.push(COMMA);
      parts.push(itemBytes(item));
    });
    parts.push(CLOSE);
  } else {
    parts.push(itemBytes(envelope));
  }
  let length = 0;
  for (const part of parts) length += part.length;
  res.setHeader('content-length', String(length));
  res.cork();
  for (const part of parts) res.write(part);
  res.end();
}

const OPEN = Buffer.from('[');
const COMMA = Buffer.from(',');
const CLOSE = Buffer.from(']');

// The router has no transformer (its output is the data itself), so a remembered answer's bytes
// can be remembered with it: the same object comes back from the answer memo on every hit
// (answer-memo.ts; callers never mutate it). At `large` the dimensions' 900 KB took 2-4 ms of
// the main thread to serialise on every Overview, and as a string (two bytes a character: it
// holds Persian names) another ~7 ms to encode as UTF-8 in every response's write; kept as
// UTF-8 bytes they cost half the memory of the string and are written as they are.
const probe = {};
const DATA_IS_SENT_AS_IS = config.transformer.output.serialize(probe) === probe;

const itemBytesOf = new WeakMap<object, Buffer>();

/** The remembered item (UTF-8) of a data answer, when the router sends data as it is; else undefined. */
function rememberedOf(
  item: { result: { data: unknown } } | { error: ReturnType<typeof getTRPCErrorShape> },
): Buffer | undefined {
  const data = 'result' in item ? item.result.data : undefined;
  if (!DATA_IS_SENT_AS_IS || typeof data !== 'object' || data === null || Array.isArray(data)) {
    return undefined;
  }
  let bytes = itemBytesOf.get(data);
  if (bytes === undefined) {
    bytes = Buffer.from(`{"result":{"data":${JSON.stringify(data)}}}`);
    itemBytesOf.set(data, bytes);
  }
  return bytes;
}

/** One item of the envelope as UTF-8 JSON, exactly as `JSON.stringify(transformTRPCResponse(…))`. */
function itemBytes(
  item: { result: { data: unknown } } | { error: ReturnType<typeof getTRPCErrorShape> },
): Buffer {
  return rememberedOf(item) ?? Buffer.from(JSON.stringify(transformTRPCResponse(config, item)));
}
