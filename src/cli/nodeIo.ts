/**
 * The CLI's `CliIo` on Node's file system. Only regular text files are read: a FIFO or a device
 * named `*.md` is refused after `stat`, before it is opened (reading one would hang or never end),
 * a file over `MAX_NOTE_BYTES` is refused, and bytes that are not UTF-8 text (a NUL, an invalid
 * sequence) are reported with their position. Folders are searched with their symbolic links
 * followed once (a loop is not followed twice), and every path that cannot be searched is a
 * problem of its own, so the rest are still checked.
 */
import * as fsPromises from 'node:fs/promises';
import { constants, type Dirent, type Stats } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { MAX_NOTE_BYTES, type CliIo, type ExpandedPaths, type PathProblem, type ReadOutcome } from './io';

/** The part of `node:fs/promises` the CLI uses; tests pass one that fails where they want. */
export interface FileSystem {
  stat(path: string): Promise<Stats>;
  readdir(path: string, options: { withFileTypes: true }): Promise<Dirent[]>;
  open(path: string, flags: number): Promise<fsPromises.FileHandle>;
}

const NOTE_NAME = /\.(md|markdown)$/i;

/** A file system error as a person reads it: "permission denied", not "EACCES: permission denied, scandir '…'". */
export function describeFsError(error: unknown): string {
  const code = typeof error === 'object' && error !== null && 'code' in error ? String((error as { code: unknown }).code) : '';
  switch (code) {
    case 'ENOENT':
      return 'no such file or folder';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ENOTDIR':
      return 'a part of the path is not a folder';
    case 'ELOOP':
      return 'too many levels of symbolic links (a link that points to itself?)';
    case 'EISDIR':
      return 'a folder, not a file';
    case 'ENAMETOOLONG':
      return 'the path is too long';
    case 'EMFILE':
    case 'ENFILE':
      return 'too many open files';
    case 'EIO':
      return 'input/output error';
    default:
      return error instanceof Error ? error.message : String(error);
  }
}

/** What a non-regular file is, for "not a regular file (a FIFO)". */
function kindOf(info: Stats): string {
  if (info.isDirectory()) return 'a folder';
  if (info.isFIFO()) return 'a FIFO (named pipe)';
  if (info.isCharacterDevice()) return 'a character device';
  if (info.isBlockDevice()) return 'a block device';
  if (info.isSocket()) return 'a socket';
  return 'not a file';
}

function megabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** Index of the first byte that does not belong to well-formed UTF-8 (RFC 3629), or −1. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  const n = bytes.length;
  while (i < n) {
    const c = bytes[i] as number;
    if (c < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (c >= 0xc2 && c <= 0xdf) need = 1;
    else if (c >= 0xe0 && c <= 0xef) {
      need = 2;
      if (c === 0xe0) lo = 0xa0; // no overlong forms
      if (c === 0xed) hi = 0x9f; // no surrogates
    } else if (c >= 0xf0 && c <= 0xf4) {
      need = 3;
      if (c === 0xf0) lo = 0x90;
      if (c === 0xf4) hi = 0x8f; // nothing above U+10FFFF
    } else return i;
    for (let k = 1; k <= need; k++) {
      const b = i + k < n ? (bytes[i + k] as number) : -1;
      if (b < (k === 1 ? lo : 0x80) || b > (k === 1 ? hi : 0xbf)) return i;
    }
    i += need + 1;
  }
  return -1;
}

function lineOfByte(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) if (bytes[i] === 10) line++;
  return line;
}

/**
 * Note bytes as text, or why they are not text: a NUL byte (binary files have them; text never
 * does) or a sequence that is not UTF-8, each with its line and byte. A leading BOM is removed,
 * as VS Code does, so columns count from the first character the editor shows.
 */
export function decodeNote(bytes: Uint8Array): ReadOutcome {
  const nul = bytes.indexOf(0);
  if (nul >= 0) return { ok: false, reason: `not a text file: a NUL byte at line ${lineOfByte(bytes, nul)} (byte ${nul + 1})` };
  try {
    return { ok: true, text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes) };
  } catch (_error) {
    const bad = firstInvalidUtf8(bytes);
    const at = bad < 0 ? '' : `: byte 0x${(bytes[bad] as number).toString(16).padStart(2, '0')} at line ${lineOfByte(bytes, bad)} (byte ${bad + 1})`;
    return { ok: false, reason: `not a text file: not valid UTF-8${at}` };
  }
}

/** Reads a regular file of at most `limit` bytes; anything else is refused with a reason, before or instead of reading it. */
export async function readNoteFrom(fs: FileSystem, path: string, limit = MAX_NOTE_BYTES): Promise<ReadOutcome> {
  let info: Stats;
  try {
    info = await fs.stat(path);
  } catch (error) {
    return { ok: false, reason: describeFsError(error) };
  }
  if (!info.isFile()) return { ok: false, reason: `not a regular file (${kindOf(info)}); only regular text files are checked` };
  if (info.size > limit) return { ok: false, reason: `too large: ${megabytes(info.size)}, the limit for a note is ${megabytes(limit)}` };
  let handle: fsPromises.FileHandle;
  try {
    // O_NONBLOCK: should the path have become a FIFO since the stat, opening it does not wait for a writer.
    handle = await fs.open(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (error) {
    return { ok: false, reason: describeFsError(error) };
  }
  try {
    const opened = await handle.stat();
    if (!opened.isFile()) return { ok: false, reason: `not a regular file (${kindOf(opened)}); only regular text files are checked` };
    // Read at most limit + 1 bytes whatever the size said: a file that grows is still bounded.
    const buffer = new Uint8Array(Math.min(limit + 1, Math.max(opened.size, 0) + 1));
    let filled = 0;
    for (;;) {
      if (filled === buffer.length) break;
      const { bytesRead } = await handle.read(buffer, filled, buffer.length - filled, null);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    if (filled > limit) return { ok: false, reason: `too large: more than ${megabytes(limit)}, the limit for a note` };
    return decodeNote(buffer.subarray(0, filled));
  } catch (error) {
    return { ok: false, reason: describeFsError(error) };
  } finally {
    await handle.close().catch(() => undefined);
  }
}

/** Minimal glob: `*`, `?` and `**` in path segments. */
function globToRegExp(pattern: string): RegExp {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] as string;
    if (c === '*') {
      if (pattern[i + 1] === '*') {
        re += '.*';
        i++;
        if (pattern[i + 1] === '/') i++;
      } else re += '[^/]*';
    } else if (c === '?') re += '[^/]';
    else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

/** A file found, and whether a symbolic link was followed to reach it (a direct path is preferred for a file found twice). */
interface Found {
  readonly path: string;
  readonly viaLink: boolean;
}

interface Walk {
  readonly fs: FileSystem;
  readonly files: Found[];
  /** Folders that could not be listed. */
  readonly problems: PathProblem[];
  /** Symbolic links that lead nowhere (reported when their name is one the search asks for). */
  readonly brokenLinks: PathProblem[];
  /** `dev:ino` of the folders entered, so a symbolic link back up is not followed again. */
  readonly folders: Set<string>;
}

function newWalk(fs: FileSystem, problems: PathProblem[]): Walk {
  return { fs, files: [], problems, brokenLinks: [], folders: new Set() };
}

/**
 * The files under `dir` (to `depth` levels; 1 = only its own entries), skipping `node_modules` and
 * dot-names. A folder that cannot be listed is a problem; a symbolic link is followed (after the
 * plain entries, so a file or folder reached both ways is known by its direct path).
 */
async function walk(w: Walk, dir: string, depth: number, viaLink: boolean): Promise<void> {
  let entries: Dirent[];
  try {
    entries = await w.fs.readdir(dir, { withFileTypes: true });
  } catch (error) {
    w.problems.push({ path: dir, reason: `cannot search the folder: ${describeFsError(error)}` });
    return;
  }
  const byName = (a: Dirent, b: Dirent): number => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  const kept = entries.filter((e) => e.name !== 'node_modules' && !e.name.startsWith('.')).sort(byName);
  const links = kept.filter((e) => e.isSymbolicLink());
  for (const entry of [...kept.filter((e) => !e.isSymbolicLink()), ...links]) {
    const path = join(dir, entry.name);
    const link = viaLink || entry.isSymbolicLink();
    let isFolder = entry.isDirectory();
    if (entry.isSymbolicLink()) {
      try {
        isFolder = (await w.fs.stat(path)).isDirectory();
      } catch (error) {
        w.brokenLinks.push({ path, reason: describeFsError(error) });
        continue;
      }
    }
    if (isFolder) {
      if (depth > 1) await enterFolder(w, path, depth - 1, link);
    } else w.files.push({ path, viaLink: link });
  }
}

async function enterFolder(w: Walk, dir: string, depth: number, viaLink: boolean): Promise<void> {
  try {
    const info = await w.fs.stat(dir);
    const key = `${info.dev}:${info.ino}`;
    if (w.folders.has(key)) return; // reached again through a symbolic link: already searched
    w.folders.add(key);
  } catch (error) {
    w.problems.push({ path: dir, reason: `cannot search the folder: ${describeFsError(error)}` });
    return;
  }
  await walk(w, dir, depth, viaLink);
}

const byPath = (a: Found, b: Found): number => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);

/** `expandPaths` on the given file system (see `CliIo.expandPaths`). */
export async function expandPathsOn(fs: FileSystem, patterns: readonly string[], cwd: string): Promise<ExpandedPaths> {
  const candidates: Found[] = [];
  const problems: PathProblem[] = [];
  for (const pattern of patterns) {
    if (pattern === '-') {
      candidates.push({ path: '-', viaLink: false });
      continue;
    }
    if (!/[*?]/.test(pattern)) {
      let info: Stats | undefined;
      try {
        info = await fs.stat(pattern);
      } catch (error) {
        problems.push({ path: pattern, reason: describeFsError(error) });
        continue;
      }
      if (info.isDirectory()) {
        const w = newWalk(fs, problems);
        await enterFolder(w, pattern, Infinity, false);
        problems.push(...w.brokenLinks.filter((p) => NOTE_NAME.test(p.path)));
        candidates.push(...w.files.filter((f) => NOTE_NAME.test(f.path)).sort(byPath));
      } else candidates.push({ path: pattern, viaLink: false }); // not a regular file: `readNote` says why
      continue;
    }
    const firstWild = pattern.search(/[*?]/);
    const cut = pattern.lastIndexOf('/', firstWild);
    const base = cut >= 0 ? pattern.slice(0, cut + 1) : '.';
    const rest = cut >= 0 ? pattern.slice(cut + 1) : pattern;
    // Only as deep as the pattern reaches: `notes/*.md` never lists notes/private/.
    const depth = rest.includes('**') ? Infinity : rest.split('/').length;
    const matcher = globToRegExp(resolve(cwd, pattern).split(sep).join('/'));
    const matches = (path: string): boolean => matcher.test(resolve(cwd, path).split(sep).join('/'));
    const w = newWalk(fs, problems);
    await enterFolder(w, base, depth, false);
    problems.push(...w.brokenLinks.filter((p) => matches(p.path)));
    const matched = w.files.filter((f) => matches(f.path)).map((f) => ({ ...f, path: relative(cwd, resolve(cwd, f.path)) || f.path }));
    candidates.push(...matched.sort(byPath));
  }
  return { files: await eachFileOnce(fs, candidates, cwd), problems };
}

/**
 * Each file once: the same file under two spellings or through a link has the same device and
 * inode. The first direct path (no link followed) names it, else the first path; the order of the
 * candidates is kept.
 */
async function eachFileOnce(fs: FileSystem, candidates: readonly Found[], cwd: string): Promise<string[]> {
  const keys: string[] = [];
  const chosen = new Map<string, number>();
  for (let i = 0; i < candidates.length; i++) {
    const { path, viaLink } = candidates[i] as Found;
    let key = `path:${path === '-' ? '-' : resolve(cwd, path)}`;
    if (path !== '-') {
      try {
        const info = await fs.stat(path);
        if (info.isFile()) key = `file:${info.dev}:${info.ino}`;
      } catch (_error) {
        // `readNote` reports it
      }
    }
    keys.push(key);
    const before = chosen.get(key);
    if (before === undefined || ((candidates[before] as Found).viaLink && !viaLink)) chosen.set(key, i);
  }
  return candidates.filter((_c, i) => chosen.get(keys[i] as string) === i).map((c) => c.path);
}

/** UTF-8 text of all of standard input, a leading BOM removed (invalid bytes become U+FFFD). */
async function readAllStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return new TextDecoder('utf-8', { ignoreBOM: false }).decode(Buffer.concat(chunks));
}

/** The CLI's io on the real process and file system (`fs` replaceable for tests). */
export function nodeIo(fs: FileSystem = fsPromises): CliIo {
  const cwd = process.cwd();
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    readStdin: readAllStdin,
    readNote: (path) => readNoteFrom(fs, path),
    expandPaths: (patterns) => expandPathsOn(fs, patterns, cwd),
    cwd,
    isTty: Boolean(process.stdout.isTTY),
  };
}
