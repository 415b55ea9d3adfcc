import { CardlaneError } from '../../common/errors';
import type { Environment } from '../../common/contract';

/** The CardPointe Gateway's domain; every UAT and production host is a site under it. */
export const CARDCONNECT_DOMAIN = 'cardconnect.com';

/** `<site>-uat.cardconnect.com` for UAT, `<site>.cardconnect.com` for production. */
export function gatewayHostFor(environment: 'uat' | 'production', site: string): string {
  if (!/^[a-z0-9-]+$/.test(site) || site.endsWith('-uat')) {
    throw new CardlaneError('settings_invalid', 'The CardPointe site name is not valid.');
  }
  return environment === 'uat'
    ? `${site}-uat.${CARDCONNECT_DOMAIN}`
    : `${site}.${CARDCONNECT_DOMAIN}`;
}

/**
 * Returns the environment a gateway host belongs to: `uat` for `<site>-uat.cardconnect.com`, `production`
 * for any other `<site>.cardconnect.com`, null for hosts outside the gateway's domain (the local
 * simulator).
 */
export function environmentOfHost(host: string): Exclude<Environment, 'demo'> | null {
  const match = /^([a-z0-9-]+)\.cardconnect\.com$/.exec(host.toLowerCase());
  if (match === null) return null;
  return match[1]!.endsWith('-uat') ? 'uat' : 'production';
}
