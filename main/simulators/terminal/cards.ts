/**
 * Cards the simulated customer can present, with what the device derives from them: brand, BIN
 * information and EMV tags. Test numbers are the public CardPointe UAT test cards.
 */
export interface SimulatedCard {
  /** Card number as read from the card (a test PAN). */
  pan: string;
  /** Expiry as MMYY. */
  expiry: string;
  /** How the card is read, as the device's EMV tags name it. */
  entryMethod: 'Contactless Chip' | 'Chip Read' | 'Swipe';
}

/** A Visa UAT test card; any Luhn-valid Visa number is approved in UAT. */
export const VISA_TEST_CARD: SimulatedCard = {
  pan: '4111111111111111',
  expiry: '1230',
  entryMethod: 'Chip Read',
};
/** The UAT partial-approval card: amounts of $6.00 or more approve $5.00. */
export const PARTIAL_APPROVAL_CARD: SimulatedCard = {
  pan: '4387750101010101',
  expiry: '1230',
  entryMethod: 'Chip Read',
};
export const MASTERCARD_TEST_CARD: SimulatedCard = {
  pan: '5454545454545454',
  expiry: '1230',
  entryMethod: 'Contactless Chip',
};
export const AMEX_TEST_CARD: SimulatedCard = {
  pan: '371449635398431',
  expiry: '1230',
  entryMethod: 'Chip Read',
};

interface Network {
  product: string;
  label: string;
  aid: string;
  applicationLabel: string;
}

export function networkOf(pan: string): Network {
  if (pan.startsWith('4')) {
    return { product: 'V', label: 'VISA', aid: 'A0000000031010', applicationLabel: 'VISA CREDIT' };
  }
  if (/^(5[1-5]|2[2-7])/.test(pan)) {
    return {
      product: 'M',
      label: 'MASTERCARD',
      aid: 'A0000000041010',
      applicationLabel: 'MASTERCARD',
    };
  }
  if (/^3[47]/.test(pan)) {
    return {
      product: 'A',
      label: 'AMEX',
      aid: 'A00000002501',
      applicationLabel: 'AMERICAN EXPRESS',
    };
  }
  if (/^6/.test(pan)) {
    return { product: 'D', label: 'DISCOVER', aid: 'A0000001523010', applicationLabel: 'DISCOVER' };
  }
  return { product: 'N', label: 'UNKNOWN', aid: 'A0000000000000', applicationLabel: 'CARD' };
}

/** Whether a digit string passes the Luhn check (the device rejects order ids that do). */
export function passesLuhn(digits: string): boolean {
  if (!/^\d{2,}$/.test(digits)) {
    return false;
  }
  let sum = 0;
  let double = false;
  for (let index = digits.length - 1; index >= 0; index--) {
    let value = Number(digits[index]);
    if (double) {
      value *= 2;
      if (value > 9) value -= 9;
    }
    sum += value;
    double = !double;
  }
  return sum % 10 === 0;
}
