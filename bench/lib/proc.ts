// Reads process figures from /proc (Linux): CPU time, resident memory, open file descriptors and
// the process tree. Everything is read from outside the processes, so nothing in src is touched.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';

/** Clock ticks per second of utime/stime in /proc/<pid>/stat (almost always 100). */
export const CLK_TCK = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
  } catch {
    return 100;
  }
})();

export interface ProcInfo {
  pid: number;
  ppid: number;
  comm: string;
  /** Command line, arguments joined by spaces. */
  cmdline: string;
}

/** utime + stime of one process in seconds; undefined once it is gone. */
export function cpuSeconds(pid: number): number | undefined {
  const fields = statFields(pid);
  if (!fields) return undefined;
  // Fields after "(comm)": state is [0], so utime (field 14) is [11] and stime (15) is [12].
  return (Number(fields[11]) + Number(fields[12])) / CLK_TCK;
}

/** cutime + cstime in seconds: the CPU of the process's children it has reaped (short-lived ones: cuts, probes). */
export function reapedChildrenCpuSeconds(pid: number): number | undefined {
  const fields = statFields(pid);
  return fields && (Number(fields[13]) + Number(fields[14])) / CLK_TCK;
}

function statFields(pid: number): string[] | undefined {
  let text: string;
  try {
    text = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // comm may contain spaces and parentheses: split after the last ')'.
  return text.slice(text.lastIndexOf(')') + 2).split(' ');
}

/** Resident set size in bytes (VmRSS), undefined once the process is gone. */
export function rssBytes(pid: number): number | undefined {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** Number of open file descriptors, undefined once the process is gone. */
export function fdCount(pid: number): number | undefined {
  try {
    return fs.readdirSync(`/proc/${pid}/fd`).length;
  } catch {
    return undefined;
  }
}

/** Number of threads. */
export function threadCount(pid: number): number | undefined {
  const fields = statFields(pid);
  return fields ? Number(fields[17]) : undefined;
}

export function listProcesses(): ProcInfo[] {
  const out: ProcInfo[] = [];
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const pid = Number(name);
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
      out.push({ pid, ppid, comm, cmdline });
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

/** Every process below `root` (children, grandchildren, …), not `root` itself. */
export function descendants(root: number, all = listProcesses()): ProcInfo[] {
  const byParent = new Map<number, ProcInfo[]>();
  for (const p of all) byParent.set(p.ppid, [...(byParent.get(p.ppid) ?? []), p]);
  const out: ProcInfo[] = [];
  const walk = (pid: number) => {
    for (const c of byParent.get(pid) ?? []) {
      out.push(c);
      walk(c.pid);
    }
  };
  walk(root);
  return out;
}

/** CPU seconds of a set of pids now; pids that are gone are left out. */
export function cpuSnapshot(pids: number[]): Map<number, number> {
  const m = new Map<number, number>();
  for (const pid of pids) {
    const s = cpuSeconds(pid);
    if (s !== undefined) m.set(pid, s);
  }
  return m;
}

/** Machine description for results.md. */
export function machineInfo(): Record<string, string> {
  const cpuinfo = fs.readFileSync('/proc/cpuinfo', 'utf8');
  const model = /model name\s*:\s*(.*)/.exec(cpuinfo)?.[1]?.trim() ?? 'unknown';
  const cores = cpuinfo.split('\n').filter((l) => l.startsWith('processor')).length;
  const memKb = Number(/MemTotal:\s+(\d+)/.exec(fs.readFileSync('/proc/meminfo', 'utf8'))?.[1] ?? 0);
  const version = (file: string) => {
    try {
      return (JSON.parse(fs.readFileSync(file, 'utf8')) as { version: string }).version;
    } catch {
      return 'unknown';
    }
  };
  let ffmpeg = 'unknown';
  try {
    ffmpeg = execFileSync('ffmpeg', ['-version'])
      .toString()
      .split('\n')[0]
      .replace(/ Copyright.*/, '');
  } catch {
    // not installed
  }
  return {
    cpu: model,
    cores: String(cores),
    ram: `${(memKb / 1024 / 1024).toFixed(1)} GiB`,
    node: process.version,
    onnxruntime: version(new URL('../../node_modules/onnxruntime-node/package.json', import.meta.url).pathname),
    sharp: version(new URL('../../node_modules/sharp/package.json', import.meta.url).pathname),
    ffmpeg,
    kernel: fs.readFileSync('/proc/sys/kernel/osrelease', 'utf8').trim(),
  };
}

/** 1-minute load average: says how busy the machine was while a figure was taken. */
export function loadAverage(): number {
  return Number(fs.readFileSync('/proc/loadavg', 'utf8').split(' ')[0]);
}
