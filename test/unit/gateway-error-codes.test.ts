import { strict as assert } from 'node:assert';
import { classifyErrorCode, ERROR_CODES } from '../../src/gateway/error-codes.js';

describe('IXOPAY error-code table', () => {
  it('lists every documented code once', () => {
    const codes = Object.keys(ERROR_CODES).map(Number);
    const expected = [
      ...Array.from({ length: 9 }, (_, i) => 1000 + i),
      ...Array.from({ length: 21 }, (_, i) => 2001 + i),
      ...[3001, 3002, 3003, 3004, 3005, 4001, 4002, 7001, 7002, 7035, 7036, 7050, 9999],
    ];
    assert.deepEqual(codes.sort(), expected.sort());
  });

  it('never retries request errors except 1008 (as is) and 1001/1003 (after a status check)', () => {
    assert.equal(classifyErrorCode(1002).retry, 'never');
    assert.equal(classifyErrorCode(1004).retryable, false);
    assert.deepEqual(
      [
        classifyErrorCode(1008).retry,
        classifyErrorCode(1008).retryable,
        classifyErrorCode(1008).outcomeUnknown,
      ],
      ['transient', true, false],
    );
    for (const code of [1001, 1003]) {
      const c = classifyErrorCode(code);
      assert.deepEqual(
        [c.family, c.retry, c.retryable, c.outcomeUnknown],
        ['request', 'after-status-check', true, true],
      );
    }
  });

  it('marks declines never retryable, soft ones for dunning and hard ones final', () => {
    for (const code of [2003, 2004, 2006]) {
      const c = classifyErrorCode(code);
      assert.deepEqual([c.family, c.retryable, c.decline], ['decline', false, 'soft']);
    }
    for (const code of [2001, 2008, 2009, 2010, 2014, 2015, 2016, 2017]) {
      assert.equal(classifyErrorCode(code).decline, 'hard', `code ${code}`);
    }
  });

  it('checks the status after transport trouble and looks a duplicate id up', () => {
    for (const code of [3001, 3003, 3005]) {
      const c = classifyErrorCode(code);
      assert.deepEqual(
        [c.family, c.retry, c.outcomeUnknown, c.decline],
        ['transport', 'after-status-check', true, 'soft'],
      );
    }
    const duplicate = classifyErrorCode(3004);
    assert.deepEqual(
      [duplicate.retry, duplicate.retryable, duplicate.outcomeUnknown],
      ['lookup', false, true],
    );
    assert.equal(classifyErrorCode(3002).retry, 'never');
  });

  it('never retries chargeback and schedule codes', () => {
    assert.deepEqual(
      [classifyErrorCode(4001).family, classifyErrorCode(4001).retryable],
      ['chargeback', false],
    );
    assert.deepEqual(
      [classifyErrorCode(7050).family, classifyErrorCode(7050).retryable],
      ['schedule', false],
    );
  });

  it('treats unknown, missing and numeric-string codes sensibly', () => {
    const unknown = classifyErrorCode(1234);
    assert.deepEqual(
      [unknown.code, unknown.known, unknown.family, unknown.retry, unknown.outcomeUnknown],
      [1234, false, 'unknown', 'after-status-check', true],
    );
    assert.deepEqual([classifyErrorCode(undefined).code, classifyErrorCode(undefined).known], [9999, true]);
    assert.equal(classifyErrorCode('2006').decline, 'soft');
    assert.equal(classifyErrorCode('abc').code, 9999);
  });
});
