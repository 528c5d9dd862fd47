import { strict as assert } from 'node:assert';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brokenLinks, githubSlug, headingAnchors, relativeLinks } from '../helpers/markdown-links.js';

const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));

/**
 * Docs that are linked from the README's map but are written elsewhere and not merged yet.
 * Remove an entry as soon as its file exists.
 */
const NOT_YET_MERGED = ['package.md', 'nexus.md', 'codec.md', 'cli.md', 'configuration.md', 'deploys.md'];

function markdownFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return markdownFiles(path);
    return entry.name.endsWith('.md') ? [path] : [];
  });
}

describe('docs links', () => {
  it('every relative link in README.md and docs/ resolves to a file, and every #anchor to a heading', () => {
    const files = [join(ROOT, 'README.md'), ...markdownFiles(join(ROOT, 'docs'))];
    const allowMissing = new Set(NOT_YET_MERGED.map((name) => join(ROOT, 'docs', name)));
    const broken = files.flatMap((file) => brokenLinks(file, allowMissing));
    assert.deepEqual(
      broken.map((b) => `${relative(ROOT, b.file)}:${b.line} ${b.target} (${b.problem})`),
      [],
    );
    assert.ok(files.length > 5, `found ${files.length} markdown files`);
  });

  it('makes anchors the way GitHub does', () => {
    assert.equal(githubSlug('Mode: development or production'), 'mode-development-or-production');
    assert.equal(githubSlug('100,000 subscriptions in one run'), '100000-subscriptions-in-one-run');
    assert.equal(githubSlug('The `billingRun` workflow'), 'the-billingrun-workflow');
    assert.equal(githubSlug('Logs — and **traces**'), 'logs--and-traces');
    assert.equal(githubSlug('See [the docs](x.md)'), 'see-the-docs');
    assert.deepEqual(
      [...headingAnchors('# A\n## A\n```\n# not a heading\n```\n### A b\n')],
      ['a', 'a-1', 'a-b'],
    );
  });

  it('finds relative links, skips URLs and code', () => {
    const links = relativeLinks(
      [
        'See [ops](docs/operations.md#web-ui), ![ui](web-ui.png "the list") and [web](https://temporal.io).',
        '`[not](a-link.md)` <http://localhost:8233>',
        '```',
        '[inside](code.md)',
        '```',
        '[ref]: docs/scale.md',
      ].join('\n'),
    );
    assert.deepEqual(
      links.map((l) => `${l.line} ${l.target}`),
      ['1 docs/operations.md#web-ui', '1 web-ui.png', '6 docs/scale.md'],
    );
  });

  it('reports a missing file and a missing heading', () => {
    const dir = mkdtempSync(join(tmpdir(), 'docs-links-'));
    try {
      writeFileSync(join(dir, 'other.md'), '# Other\n\n## Real heading\n');
      writeFileSync(
        join(dir, 'index.md'),
        '# Index\n\n[ok](other.md#real-heading) [self](#index)\n[gone](gone.md)\n[bad](other.md#no-such)\n',
      );
      const broken = brokenLinks(join(dir, 'index.md'));
      assert.deepEqual(
        broken.map((b) => `${b.line} ${b.target} ${b.problem}`),
        ['4 gone.md no such file', '5 other.md#no-such no heading makes #no-such'],
      );
      assert.deepEqual(brokenLinks(join(dir, 'index.md'), new Set([join(dir, 'gone.md')])).length, 1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
