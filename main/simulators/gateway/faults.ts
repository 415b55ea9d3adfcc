/** Programmed failures for the next matching requests, and UAT's rate limit. */
import { z } from 'zod';

export const SIMULATOR_FAULT_KINDS = [
  /** Waits `delayMs`, then handles the request normally. */
  'delay',
  /** Closes the connection without handling the request. */
  'drop_before_commit',
  /** Handles the request (the transaction is recorded), then closes the connection unanswered. */
  'drop_after_commit',
  /** HTTP 500 with an empty body. */
  'http_500',
  /** HTTP 502 with `<html>Bad Gateway</html>`, as a proxy in front of the gateway sends it. */
  'bad_gateway_html',
  /** HTTP 200 with a `text/html` body. */
  'html_ok',
  /** HTTP 200, content type JSON, and a cut-off JSON body. */
  'malformed_json',
  /** HTTP 429 with `X-Rate-Limit-Retry-After-Seconds`. */
  'rate_limited',
  /** HTTP 401 with an empty body. */
  'unauthorized',
  /** HTTP 404 with the gateway's JSON body, as for a path it does not know. */
  'not_found',
  /** HTTP 200 with `body` as JSON, in place of the real reply (for replies UAT cannot be made to send). */
  'json_reply',
] as const;

export type SimulatorFaultKind = (typeof SIMULATOR_FAULT_KINDS)[number];

export const SimulatorFaultSchema = z.object({
  kind: z.enum(SIMULATOR_FAULT_KINDS),
  /** First path segment under /cardconnect/rest/ (e.g. `auth`, `inquire`); any when absent. */
  endpoint: z.string().min(1).optional(),
  /** HTTP method to match (GET, PUT, POST); any when absent. */
  method: z.string().min(1).optional(),
  /** Number of matching requests the fault applies to. Default 1. */
  count: z.number().int().positive().optional(),
  /** For `delay`: milliseconds to wait before handling the request. */
  delayMs: z.number().int().nonnegative().optional(),
  /** For `rate_limited`: the value of `X-Rate-Limit-Retry-After-Seconds`. Default 60. */
  retryAfterSeconds: z.number().int().nonnegative().optional(),
  /**
   * For the faults that send a reply in place of the real one: handle the
   * request before sending the failure, so the transaction is recorded. Default false.
   */
  commit: z.boolean().optional(),
  /** For `json_reply`: the reply body. */
  body: z.unknown().optional(),
});

export type SimulatorFault = z.infer<typeof SimulatorFaultSchema>;

interface ArmedFault {
  fault: SimulatorFault;
  remaining: number;
}

export class FaultQueue {
  private armed: ArmedFault[] = [];

  add(fault: SimulatorFault): void {
    const parsed = SimulatorFaultSchema.parse(fault);
    this.armed.push({ fault: parsed, remaining: parsed.count ?? 1 });
  }

  clear(): void {
    this.armed = [];
  }

  /** Takes the first fault matching the request, counting one use of it. */
  take(method: string, endpoint: string): SimulatorFault | null {
    const index = this.armed.findIndex(
      ({ fault }) =>
        (fault.endpoint === undefined || fault.endpoint === endpoint) &&
        (fault.method === undefined || fault.method.toUpperCase() === method),
    );
    if (index < 0) return null;
    const entry = this.armed[index] as ArmedFault;
    entry.remaining -= 1;
    if (entry.remaining <= 0) this.armed.splice(index, 1);
    return entry.fault;
  }
}

/** UAT limits these endpoints to 20 requests per minute each. */
export const RATE_LIMITED_ENDPOINTS: ReadonlySet<string> = new Set([
  'funding',
  'inquire',
  'profile',
  'settlestat',
]);
export const RATE_LIMIT_PER_MINUTE = 20;
const WINDOW_MS = 60_000;

export type RateDecision =
  { allowed: true; remaining: number } | { allowed: false; retryAfterSeconds: number };

export class RateLimiter {
  private readonly calls = new Map<string, number[]>();

  constructor(private readonly now: () => number) {}

  check(endpoint: string): RateDecision {
    const now = this.now();
    const recent = (this.calls.get(endpoint) ?? []).filter((time) => now - time < WINDOW_MS);
    if (recent.length >= RATE_LIMIT_PER_MINUTE) {
      this.calls.set(endpoint, recent);
      const oldest = recent[0] ?? now;
      return {
        allowed: false,
        retryAfterSeconds: Math.max(1, Math.ceil((oldest + WINDOW_MS - now) / 1000)),
      };
    }
    recent.push(now);
    this.calls.set(endpoint, recent);
    return { allowed: true, remaining: RATE_LIMIT_PER_MINUTE - recent.length };
  }
}
