import { afterEach, describe, expect, it } from 'vitest';

import { createGatewayClient, recoverAuthorization } from '../../main/gateway';
import type { SimulatorFaults } from '../../main/simulators/terminal';
import { MERCHANT_ID, saleRequest, startRig, waitFor, type Rig } from './rig';

let rig: Rig | null = null;
afterEach(async () => {
  await rig?.close();
  rig = null;
});

/** A rig whose heartbeat stays out of the way, so frame numbers are predictable. */
async function quietRig(): Promise<Rig> {
  return startRig({
    terminal: { timeouts: { ...(await import('./rig')).FAST_TIMEOUTS, heartbeatMs: 60_000 } },
  });
}

/** Frame numbers of the next DPT's frames: four prompts, then the final frame. */
function nextDptFrames(current: Rig): { firstPrompt: number; final: number } {
  const sent = current.simulator.framesSent;
  return { firstPrompt: sent + 1, final: sent + 5 };
}

describe('line faults during a sale', () => {
  const approvedCases: [string, (current: Rig) => SimulatorFaults][] = [
    ['random splits (seeded)', () => ({ delivery: 'random_split' })],
    ['one byte per tick', () => ({ delivery: 'byte_per_tick' })],
    ['coalesced frames', () => ({ coalesce: true, coalesceWindowMs: 5 })],
    ['garbage before frames', () => ({ garbageBefore: true })],
    ['garbage between frames', () => ({ garbageBetween: true })],
    [
      'garbage inside a prompt frame',
      (current) => ({ garbageInsideFrames: [nextDptFrames(current).firstPrompt] }),
    ],
    [
      'bad checksum on a prompt frame',
      (current) => ({ badChecksumOnFrames: [nextDptFrames(current).firstPrompt] }),
    ],
    ['unpadded checksums', () => ({ unpaddedChecksum: true })],
    ['trailing CR LF', () => ({ trailingCrLf: true })],
    ['duplicated final frame', () => ({ duplicateFinal: true })],
    ['unsolicited frames mixed in', () => ({ garbageBetween: true, delivery: 'random_split' })],
  ];

  it.each(approvedCases)('approves with %s', async (_name, faults) => {
    rig = await quietRig();
    rig.simulator.setFaults(faults(rig));
    const request = saleRequest(1234);
    const outcome = await rig.terminal.sale(request);

    expect(outcome.kind).toBe('approved');
    expect(rig.terminal.status().state).toBe('idle');
    expect(rig.gateway.transactions().filter((t) => t.orderId === request.orderId)).toHaveLength(1);
  });

  it('approves across seeds of random splits', async () => {
    for (const seed of [2, 3, 4, 5]) {
      rig = await startRig({
        simulator: { seed, faults: { delivery: 'random_split', garbageBefore: true } },
      });
      const outcome = await rig.terminal.sale(saleRequest(100 + seed));
      expect(outcome.kind, `seed ${seed}`).toBe('approved');
      await rig.close();
      rig = null;
    }
  });

  it('ignores a duplicated final frame for the next sale', async () => {
    rig = await quietRig();
    rig.simulator.setFaults({ duplicateFinal: true });
    const first = await rig.terminal.sale(saleRequest(300));
    await rig.simulator.flushed();
    rig.simulator.setFaults({});
    const second = await rig.terminal.sale(saleRequest(400));

    expect(first.kind).toBe('approved');
    expect(second.kind).toBe('approved');
    if (first.kind === 'approved' && second.kind === 'approved') {
      expect(second.approval.retref).not.toBe(first.approval.retref);
      expect(second.approval.approvedMinor).toBe(400);
    }
  });

  it('ends unknown when the final frame has a bad checksum', async () => {
    rig = await quietRig();
    rig.simulator.setFaults({ badChecksumOnFrames: [nextDptFrames(rig).final] });
    const outcome = await rig.terminal.sale(saleRequest(1234));

    expect(outcome.kind).toBe('unknown');
    expect(await waitFor(() => rig?.terminal.status().state === 'idle')).toBe(true);
  });

  it('ends unknown when frames stay garbled past the limit', async () => {
    rig = await quietRig();
    const { firstPrompt } = nextDptFrames(rig);
    rig.simulator.setFaults({
      badChecksumOnFrames: [firstPrompt, firstPrompt + 1, firstPrompt + 2],
    });
    const outcome = await rig.terminal.sale(saleRequest(1234));

    expect(outcome).toMatchObject({ kind: 'unknown' });
    if (outcome.kind === 'unknown') expect(outcome.reason).toContain('unreadable frames');
  });

  it('recovers a dropped final frame as exactly one approval', async () => {
    rig = await quietRig();
    rig.simulator.setFaults({ dropFinal: true });
    const request = saleRequest(1234);
    const outcome = await rig.terminal.sale(request);
    expect(outcome.kind).toBe('unknown');

    const client = createGatewayClient({
      environment: 'demo',
      site: null,
      credentials: { user: 'testing', password: 'testing123' },
      credentialsEnvironment: 'demo',
      loopbackOrigin: rig.gateway.url,
    });
    const recovery = await recoverAuthorization(client, {
      merchantId: MERCHANT_ID,
      orderId: request.orderId,
    });
    expect(recovery.kind).toBe('found');
    if (recovery.kind === 'found') {
      expect(recovery.transactions).toHaveLength(1);
      expect(recovery.transactions[0]?.respstat).toBe('A');
    }
    expect(await waitFor(() => rig?.terminal.status().state === 'idle')).toBe(true);
  });

  it('ends unknown when replies come slower than the watchdog', async () => {
    rig = await quietRig();
    rig.simulator.setFaults({ replyDelayMs: 900 });
    const outcome = await rig.terminal.sale(saleRequest(1234));

    expect(outcome.kind).toBe('unknown');
    expect(rig.simulator.commandsReceived.filter((key) => key === 'DPT')).toHaveLength(1);
  });

  it('ignores unsolicited frames while idle', async () => {
    rig = await quietRig();
    rig.simulator.sendUnsolicited({
      key: 'DPT',
      type: 'RESP',
      code: '01F40000',
      data: '{"externalTransactionID":"OLD1","amountAuth":"100","merchantID":"496160873888"}',
    });
    rig.simulator.sendUnsolicited({ key: 'GCS', type: 'RESP', code: '00000000', data: '{}' });
    await rig.simulator.flushed();
    expect(rig.terminal.status().state).toBe('idle');

    const outcome = await rig.terminal.sale(saleRequest(800));
    expect(outcome.kind).toBe('approved');
  });
});
