// PM2 ecosystem for production: `pm2 start ecosystem.config.cjs`. Optional — `bash scripts/start.sh`
// or `npx tsx src/cli.ts serve` run the same system; the built-in supervisor restarts camera workers.
module.exports = {
  apps: [
    {
      name: 'cctv-server',
      script: 'src/cli.ts',
      args: 'serve',
      interpreter: 'node',
      node_args: '--import tsx',
      cwd: __dirname,
      env: { NODE_ENV: 'production' },
      // The server owns storage and the camera workers; restart it if it dies, with backoff.
      autorestart: true,
      exp_backoff_restart_delay: 1000,
      max_restarts: 50,
      kill_timeout: 10000,
      out_file: 'logs/cctv-server.out.log',
      error_file: 'logs/cctv-server.err.log',
      merge_logs: true,
      time: true,
    },
    {
      // A scale-out worker host (needs REDIS_URL): claims cameras by lease and runs their workers.
      name: 'cctv-node',
      script: 'src/cli.ts',
      args: 'node',
      interpreter: 'node',
      node_args: '--import tsx',
      cwd: __dirname,
      env: { NODE_ENV: 'production' },
      autorestart: true,
      exp_backoff_restart_delay: 1000,
      kill_timeout: 10000,
      out_file: 'logs/cctv-node.out.log',
      error_file: 'logs/cctv-node.err.log',
      merge_logs: true,
      time: true,
    },
  ],
};
