import { describe, expect, it } from 'vitest';
import { printable } from '../../../src/cli/format.js';

describe('printable', () => {
  it.each([
    ['a title from a chat \u001b[2J\u001b[31mred', 'a title from a chat \ufffd[2J\ufffd[31mred'],
    ['bell\u0007 and C1\u009b', 'bell\ufffd and C1\ufffd'],
    ['two\nlines\tand a tab', 'two\nlines\tand a tab'],
    ['Перемир’я у Газі ✅', 'Перемир’я у Газі ✅'],
  ])('shows %j as %j', (input, output) => {
    expect(printable(input)).toBe(output);
  });
});
