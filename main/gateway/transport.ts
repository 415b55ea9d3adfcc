/**
 * One HTTP exchange with the gateway over node:http or node:https, reporting whether the request
 * may have reached the server when it fails. That distinction decides between "gateway
 * unavailable" and "outcome unknown" for calls that move money.
 */
import http from 'node:http';
import https from 'node:https';
import type { Socket } from 'node:net';

import type { Endpoint } from './endpoint';

/** Replies larger than this are not gateway replies; the largest real ones are a few KiB. */
const MAX_REPLY_BYTES = 1024 * 1024;

export interface HttpExchange {
  method: 'GET' | 'PUT' | 'POST';
  path: string;
  headers: Record<string, string>;
  body: string | null;
  timeoutMs: number;
  agent: http.Agent;
}

export interface HttpReply {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** Media type in lower case without parameters, e.g. `application/json`; '' when absent. */
  mediaType: string;
  body: string;
}

export class TransportError extends Error {
  /** False only when the connection failed before any request byte could be sent. */
  readonly maySent: boolean;
  readonly timedOut: boolean;

  constructor(message: string, maySent: boolean, timedOut: boolean, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = 'TransportError';
    this.maySent = maySent;
    this.timedOut = timedOut;
  }
}

export function exchange(endpoint: Endpoint, request: HttpExchange): Promise<HttpReply> {
  return new Promise((resolve, reject) => {
    let connected = false;
    let timedOut = false;
    let finished = false;

    const options: http.RequestOptions = {
      protocol: endpoint.protocol,
      hostname: endpoint.hostname,
      port: endpoint.port,
      method: request.method,
      path: request.path,
      headers: request.headers,
      agent: request.agent,
    };
    const outgoing =
      endpoint.protocol === 'https:' ? https.request(options) : http.request(options);

    const fail = (error: TransportError) => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      reject(error);
    };

    const timer = setTimeout(() => {
      timedOut = true;
      outgoing.destroy(new Error(`timed out after ${request.timeoutMs} ms`));
    }, request.timeoutMs);

    outgoing.on('socket', (socket: Socket) => {
      // A reused keep-alive socket is already connected; a new one reports when it is.
      if (outgoing.reusedSocket) {
        connected = true;
        return;
      }
      socket.once(endpoint.protocol === 'https:' ? 'secureConnect' : 'connect', () => {
        connected = true;
      });
    });

    outgoing.on('error', (error: Error) => {
      const reason = timedOut ? `timed out after ${request.timeoutMs} ms` : describeError(error);
      fail(
        new TransportError(`The gateway request failed: ${reason}.`, connected, timedOut, error),
      );
    });

    outgoing.on('response', (incoming) => {
      const chunks: Buffer[] = [];
      let size = 0;
      incoming.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_REPLY_BYTES) {
          incoming.destroy();
          fail(
            new TransportError(
              `The gateway reply is larger than ${MAX_REPLY_BYTES} bytes.`,
              true,
              false,
            ),
          );
          return;
        }
        chunks.push(chunk);
      });
      incoming.on('error', (error: Error) => {
        const reason = timedOut ? `timed out after ${request.timeoutMs} ms` : describeError(error);
        fail(
          new TransportError(`The gateway reply was cut off: ${reason}.`, true, timedOut, error),
        );
      });
      incoming.on('aborted', () => {
        fail(
          new TransportError('The gateway closed the connection during the reply.', true, timedOut),
        );
      });
      incoming.on('end', () => {
        if (finished) return;
        finished = true;
        clearTimeout(timer);
        const contentType = incoming.headers['content-type'] ?? '';
        resolve({
          status: incoming.statusCode ?? 0,
          headers: incoming.headers,
          mediaType: (contentType.split(';')[0] ?? '').trim().toLowerCase(),
          body: Buffer.concat(chunks).toString('utf8'),
        });
      });
    });

    outgoing.end(request.body ?? undefined);
  });
}

function describeError(error: Error): string {
  const code = (error as NodeJS.ErrnoException).code;
  return code === undefined ? error.message : `${code} (${error.message})`;
}
