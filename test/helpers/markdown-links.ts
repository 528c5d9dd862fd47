/** Relative links in markdown files and GitHub's heading anchors: what the docs-links test checks. */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, extname, resolve } from 'node:path';

export interface MarkdownLink {
  line: number;
  target: string;
}

export interface BrokenLink {
  file: string;
  line: number;
  target: string;
  problem: string;
}

const FENCE = /^\s{0,3}(```|~~~)/;
const HEADING = /^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$/;
const INLINE_LINK = /!?\[(?:[^\]\\]|\\.)*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g;
const REFERENCE_DEFINITION = /^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+"[^"]*")?\s*$/;

/** Lines outside fenced code blocks, with inline code spans blanked out. */
function proseLines(markdown: string): { line: number; text: string }[] {
  const out: { line: number; text: string }[] = [];
  let fence: string | undefined;
  markdown.split('\n').forEach((text, i) => {
    const opener = FENCE.exec(text)?.[1];
    if (fence !== undefined) {
      if (opener === fence) fence = undefined;
      return;
    }
    if (opener !== undefined) {
      fence = opener;
      return;
    }
    out.push({ line: i + 1, text: text.replace(/(`+)[^`]*?\1/g, (m) => ' '.repeat(m.length)) });
  });
  return out;
}

/** Links whose target has no URL scheme (`https:`, `mailto:` …): paths, optionally with `#anchor`, or bare anchors. */
export function relativeLinks(markdown: string): MarkdownLink[] {
  const links: MarkdownLink[] = [];
  for (const { line, text } of proseLines(markdown)) {
    const targets = [...text.matchAll(INLINE_LINK)].map((m) => m[1]!);
    const definition = REFERENCE_DEFINITION.exec(text)?.[1];
    if (definition !== undefined) targets.push(definition);
    for (const target of targets) {
      if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('//')) continue;
      links.push({ line, target });
    }
  }
  return links;
}

/** GitHub's anchor for a heading (github-slugger): rendered text, lower case, punctuation dropped, spaces → '-'. */
export function githubSlug(heading: string): string {
  const rendered = heading
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1') // links and images keep their text
    .replace(/<[^>]+>/g, '') // inline HTML
    .replace(/(\*+|_+)(\S(?:.*?\S)?)\1/g, '$2'); // emphasis markers
  return rendered
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
    .replace(/ /g, '-');
}

/** Every anchor a markdown file's headings make, duplicates numbered `-1`, `-2` … as GitHub does. */
export function headingAnchors(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const { text } of proseLines(markdown)) {
    const heading = HEADING.exec(text)?.[2];
    if (heading === undefined) continue;
    const slug = githubSlug(heading);
    const count = seen.get(slug) ?? 0;
    seen.set(slug, count + 1);
    anchors.add(count === 0 ? slug : `${slug}-${count}`);
  }
  return anchors;
}

/**
 * The links of `file` that do not resolve: a missing file, or an `#anchor` that no heading of the target markdown
 * file makes. `allowMissing` holds absolute paths of files that may not exist yet.
 */
export function brokenLinks(file: string, allowMissing: ReadonlySet<string> = new Set()): BrokenLink[] {
  const markdown = readFileSync(file, 'utf8');
  const broken: BrokenLink[] = [];
  for (const { line, target } of relativeLinks(markdown)) {
    const hash = target.indexOf('#');
    const pathPart = decodeURIComponent(hash === -1 ? target : target.slice(0, hash));
    const anchor = hash === -1 ? undefined : decodeURIComponent(target.slice(hash + 1));
    const resolved = pathPart === '' ? file : resolve(dirname(file), pathPart.split('?')[0]!);
    if (!existsSync(resolved)) {
      if (!allowMissing.has(resolved)) broken.push({ file, line, target, problem: 'no such file' });
      continue;
    }
    if (anchor === undefined || anchor === '') continue;
    if (statSync(resolved).isDirectory() || extname(resolved).toLowerCase() !== '.md') continue;
    if (!headingAnchors(readFileSync(resolved, 'utf8')).has(anchor)) {
      broken.push({ file, line, target, problem: `no heading makes #${anchor}` });
    }
  }
  return broken;
}
