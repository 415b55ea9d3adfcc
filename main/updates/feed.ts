import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import https from 'node:https';
import { pipeline } from 'node:stream/promises';

/** Thrown for a feed URL that updates must not use. */
export class UpdateFeedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UpdateFeedError';
  }
}

/**
 * Parses the update feed URL. Only `https:` is accepted, without user name or password (a
 * credential in the URL would end up in logs), and the result ends with `/` so that file names
 * resolve inside the feed folder.
 */
export function parseFeedUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UpdateFeedError('The update feed URL is not a valid URL.');
  }
  if (url.protocol !== 'https:') {
    throw new UpdateFeedError(
      `The update feed must use https, not ${url.protocol.replace(/:$/, '')}.`,
    );
  }
  if (url.username !== '' || url.password !== '') {
    throw new UpdateFeedError('The update feed URL must not contain a user name or password.');
  }
  url.hash = '';
  url.search = '';
  if (!url.pathname.endsWith('/')) url.pathname = `${url.pathname}/`;
  return url;
}

/** Resolves a file name or URL from the feed against the feed folder; it must stay on https. */
export function resolveInFeed(feedUrl: URL, reference: string): URL {
  const url = new URL(reference, feedUrl);
  if (url.protocol !== 'https:') {
    throw new UpdateFeedError(`The feed names a file that is not on https: ${url.protocol}`);
  }
  return url;
}

/** TLS options for the feed: extra trusted certificates for a private feed, or test servers. */
export interface FeedTlsOptions {
  ca?: string | Buffer | (string | Buffer)[];
}

export interface FetchedBytes {
  status: number;
  body: Buffer;
}

/** Fetches a URL from the feed; resolves for every HTTP status and rejects on network errors. */
export type FeedFetcher = (
  url: URL,
  limits: { maxBytes: number; timeoutMs: number },
) => Promise<FetchedBytes>;

/**
 * Builds a fetcher on `node:https`. It never follows redirects (a 3xx is returned as it is), stops
 * reading after `maxBytes`, and fails after `timeoutMs` without a response.
 */
export function createHttpsFetcher(tls: FeedTlsOptions = {}): FeedFetcher {
  return (url, limits) =>
    new Promise((resolve, reject) => {
      if (url.protocol !== 'https:') {
        reject(new UpdateFeedError(`Refusing to fetch ${url.protocol} from the update feed.`));
        return;
      }
      const request = https.get(
        url,
        { ...(tls.ca === undefined ? {} : { ca: tls.ca }), timeout: limits.timeoutMs },
        (response) => {
          const chunks: Buffer[] = [];
          let length = 0;
          response.on('data', (chunk: Buffer) => {
            length += chunk.length;
            if (length > limits.maxBytes) {
              request.destroy(
                new UpdateFeedError(`${url.pathname} is larger than ${limits.maxBytes} bytes.`),
              );
              return;
            }
            chunks.push(chunk);
          });
          response.on('end', () =>
            resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks) }),
          );
          response.on('error', reject);
        },
      );
      request.on('timeout', () =>
        request.destroy(new UpdateFeedError(`${url.host} timed out after ${limits.timeoutMs} ms.`)),
      );
      request.on('error', reject);
    });
}

/** Computes the base64 SHA-512 of a file, the form electron-builder writes into the feed. */
export async function sha512OfFile(file: string): Promise<string> {
  const hash = createHash('sha512');
  for await (const chunk of createReadStream(file)) {
    hash.update(chunk as Buffer);
  }
  return hash.digest('base64');
}

/**
 * Streams an https URL into `destination`. Rejects on a status other than 200 (redirects are not
 * followed) and when no data arrives for `timeoutMs`.
 */
export function downloadToFile(
  url: URL,
  destination: string,
  options: { tls?: FeedTlsOptions; timeoutMs?: number } = {},
): Promise<void> {
  return new Promise((resolve, reject) => {
    if (url.protocol !== 'https:') {
      reject(new UpdateFeedError(`Refusing to download ${url.protocol} from the update feed.`));
      return;
    }
    const timeoutMs = options.timeoutMs ?? 60_000;
    const ca = options.tls?.ca;
    const request = https.get(
      url,
      { ...(ca === undefined ? {} : { ca }), timeout: timeoutMs },
      (response) => {
        if (response.statusCode !== 200) {
          response.resume();
          reject(new UpdateFeedError(`${url.pathname} returned HTTP ${response.statusCode ?? 0}.`));
          return;
        }
        pipeline(response, createWriteStream(destination)).then(resolve, reject);
      },
    );
    request.on('timeout', () =>
      request.destroy(new UpdateFeedError(`${url.host} timed out after ${timeoutMs} ms.`)),
    );
    request.on('error', reject);
  });
}
