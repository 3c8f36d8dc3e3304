import { describe, expect, it } from 'vitest';
import { redact, registerSecret } from './redact.js';

describe('redact', () => {
  it('masks registered secrets, their URL and base64 forms, and credentials in URLs', () => {
    registerSecret('p@ss word!');
    const basic = Buffer.from('p@ss word!').toString('base64');
    expect(redact(`a p@ss word! b ${encodeURIComponent('p@ss word!')} c ${basic}`)).toBe('a *** b *** c ***');
    expect(redact('see http://admin:hunter2@grafana:3000/api')).toBe('see http://admin:***@grafana:3000/api');
  });

  it('refuses secrets too short to mask', () => {
    expect(() => registerSecret('abc')).toThrow(/shorter than 4/);
  });
});
