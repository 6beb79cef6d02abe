// PM2 ecosystem for production: `pm2 start ecosystem.config.cjs`. Optional — `bash scripts/start.sh`
// or `cctv serve` run the same system. Runs the compiled CLI (`npm run build` first in a checkout).
// With `"supervisor": "pm2"` in the config, the server also runs each camera's worker as its own
// PM2 process (cctv-cam-<id>); otherwise its built-in supervisor restarts them.

/** A long-running CLI command, restarted with backoff if it dies, logging to logs/<name>.*.log. */
const cliApp = (name, command) => ({
  name,
  script: 'bin/cctv.mjs',
  args: command,
  cwd: __dirname,
  env: { NODE_ENV: 'production' },
  autorestart: true,
  exp_backoff_restart_delay: 1000,
  max_restarts: 50,
  kill_timeout: 10000,
  out_file: `logs/${name}.out.log`,
  error_file: `logs/${name}.err.log`,
  merge_logs: true,
  time: true,
});

module.exports = {
  apps: [
    // The server owns storage, the API and the dashboard, and (embedded mode) the camera workers.
    cliApp('cctv-server', 'serve'),
    // A scale-out worker host (needs REDIS_URL): claims cameras by lease and runs their workers.
    cliApp('cctv-node', 'node'),
  ],
};
