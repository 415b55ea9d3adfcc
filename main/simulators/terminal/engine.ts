/**
 * A byte-level model of a CardPointe Unattended (PAE) device: bytes in, bytes out, on an
 * injectable clock. It checks each command's CRC, answers GTI, GCS, GOT, CPT and RBT, and runs a
 * DPT the way the device does: prompt frames, the card read, an `auth` call to the gateway, then
 * one final frame. Tests choose the card, the scenario and the faults.
 */
import { EventEmitter } from 'node:events';

import { decimalStringToMinor, toDecimalString } from '../../../common/money';
import { decodeFrame, type PaeMessage } from '../../terminal/pae/codec';
import { PaeFramer } from '../../terminal/pae/framer';
import type { Authorizer, GatewayReply } from './authorizer';
import { networkOf, passesLuhn, VISA_TEST_CARD, type SimulatedCard } from './cards';
import { realClock, seededRandom, type SimulatorClock } from './clock';
import { FrameOutput, type LineWriter, type OutputFaults } from './output';

/** The device's behaviour at the card read of the next DPT. */
export type DptScenario =
  /** Read the card and authorize through the gateway; the gateway approves or declines. */
  | 'authorize'
  /** The customer never presents a card: 01F9. */
  | 'card_timeout'
  /** 01FA card read error. */
  | 'card_error'
  /** 01FD: a tapped or swiped card must be inserted. */
  | 'fallback'
  /** 0200 general EMV failure. */
  | 'chip_error'
  /** 0203 bad card read, terminating. */
  | 'bad_read'
  /** 020B no encryption key loaded. */
  | 'no_key';

/** Points in a DPT where a fault can strike. */
export type DptPoint = 'dpt_received' | 'card_read' | 'gateway_approved' | 'cpt';

/** Frames a scripted device sends just before the real final frame. */
export type ForgedApproval = 'other_order' | 'replay' | 'over_amount';

export interface SimulatorFaults extends OutputFaults {
  /** Send the final DPT frame twice. */
  duplicateFinal?: boolean;
  /** Never send the final DPT frame (the payment still ends on the device). */
  dropFinal?: boolean;
  /** Extra delay before every reply and prompt frame, in ms. */
  replyDelayMs?: number;
  /** Drop the connection at this point of the next DPT (or at CPT). */
  disconnectAt?: DptPoint | null;
  /** Reboot at this point of the next DPT. */
  rebootAt?: 'card_read' | 'gateway_approved' | null;
  /** Stop replying to every command, without closing the line. */
  silent?: boolean;
  /** Approval frames for the wrong payment sent before the real final frame. */
  forgedApprovals?: ForgedApproval[];
  /** The merchant id the device puts in approvals, when it differs from the one it charges. */
  replyMerchantId?: string | null;
}

export interface PaeDeviceOptions {
  authorizer: Authorizer;
  merchantId: string;
  serialNumber: string;
  seed: number;
  card: SimulatedCard;
  scenario: DptScenario;
  /** Delay between prompt frames, ms. */
  promptDelayMs: number;
  /** Time the customer takes to present the card after INSERT CARD, ms; CPT in this window cancels. */
  cardDelayMs: number;
  /** Window after start-up and reboot in which every command gets 00C8 "PAE is starting", ms. */
  startingMs: number;
  /** How long the device stays away during a reboot, ms. */
  rebootDownMs: number;
  /** Offline store size, in transactions. */
  offlineCapacity: number;
  clock: SimulatorClock;
  faults: SimulatorFaults;
}

/** The line the simulator writes to, implemented by a transport (in-memory pair, serial port). */
export interface DeviceLine extends LineWriter {
  /** Drops the connection as an unplugged device would. */
  disconnect(): void;
  /** The device restarts: the port goes away for `downMs` and then comes back. */
  reboot(downMs: number): void;
}

/** One DPT as the device saw it. */
export interface DptRecord {
  orderId: string;
  amountMinor: number;
  paymentType: number;
  result: 'approved' | 'declined' | 'offline' | 'cancelled' | 'failed' | 'interrupted';
  responseCode: string;
  retref: string | null;
}

interface ActivePayment {
  orderId: string;
  amountMinor: number;
  paymentType: number;
  cardRead: boolean;
  cancelled: boolean;
}

const OK = '00000000';

export class PaeDeviceSimulator extends EventEmitter {
  private readonly framer = new PaeFramer();
  private readonly random: () => number;
  private readonly output: FrameOutput;
  private line: DeviceLine | null = null;
  private options: PaeDeviceOptions;
  private startedAt: number;
  private payment: ActivePayment | null = null;
  private cancelWaiter: (() => void) | null = null;
  private cardInReader = false;
  private online = true;
  private offlineStored: { orderId: string; amountMinor: number; card: SimulatedCard }[] = [];
  private offlineRecovery = false;
  private appLoaderStatus = 'Idle';
  private lastApprovalData: string | null = null;
  /** Every DPT the device ran, in order. */
  readonly payments: DptRecord[] = [];
  /** Every command key the device received, in order (including ones it rejected). */
  readonly commandsReceived: string[] = [];

  constructor(options: PaeDeviceOptions) {
    super();
    this.options = options;
    this.random = seededRandom(options.seed);
    this.output = new FrameOutput(options.clock, this.random, options.faults, null);
    this.startedAt = options.clock.now();
  }

  // ---- test and demo controls --------------------------------------------------------------

  /** The card the simulated customer presents at the next DPT. */
  setCard(card: SimulatedCard): void {
    this.options = { ...this.options, card };
  }

  setScenario(scenario: DptScenario): void {
    this.options = { ...this.options, scenario };
  }

  /** Replaces the fault switches; `{}` turns every fault off. */
  setFaults(faults: SimulatorFaults): void {
    this.options = { ...this.options, faults };
    this.output.setFaults(faults);
  }

  setTiming(
    timing: Partial<
      Pick<PaeDeviceOptions, 'promptDelayMs' | 'cardDelayMs' | 'startingMs' | 'rebootDownMs'>
    >,
  ): void {
    this.options = { ...this.options, ...timing };
  }

  /**
   * Takes the device off or back on the network. Offline, DPTs are accepted offline (020A) and
   * stored; back online, stored sales are forwarded to the gateway one by one.
   */
  setOnline(online: boolean): void {
    const wasOffline = !this.online;
    this.online = online;
    if (online && wasOffline && this.offlineStored.length > 0) {
      void this.forwardOffline();
    }
  }

  setAppLoaderStatus(status: string): void {
    this.appLoaderStatus = status;
  }

  get inPayment(): boolean {
    return this.payment !== null;
  }

  /** Frames the device has produced so far; fault switches count frames from 1 in this order. */
  get framesSent(): number {
    return this.output.framesSent;
  }

  get offlineStoredCount(): number {
    return this.offlineStored.length;
  }

  /** Resolves once every frame queued so far has been written. */
  flushed(): Promise<void> {
    return this.output.flushed();
  }

  /** Sends an unsolicited frame, as a faulty device might while idle. */
  sendUnsolicited(message: PaeMessage): void {
    this.output.send(message);
  }

  /** Sends the data of the last approval again, as a replayed frame. */
  replayLastApproval(): boolean {
    if (this.lastApprovalData === null) {
      return false;
    }
    this.output.send({ key: 'DPT', type: 'RESP', code: '01F40000', data: this.lastApprovalData });
    return true;
  }

  // ---- transport side ----------------------------------------------------------------------

  /** Connects the device to a line; bytes it writes go there. */
  attach(line: DeviceLine): void {
    this.line = line;
    this.output.setLine(line);
  }

  detach(): void {
    this.line = null;
    this.output.setLine(null);
    this.framer.dropPartial();
  }

  /** Bytes from the host. */
  receive(chunk: Buffer): void {
    const { frames } = this.framer.push(chunk);
    for (const bytes of frames) {
      void this.handleFrame(bytes);
    }
  }

  /** Restarts the device: the current payment is lost on the device side, the offline store survives. */
  restart(): void {
    if (this.payment !== null) {
      this.record(this.payment, 'interrupted', '00000000', null);
      this.payment = null;
    }
    this.cardInReader = false;
    this.cancelWaiter?.();
    this.cancelWaiter = null;
    this.framer.dropPartial();
    this.startedAt = this.options.clock.now();
  }

  // ---- commands ----------------------------------------------------------------------------

  private async handleFrame(bytes: Buffer): Promise<void> {
    const decoded = decodeFrame(bytes);
    if (!decoded.ok) {
      this.commandsReceived.push('?');
      await this.reply('PAE', '00C90000', '');
      return;
    }
    const frame = decoded.frame;
    this.commandsReceived.push(frame.key);
    this.emit('command', frame.key);
    if (this.options.faults.silent === true) {
      return;
    }
    if (!frame.checksumValid) {
      await this.reply('PAE', '00CB0000', '');
      return;
    }
    if (frame.type !== 'CMD') {
      await this.reply('PAE', '00C90000', '');
      return;
    }
    if (this.options.clock.now() - this.startedAt < this.options.startingMs) {
      await this.reply(frame.key, '00C80000', '');
      return;
    }
    switch (frame.key) {
      case 'GTI':
        await this.reply('GTI', OK, JSON.stringify(this.identityData()));
        return;
      case 'GCS':
        await this.reply('GCS', OK, JSON.stringify(this.statusData()));
        return;
      case 'GOT':
        await this.reply('GOT', OK, JSON.stringify(this.offlineData()));
        return;
      case 'RBT':
        await this.reply('RBT', OK, '');
        await this.output.after(() => this.rebootNow());
        return;
      case 'CPT':
        await this.cancelPayment();
        return;
      case 'DPT':
        await this.startPayment(frame.data);
        return;
      default:
        await this.reply(frame.key, '00CC0000', '');
    }
  }

  private identityData(): Record<string, string> {
    return {
      PAE_Version: '1.5.3.5',
      AppLoader_Version: '0.2.0.3',
      FW_Version: 'VP5300 FW v1.02.090.0444.S',
      HW_Version: 'HW, VP5300 K81F Rev4',
      SerialNum: this.options.serialNumber,
      CompanyId: '00000000-0000-4000-8000-000000000001',
      ApplicationID: '00000000-0000-4000-8000-000000000002',
    };
  }

  private statusData(): Record<string, string | number> {
    return {
      Started: 1,
      Registered: 1,
      Connected: this.online ? 1 : 0,
      Encryption: 1,
      CardInReader: this.cardInReader ? 1 : 0,
      InPayment: this.payment === null ? 0 : 1,
      OfflineRecovery: this.offlineRecovery ? 1 : 0,
      '~OfflineTxnsAvail': this.options.offlineCapacity - this.offlineStored.length,
      AppLoaderStatus: this.appLoaderStatus,
    };
  }

  private offlineData(): Record<string, number> {
    const total = this.offlineStored.reduce((sum, entry) => sum + entry.amountMinor, 0);
    return {
      OfflineTxnsStored: this.offlineStored.length,
      Total$: total,
      EMVPayments: this.offlineStored.length,
      MSRPayments: 0,
    };
  }

  private async cancelPayment(): Promise<void> {
    if (this.options.faults.disconnectAt === 'cpt') {
      await this.output.after(() => this.line?.disconnect());
      return;
    }
    const payment = this.payment;
    if (payment === null) {
      await this.reply('CPT', '01A50000', '');
      return;
    }
    if (payment.cardRead) {
      await this.reply('CPT', '01A40000', '');
      return;
    }
    payment.cancelled = true;
    await this.reply('CPT', OK, 'Payment canceled');
    this.cancelWaiter?.();
  }

  // ---- the payment -------------------------------------------------------------------------

  private async startPayment(data: string): Promise<void> {
    const request = this.parsePaymentRequest(data);
    if ('code' in request) {
      await this.reply('DPT', request.code, '');
      return;
    }
    if (this.payment !== null) {
      await this.reply('DPT', '01F80000', '');
      return;
    }
    const payment: ActivePayment = { ...request, cardRead: false, cancelled: false };
    this.payment = payment;
    try {
      await this.runPayment(payment);
    } finally {
      if (this.payment === payment) {
        this.payment = null;
      }
      this.cardInReader = false;
    }
  }

  private parsePaymentRequest(
    data: string,
  ): { orderId: string; amountMinor: number; paymentType: number } | { code: string } {
    let object: Record<string, unknown>;
    try {
      const parsed: unknown = JSON.parse(data);
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
        return { code: '01F70000' };
      }
      object = Object.fromEntries(
        Object.entries(parsed).map(([key, value]) => [key.toLowerCase(), value]),
      );
    } catch {
      return { code: '012C0000' };
    }
    const { orderid, paymentamount, paymenttype, paymentuser } = object;
    if (paymentamount === undefined || paymenttype === undefined || paymentuser === undefined) {
      return { code: '01F60000' };
    }
    if (typeof paymentamount !== 'number' || !Number.isInteger(paymentamount)) {
      return { code: '02090000' };
    }
    if (paymentamount <= 0 || ![1, 6].includes(paymenttype as number)) {
      return { code: '01F70000' };
    }
    if (
      typeof orderid !== 'string' ||
      !/^[A-Za-z0-9]{1,19}$/.test(orderid) ||
      passesLuhn(orderid)
    ) {
      return { code: '01F70000' };
    }
    return { orderId: orderid, amountMinor: paymentamount, paymentType: paymenttype as number };
  }

  private async runPayment(payment: ActivePayment): Promise<void> {
    const faults = this.options.faults;
    if (faults.disconnectAt === 'dpt_received') {
      await this.disconnectNow(payment);
      return;
    }

    await this.prompt(35, 'WELCOME');
    await this.prompt(13, 'INSERT CARD');
    await this.waitForCard(payment);
    if (payment.cancelled) {
      await this.finish(payment, 'cancelled', '01FB0000', '');
      return;
    }
    if (this.payment !== payment) {
      return;
    }

    const scenarioCode = SCENARIO_CODES[this.options.scenario];
    if (scenarioCode !== undefined) {
      await this.prompt(scenarioCode.lcd[0], scenarioCode.lcd[1]);
      await this.finish(payment, 'failed', scenarioCode.code, '');
      return;
    }

    payment.cardRead = true;
    this.cardInReader = true;
    const card = this.options.card;
    await this.prompt(26, 'PROCESSING...');
    if (faults.disconnectAt === 'card_read') {
      await this.disconnectNow(payment);
      return;
    }
    if (faults.rebootAt === 'card_read') {
      await this.output.after(() => this.rebootNow());
      return;
    }

    if (!this.online) {
      await this.acceptOffline(payment, card);
      return;
    }

    let reply: GatewayReply;
    try {
      reply = await this.options.authorizer.authorize({
        merchantId: this.options.merchantId,
        pan: card.pan,
        expiry: card.expiry,
        amount: toDecimalString(payment.amountMinor),
        orderId: payment.orderId,
        capture: payment.paymentType === 1,
      });
    } catch (error) {
      this.emit('gateway-error', error);
      await this.finish(payment, 'failed', '00FF0000', '');
      return;
    }
    if (this.payment !== payment) {
      return;
    }

    const approved = reply.respstat === 'A';
    if (approved && faults.disconnectAt === 'gateway_approved') {
      this.record(payment, 'approved', '01F40000', text(reply.retref));
      await this.disconnectNow(payment, false);
      return;
    }
    if (approved && faults.rebootAt === 'gateway_approved') {
      this.record(payment, 'approved', '01F40000', text(reply.retref));
      this.payment = null;
      await this.output.after(() => this.rebootNow());
      return;
    }

    this.cardInReader = false;
    await this.prompt(39, 'REMOVE CARD');
    const data = JSON.stringify(this.authorizationData(payment, card, reply));
    for (const forged of faults.forgedApprovals ?? []) {
      this.output.send({
        key: 'DPT',
        type: 'RESP',
        code: '01F40000',
        data: this.forgedApproval(forged, payment, data),
      });
    }
    if (approved) {
      this.lastApprovalData = data;
      await this.finish(payment, 'approved', '01F40000', data, text(reply.retref));
    } else {
      await this.finish(payment, 'declined', '01F50000', data, text(reply.retref));
    }
  }

  private async waitForCard(payment: ActivePayment): Promise<void> {
    await new Promise<void>((resolve) => {
      this.cancelWaiter = resolve;
      void this.options.clock.sleep(this.options.cardDelayMs).then(resolve);
    });
    this.cancelWaiter = null;
    if (payment.cancelled) {
      await this.prompt(33, 'CANCELED');
    }
  }

  private async acceptOffline(payment: ActivePayment, card: SimulatedCard): Promise<void> {
    if (this.offlineStored.length >= this.options.offlineCapacity) {
      await this.finish(payment, 'failed', '02050000', '');
      return;
    }
    this.offlineStored.push({ orderId: payment.orderId, amountMinor: payment.amountMinor, card });
    this.cardInReader = false;
    await this.prompt(125, 'OFFLINE APPROVED');
    const data = JSON.stringify({
      transactionID: this.uuid(),
      externalTransactionID: payment.orderId,
      paymentID: this.uuid(),
      cardToken: this.tokenFor(card.pan),
      amountAuth: String(payment.amountMinor),
      merchantID: this.options.faults.replyMerchantId ?? this.options.merchantId,
    });
    await this.finish(payment, 'offline', '020A0000', data);
  }

  /** Forwards sales stored offline, as the device does once it is back online. */
  private async forwardOffline(): Promise<void> {
    this.offlineRecovery = true;
    try {
      while (this.online && this.offlineStored.length > 0) {
        const entry = this.offlineStored[0];
        if (entry === undefined) break;
        try {
          await this.options.authorizer.authorize({
            merchantId: this.options.merchantId,
            pan: entry.card.pan,
            expiry: entry.card.expiry,
            amount: toDecimalString(entry.amountMinor),
            orderId: entry.orderId,
            capture: true,
          });
        } catch (error) {
          this.emit('gateway-error', error);
          return;
        }
        this.offlineStored.shift();
      }
    } finally {
      this.offlineRecovery = false;
    }
  }

  private authorizationData(
    payment: ActivePayment,
    card: SimulatedCard,
    reply: GatewayReply,
  ): Record<string, string> {
    const network = networkOf(card.pan);
    const amountText = text(reply.amount);
    const approvedMinor = amountText === null ? null : decimalStringToMinor(amountText);
    const receipt = {
      dateTime: '20250101120000',
      dba: 'Cardlane Demo Store',
      address1: '1 Test Lane',
      address2: 'Pittsburgh, PA',
      phone: '8005550100',
      header: '',
      footer: '',
      nameOnCard: '',
      orderNote: '',
      items: '',
    };
    const binInfo = {
      country: 'USA',
      product: network.product,
      bin: card.pan.slice(0, 6),
      cardusestring: 'True credit, No PIN/Signature capability',
      gsa: false,
      corporate: false,
      fsa: false,
      subtype: network.applicationLabel,
      purchase: false,
      prepaid: false,
      issuer: 'Test Issuer',
      binlo: card.pan.slice(0, 6),
      binhi: card.pan.slice(0, 6),
      success: true,
      errormsg: null,
    };
    const emvTags = {
      TVR: '0000000000',
      ARC: reply.respstat === 'A' ? '00' : '05',
      PIN: 'None',
      Signature: 'false',
      Mode: 'Issuer',
      'Network Label': network.label,
      TSI: 'E800',
      AID: network.aid,
      IAD: '06010A03A00000',
      'Entry method': card.entryMethod,
      'Application Label': network.applicationLabel,
    };
    return {
      transactionID: this.uuid(),
      externalTransactionID: payment.orderId,
      paymentID: this.uuid(),
      cardToken: text(reply.token) ?? this.tokenFor(card.pan),
      authorization: text(reply.authcode) ?? '',
      amountAuth: String(reply.respstat === 'A' ? (approvedMinor ?? payment.amountMinor) : 0),
      processorMsg: text(reply.resptext) ?? '',
      processorCode: text(reply.respcode) ?? '',
      processorReference: text(reply.retref) ?? '',
      receiptData: JSON.stringify(receipt),
      expiry: card.expiry,
      bininfo: JSON.stringify(binInfo),
      emvTags: JSON.stringify(emvTags),
      merchantID:
        this.options.faults.replyMerchantId ?? text(reply.merchid) ?? this.options.merchantId,
    };
  }

  private forgedApproval(kind: ForgedApproval, payment: ActivePayment, data: string): string {
    const object = JSON.parse(data) as Record<string, string>;
    if (kind === 'replay') {
      return (
        this.lastApprovalData ??
        JSON.stringify({ ...object, externalTransactionID: 'REPLAYED0001' })
      );
    }
    if (kind === 'other_order') {
      return JSON.stringify({
        ...object,
        externalTransactionID: `X${payment.orderId}`.slice(0, 19),
        processorReference: '999999999999',
      });
    }
    return JSON.stringify({ ...object, amountAuth: String(payment.amountMinor + 100) });
  }

  // ---- output helpers ----------------------------------------------------------------------

  private async reply(key: string, code: string, data: string): Promise<void> {
    await this.pause();
    this.output.send({ key, type: 'RESP', code, data });
  }

  private async prompt(code: number, message: string): Promise<void> {
    await this.options.clock.sleep(this.options.promptDelayMs);
    await this.pause();
    if (this.line === null) {
      return;
    }
    this.output.send({
      key: 'DPT',
      type: 'RESP',
      code: '02010000',
      data: JSON.stringify({ LCD_Code: code, LCD_Msg: message }),
    });
  }

  private async pause(): Promise<void> {
    const delay = this.options.faults.replyDelayMs ?? 0;
    if (delay > 0) {
      await this.options.clock.sleep(delay);
    }
  }

  private async finish(
    payment: ActivePayment,
    result: DptRecord['result'],
    code: string,
    data: string,
    retref: string | null = null,
  ): Promise<void> {
    this.record(payment, result, code, retref);
    this.payment = null;
    if (this.options.faults.dropFinal === true) {
      return;
    }
    await this.pause();
    this.output.send({ key: 'DPT', type: 'RESP', code, data });
    if (this.options.faults.duplicateFinal === true) {
      this.output.send({ key: 'DPT', type: 'RESP', code, data });
    }
  }

  private record(
    payment: ActivePayment,
    result: DptRecord['result'],
    responseCode: string,
    retref: string | null,
  ): void {
    this.payments.push({
      orderId: payment.orderId,
      amountMinor: payment.amountMinor,
      paymentType: payment.paymentType,
      result,
      responseCode,
      retref,
    });
    this.emit('payment', this.payments[this.payments.length - 1]);
  }

  private async disconnectNow(payment: ActivePayment, record = true): Promise<void> {
    if (record) {
      this.record(payment, 'interrupted', '00000000', null);
    }
    this.payment = null;
    await this.output.after(() => this.line?.disconnect());
  }

  private rebootNow(): void {
    this.restart();
    this.line?.reboot(this.options.rebootDownMs);
  }

  private uuid(): string {
    const hex = Array.from({ length: 32 }, () => Math.floor(this.random() * 16).toString(16)).join(
      '',
    );
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20)}`;
  }

  /** Makes a CardSecure-style token: 16 digits starting with 9 and ending with the card's last 4. */
  private tokenFor(pan: string): string {
    const middle = Array.from({ length: 11 }, () => Math.floor(this.random() * 10)).join('');
    return `9${middle}${pan.slice(-4)}`;
  }
}

const SCENARIO_CODES: Partial<Record<DptScenario, { code: string; lcd: [number, string] }>> = {
  card_timeout: { code: '01F90000', lcd: [25, 'TIMEOUT'] },
  card_error: { code: '01FA0000', lcd: [6, 'CARD ERROR'] },
  fallback: { code: '01FD0000', lcd: [14, 'USE CHIP  READER'] },
  chip_error: { code: '02000000', lcd: [18, 'PROCESSING ERROR'] },
  bad_read: { code: '02030000', lcd: [6, 'CARD ERROR'] },
  no_key: { code: '020B0000', lcd: [72, 'ERROR'] },
};

function text(value: unknown): string | null {
  if (typeof value === 'string') {
    return value;
  }
  if (typeof value === 'number') {
    return String(value);
  }
  return null;
}

/** Defaults shared by the demo and tests. */
export const DEFAULT_DEVICE_OPTIONS = {
  serialNumber: '103T662933',
  seed: 1,
  card: VISA_TEST_CARD,
  scenario: 'authorize' as DptScenario,
  promptDelayMs: 0,
  cardDelayMs: 0,
  startingMs: 0,
  rebootDownMs: 500,
  offlineCapacity: 100,
  clock: realClock,
  faults: {} as SimulatorFaults,
};
