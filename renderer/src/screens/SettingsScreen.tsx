import { useEffect, useState, type FormEvent, type ReactNode } from 'react';

import type {
  AuditVerifyResult,
  ConnectionTestResult,
  CredentialEnvironment,
  Environment,
  SettingsView,
} from '../../../common/contract';
import type { ErrorInfo } from '../../../common/errors';
import { ErrorNotice } from '../components/ErrorNotice';
import { FactList, type Fact } from '../components/FactList';
import { formOf, patchOf, type SettingsForm as Form } from '../settings-form';
import { useApp, useAppStore } from '../context';
import { useDateTime, useFocusOnMount } from '../hooks';
import * as strings from '../strings';
import { UpdatesSection } from './UpdatesSection';

const ENVIRONMENTS: readonly Environment[] = ['demo', 'uat', 'production'];
const CREDENTIAL_ENVIRONMENTS: readonly CredentialEnvironment[] = ['uat', 'production'];
const s = strings.settings;

function TextField({
  id,
  label,
  hint,
  value,
  onChange,
  multiline,
  testId,
  inputMode,
}: {
  id: string;
  label: string;
  hint?: string;
  value: string;
  onChange(value: string): void;
  multiline?: boolean;
  testId?: string;
  inputMode?: 'numeric' | 'decimal';
}) {
  return (
    <div className="field">
      <label htmlFor={id} className="field__label">
        {label}
      </label>
      {multiline === true ? (
        <textarea
          id={id}
          className="text-field text-field--area"
          data-testid={testId}
          rows={3}
          value={value}
          spellCheck={false}
          aria-describedby={hint === undefined ? undefined : `${id}-hint`}
          onChange={(event) => onChange(event.target.value)}
        />
      ) : (
        <input
          id={id}
          className="text-field"
          data-testid={testId}
          autoComplete="off"
          spellCheck={false}
          inputMode={inputMode}
          value={value}
          aria-describedby={hint === undefined ? undefined : `${id}-hint`}
          onChange={(event) => onChange(event.target.value)}
        />
      )}
      {hint !== undefined && (
        <p id={`${id}-hint`} className="field-hint">
          {hint}
        </p>
      )}
    </div>
  );
}

function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <fieldset className="section" aria-labelledby={`${id}-title`}>
      <legend id={`${id}-title`} className="section__title">
        {title}
      </legend>
      {children}
    </fieldset>
  );
}

function Credentials({ view, onView }: { view: SettingsView; onView(next: SettingsView): void }) {
  const { api, call } = useApp();
  const [users, setUsers] = useState<Record<CredentialEnvironment, string>>({
    uat: '',
    production: '',
  });
  const [passwords, setPasswords] = useState<Record<CredentialEnvironment, string>>({
    uat: '',
    production: '',
  });
  const [messages, setMessages] = useState<Partial<Record<CredentialEnvironment, string>>>({});
  const [errors, setErrors] = useState<Partial<Record<CredentialEnvironment, ErrorInfo>>>({});
  const [plainError, setPlainError] = useState<ErrorInfo | null>(null);
  const formatDateTime = useDateTime();
  const storageBlocked = !view.secureStorage.available && !view.allowPlainSecretStorage;

  async function store(environment: CredentialEnvironment) {
    const user = users[environment].trim();
    const password = passwords[environment];
    if (user === '' || password === '') {
      setMessages((current) => ({ ...current, [environment]: s.credentialsMissing }));
      return;
    }
    const reply = await call(api.settings.setCredentials({ environment, user, password }));
    // The password leaves the page's state whatever the outcome.
    setPasswords((current) => ({ ...current, [environment]: '' }));
    if (reply.ok) {
      setUsers((current) => ({ ...current, [environment]: '' }));
      setMessages((current) => ({ ...current, [environment]: s.credentialsStored }));
      setErrors((current) => ({ ...current, [environment]: undefined }));
      onView({ ...view, credentials: { ...view.credentials, [environment]: reply.value } });
    } else {
      setMessages((current) => ({ ...current, [environment]: undefined }));
      setErrors((current) => ({ ...current, [environment]: reply.error }));
    }
  }

  async function acceptPlain() {
    const reply = await call(api.settings.acceptPlainStorage({ accept: true }));
    if (reply.ok) onView(reply.value);
    else setPlainError(reply.error);
  }

  return (
    <Section id="settings-credentials" title={s.sections.credentials}>
      <p className="screen__hint">{s.credentialsIntro}</p>
      {storageBlocked && (
        <div className="notice notice--warning" data-testid="plain-storage">
          <p>{s.secureStorageMissing(view.secureStorage.backend)}</p>
          <button
            type="button"
            className="button button--secondary"
            onClick={() => void acceptPlain()}
          >
            {s.acceptPlain}
          </button>
          <ErrorNotice error={plainError} />
        </div>
      )}
      <div className="settings__columns">
        {CREDENTIAL_ENVIRONMENTS.map((environment) => {
          const status = view.credentials[environment];
          const name = s.credentialEnvironment[environment];
          return (
            <div key={environment} className="panel" data-testid={`credentials-${environment}`}>
              <h3 className="section__title">{name}</h3>
              <p data-testid={`credentials-${environment}-status`}>
                <span aria-hidden="true">{status.set ? '✓ ' : '– '}</span>
                {s.credentialStatus(status.set, status.userMasked)}
                {status.updatedAt !== null && ` · ${formatDateTime(status.updatedAt)}`}
              </p>
              <TextField
                id={`cred-${environment}-user`}
                label={`${name} ${s.apiUser}`}
                value={users[environment]}
                onChange={(value) => setUsers((current) => ({ ...current, [environment]: value }))}
              />
              <div className="field">
                <label htmlFor={`cred-${environment}-password`} className="field__label">
                  {`${name} ${s.apiPassword}`}
                </label>
                <input
                  id={`cred-${environment}-password`}
                  className="text-field"
                  type="password"
                  autoComplete="new-password"
                  value={passwords[environment]}
                  onChange={(event) =>
                    setPasswords((current) => ({ ...current, [environment]: event.target.value }))
                  }
                />
              </div>
              <button
                type="button"
                className="button button--secondary"
                data-testid={`credentials-${environment}-store`}
                aria-disabled={storageBlocked}
                onClick={() => !storageBlocked && void store(environment)}
              >
                {s.storeCredentials(name)}
              </button>
              {messages[environment] !== undefined && (
                <p className="field-hint" role="status">
                  {messages[environment]}
                </p>
              )}
              <ErrorNotice error={errors[environment] ?? null} />
            </div>
          );
        })}
      </div>
    </Section>
  );
}

function ItInfo({ view, audit }: { view: SettingsView; audit: AuditVerifyResult | null }) {
  const appVersion = useAppStore('session', (state) => state.status?.appVersion ?? null);
  const terminal = useAppStore('terminal', (state) => state.status);
  const formatDateTime = useDateTime();
  const unknown = s.it.unknown;
  const rows: Fact[] = [
    [s.it.appVersion, appVersion ?? unknown, 'it-version'],
    [s.it.environment, strings.header.environmentLabel[view.environment], 'it-environment'],
    [
      s.it.terminalState,
      terminal === null
        ? strings.terminalUnknown
        : `${strings.terminalState[terminal.state]}${terminal.reason === null ? '' : ` (${terminal.reason})`}`,
      'it-terminal',
    ],
    [s.it.terminalSerial, terminal?.identity?.serialNumber ?? unknown, 'it-serial'],
    [s.it.terminalFirmware, terminal?.identity?.firmwareVersion ?? unknown, 'it-firmware'],
    [s.it.terminalPath, terminal?.path ?? unknown, 'it-path'],
    [s.it.settingsFile, view.settingsFile, 'it-settings-file'],
    [s.it.logFolder, view.logDirectory ?? unknown, 'it-log-folder'],
    [
      s.it.secureStorage,
      view.secureStorage.available
        ? s.it.secureAvailable(view.secureStorage.backend)
        : s.it.secureMissing(view.secureStorage.backend),
      'it-secure-storage',
    ],
    [
      s.lastTest,
      view.lastConnectionTest === null
        ? s.neverTested
        : `${s.testResult(view.lastConnectionTest.ok, view.lastConnectionTest.message)} (${formatDateTime(view.lastConnectionTest.at)})`,
      'it-last-test',
    ],
  ];
  if (audit !== null)
    rows.push([s.it.auditVerify, s.it.auditResult(audit.ok, audit.message), 'it-audit']);
  return <FactList facts={rows} testId="it-info" />;
}

/** Settings for managers: every field main keeps, credentials write-only, and the IT facts. */
export function SettingsScreen() {
  const { api, call, actions } = useApp();
  const headingRef = useFocusOnMount<HTMLHeadingElement>();
  const [view, setView] = useState<SettingsView | null>(null);
  const [form, setForm] = useState<Form | null>(null);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [testing, setTesting] = useState(false);
  const [testResult, setTestResult] = useState<ConnectionTestResult | null>(null);
  const [testError, setTestError] = useState<ErrorInfo | null>(null);
  const [audit, setAudit] = useState<AuditVerifyResult | null>(null);

  useEffect(() => {
    void call(api.settings.get({})).then((reply) => {
      if (reply.ok) {
        setView(reply.value);
        setForm(formOf(reply.value));
      } else {
        setError(reply.error);
      }
    });
  }, [api, call]);

  if (view === null || form === null) {
    return (
      <section className="screen" aria-labelledby="settings-heading">
        <h1 id="settings-heading" className="screen__title" ref={headingRef} tabIndex={-1}>
          {s.heading}
        </h1>
        {error === null ? <p>{strings.common.loading}</p> : <ErrorNotice error={error} />}
      </section>
    );
  }

  const update = <K extends keyof Form>(key: K, value: Form[K]) => {
    setForm((current) => (current === null ? current : { ...current, [key]: value }));
    setMessage(null);
  };

  async function save(event: FormEvent) {
    event.preventDefault();
    if (saving || view === null || form === null) return;
    const built = patchOf(form, view);
    if (!built.ok) {
      setError({ code: 'invalid_input', message: built.message });
      return;
    }
    setSaving(true);
    setError(null);
    const reply = await call(api.settings.update(built.patch));
    setSaving(false);
    if (reply.ok) {
      setView(reply.value);
      setForm(formOf(reply.value));
      setMessage(s.saved);
      await actions.reload();
    } else {
      setError(reply.error);
    }
  }

  async function testConnection() {
    if (testing) return;
    setTesting(true);
    setTestError(null);
    setTestResult(null);
    const reply = await call(api.settings.testConnection({}));
    setTesting(false);
    if (reply.ok) {
      setTestResult(reply.value);
      setView((current) =>
        current === null ? current : { ...current, lastConnectionTest: reply.value },
      );
    } else {
      setTestError(reply.error);
    }
  }

  async function verifyAudit() {
    const reply = await call(api.audit.verify({}));
    if (reply.ok) setAudit(reply.value);
    else setTestError(reply.error);
  }

  return (
    <section
      className="screen screen--wide"
      aria-labelledby="settings-heading"
      data-testid="screen-settings"
    >
      <h1 id="settings-heading" className="screen__title" ref={headingRef} tabIndex={-1}>
        {s.heading}
      </h1>
      <div className="panel">
        <div className="screen__actions">
          <button
            type="button"
            className="button button--primary"
            data-testid="test-connection"
            aria-disabled={testing}
            onClick={() => void testConnection()}
          >
            {testing ? s.testing : s.testConnection}
          </button>
          <span className="screen__hint">{strings.header.environmentLabel[view.environment]}</span>
        </div>
        {testResult !== null && (
          <p
            className={`notice ${testResult.ok ? 'notice--success' : 'notice--error'}`}
            role="status"
            data-testid="test-result"
            data-ok={testResult.ok}
          >
            <span aria-hidden="true">{testResult.ok ? '✓ ' : '✕ '}</span>
            {s.testResult(testResult.ok, testResult.message)}
          </p>
        )}
        <ErrorNotice error={testError} />
      </div>
      <form className="settings-form" onSubmit={(event) => void save(event)} noValidate>
        <Section id="settings-processor" title={s.sections.processor}>
          <fieldset className="choices">
            <legend className="field__label">{s.environment}</legend>
            {ENVIRONMENTS.map((environment) => (
              <label key={environment} className="choice">
                <input
                  type="radio"
                  name="settings-environment"
                  value={environment}
                  checked={form.environment === environment}
                  onChange={() => update('environment', environment)}
                />
                <span>{strings.setup.environments[environment]}</span>
              </label>
            ))}
          </fieldset>
          <div className="settings__columns">
            <TextField
              id="settings-site"
              label={s.site}
              hint={s.siteHint}
              value={form.site}
              onChange={(value) => update('site', value)}
            />
            <TextField
              id="settings-merchant"
              label={s.merchantId}
              hint={strings.setup.merchantIdHint}
              value={form.merchantId}
              inputMode="numeric"
              onChange={(value) => update('merchantId', value)}
            />
          </div>
        </Section>
        <Section id="settings-lane" title={s.sections.lane}>
          <div className="settings__columns">
            <TextField
              id="settings-lane-id"
              label={s.laneId}
              hint={s.laneIdHint}
              value={form.laneId}
              onChange={(value) => update('laneId', value)}
            />
            <TextField
              id="settings-zone"
              label={s.timeZone}
              hint={s.timeZoneHint}
              value={form.timeZone}
              onChange={(value) => update('timeZone', value)}
            />
            <TextField
              id="settings-serial"
              label={s.terminalSerial}
              hint={s.terminalSerialHint}
              value={form.serialNumber}
              onChange={(value) => update('serialNumber', value)}
            />
            <TextField
              id="settings-path"
              label={s.terminalPath}
              hint={s.terminalPathHint}
              value={form.path}
              onChange={(value) => update('path', value)}
            />
            <TextField
              id="settings-idle"
              label={s.idleLock}
              hint={s.idleLockHint}
              value={form.idleLockSeconds}
              inputMode="numeric"
              onChange={(value) => update('idleLockSeconds', value)}
            />
          </div>
        </Section>
        <Section id="settings-receipt" title={s.sections.receipt}>
          <div className="settings__columns">
            <TextField
              id="settings-receipt-header"
              label={s.receiptHeader}
              hint={s.receiptLinesHint}
              value={form.receiptHeader}
              multiline
              testId="settings-receipt-header"
              onChange={(value) => update('receiptHeader', value)}
            />
            <TextField
              id="settings-receipt-footer"
              label={s.receiptFooter}
              hint={s.receiptLinesHint}
              value={form.receiptFooter}
              multiline
              onChange={(value) => update('receiptFooter', value)}
            />
          </div>
        </Section>
        <Section id="settings-payments" title={s.sections.payments}>
          <TextField
            id="settings-max"
            label={s.maxSale}
            hint={s.maxSaleHint}
            value={form.maxSale}
            inputMode="decimal"
            onChange={(value) => update('maxSale', value)}
          />
          <label className="choice">
            <input
              type="checkbox"
              checked={form.unsettledRefunds}
              onChange={(event) => update('unsettledRefunds', event.target.checked)}
            />
            <span>{s.unsettledRefunds}</span>
          </label>
          <fieldset className="choices">
            <legend className="field__label">{s.partialApproval}</legend>
            {(['accept', 'reverse'] as const).map((policy) => (
              <label key={policy} className="choice">
                <input
                  type="radio"
                  name="settings-partial"
                  value={policy}
                  checked={form.partialApproval === policy}
                  onChange={() => update('partialApproval', policy)}
                />
                <span>{s.partial[policy]}</span>
              </label>
            ))}
          </fieldset>
        </Section>
        <ErrorNotice error={error} />
        {message !== null && (
          <p className="notice notice--success" role="status" data-testid="settings-saved">
            <span aria-hidden="true">✓ </span>
            {message}
          </p>
        )}
        <div className="screen__actions">
          <button
            type="submit"
            className="button button--primary"
            data-testid="settings-save"
            aria-disabled={saving}
          >
            {saving ? strings.common.saving : s.save}
          </button>
        </div>
      </form>
      <Credentials view={view} onView={setView} />
      <Section id="settings-it" title={s.sections.it}>
        <ItInfo view={view} audit={audit} />
        <div className="screen__actions">
          <button
            type="button"
            className="button button--secondary"
            data-testid="audit-verify"
            onClick={() => void verifyAudit()}
          >
            {s.it.auditVerify}
          </button>
        </div>
      </Section>
      <Section id="settings-updates" title={s.sections.updates}>
        <UpdatesSection />
      </Section>
    </section>
  );
}
