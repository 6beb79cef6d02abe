// The onnxruntime settings a bench can vary from its command line; both are product config
// (`model.threads`, `model.spinWait`).

/** parseArgs options: `--threads n` and `--spin-wait`. */
export const onnxOptions = {
  threads: { type: 'string' },
  'spin-wait': { type: 'boolean', default: false },
} as const;

/** The model config to run with, and how the report names it. */
export function onnxSettings(values: { threads?: string; 'spin-wait'?: boolean }): {
  model: { threads?: number; spinWait?: boolean };
  description: string;
} {
  return {
    model: {
      ...(values.threads ? { threads: Number(values.threads) } : {}),
      ...(values['spin-wait'] ? { spinWait: true } : {}),
    },
    description: `onnxruntime threads ${values.threads ?? 'as the product chooses'}, spin-wait ${values['spin-wait'] ? 'on' : 'off (default)'}`,
  };
}
