/**
 * The device's own call to the CardPointe Gateway: like a real unattended device, the simulator
 * sends `auth` with the card it read and the merchant it is provisioned for. It only talks to a
 * gateway (simulator) on the loopback interface.
 */
export interface AuthorizationRequest {
  merchantId: string;
  pan: string;
  expiry: string;
  /** Decimal amount string, "12.34". */
  amount: string;
  orderId: string;
  capture: boolean;
}

export type GatewayReply = Record<string, unknown>;

export interface Authorizer {
  authorize(request: AuthorizationRequest): Promise<GatewayReply>;
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', '[::1]', 'localhost']);

/** Gateway waits up to about 32 s for the processor; the device waits a little longer. */
const AUTH_TIMEOUT_MS = 40_000;

export function createHttpAuthorizer(
  gatewayRestUrl: string,
  credentials: { user: string; password: string },
): Authorizer {
  const base = new URL(gatewayRestUrl);
  if (!LOOPBACK_HOSTS.has(base.hostname)) {
    throw new Error(
      `The terminal simulator only calls a gateway on 127.0.0.1 or ::1, not ${base.hostname}.`,
    );
  }
  const authUrl = `${gatewayRestUrl.replace(/\/+$/, '')}/auth`;
  const authorization = `Basic ${Buffer.from(`${credentials.user}:${credentials.password}`).toString('base64')}`;

  return {
    async authorize(request) {
      // Card-present: no `ecomind`, which is for telephone, recurring and e-commerce orders.
      const body = {
        merchid: request.merchantId,
        account: request.pan,
        expiry: request.expiry,
        amount: request.amount,
        orderid: request.orderId,
        capture: request.capture ? 'Y' : 'N',
        currency: 'USD',
      };
      const response = await fetch(authUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(AUTH_TIMEOUT_MS),
      });
      const text = await response.text();
      if (!response.ok) {
        throw new Error(`gateway auth returned HTTP ${response.status}`);
      }
      const reply: unknown = JSON.parse(text);
      if (typeof reply !== 'object' || reply === null || Array.isArray(reply)) {
        throw new Error('gateway auth reply is not a JSON object');
      }
      return reply as GatewayReply;
    },
  };
}
