// `softmax-lens check` on what a folder of notes may really hold: a FIFO named *.md, a link to
// /dev/zero, a binary file, a linked folder named x.md, a link that leads nowhere, a folder that
// cannot be listed, the same note under two names. Only regular text files are read; every other
// path gets one line saying why, the readable notes are still checked, and the run never hangs.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fsPromises from 'node:fs/promises';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildCli, type BuiltCli } from './builtCli';
import { decodeNote, expandPathsOn, firstInvalidUtf8, readNoteFrom, type FileSystem } from '../../../src/cli/nodeIo';

const WRONG = '$$\\frac{d}{dx} x^2 = 3x$$\n';
const RIGHT = '$$\\frac{d}{dx} x^2 = 2x$$\n';

let cli: BuiltCli;
let notes = '';
before(() => {
  cli = buildCli();
  notes = join(cli.dir, 'notes');
  mkdirSync(join(notes, 'sub'), { recursive: true });
  writeFileSync(join(notes, 'good.md'), RIGHT);
  writeFileSync(join(notes, 'wrong.md'), WRONG);
  writeFileSync(join(notes, 'sub', 'deep.md'), RIGHT);
  writeFileSync(join(notes, 'binary.md'), Buffer.from([0x24, 0x24, 0x00, 0x01, 0x02, 0x24, 0x24]));
  writeFileSync(join(notes, 'latin1.md'), Buffer.from('caf\xe9 $$x = x$$\n', 'latin1'));
  execFileSync('mkfifo', [join(notes, 'pipe.md')]);
  symlinkSync('/dev/zero', join(notes, 'zero.md'));
  symlinkSync(join(notes, 'sub'), join(notes, 'linked.md')); // a folder named like a note
  symlinkSync(join(notes, 'nowhere'), join(notes, 'gone.md'));
  symlinkSync('loop.md', join(notes, 'loop.md'));
  symlinkSync(join(notes, 'good.md'), join(notes, 'alias.md'));
  symlinkSync('.', join(notes, 'sub', 'up')); // a cycle: sub/up/up/… is sub again
});
after(() => cli.dispose());

describe('check on a folder of hostile files (built CLI, real files)', () => {
  test('the notes are checked, every other path is one line with its reason, exit 2, no hang', () => {
    const result = cli.run(['check', notes], { timeoutMs: 20_000 });
    assert.equal(result.signal, null, 'the check must not hang');
    assert.equal(result.status, 2, result.stderr);
    assert.doesNotMatch(result.stderr, /internal error|\n\s+at |EISDIR/);
    const lines = result.stderr.split('\n');
    const reason = (name: string): string => {
      const found = lines.filter((l) => l.startsWith(`softmax-lens check: cannot read '${join(notes, name)}': `));
      assert.equal(found.length, 1, `${name}: ${result.stderr}`);
      return (found[0] as string).slice(`softmax-lens check: cannot read '${join(notes, name)}': `.length);
    };
    assert.equal(reason('pipe.md'), 'not a regular file (a FIFO (named pipe)); only regular text files are checked');
    assert.equal(reason('zero.md'), 'not a regular file (a character device); only regular text files are checked');
    assert.equal(reason('binary.md'), 'not a text file: a NUL byte at line 1 (byte 3)');
    assert.equal(reason('latin1.md'), 'not a text file: not valid UTF-8: byte 0xe9 at line 1 (byte 4)');
    assert.equal(reason('gone.md'), 'no such file or folder');
    assert.match(reason('loop.md'), /^too many levels of symbolic links/);
    // good.md (also as alias.md), wrong.md and sub/deep.md (also through linked.md and sub/up) once each
    assert.match(result.stdout, new RegExp(`^${join(notes, 'wrong.md').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:1:\\d+: warning: `, 'm'));
    const summaries = lines.filter((l) => /: \d+ steps?: /.test(l) && !l.startsWith('total'));
    assert.deepEqual(summaries.map((l) => l.slice(notes.length + 1).split(':')[0]), ['good.md', 'sub/deep.md', 'wrong.md']);
    assert.match(result.stderr, /softmax-lens check: 3 files checked, 1 warning, 0 notes, 6 unreadable/);
  });

  test('named explicitly: a FIFO, /dev/zero, a folder symlink named x.md, the same file three ways', () => {
    const fifo = cli.run(['check', join(notes, 'pipe.md'), join(notes, 'good.md')], { timeoutMs: 20_000 });
    assert.equal(fifo.signal, null);
    assert.equal(fifo.status, 2);
    assert.match(fifo.stderr, /pipe\.md': not a regular file \(a FIFO/);
    assert.match(fifo.stderr, /good\.md: 1 step: 1 holds/);
    const zero = cli.run(['check', join(notes, 'zero.md')], { timeoutMs: 20_000 });
    assert.equal(zero.status, 2);
    assert.match(zero.stderr, /not a regular file \(a character device\)/);
    const linked = cli.run(['check', join(notes, 'linked.md')]);
    assert.equal(linked.status, 0, linked.stderr);
    assert.match(linked.stderr, /deep\.md: 1 step: 1 holds/);
    const twice = cli.run(['check', join(notes, 'wrong.md'), `${notes}/./wrong.md`, join(notes, 'sub', '..', 'wrong.md'), join(notes, 'good.md'), join(notes, 'alias.md')]);
    assert.equal(twice.status, 1, twice.stderr);
    assert.equal(twice.stdout.match(/warning:/g)?.length, 1, twice.stdout);
    assert.match(twice.stderr, /2 files checked, 1 warning/);
  });

  test('a glob over a folder with a problem says the problem, not "no files match"', () => {
    const glob = cli.run(['check', `${notes}/g*.md`]);
    assert.equal(glob.status, 2);
    assert.match(glob.stderr, /gone\.md': no such file or folder/);
    assert.match(glob.stderr, /good\.md: 1 step: 1 holds/);
    const missingBase = cli.run(['check', `${join(notes, 'absent')}/*.md`]);
    assert.equal(missingBase.status, 2);
    assert.match(missingBase.stderr, /cannot read '.*absent\/': cannot search the folder: no such file or folder/);
    assert.doesNotMatch(missingBase.stderr, /no files match/);
    const none = cli.run(['check', `${notes}/zz*.md`]);
    assert.equal(none.status, 2);
    assert.match(none.stderr, /no files match/);
  });

  test('a note larger than the limit is refused by its size, before it is read', async () => {
    const big = join(cli.dir, 'big.md');
    writeFileSync(big, 'x'.repeat(2048));
    assert.deepEqual(await readNoteFrom(fsPromises, big, 1024), { ok: false, reason: 'too large: 0.0 MB, the limit for a note is 0.0 MB' });
    const at = await readNoteFrom(fsPromises, big, 2048);
    assert.ok(at.ok && at.text.length === 2048);
    const sparse = join(cli.dir, 'sparse.md');
    const handle = await fsPromises.open(sparse, 'w');
    await handle.truncate(600 * 1024 * 1024); // 600 MB of holes: stat says so, nothing is read
    await handle.close();
    const result = cli.run(['check', sparse]);
    assert.equal(result.status, 2);
    assert.match(result.stderr, /sparse\.md': too large: 600\.0 MB, the limit for a note is 8\.0 MB/);
  });
});

describe('path errors the tests cannot make with chmod (they run as root): an injected file system', () => {
  /** The real file system, except that listing `failing` fails with `code`. */
  function failingFs(failing: string, code: string): FileSystem {
    return {
      stat: (p) => fsPromises.stat(p),
      open: (p, flags) => fsPromises.open(p, flags),
      readdir: async (p, options) => {
        if (p === failing) throw Object.assign(new Error(`${code}: permission denied, scandir '${p}'`), { code });
        return fsPromises.readdir(p, options);
      },
    };
  }

  test('an unreadable sub-folder is one problem; the notes beside it are still listed', async () => {
    const { files, problems } = await expandPathsOn(failingFs(join(notes, 'sub'), 'EACCES'), [notes], cli.dir);
    assert.deepEqual(problems.filter((p) => p.path === join(notes, 'sub')), [{ path: join(notes, 'sub'), reason: 'cannot search the folder: permission denied' }]);
    assert.ok(files.includes(join(notes, 'good.md')) && files.includes(join(notes, 'wrong.md')), files.join(' '));
    assert.ok(!files.some((f) => f.endsWith('deep.md')) || files.filter((f) => f.endsWith('deep.md')).length === 1);
  });

  test('the glob form reports the folder it could not list instead of "no files match"', async () => {
    const { files, problems } = await expandPathsOn(failingFs(`${notes}/`, 'EACCES'), [`${notes}/*.md`], cli.dir);
    assert.deepEqual(files, []);
    assert.deepEqual(problems, [{ path: `${notes}/`, reason: 'cannot search the folder: permission denied' }]);
  });

  test('a glob does not descend further than it reaches', async () => {
    const { problems } = await expandPathsOn(failingFs(join(notes, 'sub'), 'EACCES'), [`${notes}/g*.md`], cli.dir);
    assert.ok(!problems.some((p) => p.path === join(notes, 'sub')), JSON.stringify(problems));
  });
});

describe('decoding a note', () => {
  test('a BOM is removed, NUL bytes and invalid UTF-8 are not text, with their position', () => {
    assert.deepEqual(decodeNote(Buffer.from('\ufeff$$x$$', 'utf8')), { ok: true, text: '$$x$$' });
    assert.deepEqual(decodeNote(Buffer.from('a\nb\0')), { ok: false, reason: 'not a text file: a NUL byte at line 2 (byte 4)' });
    assert.deepEqual(decodeNote(Buffer.from([0x61, 0x0a, 0x0a, 0xc3, 0x28])), { ok: false, reason: 'not a text file: not valid UTF-8: byte 0xc3 at line 3 (byte 4)' });
    assert.equal(firstInvalidUtf8(Buffer.from('żółć 中文 😀', 'utf8')), -1);
    for (const [bytes, at] of [[[0xed, 0xa0, 0x80], 0], [[0xe0, 0x80, 0x80], 0], [[0x41, 0xf4, 0x90, 0x80, 0x80], 1], [[0x41, 0xe2, 0x82], 1], [[0xff], 0]] as const)
      assert.equal(firstInvalidUtf8(Uint8Array.from(bytes)), at, JSON.stringify(bytes));
  });
});

describe('a byte order mark', () => {
  test('does not shift line-1 columns: they count UTF-16 units from the first character the editor shows', () => {
    const plain = join(cli.dir, 'plain.md');
    const bom = join(cli.dir, 'bom.md');
    const note = '$$\\frac{d}{dx} x^2 = 3x$$ and 中文 $$\\frac{d}{dx} x^3 = 2x^2$$\n';
    writeFileSync(plain, note);
    writeFileSync(bom, `\ufeff${note}`);
    const columns = (file: string, input?: string): number[] => {
      const r = cli.run(['check', file, '--format', 'json'], input === undefined ? {} : { input });
      assert.equal(r.status, 1, r.stderr);
      return (JSON.parse(r.stdout) as { line: number; column: number; endColumn: number }[]).flatMap((f) => [f.line, f.column, f.endColumn]);
    };
    const expected = [1, note.indexOf('3x') + 1, note.indexOf('3x') + 3, 1, note.indexOf('2x^2') + 1, note.indexOf('2x^2') + 5];
    assert.deepEqual(columns(plain), expected);
    assert.deepEqual(columns(bom), expected);
    assert.deepEqual(columns('-', `\ufeff${note}`), expected, 'standard input too');
  });
});
