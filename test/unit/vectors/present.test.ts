import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  analyzeVector,
  base64Ascii,
  displayNumber,
  hoverMarkdown,
  insertText,
  notificationText,
  palettes,
  parseVector,
  probabilityBarChartSvg,
  histogramSvg,
  reportMarkdown,
  resultJson,
  statusText,
  type Translate,
  type VectorAnalysis,
} from '../../../src/core/vectors';

function analysed(text: string, options?: Parameters<typeof analyzeVector>[1]): VectorAnalysis {
  const parsed = parseVector(text);
  assert.ok(parsed.ok, parsed.ok ? '' : parsed.error.message);
  const analysis = analyzeVector(parsed.value, options);
  assert.ok(analysis.ok, analysis.ok ? '' : analysis.error.message);
  return analysis.value;
}

const logits = '[2.0, 1.0, 0.1]';

describe('displayNumber', () => {
  const cases: [number, number, string][] = [
    [0.6590011388859679, 4, '0.659'],
    [0.2424329707047139, 4, '0.2424'],
    [-0.41702240141025, 3, '-0.417'],
    [2, 4, '2'],
    [1234567.891, 4, '1.235e+6'],
    [0.0000123456, 3, '1.23e-5'],
    [-0, 4, '-0'],
    [NaN, 4, 'NaN'],
    [-Infinity, 4, '-inf'],
  ];
  for (const [x, digits, expected] of cases) test(`${x} with ${digits} digits`, () => assert.equal(displayNumber(x, digits), expected));
});

describe('hover markdown', () => {
  test('a short vector: chart, full table, statistics, link', () => {
    const md = hoverMarkdown(analysed(logits), { digits: 4, maxElements: 64, palette: palettes.dark, panelLink: 'command:x?y' });
    const lines = md.split('\n');
    assert.equal(lines[0], '**softmax of 3 logits**');
    assert.match(md, /^!\[softmax probabilities\]\(data:image\/svg\+xml;base64,[A-Za-z0-9+/]+=*\)$/m);
    assert.ok(lines.includes('| **0** | 2 | **0.659** |'));
    assert.ok(lines.includes('| 1 | 1 | 0.2424 |'));
    assert.ok(lines.includes('| 2 | 0.1 | 0.09857 |'));
    assert.ok(lines.includes('argmax **0** · p_max 0.659 · entropy 0.8467 nats · logSumExp 2.417'), md);
    assert.equal(lines[lines.length - 1], '[Open in derivation panel](command:x?y)');
  });

  test('over maxElements: top-k and a histogram, never a giant table', () => {
    const values = Array.from({ length: 200 }, (_, i) => (i === 17 ? 9 : (i % 13) / 4));
    const md = hoverMarkdown(analysed(`[${values.join(', ')}]`), { digits: 4, maxElements: 64, palette: palettes.light });
    assert.ok(md.includes('Top 5 of 200 classes:'));
    assert.ok(md.includes('![histogram of the logits](data:image/svg+xml;base64,'));
    const tableRows = md.split('\n').filter((l) => /^\| \d+ \|/.test(l));
    assert.equal(tableRows.length, 5);
    assert.ok(tableRows[0]?.startsWith('| 17 | 9 |'), tableRows[0]);
  });

  test('a batch: one line per row', () => {
    const md = hoverMarkdown(analysed('[[1, 2, 3], [3, 2, 1]]'), { digits: 3, maxElements: 64, palette: palettes.dark });
    assert.ok(md.startsWith('**softmax of a batch: 2 rows × 3 logits**'));
    assert.ok(md.includes('| 1 | 2 | 0.665 | 0.832 | 3.41 |'), md);
    assert.ok(md.includes('| 2 | 0 | 0.665 | 0.832 | 3.41 |'), md);
  });

  test('a temperature is shown and used', () => {
    const md = hoverMarkdown(analysed(logits, { temperature: 2 }), { digits: 4, maxElements: 64, palette: palettes.dark });
    assert.ok(md.startsWith('**softmax of 3 logits** (T = 2)'));
    assert.ok(md.includes('| **0** | 2 | **0.5017** |'), md);
  });

  test('a translator receives every string with its arguments', () => {
    const seen: string[] = [];
    const t: Translate = (message, ...args) => {
      seen.push(message);
      return `«${message.replace(/\{(\d+)\}/g, (_, i: string) => String(args[Number(i)]))}»`;
    };
    const md = hoverMarkdown(analysed(logits), { digits: 4, maxElements: 64, palette: palettes.dark, panelLink: 'command:x', t });
    assert.ok(md.startsWith('**«softmax of 3 logits»**'));
    assert.ok(seen.includes('Open in derivation panel'));
  });
});

describe('SVG charts', () => {
  test('one bar per class, the argmax in the highlight colour', () => {
    const svg = probabilityBarChartSvg([0.659, 0.2424, 0.0986], 0, palettes.light);
    assert.ok(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"') && svg.endsWith('</svg>'));
    assert.equal(svg.match(/<rect /g)?.length, 3);
    assert.equal(svg.match(new RegExp(`fill="${palettes.light.highlight}"`, 'g'))?.length, 1);
    assert.ok(/^[\x20-\x7e]*$/.test(svg), 'the SVG must be ASCII for base64');
  });

  test('histogram bins count every finite value', () => {
    const svg = histogramSvg([0, 1, 2, 3, -Infinity, NaN], 3, palettes.dark, 4);
    assert.equal(svg.match(/<rect /g)?.length, 4);
    assert.ok(svg.includes('>0</text>') && svg.includes('>3</text>'));
  });

  test('base64 matches the standard encoding', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary-ascii', maxLength: 200 }), (s) => base64Ascii(s) === Buffer.from(s, 'latin1').toString('base64')),
      { numRuns: 500 },
    );
  });
});

describe('status bar text', () => {
  test('the issue format', () => {
    assert.equal(statusText(analysed(logits)), 'softmax: p_max 0.659 @ 0 · H 0.85');
    assert.equal(statusText(analysed('[[1, 2, 3], [3, 2, 1]]')), 'softmax: 2 rows · row 1 p_max 0.665 @ 2 · H 0.83');
  });
});

describe('reports', () => {
  const items = [{ label: 'a.py:3', analysis: analysed(logits) }];

  test('evaluate: heading, table, statistics', () => {
    const md = reportMarkdown('evaluate', items, { digits: 4 });
    assert.ok(md.startsWith('# Softmax of the selection\n\n## a.py:3\n\n3 logits, written as python; temperature T = 1\n'));
    assert.ok(md.includes('| **0** | 2 | **0.659** | -0.417 |'));
    assert.ok(md.includes('argmax **0** (p = 0.659) · entropy 0.8467 nats · logSumExp 2.417'));
  });

  test('a long vector lists the top 20 classes only', () => {
    const values = Array.from({ length: 5000 }, (_, i) => Math.sin(i));
    const md = reportMarkdown('evaluate', [{ label: 'x', analysis: analysed(`[${values.join(', ')}]`) }], { digits: 4 });
    assert.ok(md.includes('Top 20 of 5000 classes by probability'));
    assert.equal(md.split('\n').filter((l) => /^\| \**\d+\**? \|/.test(l)).length, 20);
  });

  test('jacobian: dense for n ≤ 64, structured beyond', () => {
    const small = reportMarkdown('jacobian', items, { digits: 4 });
    assert.ok(small.includes('| **s0** | 0.2247 | -0.1598 | -0.06496 |'), small);
    const values = Array.from({ length: 65 }, (_, i) => i / 10);
    const big = reportMarkdown('jacobian', [{ label: 'x', analysis: analysed(`[${values.join(', ')}]`) }], { digits: 4 });
    assert.ok(big.includes('The Jacobian is 65 × 65 (4225 entries)'));
    assert.ok(big.includes('J = \\operatorname{diag}(s) - s s^\\top'));
    assert.ok(!big.includes('∂s/∂z0'));
  });

  test('cross-entropy: target, loss, gradient', () => {
    const ce = [{ label: 'a', analysis: analysed(logits, { target: { kind: 'index', index: 0 } }) }];
    const md = reportMarkdown('crossEntropy', ce, { digits: 4 });
    assert.ok(md.includes('target: class 0 (one-hot)'));
    assert.ok(md.includes('loss = **0.417** (cross-entropy, nats)'));
    assert.ok(md.includes('| 0 | 0.659 | 1 | -0.341 |'), md);
    assert.equal(notificationText('crossEntropy', ce, 3), 'Cross-entropy loss 0.417; top classes 0: 0.659, 1: 0.242, 2: 0.0986');
  });

  test('insert text: markdown table or LaTeX', () => {
    assert.equal(insertText('evaluate', items, 'latex', { digits: 4 }), '$$\\operatorname{softmax}(z) = \\begin{bmatrix} 0.659 & 0.2424 & 0.09857 \\end{bmatrix}$$');
    assert.ok(insertText('evaluate', items, 'markdown', { digits: 4 }).startsWith('| class | logit | probability | log-probability |\n|---:|---:|---:|---:|\n| **0** | 2 | **0.659** | -0.417 |'));
    assert.equal(
      insertText('jacobian', items, 'latex', { digits: 3 }),
      '$$J = \\begin{bmatrix}\n  0.225 & -0.16 & -0.065 \\\\\n  -0.16 & 0.184 & -0.0239 \\\\\n  -0.065 & -0.0239 & 0.0889\n\\end{bmatrix}$$',
    );
  });

  test('JSON keeps full precision and writes non-finite numbers as strings', () => {
    const json = JSON.parse(resultJson('evaluate', [{ label: 'm', analysis: analysed('[0, -inf, 1]') }])) as {
      vectors: { rows: { logits: (number | string)[]; softmax: number[]; logSoftmax: (number | string)[] }[] }[];
    };
    const row = json.vectors[0]?.rows[0];
    assert.deepEqual(row?.logits, [0, '-Infinity', 1]);
    assert.equal(row?.softmax[1], 0);
    assert.equal(row?.logSoftmax[1], '-Infinity');
    assert.equal(row?.softmax[2], 1 / (1 + Math.exp(-1)));
  });
});

describe('analyzeVector', () => {
  test('errors of a batch row name the row', () => {
    const parsed = parseVector('[[1, 2], [-inf, -inf]]');
    assert.ok(parsed.ok);
    const result = analyzeVector(parsed.value);
    assert.equal(result.ok, false);
    if (!result.ok) assert.ok(result.error.message.startsWith('row 2: '), result.error.message);
  });
});
