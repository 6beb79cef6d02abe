// A server in its own process, for the kill -9 test: alerts to RECEIVER_URL, one capture saved.
import { alertsConfigSchema } from '../../src/alerts/config';
import { saveCapture, startApi } from '../api/helpers';

const system = await startApi({
  dataDir: process.env.DATA_DIR,
  overrides: {
    alerts: alertsConfigSchema.parse({
      channels: [{ id: 'hook', type: 'webhook', url: process.env.RECEIVER_URL, secret: process.env.HOOK_SECRET }],
      rules: [{ channels: ['hook'] }],
    }),
  },
  system: { alertTiming: { pollMs: 50, retryBaseMs: 100, maxRetryMs: 400 } },
});
const record = await saveCapture(system);
process.stdout.write(`saved ${record.id}\n`);
