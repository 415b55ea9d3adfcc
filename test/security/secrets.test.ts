/**
 * Secrets in outputs. A UAT lane runs sales and faults with a seeded gateway password, manager PIN,
 * full card token and Luhn-valid card number. They are placed where a hostile device, gateway reply
 * or file edit could make them appear: terminal prompts and approval frames, gateway replies, a
 * frame with a bad checksum, the settings file and invalid channel input. None of them, nor
 * base64(user:password), may appear in a log file, an IPC result or event, `--json` output of the
 * command line, the settings file or any byte of the journal database. Log lines must contain no
 * Luhn-valid 13–19 digit run.
 */
import { copyFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { toDecimalString } from '../../common/money';
import { runCli } from '../../main/cli/commands';
import { JOURNAL_FILE } from '../../main/core';
import { luhnValid } from '../../main/log/redact';
import { SETTINGS_FILE } from '../../main/settings/settings-file';
import { codeOf, filesUnder, loginAs, makeDataDir } from './stack';
import { approvalData, MERCHANT_ID, startUatLane, type UatLane } from './uat-lane';

const GATEWAY_USER = 'lanecardapi';
const GATEWAY_PASSWORD = 'Vq7!pass-Zr42x9';
const MANAGER_PIN = '86053172';
/** A CardSecure-style token: 16 digits starting with 9; it fails the Luhn check, as such tokens can. */
const FULL_TOKEN = '9418594164540026';
/** A Luhn-valid Visa test number. */
const CARD_NUMBER = '4012000033330026';

const SECRETS: Record<string, string> = {
  'gateway password': GATEWAY_PASSWORD,
  'base64(user:password)': Buffer.from(`${GATEWAY_USER}:${GATEWAY_PASSWORD}`).toString('base64'),
  'manager PIN': MANAGER_PIN,
  'full token': FULL_TOKEN,
  'card number': CARD_NUMBER,
};

let lane: UatLane;
const events: string[] = [];
const cliOutputs: string[] = [];
let cliDir: string;

/** Builds an approval frame with the seeded values in every field a hostile device controls. */
function hostileApproval(
  request: Parameters<typeof approvalData>[0],
  reply: Record<string, unknown>,
): string {
  return approvalData(request, reply, {
    cardToken: FULL_TOKEN,
    processorMsg: `Approval ${CARD_NUMBER} ${FULL_TOKEN}`,
    receiptData: JSON.stringify({ nameOnCard: CARD_NUMBER, orderNote: FULL_TOKEN }),
    emvTags: JSON.stringify({
      AID: 'A0000000031010',
      'Entry method': 'Chip Read',
      PAN: CARD_NUMBER,
    }),
    bininfo: JSON.stringify({ product: 'V', bin: CARD_NUMBER.slice(0, 6), account: CARD_NUMBER }),
  });
}

beforeAll(async () => {
  lane = await startUatLane({
    credentials: { user: GATEWAY_USER, password: GATEWAY_PASSWORD },
    managerPin: MANAGER_PIN,
  });
  lane.stack.services.events.addSink((name, payload) =>
    events.push(JSON.stringify({ name, payload })),
  );

  // 1. A sale the gateway approves, with a hostile prompt and approval frame.
  lane.script = async (request, device) => {
    device.prompt(`CARD ${CARD_NUMBER} TOKEN ${FULL_TOKEN}`);
    const reply = await device.authorize({
      orderId: request.orderId,
      amountMinor: request.amountMinor,
      pan: CARD_NUMBER,
    });
    device.send('01F40000', hostileApproval(request, reply));
  };
  await lane.sell(1234);

  // 2. The gateway's confirmation reply carries them too.
  lane.script = async (request, device) => {
    device.prompt('INSERT CARD');
    const reply = await device.authorize({
      orderId: request.orderId,
      amountMinor: request.amountMinor,
      pan: CARD_NUMBER,
    });
    lane.gateway.injectFault({
      kind: 'json_reply',
      endpoint: 'inquireByOrderid',
      body: {
        ...reply,
        orderId: request.orderId,
        account: CARD_NUMBER,
        token: FULL_TOKEN,
        resptext: `Approval ${CARD_NUMBER} ${FULL_TOKEN}`,
        setlstat: 'Queued for Capture',
      },
    });
    device.send('01F40000', hostileApproval(request, reply));
  };
  await lane.sell(2000);

  // 3. A decline whose text carries them.
  lane.script = async (request, device) => {
    device.prompt('INSERT CARD');
    device.send(
      '01F50000',
      approvalData(request, null, {
        amountAuth: '0',
        processorCode: '05',
        processorMsg: `Declined ${CARD_NUMBER} ${FULL_TOKEN}`,
        cardToken: FULL_TOKEN,
      }),
    );
  };
  await lane.sell(3000);

  // 4. Faults: a frame with a bad checksum carrying the card number and token, then an approval
  //    the gateway never saw.
  lane.script = async (request, device) => {
    device.prompt('INSERT CARD');
    lane.simulator.setFaults({ badChecksumOnFrames: [lane.simulator.framesSent + 1] });
    device.send(
      '01F40000',
      `{"cardToken":"${FULL_TOKEN}","account":"${CARD_NUMBER}","externalTransactionID":"${request.orderId}"}`,
    );
    await lane.simulator.flushed();
    lane.simulator.setFaults({});
    device.send(
      '01F40000',
      hostileApproval(request, {
        merchid: MERCHANT_ID,
        retref: '777766665555',
        amount: toDecimalString(request.amountMinor),
      }),
    );
  };
  await lane.sell(4000);

  // 5. Invalid channel input and a hand-edited settings file that hold them.
  await lane.stack.call('settings.setCredentials', {
    environment: 'uat',
    user: GATEWAY_USER,
    password: `${GATEWAY_PASSWORD}\u0007`,
  });
  await lane.stack.call('settings.setCredentials', {
    environment: 'production',
    user: `${CARD_NUMBER} x`,
    password: GATEWAY_PASSWORD,
  });
  await lane.stack.call('session.login', { operatorId: lane.managerId, pin: `${MANAGER_PIN}0` });
  await lane.stack.call('settings.update', { receiptHeader: [`${GATEWAY_PASSWORD}\u0000`] });
  const settingsPath = path.join(lane.stack.dir, SETTINGS_FILE);
  const original = readFileSync(settingsPath, 'utf8');
  const settings = JSON.parse(original) as Record<string, unknown>;
  writeFileSync(
    settingsPath,
    JSON.stringify({ ...settings, site: GATEWAY_PASSWORD, merchantId: CARD_NUMBER }),
  );
  await lane.stack.call('session.status');
  await lane.stack.call('sale.start', { amountMinor: 100 });
  writeFileSync(settingsPath, original);

  // Every read channel a manager has, so their results are scanned too, and the PIN entered at
  // the approval dialog.
  await loginAs(lane.stack, lane.managerId, MANAGER_PIN);
  await lane.stack.call('approval.request', {
    managerId: lane.managerId,
    pin: MANAGER_PIN,
    action: 'void',
    paymentId: 1,
    amountMinor: 1234,
  });
  for (const channel of [
    'session.status',
    'session.listOperators',
    'sale.current',
    'terminal.status',
    'operators.list',
    'settings.get',
    'audit.list',
    'audit.verify',
    'payments.search',
    'attention.list',
  ]) {
    await lane.stack.call(channel, {});
  }
  for (let paymentId = 1; paymentId <= 5; paymentId += 1) {
    await lane.stack.call('payments.get', { paymentId });
    await lane.stack.call('receipts.get', { paymentId });
  }
  // A restart closes the database, which writes every row to its file, and runs recovery once more.
  await lane.stack.restart();

  // The command line's --json output over the same journal, in a demo folder of its own so that
  // nothing it starts can reach a real gateway host.
  cliDir = makeDataDir('cli');
  for (const file of filesUnder(lane.stack.dir).filter((entry) =>
    path.basename(entry).startsWith(JOURNAL_FILE),
  )) {
    copyFileSync(file, path.join(cliDir, path.basename(file)));
  }
  for (const args of [['journal'], ['audit', 'verify'], ['sale', '12.34']]) {
    let output = '';
    await runCli(args, {
      dataDir: cliDir,
      json: true,
      limit: undefined,
      env: {},
      stdout: (text) => {
        output += text;
      },
      stderr: (text) => {
        output += text;
      },
    });
    cliOutputs.push(output);
  }
}, 60_000);

afterAll(async () => {
  await lane?.close();
  if (cliDir !== undefined) rmSync(cliDir, { recursive: true, force: true });
});

/** Names of the seeded secrets found in `text`. */
function secretsIn(text: string | Buffer): string[] {
  const buffer = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
  return Object.entries(SECRETS)
    .filter(([, value]) => buffer.includes(Buffer.from(value, 'utf8')))
    .map(([name]) => name);
}

describe('secrets in outputs', () => {
  it('the scenarios ran', () => {
    expect(lane.dpts.length).toBe(4);
    expect(lane.stack.results.length).toBeGreaterThan(20);
    expect(cliOutputs.every((output) => output.length > 0)).toBe(true);
    // The seeded values did reach Cardlane: the gateway saw the seeded card and credentials.
    const requests = lane.gateway.requests();
    expect(JSON.stringify(requests.map((request) => request.body))).toContain(CARD_NUMBER);
    expect(
      requests.some((request) =>
        request.headers.authorization?.includes(SECRETS['base64(user:password)'] ?? '-'),
      ),
    ).toBe(true);
  });

  it('are absent from IPC results', () => {
    const found = lane.stack.results.flatMap((envelope) => secretsIn(JSON.stringify(envelope)));
    expect([...new Set(found)]).toEqual([]);
  });

  it('are absent from events', () => {
    expect([...new Set(events.flatMap((event) => secretsIn(event)))]).toEqual([]);
  });

  it('are absent from the journal database', () => {
    const files = filesUnder(lane.stack.dir).filter((file) =>
      path.basename(file).startsWith(JOURNAL_FILE),
    );
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      expect(secretsIn(readFileSync(file)), file).toEqual([]);
    }
  });

  it('are absent from the settings file', () => {
    expect(secretsIn(readFileSync(path.join(lane.stack.dir, SETTINGS_FILE)))).toEqual([]);
  });

  it('are absent from log files', () => {
    const logs = [
      ...filesUnder(path.join(lane.stack.dir, 'logs')),
      ...filesUnder(path.join(cliDir, 'logs')),
    ];
    expect(logs.length).toBeGreaterThan(0);
    for (const file of logs) {
      expect(secretsIn(readFileSync(file)), file).toEqual([]);
    }
  });

  it('are absent from command-line json output', () => {
    for (const output of cliOutputs) {
      expect(secretsIn(output)).toEqual([]);
    }
  });

  it('log lines hold no Luhn-valid digit runs', () => {
    const logs = [
      ...filesUnder(path.join(lane.stack.dir, 'logs')),
      ...filesUnder(path.join(cliDir, 'logs')),
    ];
    const found: string[] = [];
    for (const file of logs) {
      for (const line of readFileSync(file, 'utf8').split('\n')) {
        if (line.trim() === '') continue;
        const fields = JSON.parse(line) as Record<string, unknown>;
        // Timestamp fields are digit runs by nature and are excepted by name.
        delete fields.time;
        for (const run of JSON.stringify(fields).match(/\d+/g) ?? []) {
          if (run.length >= 13 && run.length <= 19 && luhnValid(run)) found.push(run);
        }
      }
    }
    expect(found).toEqual([]);
  });

  it('channel errors do not echo secret input', () => {
    const errors = lane.stack.results.filter((envelope) => !envelope.ok);
    expect(errors.length).toBeGreaterThan(3);
    for (const envelope of errors) {
      expect(codeOf(envelope)).not.toBeNull();
    }
  });
});
