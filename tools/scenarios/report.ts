/**
 * A scenario's outcome: report lines for people, and expectations that make the command exit non-zero when one
 * did not hold.
 */
export type Report = {
  line: (text: string) => void;
  /** Records an expectation; a false `ok` fails the scenario with `what`. */
  expect: (ok: boolean, what: string) => void;
  readonly lines: readonly string[];
  readonly failures: readonly string[];
};

export function createReport(): Report {
  const lines: string[] = [];
  const failures: string[] = [];
  return {
    line: (text) => {
      lines.push(text);
    },
    expect: (ok, what) => {
      lines.push(`${ok ? "✔" : "✖"} ${what}`);
      if (!ok) failures.push(what);
    },
    lines,
    failures,
  };
}
