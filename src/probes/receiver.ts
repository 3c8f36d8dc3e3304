import { ItemBroken } from '../registry/errors.js';
import { exchange, jsonOf } from './http.js';

/** One notification as the suite's receiver recorded it (fixtures/alert-receiver). */
export interface RecordedPayload {
  path: string;
  receivedAt: string;
  headers: Record<string, string>;
  body: unknown;
}

/** The notification receiver: what Alertmanager sent to the webhook and Slack receivers. */
export class ReceiverClient {
  constructor(
    readonly url: string,
    private readonly timeoutMs: number,
  ) {}

  /** Every recorded payload, oldest first; `path` narrows to `/webhook` or `/slack`. */
  async payloads(path?: '/webhook' | '/slack'): Promise<RecordedPayload[]> {
    const res = await exchange(`${this.url}/payloads${path ? `?path=${encodeURIComponent(path)}` : ''}`, { timeoutMs: this.timeoutMs });
    if (res.status !== 200) throw new ItemBroken(`${res.url} answered ${res.status}`);
    return jsonOf<RecordedPayload[]>(res);
  }

  /** Sets the receiver's checklist_smoke_test_trigger gauge (the reference stack's test alerting rule watches it). */
  async setTrigger(value: number): Promise<void> {
    const res = await exchange(`${this.url}/trigger?value=${value}`, { method: 'POST', timeoutMs: this.timeoutMs });
    if (res.status !== 200) throw new ItemBroken(`POST ${res.url} answered ${res.status}: ${res.body.slice(0, 200)}`);
  }
}
