import { useState, type FormEvent, type ReactNode } from 'react';

import type { Environment } from '../../../common/contract';
import type { ErrorInfo } from '../../../common/errors';
import { ErrorNotice } from '../components/ErrorNotice';
import { useApp } from '../context';
import { useFocusOnMount } from '../hooks';
import * as strings from '../strings';

const ENVIRONMENTS: readonly Environment[] = ['demo', 'uat', 'production'];

interface SetupForm {
  name: string;
  pin: string;
  pinConfirm: string;
  environment: Environment;
  site: string;
  merchantId: string;
}

/** Checks the form as main does, so the manager gets every problem at once. Main checks again. */
function checkForm(form: SetupForm): Partial<Record<keyof SetupForm, string>> {
  const problems: Partial<Record<keyof SetupForm, string>> = {};
  if (form.name.trim() === '') problems.name = strings.setup.nameMissing;
  if (!/^\d{4,8}$/.test(form.pin)) problems.pin = strings.login.pinFormat;
  else if (form.pin !== form.pinConfirm) problems.pinConfirm = strings.setup.pinMismatch;
  if (form.environment !== 'demo') {
    if (!/^[a-z0-9-]{1,63}$/.test(form.site) || form.site.endsWith('-uat')) {
      problems.site = strings.setup.siteInvalid;
    }
    if (!/^\d{6,16}$/.test(form.merchantId)) problems.merchantId = strings.setup.merchantIdInvalid;
  }
  return problems;
}

function Field({
  id,
  label,
  hint,
  problem,
  children,
}: {
  id: string;
  label: string;
  hint?: string;
  problem: string | undefined;
  children: ReactNode;
}) {
  const text = problem ?? hint;
  return (
    <div className="field">
      <label htmlFor={id} className="field__label">
        {label}
      </label>
      {children}
      {text !== undefined && (
        <p
          id={`${id}-hint`}
          className={problem === undefined ? 'field-hint' : 'field-hint field-hint--error'}
        >
          {text}
        </p>
      )}
    </div>
  );
}

/** Renders the first-start form that creates the first manager and chooses the environment. */
export function SetupScreen() {
  const { actions } = useApp();
  const headingRef = useFocusOnMount<HTMLHeadingElement>();
  const [form, setForm] = useState<SetupForm>({
    name: '',
    pin: '',
    pinConfirm: '',
    environment: 'demo',
    site: '',
    merchantId: '',
  });
  const [showProblems, setShowProblems] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const problems = showProblems ? checkForm(form) : {};

  const update = (field: keyof SetupForm) => (event: { target: { value: string } }) =>
    setForm((current) => ({ ...current, [field]: event.target.value }));

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    setShowProblems(true);
    if (Object.keys(checkForm(form)).length > 0) return;

    setBusy(true);
    setError(null);
    const refusal = await actions.setup({
      name: form.name.trim(),
      pin: form.pin,
      environment: form.environment,
      ...(form.environment === 'demo' ? {} : { site: form.site, merchantId: form.merchantId }),
    });
    setBusy(false);
    setError(refusal);
  }

  const describedBy = (id: keyof SetupForm) =>
    problems[id] !== undefined ? `setup-${id}-hint` : undefined;
  return (
    <section
      className="screen screen--setup"
      aria-labelledby="setup-heading"
      data-testid="screen-setup"
    >
      <h1 id="setup-heading" className="screen__title" ref={headingRef} tabIndex={-1}>
        {strings.setup.heading}
      </h1>
      <p>{strings.setup.intro}</p>
      <form className="setup-form" onSubmit={(event) => void onSubmit(event)} noValidate>
        <Field id="setup-name" label={strings.setup.managerName} problem={problems.name}>
          <input
            id="setup-name"
            className="text-field"
            autoComplete="off"
            maxLength={40}
            value={form.name}
            aria-invalid={problems.name !== undefined}
            aria-describedby={describedBy('name')}
            onChange={update('name')}
          />
        </Field>
        <div className="setup-form__row">
          <Field id="setup-pin" label={strings.setup.pin} problem={problems.pin}>
            <input
              id="setup-pin"
              className="text-field"
              type="password"
              inputMode="numeric"
              autoComplete="new-password"
              maxLength={8}
              value={form.pin}
              aria-invalid={problems.pin !== undefined}
              aria-describedby={describedBy('pin')}
              onChange={update('pin')}
            />
          </Field>
          <Field
            id="setup-pinConfirm"
            label={strings.setup.pinConfirm}
            problem={problems.pinConfirm}
          >
            <input
              id="setup-pinConfirm"
              className="text-field"
              type="password"
              inputMode="numeric"
              autoComplete="new-password"
              maxLength={8}
              value={form.pinConfirm}
              aria-invalid={problems.pinConfirm !== undefined}
              aria-describedby={describedBy('pinConfirm')}
              onChange={update('pinConfirm')}
            />
          </Field>
        </div>
        <fieldset className="choices">
          <legend className="field__label">{strings.setup.environment}</legend>
          {ENVIRONMENTS.map((environment) => (
            <label key={environment} className="choice">
              <input
                type="radio"
                name="environment"
                value={environment}
                checked={form.environment === environment}
                onChange={() => setForm((current) => ({ ...current, environment }))}
              />
              <span>{strings.setup.environments[environment]}</span>
            </label>
          ))}
        </fieldset>
        {form.environment !== 'demo' && (
          <div className="setup-form__row">
            <Field
              id="setup-site"
              label={strings.setup.site}
              hint={strings.setup.siteHint}
              problem={problems.site}
            >
              <input
                id="setup-site"
                className="text-field"
                autoComplete="off"
                spellCheck={false}
                maxLength={63}
                value={form.site}
                aria-invalid={problems.site !== undefined}
                aria-describedby="setup-site-hint"
                onChange={update('site')}
              />
            </Field>
            <Field
              id="setup-merchantId"
              label={strings.setup.merchantId}
              hint={strings.setup.merchantIdHint}
              problem={problems.merchantId}
            >
              <input
                id="setup-merchantId"
                className="text-field"
                inputMode="numeric"
                autoComplete="off"
                maxLength={16}
                value={form.merchantId}
                aria-invalid={problems.merchantId !== undefined}
                aria-describedby="setup-merchantId-hint"
                onChange={update('merchantId')}
              />
            </Field>
          </div>
        )}
        <ErrorNotice error={error} />
        <div className="screen__actions">
          <button
            type="submit"
            className="button button--primary"
            data-testid="setup-submit"
            aria-disabled={busy}
          >
            {busy ? strings.setup.submitting : strings.setup.submit}
          </button>
        </div>
      </form>
    </section>
  );
}
