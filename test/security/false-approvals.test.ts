/**
 * False approvals from a scripted device on a real pty, run through the real sale flow of a lane
 * set up for UAT. A terminal's "approved" counts only when it names this attempt's order id, an
 * amount no more than requested, the configured merchant id and a retref not seen before. The
 * gateway must also confirm the same retref, amount and merchant by order id. None of these ends
 * approved, and each ends where the payment rules put it: an attempt the gateway never charged
 * fails, an approval the gateway does not confirm waits on the needs-attention list, and a
 * terminal reporting another merchant stops the lane.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import type { Envelope, SaleProgress } from '../../common/contract';
import type { PaymentRow } from '../../main/journal/payments';
import { buildReceiptModel } from '../../main/receipts/model';
import { codeOf, loginAs, MANAGER } from './stack';
import {
  approvalData,
  MERCHANT_ID,
  OTHER_MERCHANT_ID,
  startUatLane,
  type DptScript,
  type UatLane,
} from './uat-lane';

let lane: UatLane;

beforeEach(async () => {
  lane = await startUatLane();
});

afterEach(async () => {
  await lane?.close();
});

/** A device that charges the order at the gateway and reports the gateway's reply. */
const genuine: DptScript = async (request, device) => {
  device.prompt('INSERT CARD');
  const reply = await device.authorize({
    orderId: request.orderId,
    amountMinor: request.amountMinor,
  });
  device.send('01F40000', approvalData(request, reply));
};

function row(paymentId: number): PaymentRow {
  const core = lane.stack.services.lane.current();
  if (core === null) throw new Error('the lane has no core');
  return core.journal.require(paymentId);
}

/**
 * Returns the title a receipt for the payment would print: from the receipts channel when main has
 * it, from the receipt model over the journal row otherwise, and null when no receipt may be printed.
 */
async function receiptTitle(paymentId: number): Promise<string | null> {
  if (!lane.stack.services.router.missingChannels().includes('receipts.get')) {
    const envelope = (await lane.stack.call('receipts.get', { paymentId })) as Envelope<{
      model: { title: string };
    }>;
    return envelope.ok ? envelope.value.model.title : null;
  }
  try {
    return buildReceiptModel(
      row(paymentId),
      null,
      { receiptHeader: [], receiptFooter: [], timeZone: 'UTC' },
      false,
    ).title;
  } catch {
    return null;
  }
}

/** Checks for no approved stage, no approved journal state and no receipt titled APPROVED. */
async function expectNotApproved(progress: SaleProgress): Promise<void> {
  expect(progress.stage).not.toBe('approved');
  expect(progress.stage).not.toBe('partially_approved');
  expect(row(progress.paymentId).state).not.toBe('approved');
  expect(await receiptTitle(progress.paymentId)).not.toBe('SALE APPROVED');
}

/** Gateway records of successful authorizations for an order id. */
function gatewayApprovals(orderId: string) {
  return lane.gateway
    .transactions()
    .filter((entry) => entry.orderId === orderId && entry.respstat === 'A');
}

describe('false approvals from the terminal', () => {
  it('genuine approval is confirmed', async () => {
    lane.script = genuine;
    const progress = await lane.sell(1234);

    // The control case: the rig can approve, so the refusals below are the checks at work.
    expect(progress.stage).toBe('approved');
    expect(row(progress.paymentId).state).toBe('approved');
    expect(gatewayApprovals(progress.orderId)).toHaveLength(1);
  });

  it('approval for another order id is ignored', async () => {
    lane.script = async (request, device) => {
      device.prompt('INSERT CARD');
      device.send(
        '01F40000',
        approvalData({ ...request, orderId: `Z${request.orderId}`.slice(0, 19) }, null),
      );
    };
    const progress = await lane.sell(1234);

    await expectNotApproved(progress);
    // The gateway never saw this order and the terminal has no payment open, so nothing was charged.
    expect(progress.stage).toBe('failed');
    expect(row(progress.paymentId).state).toBe('failed');
  });

  it('replayed approval is not taken', async () => {
    lane.script = genuine;
    const first = await lane.sell(1500);
    expect(first.stage).toBe('approved');
    const earlier = approvalData(
      { orderId: first.orderId, amountMinor: 1500, paymentType: 1, paymentUser: 'lane1' },
      null,
      { processorReference: first.result?.retref ?? '' },
    );

    // The same frame again, as recorded.
    lane.script = async (_request, device) => {
      device.prompt('INSERT CARD');
      device.send('01F40000', earlier);
    };
    const verbatim = await lane.sell(1500);
    await expectNotApproved(verbatim);
    expect(verbatim.stage).toBe('failed');

    // The same retref under this attempt's order id.
    lane.script = async (request, device) => {
      device.prompt('INSERT CARD');
      device.send(
        '01F40000',
        approvalData(request, null, { processorReference: first.result?.retref ?? '' }),
      );
    };
    const rebound = await lane.sell(1500);
    await expectNotApproved(rebound);
    expect(gatewayApprovals(rebound.orderId)).toHaveLength(0);
  });

  it('replayed retref after a restart waits for a manager', async () => {
    lane.script = genuine;
    const first = await lane.sell(1500);
    expect(first.stage).toBe('approved');
    // A restart clears the retrefs the driver has seen, so the gateway's confirmation decides.
    await lane.stack.restart();
    await loginAs(lane.stack, lane.managerId, MANAGER.pin);

    lane.script = async (request, device) => {
      device.prompt('INSERT CARD');
      device.send(
        '01F40000',
        approvalData(request, null, { processorReference: first.result?.retref ?? '' }),
      );
    };
    const progress = await lane.sell(1500);

    await expectNotApproved(progress);
    expect(progress.stage).toBe('needs_attention');
    expect(row(progress.paymentId).state).toBe('confirming');
    expect(row(progress.paymentId).attention).not.toBeNull();
  });

  it('approval above the requested amount is not taken', async () => {
    // The device reports more than requested; the gateway charged the requested amount.
    lane.script = async (request, device) => {
      device.prompt('INSERT CARD');
      const reply = await device.authorize({
        orderId: request.orderId,
        amountMinor: request.amountMinor,
      });
      device.send(
        '01F40000',
        approvalData(request, reply, { amountAuth: String(request.amountMinor + 500) }),
      );
    };
    const progress = await lane.sell(1234);

    // Recovery records what the gateway holds, never the device's larger figure.
    expect(row(progress.paymentId).approvedMinor ?? 0).toBeLessThanOrEqual(1234);
    expect(progress.result?.approvedMinor ?? 0).toBeLessThanOrEqual(1234);
  });

  it('charge above the requested amount is not approved', async () => {
    // The device charged the customer more than the lane requested, and reports that amount.
    lane.script = async (request, device) => {
      device.prompt('INSERT CARD');
      const reply = await device.authorize({
        orderId: request.orderId,
        amountMinor: request.amountMinor + 500,
      });
      device.send('01F40000', approvalData(request, reply));
    };
    const progress = await lane.sell(1234);

    expect(gatewayApprovals(progress.orderId)).toHaveLength(1);
    await expectNotApproved(progress);
    expect(progress.stage).toBe('needs_attention');
    expect(row(progress.paymentId).attention).not.toBeNull();
  });

  it('amount the gateway does not match waits for a manager', async () => {
    // The gateway charged $10.00; the device claims the full $12.34.
    lane.script = async (request, device) => {
      device.prompt('INSERT CARD');
      const reply = await device.authorize({ orderId: request.orderId, amountMinor: 1000 });
      device.send(
        '01F40000',
        approvalData(request, reply, { amountAuth: String(request.amountMinor) }),
      );
    };
    const progress = await lane.sell(1234);

    await expectNotApproved(progress);
    expect(progress.stage).toBe('needs_attention');
    expect(row(progress.paymentId).state).toBe('confirming');
    expect(row(progress.paymentId).attention).toMatch(/different amount/);
  });

  it('approval under another merchant id stops the lane', async () => {
    lane.script = async (request, device) => {
      device.prompt('INSERT CARD');
      const reply = await device.authorize({
        orderId: request.orderId,
        amountMinor: request.amountMinor,
        merchantId: OTHER_MERCHANT_ID,
      });
      device.send('01F40000', approvalData(request, reply));
    };
    const progress = await lane.sell(1234);

    await expectNotApproved(progress);
    expect(progress.stage).toBe('needs_attention');
    expect(row(progress.paymentId).state).toBe('unknown');
    expect(row(progress.paymentId).attention).toContain(OTHER_MERCHANT_ID);

    lane.script = genuine;
    const next = await lane.stack.call('sale.start', { amountMinor: 100 });
    expect(codeOf(next)).toBe('lane_blocked');
  });

  it('another merchant stays unresolved after a restart', async () => {
    lane.script = async (request, device) => {
      device.prompt('INSERT CARD');
      const reply = await device.authorize({
        orderId: request.orderId,
        amountMinor: request.amountMinor,
        merchantId: OTHER_MERCHANT_ID,
      });
      device.send('01F40000', approvalData(request, reply));
    };
    const progress = await lane.sell(1234);
    expect(row(progress.paymentId).state).toBe('unknown');

    // Recovery at start-up looks the order up under the configured merchant, where it is not
    // found. The charge exists under the other merchant, so "not found" must not end as failed.
    await lane.stack.restart();
    await lane.stack.services.lane.ensure();

    const after = row(progress.paymentId);
    expect(after.state).not.toBe('failed');
    expect(after.state).not.toBe('approved');
    expect(after.attention).not.toBeNull();
  });

  it('approval the gateway never saw waits for a manager', async () => {
    lane.script = async (request, device) => {
      device.prompt('INSERT CARD');
      device.send('01F40000', approvalData(request, null, { merchantID: MERCHANT_ID }));
    };
    const progress = await lane.sell(1234);

    await expectNotApproved(progress);
    expect(progress.stage).toBe('needs_attention');
    expect(row(progress.paymentId).state).toBe('confirming');
    expect(row(progress.paymentId).attention).toMatch(/does not know/);
    expect(lane.gateway.transactions()).toHaveLength(0);

    // A restart runs recovery again; the gateway still does not know it.
    await lane.stack.restart();
    await lane.stack.services.lane.ensure();
    expect(row(progress.paymentId).state).toBe('confirming');
  });

  it('unconfirmable approval waits while the gateway is down', async () => {
    lane.script = async (request, device) => {
      device.prompt('INSERT CARD');
      const reply = await device.authorize({
        orderId: request.orderId,
        amountMinor: request.amountMinor,
      });
      lane.gateway.injectFault({ kind: 'http_500', endpoint: 'inquireByOrderid', count: 10 });
      device.send('01F40000', approvalData(request, reply));
    };
    const progress = await lane.sell(1234);

    await expectNotApproved(progress);
    expect(progress.stage).toBe('confirming');
    expect(row(progress.paymentId).state).toBe('confirming');
    expect(row(progress.paymentId).attention).toMatch(/could not be reached/);
  });
});
