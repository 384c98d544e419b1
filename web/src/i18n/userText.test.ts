// The build check that every text a user sees comes from the translations (vi, en, lo) or
// from the API's localized labels: no hard-coded words in the screens' JSX — text between
// tags, or a literal in a shown attribute or option (title, label, placeholder, aria-label,
// alt, message…) — and a label for every event type the server records (the usage log and
// the audit log name each in words, never by its code). `i18n.test.ts` checks that every
// t('…') key exists in all three languages.
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import vi from './vi';
import en from './en';
import lo from './lo';

/** Attributes and option fields whose text is shown (or read out) to the user. */
const SHOWN = new Set([
  'title', 'label', 'placeholder', 'aria-label', 'alt', 'message', 'description', 'okText', 'cancelText',
  'emptyText', 'tooltip', 'extra', 'help', 'content', 'text', 'addonBefore', 'addonAfter', 'checkedChildren', 'unCheckedChildren',
]);

/**
 * Literal texts that are the same in every language: names of languages in themselves,
 * file formats, the product's name, symbols.
 */
const UNIVERSAL = new Set([
  'Tiếng Việt', 'English', 'ພາສາລາວ', 'Chancery', 'PDF', 'PNG', 'JPEG', 'GIF', 'TIFF', 'WEBP', 'ZIP', 'XML', 'TXT', 'ODT', 'ODS',
  'Word (DOC)', 'Word (DOCX)', 'Excel (XLS)', 'Excel (XLSX)', 'PKCS#12', 'PEM', 'TOTP', 'QR', 'SHA-256', 'B', 'KB', 'MB',
  '-----BEGIN CERTIFICATE-----',
]);

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) return f === 'i18n' ? [] : sources(p);
    return /\.tsx$/.test(f) && !f.includes('.test.') ? [p] : [];
  });
}

/** A text a person would read: a letter in it, not a code-like token or a universal name. */
function wordy(text: string): boolean {
  const s = text.replace(/\s+/g, ' ').trim();
  if (s === '' || UNIVERSAL.has(s)) return false;
  return /\p{L}{2,}/u.test(s);
}

/** Every hard-coded shown text in a TSX file, as "file:line: text". */
export function hardCoded(file: string, code: string): string[] {
  const source = ts.createSourceFile(file, code, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const found: string[] = [];
  const report = (node: ts.Node, text: string) => {
    const { line } = source.getLineAndCharacterOfPosition(node.getStart());
    found.push(`${file}:${line + 1}: ${text.trim()}`);
  };
  const literal = (node: ts.Node | undefined): string | null => {
    if (!node) return null;
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
    if (ts.isJsxExpression(node)) return literal(node.expression);
    return null;
  };
  const visit = (node: ts.Node) => {
    if (ts.isJsxText(node) && wordy(node.text)) report(node, node.text);
    if (ts.isJsxAttribute(node) && SHOWN.has(node.name.getText(source))) {
      const text = literal(node.initializer);
      if (text !== null && wordy(text)) report(node, text);
    }
    if (ts.isPropertyAssignment(node) && SHOWN.has(node.name.getText(source).replace(/['"]/g, ''))) {
      const text = literal(node.initializer);
      if (text !== null && wordy(text)) report(node, text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

function keys(o: object, prefix = ''): string[] {
  return Object.entries(o).flatMap(([k, v]) => (v && typeof v === 'object' ? keys(v, `${prefix}${k}.`) : [`${prefix}${k}`]));
}

/** The event types of the server's catalogue (`const EVENT_TYPE: &'static str = "…"`). */
function serverEventTypes(): string[] {
  const root = join(process.cwd(), '..', 'crates', 'domain', 'src');
  const files = (dir: string): string[] =>
    readdirSync(dir).flatMap((f) => {
      const p = join(dir, f);
      return statSync(p).isDirectory() ? files(p) : f.endsWith('.rs') ? [p] : [];
    });
  return files(root).flatMap((f) => [...readFileSync(f, 'utf8').matchAll(/const EVENT_TYPE: &'static str = "([^"]+)"/g)].map((m) => m[1]))
    .filter((type) => !type.startsWith('test.'));
}

describe('texts shown to users', () => {
  it('are never hard-coded in the screens (they come from vi, en and lo)', () => {
    const root = join(process.cwd(), 'src');
    const found = sources(root).flatMap((f) => hardCoded(relative(process.cwd(), f), readFileSync(f, 'utf8')));
    expect(found).toEqual([]);
  });

  it('the check finds hard-coded words and lets translated ones pass', () => {
    const bad = `const A = () => <div title="Sổ văn bản">Văn bản {n}<Select options={[{ value: 1, label: 'Withdrawn' }]} placeholder='Search' /></div>;`;
    expect(hardCoded('x.tsx', bad).map((l) => l.split(': ')[1])).toEqual(['Sổ văn bản', 'Văn bản', 'Withdrawn', 'Search']);
    const good = `const A = () => <div title={t('book.title')} data-testid="book-table">{t('book.x')} · {n} ({i + 1})<Select options={[{ value: 'vi', label: NAMES.vi }]} /></div>;`;
    expect(hardCoded('x.tsx', good)).toEqual([]);
  });

  it('name every event type the server records, in the three languages', () => {
    const types = serverEventTypes();
    expect(types.length).toBeGreaterThan(40);
    for (const dict of [vi, en, lo]) {
      const known = new Set(keys(dict));
      expect(types.filter((type) => !known.has(`events.${type.replace(/\./g, '_')}`))).toEqual([]);
    }
  });
});
