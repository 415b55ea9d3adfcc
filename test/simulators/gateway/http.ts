/** Plain HTTP calls to the gateway simulator, as a device or a test makes them. */
import type { GatewaySimulator } from '../../../main/simulators/gateway';

export const MERCHANT = '496160873888';

export function basicHeader(user = 'testing', password = 'testing123'): string {
  return `Basic ${Buffer.from(`${user}:${password}`, 'utf8').toString('base64')}`;
}

export interface RawReply {
  status: number;
  contentType: string | null;
  headers: Headers;
  text: string;
  /** Parsed JSON body, or undefined when the body is not JSON. */
  json: unknown;
}

export async function call(
  simulator: GatewaySimulator,
  method: string,
  path: string,
  body?: unknown,
  authorization: string | null = basicHeader(),
): Promise<RawReply> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (authorization !== null) headers.authorization = authorization;
  const response = await fetch(`${simulator.restUrl}${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return {
    status: response.status,
    contentType: response.headers.get('content-type'),
    headers: response.headers,
    text,
    json,
  };
}

/** A `card` sale body for `auth` with the public test merchant. */
export function saleBody(
  account: string,
  amount: string,
  orderid: string,
  extra: Record<string, unknown> = {},
) {
  return {
    merchid: MERCHANT,
    account,
    expiry: '1230',
    amount,
    orderid,
    capture: 'Y',
    currency: 'USD',
    ...extra,
  };
}

export async function sale(
  simulator: GatewaySimulator,
  account: string,
  amount: string,
  orderid: string,
  extra: Record<string, unknown> = {},
): Promise<Record<string, unknown>> {
  const reply = await call(simulator, 'POST', '/auth', saleBody(account, amount, orderid, extra));
  if (reply.status !== 200) throw new Error(`auth returned HTTP ${reply.status}`);
  return reply.json as Record<string, unknown>;
}
