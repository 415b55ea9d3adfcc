import type { CardlaneApi } from '../../../common/bridge';
import type { ChannelInput } from '../../../common/contract';
import type { ErrorInfo } from '../../../common/errors';
import type { Call, Stores } from '../app-state';
import * as strings from '../strings';

export const PIN_MAX_DIGITS = 8;
const PIN_PATTERN = /^\d{4,8}$/;

export type SetupInput = ChannelInput<'setup.createFirstManager'>;

/** Login, logout and first-start setup. Each success reloads the session from main. */
export function createSessionActions(
  api: CardlaneApi,
  stores: Stores,
  call: Call,
  load: () => Promise<void>,
) {
  const { login } = stores;

  function loginMessage(error: ErrorInfo): string {
    // For a rejected login, main's message is the one to show, because it distinguishes a wrong
    // PIN from a disabled operator and gives the lockout's remaining wait. It is rendered as text.
    if (error.code === 'not_authenticated' || error.code === 'locked_out') {
      return error.message.trim() === '' ? strings.login.wrongPin : error.message;
    }
    if (error.code === 'invalid_input') return strings.login.pinFormat;
    return strings.errorMessage(error.code);
  }

  return {
    async loadOperators(): Promise<void> {
      const reply = await call(api.session.listOperators({}));
      login.setState(
        reply.ok
          ? { operators: reply.value, message: null }
          : { operators: [], message: strings.login.loadFailed },
      );
    },

    selectOperator(id: number | null): void {
      login.setState({ selectedId: id, pin: '', message: null });
    },

    pinKey(digit: string): void {
      login.setState((state) =>
        state.pin.length >= PIN_MAX_DIGITS ? {} : { pin: state.pin + digit, message: null },
      );
    },

    pinBackspace(): void {
      login.setState((state) => ({ pin: state.pin.slice(0, -1), message: null }));
    },

    /** Takes typed PIN text, keeping only digits up to the maximum length. */
    setPin(text: string): void {
      login.setState({ pin: text.replace(/\D/g, '').slice(0, PIN_MAX_DIGITS), message: null });
    },

    async login(): Promise<void> {
      const { selectedId, pin, busy } = login.getState();
      if (selectedId === null || busy) {
        return;
      }
      if (!PIN_PATTERN.test(pin)) {
        login.setState({ message: strings.login.pinFormat });
        return;
      }
      login.setState({ busy: true, message: null });
      const reply = await call(api.session.login({ operatorId: selectedId, pin }));
      // The PIN leaves the store whatever the outcome.
      login.setState({ busy: false, pin: '' });
      if (!reply.ok) {
        login.setState({ message: loginMessage(reply.error) });
        return;
      }
      login.setState({ selectedId: null, message: null });
      await load();
    },

    async logout(): Promise<void> {
      await call(api.session.logout({}));
      await load();
    },

    /** Creates the first manager. Returns main's error, or null when setup succeeded. */
    async setup(input: SetupInput): Promise<ErrorInfo | null> {
      const reply = await call(api.setup.createFirstManager(input));
      if (!reply.ok) {
        return reply.error;
      }
      await load();
      return null;
    },
  };
}
