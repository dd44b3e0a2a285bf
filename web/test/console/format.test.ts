import { describe, expect, it } from 'vitest';
import { rate } from '../../src/console/format';

describe('rate', () => {
  it('shows whole numbers above 100 and three significant digits below', () => {
    expect(rate(2385.123)).toBe('2385');
    expect(rate(41.4567)).toBe('41.5');
    expect(rate(0.091234)).toBe('0.0912');
    expect(rate(12)).toBe('12');
  });
});
