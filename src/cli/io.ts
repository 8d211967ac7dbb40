/** What a CLI subcommand may touch; tests pass their own. */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly readStdin: () => Promise<string>;
  readonly readFile: (path: string) => Promise<string>;
  /** Expands the patterns (files, folders, globs) to existing files, in a stable order. */
  readonly expandPaths: (patterns: readonly string[]) => Promise<string[]>;
  readonly cwd: string;
  /** True when stdout is a terminal (colour and tables may be used). */
  readonly isTty: boolean;
}
