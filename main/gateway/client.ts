/**
 * The CardPointe Gateway client. Calls that can move money (auth, capture, void, refund,
 * voidByOrderId) are sent once and never retried by the client: a lost reply becomes
 * GatewayOutcomeUnknownError and the caller recovers by order id. Read-only calls retry with
 * backoff and jitter, and respect HTTP 429.
 */
import http from 'node:http';
import { performance } from 'node:perf_hooks';

import {
  type CurrencyInfo,
  MAX_GATEWAY_AMOUNT_MINOR,
  toDecimalString,
  USD,
} from '../../common/money';
import { createLogger, type Logger } from '../log/logger';
import { noteResponseCode } from './codes';
import { createTlsAgent, type Endpoint, REST_PATH, resolveEndpoint } from './endpoint';
import {
  GatewayBadRequestError,
  GatewayCredentialsRejectedError,
  GatewayError,
  GatewayInvalidRequestError,
  GatewayMalformedReplyError,
  GatewayOutcomeUnknownError,
  GatewayPathNotFoundError,
  GatewayRateLimitedError,
  GatewayUnavailableError,
} from './errors';
import {
  classifyAuth,
  classifyCapture,
  classifyRefund,
  classifyVoid,
  parseInquiry,
  parseMerchant,
  parseOrderInquiry,
  parseSettlement,
  peekCode,
  ReplyShapeError,
} from './replies';
import { exchange, type HttpReply, TransportError } from './transport';
import type {
  GatewayClient,
  GatewayCredentials,
  GatewayEnvironment,
  GatewayResponseCode,
} from './types';

/**
 * Wait for calls that can authorize or reverse at the processor. The gateway gives the processor
 * 31 s and returns "Timed out" (B/62) at about 32 s; 45 s leaves room for the network and TLS,
 * so a slow approval arrives instead of becoming an unknown outcome.
 */
export const AUTHORIZING_TIMEOUT_MS = 45_000;
/** Wait for inquiries, settlement status and merchant data, which the gateway serves from its own records. */
export const READ_TIMEOUT_MS = 15_000;
/** Wait for the credential test on the base URL, run from the settings screen. */
export const CREDENTIAL_TEST_TIMEOUT_MS = 10_000;
/** Attempts for a read-only call, the first included. */
export const READ_ATTEMPTS = 3;
/** First backoff before retrying a read-only call; doubled per retry, with jitter. */
export const READ_RETRY_BASE_DELAY_MS = 500;
export const READ_RETRY_MAX_DELAY_MS = 4_000;
/**
 * Longest `X-Rate-Limit-Retry-After-Seconds` a read-only call waits out by itself; above it the
 * caller gets GatewayRateLimitedError with the server's wait. UAT's window is one minute.
 */
export const MAX_RATE_LIMIT_WAIT_MS = 10_000;

export interface GatewayClientOptions {
  environment: GatewayEnvironment;
  /** Site name from the merchant's welcome kit (`^[a-z0-9-]+$`); null in demo mode. */
  site: string | null;
  credentials: GatewayCredentials;
  /** The environment the credentials belong to; any mismatch is rejected before a socket opens. */
  credentialsEnvironment: GatewayEnvironment;
  /**
   * Origin of a gateway on loopback, `http(s)://127.0.0.1:PORT` or `http(s)://[::1]:PORT`: the
   * simulator in demo mode, or a test server when `allowLoopbackForTests` is set.
   */
  loopbackOrigin?: string;
  /** Allows `loopbackOrigin` outside demo mode. Tests only. */
  allowLoopbackForTests?: boolean;
  logger?: Logger;
  currency?: CurrencyInfo;
  /** Overrides of the timeouts above, ms. */
  timeouts?: { authorizingMs?: number; readMs?: number; credentialTestMs?: number };
  /** Overrides of the read-only retry policy above. */
  retry?: {
    attempts?: number;
    baseDelayMs?: number;
    maxDelayMs?: number;
    maxRateLimitWaitMs?: number;
  };
}

interface CallSpec {
  endpoint: string;
  method: 'GET' | 'PUT' | 'POST';
  /** Path below /cardconnect/rest, starting with '/'. */
  path: string;
  body?: Record<string, unknown>;
  movesMoney: boolean;
  timeoutMs: number;
  /** Ids for the log line. */
  orderId?: string;
  retref?: string;
}

const MERCHANT_ID = /^[A-Za-z0-9]{1,16}$/;
const RETREF = /^[A-Za-z0-9]{1,14}$/;
/** Order ids as Cardlane generates them; the gateway takes up to 50 characters. */
const ORDER_ID = /^[A-Za-z0-9._-]{1,50}$/;

function check(value: string, pattern: RegExp, name: string, endpoint: string): string {
  if (typeof value !== 'string' || !pattern.test(value)) {
    throw new GatewayInvalidRequestError(`The ${name} for ${endpoint} is invalid.`, endpoint);
  }
  return value;
}

function checkAmount(minor: number, endpoint: string, allowZero = false): void {
  if (
    !Number.isSafeInteger(minor) ||
    minor < (allowZero ? 0 : 1) ||
    minor > MAX_GATEWAY_AMOUNT_MINOR
  ) {
    throw new GatewayInvalidRequestError(
      `The amount for ${endpoint} must be a positive whole number of minor units.`,
      endpoint,
    );
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export function createGatewayClient(options: GatewayClientOptions): GatewayClient {
  const endpoint: Endpoint = resolveEndpoint(options);
  const logger = options.logger ?? createLogger('gateway');
  const currency = options.currency ?? USD;

  /** Sets `amount` for a partial void or refund; without one the gateway acts on the whole amount. */
  const addOptionalAmount = (
    body: Record<string, unknown>,
    amountMinor: number | undefined,
    endpointName: string,
  ): void => {
    if (amountMinor === undefined) return;
    checkAmount(amountMinor, endpointName);
    body.amount = toDecimalString(amountMinor, currency);
  };

  const timeouts = {
    authorizingMs: options.timeouts?.authorizingMs ?? AUTHORIZING_TIMEOUT_MS,
    readMs: options.timeouts?.readMs ?? READ_TIMEOUT_MS,
    credentialTestMs: options.timeouts?.credentialTestMs ?? CREDENTIAL_TEST_TIMEOUT_MS,
  };
  const retry = {
    attempts: options.retry?.attempts ?? READ_ATTEMPTS,
    baseDelayMs: options.retry?.baseDelayMs ?? READ_RETRY_BASE_DELAY_MS,
    maxDelayMs: options.retry?.maxDelayMs ?? READ_RETRY_MAX_DELAY_MS,
    maxRateLimitWaitMs: options.retry?.maxRateLimitWaitMs ?? MAX_RATE_LIMIT_WAIT_MS,
  };

  // Basic auth from the UTF-8 bytes of user:password, so non-ASCII passwords work. The header is
  // kept in this closure only and never logged.
  const authorization = `Basic ${Buffer.from(
    `${options.credentials.user}:${options.credentials.password}`,
    'utf8',
  ).toString('base64')}`;

  // Money-moving calls use a fresh connection each time, so a stale keep-alive socket cannot
  // turn a request that never left into an unknown outcome. Reads reuse connections.
  const secure = endpoint.protocol === 'https:';
  const readAgent = secure ? createTlsAgent(true) : new http.Agent({ keepAlive: true });
  const moneyAgent = secure ? createTlsAgent(false) : new http.Agent({ keepAlive: false });

  function failure(
    spec: CallSpec,
    message: string,
    httpStatus?: number,
    cause?: unknown,
  ): GatewayError {
    const details = { endpoint: spec.endpoint, httpStatus, cause };
    if (spec.movesMoney) {
      return new GatewayOutcomeUnknownError(
        `${message} The ${spec.endpoint} request may have been processed; check it by order id before trying again.`,
        details,
      );
    }
    return new GatewayMalformedReplyError(message, details);
  }

  /** Sends one request and checks the status. Raises the typed error for anything but HTTP 200. */
  async function sendOnce(spec: CallSpec): Promise<HttpReply> {
    const body = spec.body === undefined ? null : JSON.stringify(spec.body);
    const headers: Record<string, string> = {
      Authorization: authorization,
      Accept: 'application/json',
    };
    if (body !== null) {
      headers['Content-Type'] = 'application/json';
      headers['Content-Length'] = String(Buffer.byteLength(body));
    }

    let reply: HttpReply;
    try {
      reply = await exchange(endpoint, {
        method: spec.method,
        path: `${REST_PATH}${spec.path}`,
        headers,
        body,
        timeoutMs: spec.timeoutMs,
        agent: spec.movesMoney ? moneyAgent : readAgent,
      });
    } catch (error) {
      if (!(error instanceof TransportError)) throw error;
      const details = { endpoint: spec.endpoint, cause: error };
      if (spec.movesMoney && error.maySent) {
        throw new GatewayOutcomeUnknownError(
          `${error.message} The ${spec.endpoint} request may have been processed; check it by order id before trying again.`,
          details,
        );
      }
      throw new GatewayUnavailableError(
        `The gateway at ${endpoint.origin} could not be reached: ${error.message}`,
        details,
      );
    }

    const details = { endpoint: spec.endpoint, httpStatus: reply.status };
    switch (true) {
      case reply.status === 200:
        return reply;
      case reply.status === 401:
        throw new GatewayCredentialsRejectedError(details);
      case reply.status === 404:
        throw new GatewayPathNotFoundError(details);
      case reply.status === 400:
        throw new GatewayBadRequestError(details);
      case reply.status === 429:
        throw new GatewayRateLimitedError(retryAfterSeconds(reply), details);
      case spec.movesMoney:
        throw new GatewayOutcomeUnknownError(
          `The gateway returned HTTP ${reply.status} to ${spec.endpoint}; the request may have been processed, so check it by order id before trying again.`,
          details,
        );
      default:
        throw new GatewayUnavailableError(
          `The gateway returned HTTP ${reply.status} to ${spec.endpoint}.`,
          details,
        );
    }
  }

  /** Parses a JSON reply after checking its content type. */
  function parseJson(spec: CallSpec, reply: HttpReply): unknown {
    if (reply.mediaType !== 'application/json') {
      throw failure(
        spec,
        `The gateway answered ${spec.endpoint} with ${reply.mediaType || 'no content type'}, not JSON.`,
        reply.status,
      );
    }
    try {
      return JSON.parse(reply.body) as unknown;
    } catch (error) {
      throw failure(
        spec,
        `The gateway's ${spec.endpoint} reply is not valid JSON.`,
        reply.status,
        error,
      );
    }
  }

  function logCall(
    spec: CallSpec,
    started: number,
    attempt: number,
    outcome: { status?: number; code?: GatewayResponseCode | null; error?: GatewayError },
  ): void {
    const fields: Record<string, unknown> = {
      method: spec.method,
      path: `${REST_PATH}${spec.path}`,
      endpoint: spec.endpoint,
      orderid: spec.orderId,
      retref: spec.retref,
      status: outcome.status ?? outcome.error?.httpStatus ?? null,
      respstat: outcome.code?.respstat,
      respcode: outcome.code?.respcode,
      durationMs: Math.round(performance.now() - started),
      attempt,
    };
    if (outcome.error === undefined) {
      logger.info('gateway call', fields);
    } else {
      logger.warn('gateway call failed', {
        ...fields,
        reason: outcome.error.reason,
        error: outcome.error.message,
      });
    }
  }

  /**
   * Runs a call: once for money-moving calls, with retries for read-only ones. `interpret` turns
   * the HTTP 200 reply into the result and may raise ReplyShapeError for a reply of the wrong shape.
   */
  async function run<T>(spec: CallSpec, interpret: (reply: HttpReply) => T): Promise<T> {
    const attempts = spec.movesMoney ? 1 : Math.max(1, retry.attempts);
    for (let attempt = 1; ; attempt += 1) {
      const started = performance.now();
      try {
        const reply = await sendOnce(spec);
        let result: T;
        try {
          result = interpret(reply);
        } catch (error) {
          if (error instanceof ReplyShapeError)
            throw failure(spec, error.message, reply.status, error);
          throw error;
        }
        logCall(spec, started, attempt, { status: reply.status, code: codeForLog(reply) });
        return result;
      } catch (error) {
        if (!(error instanceof GatewayError)) throw error;
        logCall(spec, started, attempt, { error });
        const delay = retryDelay(error, attempt);
        if (attempt >= attempts || delay === null) throw error;
        logger.info('gateway call retrying', {
          endpoint: spec.endpoint,
          attempt,
          delayMs: delay,
          reason: error.reason,
        });
        await sleep(delay);
      }
    }
  }

  function codeForLog(reply: HttpReply): GatewayResponseCode | null {
    if (reply.mediaType !== 'application/json') return null;
    try {
      const value = JSON.parse(reply.body) as unknown;
      return peekCode(Array.isArray(value) ? value[0] : value);
    } catch {
      return null;
    }
  }

  /** Milliseconds to wait before retrying a read-only call, or null when it must not be retried. */
  function retryDelay(error: GatewayError, attempt: number): number | null {
    if (error instanceof GatewayRateLimitedError) {
      if (error.retryAfterSeconds === null) return backoff(attempt);
      const wait = error.retryAfterSeconds * 1000;
      return wait <= retry.maxRateLimitWaitMs ? wait : null;
    }
    if (error instanceof GatewayUnavailableError || error instanceof GatewayMalformedReplyError) {
      return backoff(attempt);
    }
    // Rejected credentials, a wrong path or a bad request fail the same way every time.
    return null;
  }

  function backoff(attempt: number): number {
    const ceiling = Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** (attempt - 1));
    return Math.round(ceiling / 2 + Math.random() * (ceiling / 2));
  }

  function transactionCall<T>(spec: CallSpec, classify: (value: unknown) => T): Promise<T> {
    return run(spec, (reply) => {
      const value = parseJson(spec, reply);
      const code = peekCode(value);
      if (code !== null) noteResponseCode(logger, spec.endpoint, code);
      return classify(value);
    });
  }

  const client: GatewayClient = {
    environment: options.environment,
    origin: endpoint.origin,

    async auth(request) {
      const endpointName = 'auth';
      check(request.merchantId, MERCHANT_ID, 'merchant id', endpointName);
      check(request.orderId, ORDER_ID, 'order id', endpointName);
      check(request.account, /^\d{13,19}$/, 'account', endpointName);
      check(request.expiry, /^(0[1-9]|1[0-2])\d{2}$/, 'expiry (MMYY)', endpointName);
      if (request.cvv2 !== undefined) check(request.cvv2, /^\d{3,4}$/, 'CVV', endpointName);
      if (request.postal !== undefined)
        check(request.postal, /^[A-Za-z0-9 -]{1,9}$/, 'postal code', endpointName);
      checkAmount(request.amountMinor, endpointName);

      const body: Record<string, unknown> = {
        merchid: request.merchantId,
        account: request.account,
        expiry: request.expiry,
        amount: toDecimalString(request.amountMinor, currency),
        currency: currency.code,
        orderid: request.orderId,
        capture: request.capture ? 'Y' : 'N',
        bin: request.bin === false ? 'N' : 'Y',
      };
      if (request.cvv2 !== undefined) body.cvv2 = request.cvv2;
      if (request.postal !== undefined) body.postal = request.postal;
      return transactionCall(
        {
          endpoint: endpointName,
          method: 'POST',
          path: '/auth',
          body,
          movesMoney: true,
          timeoutMs: timeouts.authorizingMs,
          orderId: request.orderId,
        },
        (value) => classifyAuth(value, request, currency),
      );
    },

    async capture(request) {
      const endpointName = 'capture';
      check(request.merchantId, MERCHANT_ID, 'merchant id', endpointName);
      check(request.retref, RETREF, 'retref', endpointName);
      const body: Record<string, unknown> = { merchid: request.merchantId, retref: request.retref };
      if (request.amountMinor !== undefined) {
        checkAmount(request.amountMinor, endpointName);
        body.amount = toDecimalString(request.amountMinor, currency);
      }
      return transactionCall(
        {
          endpoint: endpointName,
          method: 'POST',
          path: '/capture',
          body,
          movesMoney: true,
          timeoutMs: timeouts.authorizingMs,
          retref: request.retref,
        },
        (value) => classifyCapture(value, request.retref, currency),
      );
    },

    async void(merchantId, retref, amountMinor) {
      const endpointName = 'void';
      check(merchantId, MERCHANT_ID, 'merchant id', endpointName);
      check(retref, RETREF, 'retref', endpointName);
      const body: Record<string, unknown> = { merchid: merchantId, retref };
      addOptionalAmount(body, amountMinor, endpointName);
      return transactionCall(
        {
          endpoint: endpointName,
          method: 'POST',
          path: '/void',
          body,
          movesMoney: true,
          timeoutMs: timeouts.authorizingMs,
          retref,
        },
        (value) => classifyVoid(value, currency),
      );
    },

    async refund(merchantId, retref, amountMinor) {
      const endpointName = 'refund';
      check(merchantId, MERCHANT_ID, 'merchant id', endpointName);
      check(retref, RETREF, 'retref', endpointName);
      const body: Record<string, unknown> = { merchid: merchantId, retref };
      addOptionalAmount(body, amountMinor, endpointName);
      return transactionCall(
        {
          endpoint: endpointName,
          method: 'POST',
          path: '/refund',
          body,
          movesMoney: true,
          timeoutMs: timeouts.authorizingMs,
          retref,
        },
        (value) => classifyRefund(value, currency),
      );
    },

    async inquire(merchantId, retref) {
      const endpointName = 'inquire';
      check(merchantId, MERCHANT_ID, 'merchant id', endpointName);
      check(retref, RETREF, 'retref', endpointName);
      return transactionCall(
        {
          endpoint: endpointName,
          method: 'GET',
          path: `/inquire/${encodeURIComponent(retref)}/${encodeURIComponent(merchantId)}`,
          movesMoney: false,
          timeoutMs: timeouts.readMs,
          retref,
        },
        (value) => parseInquiry(value, currency),
      );
    },

    async inquireByOrderid(merchantId, orderId) {
      const endpointName = 'inquireByOrderid';
      check(merchantId, MERCHANT_ID, 'merchant id', endpointName);
      check(orderId, ORDER_ID, 'order id', endpointName);
      return transactionCall(
        {
          endpoint: endpointName,
          method: 'GET',
          // The trailing 1 limits the search to this merchant id.
          path: `/inquireByOrderid/${encodeURIComponent(orderId)}/${encodeURIComponent(merchantId)}/1`,
          movesMoney: false,
          timeoutMs: timeouts.readMs,
          orderId,
        },
        (value) => parseOrderInquiry(value, currency),
      );
    },

    async voidByOrderId(merchantId, orderId, amountMinor) {
      const endpointName = 'voidByOrderId';
      check(merchantId, MERCHANT_ID, 'merchant id', endpointName);
      check(orderId, ORDER_ID, 'order id', endpointName);
      const body: Record<string, unknown> = { merchid: merchantId, orderid: orderId };
      addOptionalAmount(body, amountMinor, endpointName);
      return transactionCall(
        {
          endpoint: endpointName,
          method: 'POST',
          path: '/voidByOrderId',
          body,
          movesMoney: true,
          timeoutMs: timeouts.authorizingMs,
          orderId,
        },
        (value) => classifyVoid(value, currency),
      );
    },

    async settlestat(query) {
      const endpointName = 'settlestat';
      check(query.merchantId, MERCHANT_ID, 'merchant id', endpointName);
      const parameters = new URLSearchParams({ merchid: query.merchantId });
      if ('date' in query)
        parameters.set('date', check(query.date, /^\d{4}$/, 'date (MMDD)', endpointName));
      if ('batchId' in query)
        parameters.set(
          'batchid',
          check(query.batchId, /^[A-Za-z0-9]{1,12}$/, 'batch id', endpointName),
        );
      const spec: CallSpec = {
        endpoint: endpointName,
        method: 'GET',
        path: `/settlestat?${parameters.toString()}`,
        movesMoney: false,
        timeoutMs: timeouts.readMs,
      };
      return run(spec, (reply) => {
        // With nothing to report the gateway sends the plain text "Null batches", not JSON.
        if (reply.body.trim() === 'Null batches') return [];
        return parseSettlement(parseJson(spec, reply), currency);
      });
    },

    async inquireMerchant(merchantId) {
      const endpointName = 'inquireMerchant';
      check(merchantId, MERCHANT_ID, 'merchant id', endpointName);
      const spec: CallSpec = {
        endpoint: endpointName,
        method: 'GET',
        path: `/inquireMerchant/${encodeURIComponent(merchantId)}`,
        movesMoney: false,
        timeoutMs: timeouts.readMs,
      };
      return run(spec, (reply) => parseMerchant(parseJson(spec, reply)));
    },

    async testCredentials(merchantId) {
      const endpointName = 'credential test';
      if (merchantId !== undefined) check(merchantId, MERCHANT_ID, 'merchant id', endpointName);
      const spec: CallSpec = {
        endpoint: endpointName,
        method: 'PUT',
        path: '/',
        body: merchantId === undefined ? {} : { merchid: merchantId },
        movesMoney: false,
        timeoutMs: timeouts.credentialTestMs,
      };
      // The base URL answers valid credentials with the text "CardConnect REST Servlet", as plain
      // text or inside HTML depending on the gateway version.
      await run(spec, (reply) => {
        if (!reply.body.includes('CardConnect REST Servlet')) {
          throw new ReplyShapeError(
            'The gateway base URL did not return "CardConnect REST Servlet".',
          );
        }
      });
    },

    close() {
      readAgent.destroy();
      moneyAgent.destroy();
    },
  };
  return client;
}

function retryAfterSeconds(reply: HttpReply): number | null {
  const header = reply.headers['x-rate-limit-retry-after-seconds'] ?? reply.headers['retry-after'];
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined || !/^\d{1,6}$/.test(value.trim())) return null;
  return Number(value.trim());
}
