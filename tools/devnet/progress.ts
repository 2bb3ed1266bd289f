/**
 * Start-up progress and the live status line. On a terminal: a spinner per step, replaced by a check (or a cross)
 * and the step's time; afterwards one status line rewritten in place. Without a terminal (CI, a pipe): one plain
 * line per finished step and a status line every `statusEveryMs`.
 */
const FRAMES = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];

export type Progress = {
  step: <T>(label: string, run: () => Promise<T>) => Promise<T>;
  info: (line: string) => void;
  status: (line: string) => void;
  /** Ends the status line (newline) before the final output. */
  done: () => void;
};

export function createProgress({
  tty = Boolean(process.stdout.isTTY),
  statusEveryMs = 10_000,
}: { tty?: boolean; statusEveryMs?: number } = {}): Progress {
  const out = process.stdout;
  let statusShown = false;
  let lastPlainStatus = 0;
  const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

  return {
    async step(label, run) {
      const started = Date.now();
      let frame = 0;
      const timer = tty
        ? setInterval(() => {
            out.write(`\r\x1b[2K${FRAMES[frame++ % FRAMES.length]} ${label} ${seconds(Date.now() - started)}`);
          }, 80)
        : undefined;
      try {
        const result = await run();
        if (timer) clearInterval(timer);
        out.write(`${tty ? "\r\x1b[2K" : ""}✔ ${label} (${seconds(Date.now() - started)})\n`);
        return result;
      } catch (error) {
        if (timer) clearInterval(timer);
        out.write(`${tty ? "\r\x1b[2K" : ""}✖ ${label} (${seconds(Date.now() - started)})\n`);
        throw error;
      }
    },
    info(line) {
      if (statusShown && tty) out.write("\r\x1b[2K");
      statusShown = false;
      out.write(`${line}\n`);
    },
    status(line) {
      if (tty) {
        out.write(`\r\x1b[2K${line.slice(0, (out.columns ?? 160) - 1)}`);
        statusShown = true;
      } else if (Date.now() - lastPlainStatus >= statusEveryMs) {
        lastPlainStatus = Date.now();
        out.write(`${line}\n`);
      }
    },
    done() {
      if (statusShown && tty) out.write("\n");
      statusShown = false;
    },
  };
}
