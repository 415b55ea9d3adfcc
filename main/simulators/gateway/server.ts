/**
 * The CardPointe Gateway simulator's HTTP server on 127.0.0.1: Basic auth, the REST routes under
 * /cardconnect/rest/, programmed faults, UAT's rate limit and field shuffling, and the test-only
 * control API under /__control/.
 */
import { randomInt } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

import { z } from 'zod';

import { createLogger } from '../../log/logger';
import {
  FaultQueue,
  RATE_LIMITED_ENDPOINTS,
  RateLimiter,
  type SimulatorFault,
  SimulatorFaultSchema,
} from './faults';
import { Ledger, type ReplyBody } from './ledger';
import { SeededRandom } from './random';
import { type SimulatedTransaction, StateStore } from './state';

export const UAT_TEST_CREDENTIALS = { user: 'testing', password: 'testing123' } as const;
export const UAT_MERCHANT_ID = '496160873888';
export const REST_PREFIX = '/cardconnect/rest';
export const CONTROL_PREFIX = '/__control';

/** Largest request body the simulator reads; the gateway's largest field (a signature) is 6 KiB. */
const MAX_BODY_BYTES = 256 * 1024;

export interface GatewaySimulatorOptions {
  /** TCP port; 0 (the default) picks a free one. The server always binds 127.0.0.1. */
  port?: number;
  /** JSON file for the state (demo mode); null or absent keeps it in memory. */
  stateFile?: string | null;
  /** Accepted Basic credentials. Default: the public UAT pair testing / testing123. */
  credentials?: { user: string; password: string }[];
  /** Merchant ids the credentials may use. Default: the public UAT merchant 496160873888. */
  merchantIds?: string[];
  /** Serves the test-only control routes under /__control/. Default false; packaged builds reject it. */
  controlApi?: boolean;
  /** UAT's shuffled field order, junk fields and rate limit. Default false. */
  uatFidelity?: boolean;
  /** UAT's rate limit on its own. Default: on with `uatFidelity`, off otherwise. */
  rateLimit?: boolean;
  /** Seed for retrefs, auth codes and shuffling; random when absent. */
  seed?: number;
  /** Delay before the "Timed out" reply of the timeout test cards, ms. UAT waits 32 s. Default 0. */
  timeoutCardDelayMs?: number;
  /** Site name reported by `inquireMerchant`. Default `fts-uat`. */
  site?: string;
  /** Clock for dates, settlement days and the rate limit. Default: the system clock. */
  now?: () => Date;
}

export interface RecordedRequest {
  method: string;
  /** Path and query, as received. */
  path: string;
  /** Parsed JSON body, the raw text when it is not JSON, or null when empty. */
  body: unknown;
  headers: Record<string, string>;
  /** The simulator's reply; null while pending or when the connection was dropped. */
  reply: { status: number; contentType: string | null; body: string } | null;
}

export interface GatewaySimulator {
  /** Base URL, e.g. http://127.0.0.1:PORT. */
  url: string;
  /** `url` + /cardconnect/rest. */
  restUrl: string;
  /** Copies of every transaction, in the order they were created. */
  transactions(): SimulatedTransaction[];
  /** Every request received, in order (REST and base URL; control requests excluded). */
  requests(): RecordedRequest[];
  clearRequests(): void;
  /** Moves every Queued for Capture transaction to Accepted. */
  runSettlement(): void;
  setMerchantSwitch(merchantId: string, name: 'unsettledRefunds', on: boolean): void;
  /** Arms a fault for the next `count` (default 1) matching requests. */
  injectFault(fault: SimulatorFault): void;
  clearFaults(): void;
  setTimeoutCardDelay(ms: number): void;
  setRateLimit(on: boolean): void;
  close(): Promise<void>;
}

const log = createLogger('simulator.gateway');

const MerchantSwitchSchema = z.object({
  merchantId: z.string().min(1),
  name: z.literal('unsettledRefunds'),
  on: z.boolean(),
});
const ControlOptionsSchema = z.object({
  timeoutCardDelayMs: z.number().int().nonnegative().optional(),
  rateLimit: z.boolean().optional(),
});

class HttpReply {
  constructor(
    readonly status: number,
    readonly body: string,
    readonly contentType: string | null,
    readonly headers: Record<string, string> = {},
  ) {}

  static json(status: number, body: unknown, headers: Record<string, string> = {}): HttpReply {
    return new HttpReply(status, JSON.stringify(body), 'application/json;charset=UTF-8', headers);
  }

  static notFound(path: string): HttpReply {
    return HttpReply.json(404, {
      timestamp: new Date().toISOString(),
      status: 404,
      error: 'Not Found',
      path,
    });
  }
}

export async function startGatewaySimulator(
  options: GatewaySimulatorOptions = {},
): Promise<GatewaySimulator> {
  if (options.controlApi === true && process.env.CARDLANE_PACKAGED_BUILD === '1') {
    throw new Error('The gateway simulator control API is not available in packaged builds.');
  }
  const now = options.now ?? (() => new Date());
  const random = new SeededRandom(options.seed ?? randomInt(2 ** 31));
  const credentials = options.credentials ?? [UAT_TEST_CREDENTIALS];
  const store = new StateStore(options.stateFile ?? null);
  const ledger = new Ledger(store, {
    merchantIds: options.merchantIds ?? [UAT_MERCHANT_ID],
    currency: 'USD',
    site: options.site ?? 'fts-uat',
    random,
    now,
  });
  const faults = new FaultQueue();
  const limiter = new RateLimiter(() => now().getTime());
  const uatFidelity = options.uatFidelity === true;
  let rateLimit = options.rateLimit ?? uatFidelity;
  let timeoutCardDelayMs = options.timeoutCardDelayMs ?? 0;
  const recorded: RecordedRequest[] = [];

  const sockets = new Set<Socket>();
  const timers = new Set<{ timer: NodeJS.Timeout; resolve: () => void }>();
  let closed = false;

  function sleep(ms: number): Promise<void> {
    if (ms <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const entry = {
        timer: setTimeout(() => {
          timers.delete(entry);
          resolve();
        }, ms),
        resolve,
      };
      timers.add(entry);
    });
  }

  function credentialsMatch(header: string | undefined): boolean {
    const match = /^Basic ([A-Za-z0-9+/]+=*)$/.exec(header ?? '');
    if (match === null) return false;
    const decoded = Buffer.from(match[1] ?? '', 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return false;
    const user = decoded.slice(0, colon);
    const password = decoded.slice(colon + 1);
    return credentials.some((entry) => entry.user === user && entry.password === password);
  }

  /** Shuffles the field order and adds junk fields, as UAT does, when fidelity mode is on. */
  function dress(body: ReplyBody | ReplyBody[]): unknown {
    if (!uatFidelity) return body;
    if (Array.isArray(body)) return body.map((item) => dress(item));
    const entries = Object.entries(body);
    const junkCount = 1 + random.integer(3);
    for (let index = 0; index < junkCount; index += 1) {
      const shapes: unknown[] = [
        {},
        [random.letters(4), random.digits(3)],
        random.letters(6),
        { [random.letters(3)]: [] },
      ];
      entries.push([random.letters(5), shapes[random.integer(shapes.length)]]);
    }
    return Object.fromEntries(random.shuffle(entries));
  }

  function jsonReply(
    body: ReplyBody | ReplyBody[],
    headers: Record<string, string> = {},
  ): HttpReply {
    return HttpReply.json(200, dress(body), headers);
  }

  /** Routes one authenticated REST request. Returns the reply and, for timeout cards, a delay. */
  function route(
    method: string,
    segments: string[],
    query: URLSearchParams,
    body: unknown,
    path: string,
  ): { reply: HttpReply; delayMs: number } {
    const endpoint = segments[0] ?? '';
    const writes = method === 'PUT' || method === 'POST';
    const ok = (reply: HttpReply) => ({ reply, delayMs: 0 });
    const methodNotAllowed = () =>
      ok(
        HttpReply.json(405, {
          timestamp: now().toISOString(),
          status: 405,
          error: 'Method Not Allowed',
          path,
        }),
      );

    const writeEndpoints = ['auth', 'capture', 'void', 'refund', 'voidByOrderId'];
    if (writeEndpoints.includes(endpoint) && segments.length === 1) {
      if (!writes) return methodNotAllowed();
      if (body === null || typeof body !== 'object' || Array.isArray(body)) {
        return ok(new HttpReply(400, '', null));
      }
      const request = body as ReplyBody;
      switch (endpoint) {
        case 'auth': {
          const outcome = ledger.auth(request);
          return {
            reply: jsonReply(outcome.body),
            delayMs: outcome.timesOut ? timeoutCardDelayMs : 0,
          };
        }
        case 'capture':
          return ok(jsonReply(ledger.capture(request)));
        case 'void':
          return ok(jsonReply(ledger.void(request)));
        case 'refund':
          return ok(jsonReply(ledger.refund(request)));
        default:
          return ok(jsonReply(ledger.voidByOrderId(request)));
      }
    }

    const readEndpoints = ['inquire', 'inquireByOrderid', 'settlestat', 'inquireMerchant'];
    if (!readEndpoints.includes(endpoint)) return ok(HttpReply.notFound(path));
    if (method !== 'GET') return methodNotAllowed();

    if (endpoint === 'inquire' && segments.length === 3) {
      return ok(jsonReply(ledger.inquire(segments[1] ?? '', segments[2] ?? '')));
    }
    if (endpoint === 'inquireByOrderid' && (segments.length === 3 || segments.length === 4)) {
      const sameMerchantOnly = segments[3] === '1';
      return ok(
        jsonReply(ledger.inquireByOrderid(segments[1] ?? '', segments[2] ?? '', sameMerchantOnly)),
      );
    }
    if (endpoint === 'inquireMerchant' && segments.length === 2) {
      return ok(jsonReply(ledger.inquireMerchant(segments[1] ?? '')));
    }
    if (endpoint === 'settlestat' && segments.length === 1) {
      const merchantId = query.get('merchid');
      if (merchantId === null) return ok(new HttpReply(400, '', null));
      const batches = ledger.settlestat(merchantId, query.get('date'), query.get('batchid'));
      if (batches === null)
        return ok(new HttpReply(200, 'Null batches', 'text/plain;charset=UTF-8'));
      return ok(jsonReply(batches));
    }
    return ok(HttpReply.notFound(path));
  }

  function control(method: string, path: string, body: unknown): HttpReply {
    const name = path.slice(CONTROL_PREFIX.length + 1);
    try {
      if (method === 'POST' && name === 'settlement') {
        return HttpReply.json(200, { batches: ledger.runSettlement() });
      }
      if (method === 'POST' && name === 'merchant-switch') {
        const input = MerchantSwitchSchema.parse(body);
        ledger.setMerchantSwitch(input.merchantId, input.name, input.on);
        return HttpReply.json(200, { ok: true });
      }
      if (method === 'POST' && name === 'faults') {
        const list = Array.isArray(body) ? body : [body];
        for (const item of list) faults.add(SimulatorFaultSchema.parse(item));
        return HttpReply.json(200, { ok: true });
      }
      if (method === 'DELETE' && name === 'faults') {
        faults.clear();
        return HttpReply.json(200, { ok: true });
      }
      if (method === 'POST' && name === 'options') {
        const input = ControlOptionsSchema.parse(body);
        if (input.timeoutCardDelayMs !== undefined) timeoutCardDelayMs = input.timeoutCardDelayMs;
        if (input.rateLimit !== undefined) rateLimit = input.rateLimit;
        return HttpReply.json(200, { ok: true });
      }
      if (method === 'GET' && name === 'transactions') {
        store.refresh();
        return HttpReply.json(200, ledger.transactions());
      }
      if (method === 'GET' && name === 'requests') {
        return HttpReply.json(200, recorded);
      }
    } catch (error) {
      if (error instanceof z.ZodError) {
        return HttpReply.json(400, { error: 'Invalid control request.', issues: error.issues });
      }
      throw error;
    }
    return HttpReply.notFound(path);
  }

  async function handle(
    request: http.IncomingMessage,
    response: http.ServerResponse,
    raw: string,
  ): Promise<void> {
    const method = (request.method ?? 'GET').toUpperCase();
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const path = url.pathname;
    let body: unknown = null;
    if (raw.length > 0) {
      try {
        body = JSON.parse(raw);
      } catch {
        body = raw;
      }
    }

    if (
      options.controlApi === true &&
      (path === CONTROL_PREFIX || path.startsWith(`${CONTROL_PREFIX}/`))
    ) {
      send(response, control(method, path, body));
      return;
    }

    const headers: Record<string, string> = {};
    for (const [key, value] of Object.entries(request.headers)) {
      if (typeof value === 'string') headers[key] = value;
    }
    const entry: RecordedRequest = {
      method,
      path: `${path}${url.search}`,
      body,
      headers,
      reply: null,
    };
    recorded.push(entry);
    const answer = (reply: HttpReply) => {
      entry.reply = { status: reply.status, contentType: reply.contentType, body: reply.body };
      send(response, reply);
    };

    if (path !== REST_PREFIX && !path.startsWith(`${REST_PREFIX}/`)) {
      answer(HttpReply.notFound(path));
      return;
    }
    if (!credentialsMatch(request.headers.authorization)) {
      answer(new HttpReply(401, '', null));
      return;
    }
    store.refresh();

    const segments = path
      .slice(REST_PREFIX.length)
      .split('/')
      .filter((segment) => segment.length > 0)
      .map((segment) => decodeURIComponent(segment));
    if (segments.length === 0) {
      answer(new HttpReply(200, 'CardConnect REST Servlet', 'text/plain;charset=UTF-8'));
      return;
    }
    const endpoint = segments[0] ?? '';

    const fault = faults.take(method, endpoint);
    if (fault?.kind === 'delay') await sleep(fault.delayMs ?? 0);
    if (closed) return;
    if (fault?.kind === 'drop_before_commit') {
      request.socket.destroy();
      return;
    }
    const failure = fault === null ? null : failureReply(fault);
    if (failure !== null && fault?.commit !== true) {
      answer(failure);
      return;
    }

    let rateHeaders: Record<string, string> = {};
    if (rateLimit && RATE_LIMITED_ENDPOINTS.has(endpoint)) {
      const decision = limiter.check(endpoint);
      if (!decision.allowed) {
        answer(
          new HttpReply(429, '', null, {
            'X-Rate-Limit-Retry-After-Seconds': String(decision.retryAfterSeconds),
          }),
        );
        return;
      }
      rateHeaders = { 'X-Rate-Limit-Remaining': String(decision.remaining) };
    }

    const routed = route(method, segments, url.searchParams, body, path);
    await sleep(routed.delayMs);
    if (closed) return;

    if (fault?.kind === 'drop_after_commit') {
      request.socket.destroy();
      return;
    }
    if (failure !== null) {
      answer(failure);
      return;
    }
    if (fault?.kind === 'malformed_json') {
      const cut = routed.reply.body.slice(0, Math.max(1, Math.floor(routed.reply.body.length / 2)));
      answer(new HttpReply(200, cut, 'application/json;charset=UTF-8'));
      return;
    }
    const reply = routed.reply;
    answer(
      new HttpReply(reply.status, reply.body, reply.contentType, {
        ...reply.headers,
        ...rateHeaders,
      }),
    );
  }

  function failureReply(fault: SimulatorFault): HttpReply | null {
    switch (fault.kind) {
      case 'http_500':
        return new HttpReply(500, '', null);
      case 'bad_gateway_html':
        return new HttpReply(502, '<html>Bad Gateway</html>', 'text/html');
      case 'html_ok':
        return new HttpReply(
          200,
          '<html><body><h1>Service Temporarily Unavailable</h1></body></html>',
          'text/html',
        );
      case 'rate_limited':
        return new HttpReply(429, '', null, {
          'X-Rate-Limit-Retry-After-Seconds': String(fault.retryAfterSeconds ?? 60),
        });
      case 'unauthorized':
        return new HttpReply(401, '', null);
      case 'not_found':
        return HttpReply.notFound(`${REST_PREFIX}/${fault.endpoint ?? ''}`);
      case 'json_reply':
        return HttpReply.json(200, fault.body ?? {});
      default:
        return null;
    }
  }

  function send(response: http.ServerResponse, reply: HttpReply): void {
    if (response.destroyed) return;
    const headers: Record<string, string> = {
      ...reply.headers,
      'Content-Length': String(Buffer.byteLength(reply.body)),
    };
    if (reply.contentType !== null) headers['Content-Type'] = reply.contentType;
    response.writeHead(reply.status, headers);
    response.end(reply.body);
  }

  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        send(response, new HttpReply(413, '', null));
        request.socket.destroy();
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => {
      if (size > MAX_BODY_BYTES) return;
      handle(request, response, Buffer.concat(chunks).toString('utf8')).catch((error: unknown) => {
        log.error('gateway simulator failed to handle a request', {
          error,
          method: request.method,
        });
        if (!response.headersSent) send(response, new HttpReply(500, '', null));
      });
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;
  log.info('gateway simulator listening', {
    url,
    stateFile: options.stateFile ?? null,
    uatFidelity,
  });

  return {
    url,
    restUrl: `${url}${REST_PREFIX}`,
    transactions: () => {
      store.refresh();
      return ledger.transactions();
    },
    requests: () =>
      recorded.map((entry) => ({
        ...entry,
        reply: entry.reply === null ? null : { ...entry.reply },
      })),
    clearRequests: () => {
      recorded.length = 0;
    },
    runSettlement: () => {
      store.refresh();
      ledger.runSettlement();
    },
    setMerchantSwitch: (merchantId, name, on) => {
      store.refresh();
      ledger.setMerchantSwitch(merchantId, name, on);
    },
    injectFault: (fault) => faults.add(fault),
    clearFaults: () => faults.clear(),
    setTimeoutCardDelay: (ms) => {
      timeoutCardDelayMs = ms;
    },
    setRateLimit: (on) => {
      rateLimit = on;
    },
    close: async () => {
      if (closed) return;
      closed = true;
      for (const entry of timers) {
        clearTimeout(entry.timer);
        entry.resolve();
      }
      timers.clear();
      const done = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      await done;
      log.info('gateway simulator stopped', { url });
    },
  };
}
