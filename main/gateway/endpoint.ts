/**
 * Where the client connects and how: the gateway host from the site name, or a loopback origin
 * for demo mode and tests, and a TLS agent whose trust is fixed in code.
 */
import { X509Certificate } from 'node:crypto';
import https from 'node:https';
import type { PeerCertificate } from 'node:tls';
import tls from 'node:tls';

import { GatewaySettingsError } from './errors';
import type { GatewayCredentials, GatewayEnvironment } from './types';

export const REST_PATH = '/cardconnect/rest';

/** A site name as CardPointe issues them; it becomes one DNS label of the gateway host. */
const SITE_PATTERN = /^[a-z0-9-]+$/;
const LOOPBACK_ORIGIN_PATTERN = /^(https?):\/\/(127\.0\.0\.1|\[::1\]):(\d{1,5})\/?$/;

export interface EndpointSettings {
  environment: GatewayEnvironment;
  site: string | null;
  credentials: GatewayCredentials;
  credentialsEnvironment: GatewayEnvironment;
  loopbackOrigin?: string;
  allowLoopbackForTests?: boolean;
}

export interface Endpoint {
  protocol: 'http:' | 'https:';
  hostname: string;
  port: number;
  /** Origin for logs and messages, e.g. https://fts-uat.cardconnect.com. */
  origin: string;
}

/**
 * Validates the settings and returns where to connect. Raises GatewaySettingsError for anything
 * unusable, so a bad setting never opens a socket.
 */
export function resolveEndpoint(settings: EndpointSettings): Endpoint {
  const environments: GatewayEnvironment[] = ['demo', 'uat', 'production'];
  if (!environments.includes(settings.environment)) {
    throw new GatewaySettingsError(
      `Unknown gateway environment "${String(settings.environment)}"; use demo, uat or production.`,
    );
  }
  if (settings.credentialsEnvironment !== settings.environment) {
    throw new GatewaySettingsError(
      `The gateway credentials are for ${settings.credentialsEnvironment} and cannot be sent to the ${settings.environment} gateway.`,
    );
  }
  validateCredentials(settings.credentials);

  if (settings.loopbackOrigin !== undefined) {
    return loopbackEndpoint(settings);
  }
  if (settings.environment === 'demo') {
    throw new GatewaySettingsError(
      'Demo mode needs the origin of the gateway simulator on 127.0.0.1.',
    );
  }
  return siteEndpoint(settings.environment, settings.site);
}

function validateCredentials(credentials: GatewayCredentials): void {
  const user = credentials.user;
  if (typeof user !== 'string' || user.length === 0) {
    throw new GatewaySettingsError('The gateway API user is missing.');
  }
  // Basic auth separates user and password with the first colon, so a user name cannot contain one.
  if (user.includes(':') || hasControlCharacter(user)) {
    throw new GatewaySettingsError('The gateway API user contains a colon or a control character.');
  }
  const password = credentials.password;
  if (typeof password !== 'string' || password.length === 0) {
    throw new GatewaySettingsError('The gateway API password is missing.');
  }
  if (hasControlCharacter(password)) {
    throw new GatewaySettingsError('The gateway API password contains a control character.');
  }
}

function hasControlCharacter(text: string): boolean {
  for (const character of text) {
    const code = character.codePointAt(0) ?? 0;
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}

function loopbackEndpoint(settings: EndpointSettings): Endpoint {
  if (settings.environment !== 'demo' && settings.allowLoopbackForTests !== true) {
    throw new GatewaySettingsError(
      `A loopback gateway origin is allowed only in demo mode, not in ${settings.environment}.`,
    );
  }
  const match = LOOPBACK_ORIGIN_PATTERN.exec(settings.loopbackOrigin ?? '');
  const port = Number(match?.[3]);
  if (match === null || port < 1 || port > 65_535) {
    throw new GatewaySettingsError(
      `The gateway simulator origin "${settings.loopbackOrigin ?? ''}" is invalid; use http://127.0.0.1:PORT or http://[::1]:PORT.`,
    );
  }
  const protocol = match[1] === 'https' ? 'https:' : 'http:';
  const host = match[2] ?? '127.0.0.1';
  return {
    protocol,
    hostname: host === '[::1]' ? '::1' : host,
    port,
    origin: `${protocol}//${host}:${port}`,
  };
}

function siteEndpoint(environment: 'uat' | 'production', site: string | null): Endpoint {
  if (site === null || site.length === 0) {
    throw new GatewaySettingsError(
      `The ${environment} gateway needs a site name, such as the one in the merchant's welcome kit.`,
    );
  }
  if (!SITE_PATTERN.test(site) || site.length > 63 || site.startsWith('-') || site.endsWith('-')) {
    throw new GatewaySettingsError(
      `The gateway site name "${site}" is invalid; it may contain only lower-case letters, digits and hyphens.`,
    );
  }
  let hostname: string;
  if (environment === 'uat') {
    // The UAT host is <site>-uat.cardconnect.com; a site given with the suffix (fts-uat) is accepted as is.
    hostname = site.endsWith('-uat') ? `${site}.cardconnect.com` : `${site}-uat.cardconnect.com`;
  } else {
    if (site.endsWith('-uat')) {
      throw new GatewaySettingsError(
        `The site "${site}" is a UAT site; production credentials are never sent to it.`,
      );
    }
    hostname = `${site}.cardconnect.com`;
  }
  return { protocol: 'https:', hostname, port: 443, origin: `https://${hostname}` };
}

let bundledRootFingerprints: Set<string> | null = null;

/** SHA-256 fingerprints of the root certificates bundled with this Node build. */
function bundledRoots(): Set<string> {
  if (bundledRootFingerprints === null) {
    bundledRootFingerprints = new Set(
      tls.rootCertificates.map((pem) => new X509Certificate(pem).fingerprint256),
    );
  }
  return bundledRootFingerprints;
}

/**
 * Checks the host name, then that the verified chain ends at a root bundled with Node. The `ca`
 * option already limits trust to those roots; this check keeps holding if a Node version adds
 * NODE_EXTRA_CA_CERTS or the system store to a context built with an explicit `ca`.
 */
export function checkGatewayServer(
  hostname: string,
  certificate: PeerCertificate,
): Error | undefined {
  const hostError = tls.checkServerIdentity(hostname, certificate);
  if (hostError !== undefined) return hostError;

  let current: tls.DetailedPeerCertificate | PeerCertificate = certificate;
  const seen = new Set<string>();
  for (;;) {
    seen.add(current.fingerprint256);
    const issuer: tls.DetailedPeerCertificate | undefined = (current as tls.DetailedPeerCertificate)
      .issuerCertificate;
    if (issuer === undefined || issuer === null || seen.has(issuer.fingerprint256)) break;
    current = issuer;
  }
  if (!bundledRoots().has(current.fingerprint256)) {
    return new Error(
      'The gateway certificate does not chain to a root certificate bundled with Node.',
    );
  }
  return undefined;
}

/**
 * Creates the HTTPS agent for the gateway: Node's bundled roots only, verification required and
 * TLS 1.2 or later. Passing `rejectUnauthorized: true` explicitly keeps NODE_TLS_REJECT_UNAUTHORIZED
 * from relaxing it.
 */
export function createTlsAgent(keepAlive: boolean): https.Agent {
  return new https.Agent({
    keepAlive,
    ca: [...tls.rootCertificates],
    rejectUnauthorized: true,
    minVersion: 'TLSv1.2',
    checkServerIdentity: checkGatewayServer,
  });
}
