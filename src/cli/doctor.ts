// `cctv doctor`: checks everything the system needs, prints a table, exits 1 on any failure.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { redisUrlFromEnv } from '../bus/redis-connection';
import { ConfigError, configFileFor, loadConfig } from '../config/load';
import { defaultModelPath } from '../config/paths';
import { catalogueOf, type AppConfig } from '../config/schema';
import { check, formatChecks, type CheckResult } from '../doctor/check';
import { camerasToCheck, checkCameras } from '../doctor/camera-checks';
import { checkModel, generatedPicture, pictureFromJpeg, type TestPicture } from '../doctor/model-check';
import { checkDashboard, checkNode, checkPort, checkRedis, checkStorage, checkTool } from '../doctor/system-checks';

export const DOCTOR_USAGE = `Usage: cctv doctor [--config <file>]
Checks what the system needs and prints a table: Node, ffmpeg and ffprobe, the config, the
model (loads it, shows its layout and classes with their PPE roles, runs it once), the data
folder, every camera (one picture each), Redis when REDIS_URL is set, and the port.
Exits 1 when a check fails (warnings do not fail). Default config: as for serve.`;

export async function doctorCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { config: { type: 'string', short: 'c' } } });
  const results: CheckResult[] = [checkNode(), checkTool('ffmpeg'), checkTool('ffprobe')];
  const file = configFileFor(values.config, process.env, process.cwd());
  let config: AppConfig | undefined;
  try {
    // Files are checked below, each as its own row.
    config = loadConfig({ file: values.config, checkFiles: false });
    results.push(check('config', 'ok', file ?? 'none: the built-in demo configuration'));
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    results.push(check('config', 'fail', ...err.message.split('\n')));
  }
  if (config) results.push(...(await checkConfigured(config)));

  console.log(formatChecks(results));
  const failed = results.filter((r) => r.status === 'fail').length;
  const warned = results.filter((r) => r.status === 'warn').length;
  console.log(
    failed
      ? `\n${failed} check(s) failed${warned ? `, ${warned} warning(s)` : ''}.`
      : `\nAll checks passed${warned ? `, ${warned} warning(s)` : ''}.`,
  );
  return failed ? 1 : 0;
}

/** The checks that need a valid config, in the order they are shown. */
async function checkConfigured(config: AppConfig): Promise<CheckResult[]> {
  const results = [checkDashboard(), checkStorage(config.storage.dir)];
  const found = camerasToCheck(config.cameras, config.storage.dir);
  if (found.problem) results.push(found.problem);
  const cameraChecks = await checkCameras(found.cameras);
  if (!found.cameras.length) results.push(check('cameras', 'warn', 'none configured: add one in the dashboard'));

  // The model runs on a real picture when a camera sent one: a blank picture can score 0 honestly.
  const sent = cameraChecks.find((c) => c.jpeg);
  const cameraIndex = sent ? cameraChecks.indexOf(sent) : -1;
  const picture: TestPicture = sent?.jpeg
    ? await pictureFromJpeg(sent.jpeg, `a picture from camera ${found.cameras[cameraIndex].id}`)
    : generatedPicture();
  results.push(...(await checkModels(config, picture)));
  results.push(...cameraChecks.map((c) => c.result));
  results.push(await checkRedis(redisUrlFromEnv()), await checkPort(config.host, config.port));
  return results;
}

async function checkModels(config: AppConfig, picture: TestPicture): Promise<CheckResult[]> {
  const { model } = config;
  const isDefault = model.path === path.resolve(defaultModelPath());
  const hint = isDefault
    ? 'the default model (the config names none): set model.path in the config, MODEL_PATH, or SHARED_DIR'
    : 'fix model.path in the config file, or set MODEL_PATH';
  const catalogue = catalogueOf(config);
  const results = [await checkModel('model', model, model.executionProvider, catalogue, picture, hint)];
  const secondary = model.secondary;
  if (secondary) {
    const spec = { ...secondary, minScore: secondary.minScore ?? model.minScore, iou: secondary.iou ?? model.iou };
    results.push(
      await checkModel(
        'second model',
        spec,
        model.executionProvider,
        catalogue,
        picture,
        'fix model.secondary.path in the config',
      ),
    );
  }
  return results;
}
