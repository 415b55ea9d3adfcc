/**
 * Gateway client overhead: the client's time per `inquire` against the simulator on loopback,
 * divided by a bare `fetch` of the same route with the same Basic header. Median of 1,000 each,
 * the simulator's rate limit off.
 */
import { performance } from 'node:perf_hooks';

import { createGatewayClient } from '../../main/gateway';
import {
  startGatewaySimulator,
  UAT_MERCHANT_ID,
  UAT_TEST_CREDENTIALS,
} from '../../main/simulators/gateway';
import { median, ms } from './stats';

const SAMPLES = 1_000;
const WARM_UP = 50;

export default async function bench(): Promise<void> {
  const simulator = await startGatewaySimulator({ rateLimit: false, seed: 1 });
  const client = createGatewayClient({
    environment: 'demo',
    site: null,
    credentials: UAT_TEST_CREDENTIALS,
    credentialsEnvironment: 'demo',
    loopbackOrigin: simulator.url,
  });
  try {
    const sale = await client.auth({
      merchantId: UAT_MERCHANT_ID,
      orderId: 'BENCH-1',
      amountMinor: 1234,
      capture: true,
      account: '4111111111111111',
      expiry: '1230',
    });
    const retref = sale.retref ?? '';
    const url = `${simulator.restUrl}/inquire/${retref}/${UAT_MERCHANT_ID}`;
    const authorization = `Basic ${Buffer.from(`${UAT_TEST_CREDENTIALS.user}:${UAT_TEST_CREDENTIALS.password}`, 'utf8').toString('base64')}`;

    const bare = async () => {
      const response = await fetch(url, {
        headers: { Authorization: authorization, Accept: 'application/json' },
      });
      await response.json();
    };
    const viaClient = async () => {
      await client.inquire(UAT_MERCHANT_ID, retref);
    };

    for (let index = 0; index < WARM_UP; index += 1) {
      await bare();
      await viaClient();
    }
    const bareSamples: number[] = [];
    const clientSamples: number[] = [];
    // Alternate the two so drift on the machine affects both equally.
    for (let index = 0; index < SAMPLES; index += 1) {
      let started = performance.now();
      await bare();
      bareSamples.push(performance.now() - started);
      started = performance.now();
      await viaClient();
      clientSamples.push(performance.now() - started);
    }

    const bareMedian = median(bareSamples);
    const clientMedian = median(clientSamples);
    console.log(`inquire via client: median ${ms(clientMedian)} over ${SAMPLES}`);
    console.log(`inquire via bare fetch: median ${ms(bareMedian)} over ${SAMPLES}`);
    console.log(
      `gateway client / bare fetch (inquire, median): ${(clientMedian / bareMedian).toFixed(2)}x`,
    );
  } finally {
    client.close();
    await simulator.close();
  }
}
