import { describe, expect, test } from 'vitest';

import { ERROR_CODES } from '../../common/errors';
import { errorMessage, errorMessages } from '../../renderer/src/strings';

describe('error messages', () => {
  test.each(ERROR_CODES)('%s has a sentence in plain words', (code) => {
    const message = errorMessage(code);
    expect(message).toMatch(/^[A-Z].*\.$/);
    // A code such as terminal_busy in the text would mean a code was shown in place of words.
    expect(message).not.toMatch(/\w_\w/);
  });

  test('no message is kept for a code main does not send', () => {
    expect(Object.keys(errorMessages).sort()).toEqual([...ERROR_CODES].sort());
  });

  test('unknown code falls back to the internal message', () => {
    expect(errorMessage('no_such_code')).toBe(errorMessages.internal);
  });
});
