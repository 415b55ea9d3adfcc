/**
 * A lane set up as a store would run it outside demo mode: environment `uat`, site `fts` and
 * stored credentials. The gateway simulator on loopback is the CardPointe host, and a scripted
 * device on one end of a socat pty pair is the terminal.
 *
 * The device is the real PAE simulator for everything but DPT: GTI, GCS, GOT and CPT get its
 * normal answers, while each DPT goes to a script that decides what the device sends back. The
 * script can authorize through the gateway simulator's public `auth` route like a real device,
 * with any order id, amount or merchant id, or make up frames the gateway never saw.
 */
import { startGatewaySimulator, type GatewaySimulator } from '../../main/simulators/gateway';
import { attachSimulatorToPath, type PaeDeviceSimulator } from '../../main/simulators/terminal';
import { createHttpAuthorizer, type GatewayReply } from '../../main/simulators/terminal/authorizer';
import { decodeFrame } from '../../main/terminal/pae/codec';
import { PaeFramer } from '../../main/terminal/pae/framer';
import { decimalStringToMinor, toDecimalString } from '../../common/money';
import type { SaleProgress } from '../../common/contract';
import { openPtyPair, type PtyPair } from '../terminal/socat';
import { codeOf, MANAGER, makeDataDir, startStack, valueOf, type SecurityStack } from './stack';

export const MERCHANT_ID = '496160873888';
/** A second merchant id the gateway simulator accepts, for approvals charged under another account. */
export const OTHER_MERCHANT_ID = '820000000001';
export const TEST_PAN = '4111111111111111';

export interface DptRequest {
  orderId: string;
  amountMinor: number;
  paymentType: number;
  paymentUser: string;
}

export interface DeviceControls {
  /** Authorizes through the gateway simulator as a device would; returns the gateway's reply. */
  authorize(input: {
    orderId: string;
    amountMinor: number;
    merchantId?: string;
    pan?: string;
  }): Promise<GatewayReply>;
  /** Sends a DPT reply frame. */
  send(code: string, data: string): void;
  prompt(text: string): void;
}

export type DptScript = (request: DptRequest, device: DeviceControls) => Promise<void>;

/** Builds the data field of a final DPT frame as a PAE device sends it, from a gateway reply. */
export function approvalData(
  request: DptRequest,
  reply: GatewayReply | null,
  overrides: Record<string, string> = {},
): string {
  const text = (value: unknown): string => {
    if (typeof value === 'string') return value;
    if (typeof value === 'number') return String(value);
    return '';
  };
  const approvedMinor =
    (reply !== null && typeof reply.amount === 'string'
      ? decimalStringToMinor(reply.amount)
      : null) ?? request.amountMinor;
  return JSON.stringify({
    transactionID: '00000000-0000-4000-8000-00000000000a',
    externalTransactionID: request.orderId,
    paymentID: '00000000-0000-4000-8000-00000000000b',
    cardToken: reply === null ? '9418594164541111' : text(reply.token),
    authorization: reply === null ? '123456' : text(reply.authcode),
    amountAuth: String(approvedMinor),
    processorMsg: reply === null ? 'Approval' : text(reply.resptext),
    processorCode: reply === null ? '00' : text(reply.respcode),
    processorReference: reply === null ? '888877776666' : text(reply.retref),
    receiptData: JSON.stringify({
      dateTime: '20250101120000',
      dba: 'Test Store',
      header: '',
      footer: '',
    }),
    expiry: '1230',
    bininfo: JSON.stringify({ product: 'V', bin: '411111' }),
    emvTags: JSON.stringify({
      AID: 'A0000000031010',
      'Entry method': 'Chip Read',
      'Network Label': 'VISA',
    }),
    merchantID: reply === null ? MERCHANT_ID : text(reply.merchid),
    ...overrides,
  });
}

export interface UatLane {
  stack: SecurityStack;
  gateway: GatewaySimulator;
  simulator: PaeDeviceSimulator;
  pair: PtyPair;
  /** Every DPT command the device received, with its raw data field. */
  dpts: (DptRequest & { raw: string })[];
  /** The script for the next DPTs; null lets the simulator run them as a normal device. */
  script: DptScript | null;
  managerId: number;
  /** Starts a sale through the router as the logged-in operator and waits for its result. */
  sell(amountMinor: number): Promise<SaleProgress>;
  close(): Promise<void>;
}

export interface UatLaneOptions {
  /** Gateway API credentials the store stores and the simulator accepts. */
  credentials?: { user: string; password: string };
  managerPin?: string;
}

/** Terminal timeouts short enough that a silent device ends a test in about a second. */
export const LANE_TIMEOUTS = {
  responseMs: 1_000,
  dptFirstFrameMs: 1_500,
  dptInactivityMs: 1_200,
  dptCeilingMs: 20_000,
  heartbeatMs: 60_000,
  recoveringPollMs: 50,
  recoveringMaxMs: 2_000,
};

export async function startUatLane(options: UatLaneOptions = {}): Promise<UatLane> {
  const credentials = options.credentials ?? { user: 'testing', password: 'testing123' };
  const gateway = await startGatewaySimulator({
    port: 0,
    controlApi: true,
    seed: 11,
    credentials: [credentials],
    merchantIds: [MERCHANT_ID, OTHER_MERCHANT_ID],
  });
  const pair = await openPtyPair();
  const device = await attachSimulatorToPath(pair.devicePath, {
    gatewayRestUrl: gateway.restUrl,
    credentials,
    merchantId: MERCHANT_ID,
    promptDelayMs: 0,
    cardDelayMs: 0,
  });
  const authorizer = createHttpAuthorizer(gateway.restUrl, credentials);
  const simulator = device.simulator;
  const dpts: UatLane['dpts'] = [];

  const controls: DeviceControls = {
    authorize: (input) =>
      authorizer.authorize({
        merchantId: input.merchantId ?? MERCHANT_ID,
        pan: input.pan ?? TEST_PAN,
        expiry: '1230',
        amount: toDecimalString(input.amountMinor),
        orderId: input.orderId,
        capture: true,
      }),
    send: (code, data) => simulator.sendUnsolicited({ key: 'DPT', type: 'RESP', code, data }),
    prompt: (text) =>
      simulator.sendUnsolicited({
        key: 'DPT',
        type: 'RESP',
        code: '02010000',
        data: JSON.stringify({ LCD_Code: 13, LCD_Msg: text }),
      }),
  };

  // Host-to-device bytes pass through a framer of our own, so every DPT is seen (including ones
  // the simulator would reject) and scripted DPTs never reach the simulator's payment logic.
  const framer = new PaeFramer();
  const deliver = simulator.receive.bind(simulator);
  const lane = {} as UatLane;
  simulator.receive = (chunk: Buffer) => {
    for (const frame of framer.push(chunk).frames) {
      const decoded = decodeFrame(frame);
      if (decoded.ok && decoded.frame.key === 'DPT' && decoded.frame.type === 'CMD') {
        const request = parseDpt(decoded.frame.data);
        dpts.push({ ...request, raw: decoded.frame.data });
        const script = lane.script;
        if (script !== null) {
          void script(request, controls).catch((error: unknown) =>
            simulator.emit('script-error', error),
          );
          continue;
        }
      }
      deliver(frame);
    }
  };

  const stack = await startStack({
    dir: makeDataDir('uat'),
    core: {
      gatewayLoopbackOrigin: gateway.url,
      terminalTimeouts: LANE_TIMEOUTS,
      recovery: { pauseMs: 10 },
    },
  });
  const managerPin = options.managerPin ?? MANAGER.pin;
  const manager = valueOf<{ id: number }>(
    await stack.call('setup.createFirstManager', {
      name: MANAGER.name,
      pin: managerPin,
      environment: 'uat',
      site: 'fts',
      merchantId: MERCHANT_ID,
    }),
  );
  valueOf(await stack.call('settings.acceptPlainStorage', { accept: true }));
  valueOf(await stack.call('settings.setCredentials', { environment: 'uat', ...credentials }));
  valueOf(
    await stack.call('settings.update', { terminal: { serialNumber: null, path: pair.hostPath } }),
  );

  Object.assign(lane, {
    stack,
    gateway,
    simulator,
    pair,
    dpts,
    script: null,
    managerId: manager.id,
    async sell(amountMinor: number) {
      const started = await stack.call('sale.start', { amountMinor });
      if (!started.ok) {
        throw new Error(`sale.start failed: ${codeOf(started)}: ${started.error.message}`);
      }
      const progress = started.value as SaleProgress;
      const core = stack.services.lane.current();
      if (core === null) throw new Error('uat lane: the lane has no core after sale.start.');
      await core.sales.waitUntilFinished(progress.paymentId);
      return valueOf<SaleProgress>(await stack.call('sale.current'));
    },
    async close() {
      // Each piece closes even when an earlier one fails, so no socat process outlives the test.
      try {
        await stack.close();
      } finally {
        await device.close();
        await pair.close();
        await gateway.close();
      }
    },
  } satisfies Omit<UatLane, never>);
  return lane;
}

function parseDpt(data: string): DptRequest {
  try {
    const object = JSON.parse(data) as Record<string, unknown>;
    return {
      orderId: String(object.orderId ?? ''),
      amountMinor: Number(object.paymentAmount),
      paymentType: Number(object.paymentType),
      paymentUser: String(object.paymentUser ?? ''),
    };
  } catch {
    return { orderId: '', amountMinor: Number.NaN, paymentType: Number.NaN, paymentUser: '' };
  }
}
