import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import MarkdownIt, { type PluginSimple } from 'markdown-it';
import * as katexModule from '@vscode/markdown-it-katex';
import { extractMath, findDirectives } from '../../../src/core/markdown/index';

/** Markdown made of the pieces that matter to math detection, glued at random. */
const pieces = [
  '$', '$$', '\\$', '\\', '`', '``', '```', '```math\n', '~~~math\n', '\n', '\n\n', '\r\n', '> ', '- ', '1. ', '    ', '\t',
  'x', 'a_i', ' = ', 's_i(1 - s_i)', '\\frac{1}{2}', '{', '}', '<!-- ', ' -->', '<!-- softmax-lens-disable -->', '<span>', '</span>',
  '<div>\n', '# ', '| a | b |\n|---|---|\n', ' | ', '\\(', '\\)', '\\[', '\\]', '\\begin{aligned}', '\\end{aligned}', '&=', '\\\\',
  'é', '当', '😀', '.', '(', '5', 'https://a.com/', 'www.b.org/', '---\n', '===\n', '*', '_',
  // Weight towards math so most samples contain some.
  '$x$', ' $a_i$ ', '$$\n', '\n$$\n', '\n> $$\n> ', '\n> ', 'y $$ z', '$$x = y$$',
];
const markdownArb = fc.array(fc.constantFrom(...pieces), { maxLength: 60 }).map((parts) => parts.join(''));

function stockMath(markdown: string): string[] {
  // The preview's own pipeline: markdown-it + the plugin + VS Code's `$.`/`$(` patch.
  const mod = katexModule as unknown as { default: unknown };
  const plugin = (typeof mod.default === 'function' ? mod.default : (mod.default as { default: unknown }).default) as PluginSimple;
  const md = new MarkdownIt({ html: true, linkify: true }).use(plugin, { enableFencedBlocks: true });
  const rule = (md.inline.ruler as unknown as { __rules__: { name: string; fn: (s: { src: string; pos: number; pending: string }, silent: boolean) => boolean }[] }).__rules__.find((r) => r.name === 'math_inline');
  if (rule) {
    const original = rule.fn;
    rule.fn = function (state, silent) {
      if (state.src[state.pos] === '$' && ".(#'\",;".includes(state.src[state.pos + 1] ?? 'x') && state.src[state.pos + 1] !== undefined) {
        if (!silent) state.pending += '$';
        state.pos += 1;
        return true;
      }
      return original.call(this, state, silent);
    };
  }
  const out: string[] = [];
  const visit = (tokens: ReturnType<MarkdownIt['parse']>): void => {
    for (const t of tokens) {
      if (t.type === 'math_block' || t.type === 'math_inline') {
        const c = t.content;
        out.push(t.type === 'math_inline' && c.length > 2 && c.startsWith('`') && c.endsWith('`') ? c.slice(1, -1) : c);
      } else if (t.type === 'fence' && t.info.trim().toLowerCase() === 'math') out.push(t.content);
      if (t.children) visit(t.children);
    }
  };
  visit(md.parse(markdown.replace(/^(-{3,})[ \t]*\n[\s\S]*?\n\1[ \t]*(?:\n|$)/, (m) => m.replace(/[^\n]/g, ' ')), {}));
  return out;
}

/** Whitespace and blockquote markers are not significant when comparing TeX. */
const squash = (tex: string): string => tex.replace(/[\s>]/g, '');

describe('extractMath: properties (fast-check)', () => {
  test('never throws; spans lie inside the text, in order, and tex is the source at texOffset', () => {
    fc.assert(
      fc.property(markdownArb, (markdown) => {
        const all = extractMath(markdown);
        let previousEnd = 0;
        for (const s of all) {
          assert.ok(s.offset >= previousEnd, 'spans are ordered and disjoint');
          assert.ok(s.offset + s.length <= markdown.length);
          assert.ok(s.texOffset >= s.offset && s.texOffset + s.tex.length <= s.offset + s.length, 'tex lies inside its span');
          const source = markdown.slice(s.texOffset, s.texOffset + s.tex.length);
          assert.equal(source.length, s.tex.length);
          for (let i = 0; i < source.length; i++) {
            // The only permitted difference: a container marker blanked to a space.
            if (source[i] !== s.tex[i]) assert.ok(source[i] === '>' && s.tex[i] === ' ', `tex differs from source at ${i}: ${JSON.stringify(s)}`);
          }
          previousEnd = s.offset + s.length;
        }
        for (const d of findDirectives(markdown)) assert.ok(markdown.startsWith('<!--', d.offset));
      }),
      { numRuns: 600 },
    );
  });

  test('the TeX found is what the preview renders (same tokens as stock markdown-it + plugin)', () => {
    fc.assert(
      fc.property(markdownArb, (markdown) => {
        const ours = extractMath(markdown, { backslashDelimiters: false, trailingSpaceCloses: false }).map((s) => squash(s.tex));
        const preview = stockMath(markdown).map(squash);
        assert.deepEqual(ours, preview);
      }),
      { numRuns: 600 },
    );
  });

  test('\\( \\) and \\[ \\] spans never overlap code or $ math', () => {
    fc.assert(
      fc.property(markdownArb, (markdown) => {
        const withBackslash = extractMath(markdown).filter((s) => s.delimiter !== '\\(' && s.delimiter !== '\\[');
        const without = extractMath(markdown, { backslashDelimiters: false });
        // Adding the backslash rule can only take text away from `$` math, never invent new `$` spans.
        for (const s of withBackslash) assert.ok(without.some((w) => w.offset === s.offset), `new $ span at ${s.offset}`);
      }),
      { numRuns: 300 },
    );
  });
});
