/** The gateway client against a fresh simulator on loopback, with quick retries for tests. */
import {
  createGatewayClient,
  type GatewayClient,
  type GatewayClientOptions,
} from '../../main/gateway';
import {
  type GatewaySimulator,
  type GatewaySimulatorOptions,
  startGatewaySimulator,
} from '../../main/simulators/gateway';

export const MERCHANT = '496160873888';
export const CREDENTIALS = { user: 'testing', password: 'testing123' };

export interface Harness {
  simulator: GatewaySimulator;
  client: GatewayClient;
  close(): Promise<void>;
}

export function clientFor(
  simulator: GatewaySimulator,
  overrides: Partial<GatewayClientOptions> = {},
): GatewayClient {
  return createGatewayClient({
    environment: 'demo',
    site: null,
    credentials: CREDENTIALS,
    credentialsEnvironment: 'demo',
    loopbackOrigin: simulator.url,
    retry: { baseDelayMs: 5, maxDelayMs: 20, maxRateLimitWaitMs: 1_500 },
    ...overrides,
  });
}

export async function startHarness(
  simulatorOptions: GatewaySimulatorOptions = {},
  clientOptions: Partial<GatewayClientOptions> = {},
): Promise<Harness> {
  const simulator = await startGatewaySimulator({ controlApi: true, seed: 5, ...simulatorOptions });
  const client = clientFor(simulator, clientOptions);
  return {
    simulator,
    client,
    close: async () => {
      client.close();
      await simulator.close();
    },
  };
}

let orderCounter = 0;

/** Returns a unique order id in the shape Cardlane uses, never a run of Luhn-valid digits. */
export function newOrderId(prefix = 'T'): string {
  orderCounter += 1;
  return `${prefix}-${process.pid}-${orderCounter}`;
}

export function saleRequest(
  amountMinor: number,
  account = '4111111111111111',
  orderId = newOrderId(),
) {
  return { merchantId: MERCHANT, orderId, amountMinor, capture: true, account, expiry: '1230' };
}
