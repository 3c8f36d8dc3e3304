import * as allure from 'allure-js-commons';
import { redact } from '../secrets/redact.js';

/** What a test saw, attached to its Allure result. Text passes through redact(). */
export interface Evidence {
  json(name: string, value: unknown): Promise<void>;
  text(name: string, text: string): Promise<void>;
  png(name: string, image: Buffer): Promise<void>;
}

export const evidence: Evidence = {
  async json(name, value) {
    await allure.attachment(name, redact(JSON.stringify(value, null, 2)), 'application/json');
  },
  async text(name, text) {
    await allure.attachment(name, redact(text), 'text/plain');
  },
  async png(name, image) {
    await allure.attachment(name, image, 'image/png');
  },
};
