/**
 * The settings form's text fields and the patch they make. The form keeps what the manager typed;
 * `patchOf` sends only changed fields, and main validates each one and names the field it rejects.
 */
import type {
  Environment,
  PartialApprovalPolicy,
  SettingsPatch,
  SettingsView,
} from '../../common/contract';
import { toDecimalString } from '../../common/money';
import { checkAmount, normalizePasted } from './amount-entry';
import * as strings from './strings';

const s = strings.settings;

export interface SettingsForm {
  environment: Environment;
  site: string;
  merchantId: string;
  laneId: string;
  serialNumber: string;
  path: string;
  timeZone: string;
  receiptHeader: string;
  receiptFooter: string;
  idleLockSeconds: string;
  maxSale: string;
  unsettledRefunds: boolean;
  partialApproval: PartialApprovalPolicy;
}

export function formOf(view: SettingsView): SettingsForm {
  return {
    environment: view.environment,
    site: view.site ?? '',
    merchantId: view.merchantId,
    laneId: view.laneId,
    serialNumber: view.terminal.serialNumber ?? '',
    path: view.terminal.path ?? '',
    timeZone: view.timeZone,
    receiptHeader: view.receiptHeader.join('\n'),
    receiptFooter: view.receiptFooter.join('\n'),
    idleLockSeconds: String(view.idleLockSeconds),
    maxSale: toDecimalString(view.maxSaleMinor),
    unsettledRefunds: view.unsettledRefunds,
    partialApproval: view.partialApproval,
  };
}

/** Splits a receipt text box into lines; an empty box has none. */
export function lines(text: string): string[] {
  return text === '' ? [] : text.replace(/\r/g, '').split('\n');
}

/** Builds a patch of the changed fields. Main validates each one and names the field it rejects. */
export function patchOf(
  form: SettingsForm,
  view: SettingsView,
): { ok: true; patch: SettingsPatch } | { ok: false; message: string } {
  const patch: SettingsPatch = {};
  const before = formOf(view);

  if (form.environment !== before.environment) patch.environment = form.environment;
  if (form.site !== before.site) patch.site = form.site.trim() === '' ? null : form.site.trim();
  if (form.merchantId !== before.merchantId) patch.merchantId = form.merchantId.trim();
  if (form.laneId !== before.laneId) patch.laneId = form.laneId.trim();
  if (form.serialNumber !== before.serialNumber || form.path !== before.path) {
    patch.terminal = {
      // Timeouts are set in the settings file by IT; the form keeps them as they are.
      ...view.terminal,
      serialNumber: form.serialNumber.trim() === '' ? null : form.serialNumber.trim(),
      path: form.path.trim() === '' ? null : form.path.trim(),
    };
  }

  if (form.timeZone !== before.timeZone) patch.timeZone = form.timeZone.trim();
  if (form.receiptHeader !== before.receiptHeader) patch.receiptHeader = lines(form.receiptHeader);
  if (form.receiptFooter !== before.receiptFooter) patch.receiptFooter = lines(form.receiptFooter);

  if (form.idleLockSeconds !== before.idleLockSeconds) {
    if (!/^\d{1,5}$/.test(form.idleLockSeconds.trim())) {
      return { ok: false, message: `${s.idleLock}: ${s.numberInvalid}` };
    }
    patch.idleLockSeconds = Number(form.idleLockSeconds.trim());
  }
  if (form.maxSale !== before.maxSale) {
    const entry = normalizePasted(form.maxSale);
    const checked = entry === null ? null : checkAmount(entry, Number.MAX_SAFE_INTEGER);
    if (checked === null || !checked.ok) {
      return { ok: false, message: `${s.maxSale}: ${s.amountInvalid}` };
    }
    patch.maxSaleMinor = checked.minor;
  }

  if (form.unsettledRefunds !== before.unsettledRefunds) {
    patch.unsettledRefunds = form.unsettledRefunds;
  }
  if (form.partialApproval !== before.partialApproval) patch.partialApproval = form.partialApproval;
  return { ok: true, patch };
}
