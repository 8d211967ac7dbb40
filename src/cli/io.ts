/** What a CLI subcommand may touch; tests pass their own. */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Standard input as text (a leading byte order mark removed, as an editor does). */
  readonly readStdin: () => Promise<string>;
  /**
   * One note's text, or why it cannot be checked: only a regular file, at most `MAX_NOTE_BYTES`,
   * UTF-8 text without NUL bytes, is read (a leading BOM removed). Never throws.
   */
  readonly readNote: (path: string) => Promise<ReadOutcome>;
  /**
   * Expands the patterns (files, folders, globs) to files, in a stable order, each file once (the
   * same file under two spellings or through a symbolic link is listed under its first). Paths that
   * could not be searched are in `problems`, one per path. Never throws.
   */
  readonly expandPaths: (patterns: readonly string[]) => Promise<ExpandedPaths>;
  readonly cwd: string;
  /** True when stdout is a terminal (colour and tables may be used). */
  readonly isTty: boolean;
}

/** A note's text, or a one-line reason it was not read (`cannot read 'x.md': <reason>`). */
export type ReadOutcome = { ok: true; text: string } | { ok: false; reason: string };

export interface PathProblem {
  readonly path: string;
  /** One line: why the path could not be searched or read. */
  readonly reason: string;
}

export interface ExpandedPaths {
  readonly files: string[];
  readonly problems: PathProblem[];
}

/** The largest note `check` reads: far above any real note (a 12,000-line note is about 0.6 MB). */
export const MAX_NOTE_BYTES = 8 * 1024 * 1024;
