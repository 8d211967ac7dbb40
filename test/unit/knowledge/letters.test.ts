import { test } from 'node:test';
import assert from 'node:assert/strict';
import { INDEX_LETTERS } from '../../../src/core/knowledge/letters';
import { checkMarkdown } from '../../../src/core/checker/index';

const def = '$$s_i = \\frac{e^{z_i}}{\\sum_r e^{z_r}}$$\n\n';

test('every index letter states a case, in prose and as a row condition', () => {
  for (const l of [...INDEX_LETTERS].filter((x) => x !== 'i')) {
    const offDiagonal = `$$\\frac{\\partial s_i}{\\partial z_${l}} = -s_i s_${l}$$\n`;
    // Off the diagonal the step holds; on it (the prose says i = l) it does not.
    assert.deepEqual(checkMarkdown(`${def}For i ≠ ${l}:\n\n${offDiagonal}`).findings, [], `i ≠ ${l} in prose`);
    assert.deepEqual(checkMarkdown(`${def}For i = ${l}:\n\n${offDiagonal}`).findings.map((f) => f.code), ['step-fails'], `i = ${l} in prose`);
    const withCondition = `${def}$$\\frac{\\partial s_i}{\\partial z_${l}} = -s_i s_${l}, \\quad i = ${l}$$\n`;
    assert.deepEqual(checkMarkdown(withCondition).findings.map((f) => f.code), ['step-fails'], `i = ${l} as a condition`);
  }
});
