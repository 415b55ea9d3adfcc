/**
 * The gateway client's error family. Each class carries a stable `reason` (its own cause) and a
 * `code` from the app's error codes (what the cashier is told). Messages never contain a
 * credential, a card number, a token or a raw reply body.
 */
import { CardlaneError, type ErrorCode } from '../../common/errors';

export type GatewayErrorReason =
  | 'invalid_settings'
  | 'invalid_request'
  | 'credentials_rejected'
  | 'path_not_found'
  | 'bad_request'
  | 'rate_limited'
  | 'unavailable'
  | 'malformed_reply'
  | 'outcome_unknown';

export interface GatewayErrorDetails {
  /** Endpoint name, e.g. `auth` or `inquireByOrderid`. */
  endpoint?: string;
  /** HTTP status of the reply, when one arrived. */
  httpStatus?: number;
  cause?: unknown;
}

export class GatewayError extends CardlaneError {
  readonly reason: GatewayErrorReason;
  readonly endpoint: string | null;
  readonly httpStatus: number | null;

  constructor(
    code: ErrorCode,
    reason: GatewayErrorReason,
    message: string,
    details: GatewayErrorDetails = {},
  ) {
    super(code, message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'GatewayError';
    this.reason = reason;
    this.endpoint = details.endpoint ?? null;
    this.httpStatus = details.httpStatus ?? null;
  }
}

/**
 * The client settings are unusable: a bad site name, an origin outside loopback, credentials of
 * another environment. Raised by `createGatewayClient` before any socket opens.
 */
export class GatewaySettingsError extends GatewayError {
  constructor(message: string) {
    super('settings_invalid', 'invalid_settings', message);
    this.name = 'GatewaySettingsError';
  }
}

/** A request argument is invalid (an id with unexpected characters, a non-integer amount). Nothing was sent. */
export class GatewayInvalidRequestError extends GatewayError {
  constructor(message: string, endpoint: string) {
    super('invalid_input', 'invalid_request', message, { endpoint });
    this.name = 'GatewayInvalidRequestError';
  }
}

/** HTTP 401: the gateway did not accept the API user and password. Nothing was processed. */
export class GatewayCredentialsRejectedError extends GatewayError {
  constructor(details: GatewayErrorDetails) {
    super(
      'credentials_rejected',
      'credentials_rejected',
      'The gateway rejected the API credentials (HTTP 401). Check the gateway user and password in settings.',
      details,
    );
    this.name = 'GatewayCredentialsRejectedError';
  }
}

/** HTTP 404: the gateway does not know the path, so the site or the client is misconfigured. */
export class GatewayPathNotFoundError extends GatewayError {
  constructor(details: GatewayErrorDetails) {
    super(
      'gateway_unavailable',
      'path_not_found',
      `The gateway returned HTTP 404 for ${details.endpoint ?? 'a request'}. Check the gateway site name in settings.`,
      details,
    );
    this.name = 'GatewayPathNotFoundError';
  }
}

/** HTTP 400: the gateway could not read the request. Nothing was processed. */
export class GatewayBadRequestError extends GatewayError {
  constructor(details: GatewayErrorDetails) {
    super(
      'internal',
      'bad_request',
      `The gateway rejected the ${details.endpoint ?? ''} request as malformed (HTTP 400).`,
      details,
    );
    this.name = 'GatewayBadRequestError';
  }
}

/** HTTP 429: UAT's rate limit. `retryAfterSeconds` is the gateway's own wait, when it sent one. */
export class GatewayRateLimitedError extends GatewayError {
  readonly retryAfterSeconds: number | null;

  constructor(retryAfterSeconds: number | null, details: GatewayErrorDetails) {
    super(
      'rate_limited',
      'rate_limited',
      retryAfterSeconds === null
        ? 'The gateway is limiting requests (HTTP 429). Try again in a minute.'
        : `The gateway is limiting requests (HTTP 429). Try again in ${retryAfterSeconds} s.`,
      details,
    );
    this.name = 'GatewayRateLimitedError';
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/**
 * The gateway could not be reached or did not answer usefully, and no money can have moved: the
 * connection failed before the request was sent, or the call was read-only.
 */
export class GatewayUnavailableError extends GatewayError {
  constructor(message: string, details: GatewayErrorDetails) {
    super('gateway_unavailable', 'unavailable', message, details);
    this.name = 'GatewayUnavailableError';
  }
}

/** A read-only call got a reply that is not the JSON its endpoint sends. */
export class GatewayMalformedReplyError extends GatewayError {
  constructor(message: string, details: GatewayErrorDetails) {
    super('gateway_unavailable', 'malformed_reply', message, details);
    this.name = 'GatewayMalformedReplyError';
  }
}

/**
 * A call that can move money was sent, and no trustworthy reply came back: a timeout, a lost
 * connection, an HTTP 5xx, or a reply that is not the expected JSON. The gateway may have
 * processed it, so the caller must find out (recovery) before trying again.
 */
export class GatewayOutcomeUnknownError extends GatewayError {
  constructor(message: string, details: GatewayErrorDetails) {
    super('outcome_unknown', 'outcome_unknown', message, details);
    this.name = 'GatewayOutcomeUnknownError';
  }
}

export function isGatewayError(value: unknown): value is GatewayError {
  return value instanceof GatewayError;
}
