import { afterEach, describe, expect, it } from 'vitest';

import { PARTIAL_APPROVAL_CARD } from '../../main/simulators/terminal';
import type { TerminalPrompt } from '../../common/contract';
import { saleRequest, startRig, type Rig } from './rig';

let rig: Rig | null = null;
afterEach(async () => {
  await rig?.close();
  rig = null;
});

describe('terminal sale over the in-memory pair', () => {
  it('reaches idle with identity and flags', async () => {
    rig = await startRig();
    const status = rig.terminal.status();
    expect(status.state).toBe('idle');
    expect(status.identity?.serialNumber).toBe('103T662933');
    expect(status.flags?.registered).toBe(true);
    expect(status.path).toBe(rig.device.path);
  });

  it('approves a sale recorded in the gateway under its order id', async () => {
    rig = await startRig();
    const prompts: TerminalPrompt[] = [];
    let sent = 0;
    const request = saleRequest(1234);
    const outcome = await rig.terminal.sale(request, {
      onSent: () => (sent += 1),
      onPrompt: (p) => prompts.push(p),
    });

    expect(outcome.kind).toBe('approved');
    if (outcome.kind !== 'approved') return;
    expect(sent).toBe(1);
    expect(prompts.map((p) => p.text)).toEqual([
      'WELCOME',
      'INSERT CARD',
      'PROCESSING...',
      'REMOVE CARD',
    ]);
    expect(outcome.approval.orderId).toBe(request.orderId);
    expect(outcome.approval.approvedMinor).toBe(1234);
    expect(outcome.approval.card).toEqual({ brand: 'Visa', last4: '1111', entryMode: 'Chip Read' });
    expect(outcome.approval.merchantId).toBe('496160873888');
    expect(outcome.afterCancel).toBe(false);

    const recorded = rig.gateway.transactions().filter((t) => t.orderId === request.orderId);
    expect(recorded).toHaveLength(1);
    expect(recorded[0]?.retref).toBe(outcome.approval.retref);
    expect(rig.terminal.status().state).toBe('idle');
  });

  it('never returns the full card token', async () => {
    rig = await startRig();
    const outcome = await rig.terminal.sale(saleRequest(500));
    const text = JSON.stringify(outcome);
    expect(text).not.toMatch(/9\d{11}1111/);
    expect(text).not.toContain('4111111111111111');
  });

  it('reports a partial approval amount', async () => {
    rig = await startRig({ simulator: { card: PARTIAL_APPROVAL_CARD } });
    const outcome = await rig.terminal.sale(saleRequest(1000));
    expect(outcome.kind).toBe('approved');
    if (outcome.kind !== 'approved') return;
    expect(outcome.approval.approvedMinor).toBe(500);
    expect(outcome.approval.requestedMinor).toBe(1000);
  });

  it('declines an amount-driven decline', async () => {
    rig = await startRig();
    const outcome = await rig.terminal.sale(saleRequest(100500));
    expect(outcome.kind).toBe('declined');
    if (outcome.kind !== 'declined') return;
    expect(outcome.respCode).toBe('05');
    expect(outcome.card.last4).toBe('1111');
  });

  it('sends payment type 6 for auth only', async () => {
    rig = await startRig();
    const outcome = await rig.terminal.sale(saleRequest(700, { paymentType: 'auth_only' }));
    expect(outcome.kind).toBe('approved');
    expect(rig.simulator.payments.at(-1)?.paymentType).toBe(6);
  });

  it('rejects a refund payment type before writing', async () => {
    rig = await startRig();
    const request = { ...saleRequest(700), paymentType: 'refund' as never };
    await expect(rig.terminal.sale(request)).rejects.toMatchObject({ code: 'invalid_input' });
    expect(rig.simulator.commandsReceived).not.toContain('DPT');
  });

  it('rejects a second sale while one runs', async () => {
    rig = await startRig({ simulator: { cardDelayMs: 300 } });
    const first = rig.terminal.sale(saleRequest(100));
    await expect(rig.terminal.sale(saleRequest(200))).rejects.toMatchObject({
      code: 'terminal_busy',
    });
    expect((await first).kind).toBe('approved');
    expect(rig.simulator.commandsReceived.filter((key) => key === 'DPT')).toHaveLength(1);
  });
});
