import type { ReceiptModel, RenderedReceipt } from '../../common/contract';

/** Characters a receipt printer line holds. */
export const RECEIPT_WIDTH = 42;

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => HTML_ESCAPES[character] ?? character);
}

/** The labelled lines of the receipt body, shared by both renderings. */
function bodyLines(model: ReceiptModel): [string, string][] {
  const lines: [string, string][] = [
    ['Date', model.dateTime],
    ['Merchant', model.merchantId],
    ['Lane', model.laneId],
    ['Order', model.orderId],
  ];
  if (model.operatorName !== null) lines.push(['Operator', model.operatorName]);
  if (model.card !== null) lines.push(['Card', model.card]);
  if (model.entryMode !== null) lines.push(['Entry', model.entryMode]);
  if (model.authCode !== null) lines.push(['Auth code', model.authCode]);
  if (model.retref !== null) lines.push(['Ref', model.retref]);
  for (const line of model.emv) lines.push([line.label, line.value]);
  return lines;
}

function amountLines(model: ReceiptModel): [string, string][] {
  const lines: [string, string][] = [];
  if (model.requestedText !== null) lines.push(['Requested', model.requestedText]);
  lines.push([
    model.kind === 'refund' ? 'Refund' : model.partialApproval ? 'Approved' : 'Total',
    model.amountText,
  ]);
  if (model.dueText !== null) lines.push(['Still due', model.dueText]);
  return lines;
}

function banners(model: ReceiptModel): string[] {
  const result: string[] = [];
  if (model.copy) result.push('COPY');
  if (model.partialApproval) result.push('PARTIAL APPROVAL');
  return result;
}

function center(text: string): string {
  const clipped = text.slice(0, RECEIPT_WIDTH);
  return `${' '.repeat(Math.floor((RECEIPT_WIDTH - clipped.length) / 2))}${clipped}`;
}

function justify(label: string, value: string): string {
  const room = RECEIPT_WIDTH - label.length - 1;
  return value.length <= room
    ? `${label} ${value.padStart(room)}`
    : `${label}\n${value.padStart(RECEIPT_WIDTH)}`;
}

/** Renders the receipt as plain text of `RECEIPT_WIDTH` columns. */
export function renderReceiptText(model: ReceiptModel): string {
  const rule = '-'.repeat(RECEIPT_WIDTH);
  const lines = [
    ...model.header.map(center),
    ...banners(model).map((banner) => center(`*** ${banner} ***`)),
    center(model.title),
    rule,
    ...bodyLines(model).map(([label, value]) => justify(label, value)),
    rule,
    ...amountLines(model).map(([label, value]) => justify(label, value)),
    rule,
    ...model.footer.map(center),
  ];
  return `${lines.join('\n')}\n`;
}

/**
 * Renders the receipt as a complete HTML document for the print window. Every field is escaped,
 * and the document carries a Content-Security-Policy that allows no script and no network.
 */
export function renderReceiptHtml(model: ReceiptModel): string {
  const row = ([label, value]: [string, string]) =>
    `<tr><th>${escapeHtml(label)}</th><td>${escapeHtml(value)}</td></tr>`;
  const paragraphs = (lines: readonly string[], className: string) =>
    lines.map((line) => `<p class="${className}">${escapeHtml(line)}</p>`).join('');
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`,
    `<title>${escapeHtml(model.title)}</title>`,
    '<style>body{font-family:monospace;width:42ch;margin:0 auto}p{margin:0;text-align:center}',
    'table{width:100%;border-collapse:collapse}th{text-align:left;font-weight:normal}td{text-align:right}',
    '.banner{font-weight:bold}.title{font-weight:bold;margin:0.5em 0}.total td,.total th{font-weight:bold}</style>',
    '</head><body>',
    paragraphs(model.header, 'header'),
    paragraphs(
      banners(model).map((banner) => `*** ${banner} ***`),
      'banner',
    ),
    `<p class="title">${escapeHtml(model.title)}</p>`,
    `<table class="body">${bodyLines(model).map(row).join('')}</table><hr>`,
    `<table class="total">${amountLines(model).map(row).join('')}</table><hr>`,
    paragraphs(model.footer, 'footer'),
    '</body></html>',
  ].join('');
}

export function renderReceipt(model: ReceiptModel): RenderedReceipt {
  return { model, html: renderReceiptHtml(model), text: renderReceiptText(model) };
}
